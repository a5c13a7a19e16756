/// What the package index the target's pip uses holds of one distribution: the versions it serves (yanked ones
/// apart), read from the index's own listing, and where that answer came from.
public struct IndexVersions: Sendable, Hashable {
    public var name: String
    /// nil where the index could not be read; then nothing is claimed about it.
    public var versions: [String]?
    /// Why the versions are unknown.
    public var error: String?
    /// Versions whose every file is yanked (flash-attn-4's 0.0.1 placeholder): served only to an exact pin.
    public var yanked: [String]
    /// Where the answer came from: the index and when it was read, or the cache of an earlier read.
    public var provenance: String?

    public init(name: String, versions: [String]?, error: String? = nil, yanked: [String] = [], provenance: String? = nil) {
        self.name = name
        self.versions = versions
        self.error = error
        self.yanked = yanked
        self.provenance = provenance
    }

    /// From the index reader's answer.
    public init(_ answer: PackageIndexReader.Answer, name: String) {
        self.init(
            name: name, versions: answer.project?.versions, error: answer.project == nil ? answer.error : nil,
            yanked: answer.project?.yankedVersions ?? [], provenance: answer.provenance)
    }

    /// The newest version, pre-releases included where asked for.
    public func newest(includingPreReleases: Bool = false) -> String? {
        (versions ?? []).filter { includingPreReleases || !(PackageVersion($0)?.isPreRelease ?? true) }
            .max { comparePackageVersions($0, $1) == .orderedAscending }
    }
}

/// A transformers release whose kernels window holds a kernels version the index serves, and where that pairing
/// was read: the index's own metadata of that release (PEP 658), or the dated catalog where the index had none.
public struct TransformersPairing: Sendable, Hashable {
    public var transformers: String
    public var kernels: String
    /// "the index's metadata of transformers 5.25.0", "the catalog of 2026-12-06".
    public var basis: String
}

/// Finds, through the index reader, the newest transformers whose published metadata pins a kernels window that
/// holds a served kernels version: what `pairWithAnotherTransformers` proposes, read from upstream.
public enum TransformersPairingQuery {
    /// At most this many of the newest releases are asked for their metadata (one small file each).
    static let releasesAsked = 6

    public static func pairing(
        reader: PackageIndexReader, servedKernels: [String], python: PythonEnvironment?, catalog: RouteCatalog
    ) -> TransformersPairing? {
        let answer = reader.project("transformers")
        if let project = answer.project {
            let floor = catalog.hubKernel.transformersAtLeast
            let releases = project.versions
                .filter { !(PackageVersion($0)?.isPreRelease ?? true) && compareVersions($0, floor) != .orderedAscending }
                .sorted { comparePackageVersions($0, $1) == .orderedDescending }
            for version in releases.prefix(releasesAsked) {
                guard let file = project.files(of: version).first(where: { fits($0.requiresPython, python) }),
                    let metadata = reader.coreMetadata(of: file),
                    let window = kernelsRequirement(PackageIndexReader.requiresDist(metadata)),
                    let kernels = window.newest(of: servedKernels)
                else { continue }
                return TransformersPairing(transformers: version, kernels: kernels, basis: "the index's metadata of transformers \(version)")
            }
        }
        guard let fallback = catalog.transformersPairing(availableKernels: servedKernels) else { return nil }
        return TransformersPairing(
            transformers: fallback.transformers, kernels: fallback.kernels,
            basis: "the catalog of \(catalog.transformersKernelsWindows.provenance.checked)")
    }

    /// The kernels requirement of a Requires-Dist list: unconditional first, then a kernels extra's.
    public static func kernelsRequirement(_ requires: [String]) -> VersionRequirement? {
        let kernels = requires.compactMap { line -> (VersionRequirement, String)? in
            let (head, marker) = line.split(separator: ";", maxSplits: 1).map { $0.trimmingWhitespace() }.splitPair
            let name = head.prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            guard IndexProject.normalized(String(name)) == "kernels", let requirement = VersionRequirement(head) else { return nil }
            return (requirement, marker)
        }
        return (kernels.first { $0.1.isEmpty } ?? kernels.first { $0.1.contains("kernels") } ?? kernels.first)?.0
    }

    /// Whether a file's Requires-Python admits the target's Python (unknown either way admits it).
    static func fits(_ requiresPython: String?, _ python: PythonEnvironment?) -> Bool {
        guard let requiresPython, let requirement = VersionRequirement(requiresPython),
            let (major, minor) = python?.majorMinor
        else { return true }
        return requirement.contains("\(major).\(minor).999")
    }
}

extension Array where Element == String {
    /// The first two elements, the second "" where there is none.
    fileprivate var splitPair: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}
