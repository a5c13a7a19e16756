import Foundation

/// One flash-attn release as the catalog knows it.
public struct FlashAttnRelease: Sendable, Hashable, Codable {
    /// One group of wheels that share torch, CUDA tag, ABI and platform, one per Python listed.
    public struct WheelGroup: Sendable, Hashable, Codable {
        public var torch: String
        /// The exact torch the wheels were compiled against; a ".dev" one is a nightly.
        public var builtWith: String
        public var cuda: String
        public var cxx11abi: Bool
        public var platform: String
        public var python: [String]
    }

    public var version: String
    public var cudaTagRule: CUDATagRule
    /// The glibc of the machine that built its wheels: the oldest they load on.
    public var minimumGlibc: String
    /// The first torch release its source no longer compiles against (C++20 headers from torch 2.13).
    public var buildsAgainstTorchBelow: String?
    /// nil where the catalog does not know the release's assets (the release page does).
    public var wheels: [WheelGroup]?

    /// Every wheel's name and what it was built against.
    public var wheelFiles: [CatalogWheel] {
        (wheels ?? []).flatMap { group in
            group.python.map { python in
                let digits = python.replacingOccurrences(of: ".", with: "")
                let tag = "cp" + digits
                let name = WheelName(
                    version: version, cudaTag: String(group.cuda.dropFirst(2)), torch: group.torch,
                    cxx11abi: group.cxx11abi, pythonTag: tag, abiTag: digits == "37" ? tag + "m" : tag,
                    platform: group.platform)
                return CatalogWheel(name: name, torchBuiltWith: group.builtWith)
            }
        }
    }
}

/// A wheel the catalog lists, with the torch it was compiled against.
public struct CatalogWheel: Sendable, Hashable {
    public var name: WheelName
    public var torchBuiltWith: String

    /// True where the wheel was compiled against a torch nightly, which may not load with the final release.
    public var builtAgainstPreRelease: Bool { torchBuiltWith.contains(".dev") }
}

/// The releases of flash-attn and their wheels, kept as data (Wheels/release-catalog.json, embedded in the binary,
/// made by scripts/update-catalog.py) so that a new release is a data change, not a code change.
public struct ReleaseCatalog: Sendable, Hashable, Codable {
    public var releases: [FlashAttnRelease]

    public init(releases: [FlashAttnRelease]) {
        self.releases = releases.sorted { compareReleaseVersions($0.version, $1.version) == .orderedAscending }
    }

    /// The catalog built into this binary.
    public static let builtIn: ReleaseCatalog = {
        // Sorted by the initialiser, which decoding bypasses.
        let decoded = decodeEmbedded(ReleaseCatalog.self, from: PackageResources.release_catalog_json, named: "release-catalog.json")
        return ReleaseCatalog(releases: decoded.releases)
    }()

    public func release(_ version: String) -> FlashAttnRelease? {
        releases.first { $0.version == version }
    }

    /// The release's rule, or, for a release newer than the catalog, the newest rule known (setup.py's rule changes
    /// rarely, and the resolver only uses it to name the wheel to look for).
    public func cudaTagRule(for version: String) -> CUDATagRule {
        if let known = release(version) { return known.cudaTagRule }
        let older = releases.last { compareReleaseVersions($0.version, version) != .orderedDescending }
        return (older ?? releases.last)?.cudaTagRule ?? .major
    }
}

/// Orders flash-attn versions: 2.7.4 < 2.7.4.post1 < 2.8.0.
public func compareReleaseVersions(_ a: String, _ b: String) -> ComparisonResult {
    func key(_ v: String) -> [Int] {
        var parts: [Int] = []
        for piece in v.split(separator: ".") {
            if piece.hasPrefix("post") {
                parts.append(-1)
                parts.append(Int(piece.dropFirst(4)) ?? 0)
            } else {
                parts.append(Int(piece.prefix { $0.isNumber }) ?? 0)
            }
        }
        return parts
    }
    let x = key(a)
    let y = key(b)
    for i in 0..<max(x.count, y.count) {
        // A missing part ranks below a .post: 2.7.4 (…) < 2.7.4.post1 (…, -1, 1) < 2.7.5.
        let l = i < x.count ? x[i] : -2
        let r = i < y.count ? y[i] : -2
        if l != r { return l < r ? .orderedAscending : .orderedDescending }
    }
    return .orderedSame
}
