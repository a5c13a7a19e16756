import Foundation

/// Everything the tool reads from other projects, with where each fact came from and when: what `flash-attn-setup
/// upstream` prints and what scripts/canary checks against the newest packages.
public struct UpstreamReport: Sendable, Encodable {
    /// One distribution as the target's package index serves it.
    public struct IndexEntry: Sendable, Encodable, NullKeepingEncodable {
        public var name: String
        /// nil where the index could not be read.
        public var newest: String?
        /// The newest pre-release, where it is newer than `newest` (flash-attn-4 has betas only).
        public var newestPreRelease: String?
        public var count: Int?
        public var yanked: [String]
        /// File names in no form the reader knows: a shape upstream started to use that the tool cannot read.
        public var unreadableFiles: [String]
        public var source: String
        public var error: String?
    }

    /// A catalog entry with its age.
    public struct CatalogEntry: Sendable, Encodable {
        public var entry: String
        public var source: String
        public var checked: String
        public var shelfLifeDays: Int
        public var ageDays: Int?
        public var overdue: Bool
    }

    /// The installed transformers as its own source says it, through the probe.
    public var transformers: TransformersInstallation?
    public var kernels: String?
    public var index: [IndexEntry]
    /// The kernels requirement of the newest transformers, from its core metadata on the index (PEP 658).
    public var newestTransformersKernels: String?
    public var newestTransformersKernelsSource: String?
    public var catalog: [CatalogEntry]

    /// The distributions whose index facts decide routes: the hub kernel's pair, FA4, the sdist of FA2, nvcc.
    public static let distributions = ["transformers", "kernels", "flash-attn-4", "flash-attn", "cuda-toolkit"]

    public static func read(_ env: Environment, processEnvironment: [String: String], today: Date = Date()) -> UpstreamReport {
        let reader = PackageIndexReader(indexes: PipIndexes.read(for: env, environment: processEnvironment), environment: processEnvironment)
        let answers = Dictionary(uniqueKeysWithValues: zip(distributions, concurrentMap(distributions) { reader.project($0) }))
        let versions = Dictionary(uniqueKeysWithValues: answers.map { ($0.key, IndexVersions($0.value, name: $0.key)) })
        let entries = distributions.map { name -> IndexEntry in
            let (answer, served) = (answers[name]!, versions[name]!)
            let final = served.newest()
            let pre = served.newest(includingPreReleases: true)
            let unreadable = (answer.project?.files ?? []).filter { $0.version == nil && isDistributionFile($0.filename) }.map { terminalSafe($0.filename) }
            return IndexEntry(
                name: name, newest: final ?? pre, newestPreRelease: final != nil && pre != final ? pre : nil, count: served.versions?.count,
                yanked: served.yanked, unreadableFiles: unreadable, source: answer.provenance, error: served.error)
        }
        var kernels: String?
        var kernelsSource: String?
        if let project = answers["transformers"]?.project, let newest = versions["transformers"]?.newest(),
            let file = project.files(of: newest).first(where: \.coreMetadata) ?? project.files(of: newest).first
        {
            if let metadata = reader.coreMetadata(of: file) {
                kernels = TransformersPairingQuery.kernelsRequirement(PackageIndexReader.requiresDist(metadata))?.description
                kernelsSource = "the index's metadata of \(file.filename)"
            } else {
                // Not every index serves PEP 658 metadata (a proxy of PyPI often does not): then pairings come from the
                // dated catalog, which the report says; the installed transformers' own window is read regardless.
                kernelsSource = "the index serves no core metadata for \(file.filename), so pairings come from the catalog"
            }
        }
        return UpstreamReport(
            transformers: env.transformers, kernels: env.kernels?.version, index: entries,
            newestTransformersKernels: kernels, newestTransformersKernelsSource: kernelsSource,
            catalog: catalogAges(RouteCatalog.builtIn, today: today))
    }

    /// Each catalog entry's age against its shelf life.
    public static func catalogAges(_ catalog: RouteCatalog, today: Date) -> [CatalogEntry] {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd"
        return catalog.provenances.map { entry, provenance in
            let age = format.date(from: provenance.checked).map { Int(today.timeIntervalSince($0) / 86_400) }
            return CatalogEntry(
                entry: entry, source: provenance.source, checked: provenance.checked, shelfLifeDays: provenance.shelfLifeDays,
                ageDays: age, overdue: age.map { $0 > provenance.shelfLifeDays } ?? true)
        }
    }

    static func isDistributionFile(_ name: String) -> Bool {
        [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"].contains { name.hasSuffix($0) }
    }
}

extension UpstreamReport {
    /// Each fact a reader could not read, as a sentence naming it: what the canary fails on.
    public var unread: [String] {
        var out: [String] = []
        if let transformers {
            let map = transformers.kernelFallback
            if map?.state != .read {
                out.append("transformers \(transformers.version): the hub-kernel fallback map is \(map?.state.rawValue ?? "not read") (\(map?.reason ?? "no reason given"))")
            }
            if map?.state == .read {
                if let fa2 = transformers.flashAttention2Fallback {
                    if fa2.repo == nil { out.append("transformers \(transformers.version): the fallback repository for flash_attention_2 (\(fa2.note ?? "undecided"))") }
                    if fa2.revision == nil { out.append("transformers \(transformers.version): the kernel version it asks for flash_attention_2 (\(fa2.note ?? "unknown"))") }
                } else {
                    out.append("transformers \(transformers.version): no flash_attention_2 entry in its fallback map")
                }
            }
            if transformers.kernelsAccepted == nil { out.append("transformers \(transformers.version): the kernels window (neither KERNELS_MIN_VERSION nor a kernels Requires-Dist)") }
        }
        for entry in index {
            if entry.newest == nil { out.append("the index's \(entry.name): \(entry.error ?? "no version")") }
            if !entry.unreadableFiles.isEmpty { out.append("the index's \(entry.name): file names in no known form: \(entry.unreadableFiles.prefix(5).joined(separator: ", "))") }
        }
        if newestTransformersKernels == nil, newestTransformersKernelsSource?.contains("no core metadata") == false {
            out.append("the kernels requirement of the newest transformers (\(newestTransformersKernelsSource ?? "its metadata was not read"))")
        }
        for entry in catalog where entry.overdue {
            out.append("the catalog's \(entry.entry), checked \(entry.checked), is past its shelf life of \(entry.shelfLifeDays) days")
        }
        return out
    }
}
