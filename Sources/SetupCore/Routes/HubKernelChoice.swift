/// The hub kernel the installed transformers loads for "flash_attention_2" when flash_attn is missing, and whether
/// that was read from its source or assumed from the catalog because the source could not be read.
public struct HubKernelChoice: Sendable, Hashable {
    /// Where the repository and revision came from.
    public enum Basis: Sendable, Hashable {
        /// transformers' own source, through `TransformersSourceReader`.
        case read(file: String?)
        /// The catalog, dated, because the source did not say (the reason): an assumption that verify proves.
        case assumed(reason: String)
    }

    public var repo: String
    public var revision: HubKernelRevision
    public var basis: Basis

    public var isAssumed: Bool { if case .assumed = basis { return true } else { return false } }

    /// What transformers does here: loads a hub kernel (read or assumed), or has no fallback for FA2 at all.
    public enum Resolution: Sendable, Hashable {
        case loads(HubKernelChoice)
        /// The source was read and names no FA2 fallback (older transformers), or names one for other devices only.
        case none(reason: String)
    }

    /// The catalog's repository and the version line it names for this torch (its newest line where the torch is
    /// older than every line's floor, which the plan's build checks then report), as an assumption.
    public static func fromCatalog(_ catalog: RouteCatalog, torch: Torch?, reason: String) -> HubKernelChoice {
        let hub = catalog.hubKernel
        // The catalog's newest line where no floor is met; 1 (transformers' own default) where it lists none.
        let version = torch.flatMap { hub.version(forTorch: $0.release) } ?? hub.versions.first?.version ?? 1
        return HubKernelChoice(repo: hub.repo, revision: .version(version), basis: .assumed(reason: reason))
    }

    /// Pure: the installed transformers' map where it was read, the catalog's repository and version otherwise.
    /// An unknown is an assumption, never "none".
    public static func resolve(_ transformers: TransformersInstallation, torch: Torch?, catalog: RouteCatalog) -> Resolution {
        let hub = catalog.hubKernel
        let catalogRevision = fromCatalog(catalog, torch: torch, reason: "").revision
        let dated = "the catalog of \(catalog.checked)"
        guard let map = transformers.kernelFallback else {
            return .loads(fromCatalog(catalog, torch: torch, reason: "transformers' source was not read; \(hub.repo) \(catalogRevision) from \(dated)"))
        }
        switch map.state {
        case .absent:
            return .none(reason: map.reason ?? "transformers \(transformers.version) names no hub-kernel fallback")
        case .unknown:
            return .loads(fromCatalog(catalog, torch: torch, reason: "\(map.reason ?? "its fallback could not be read"); \(hub.repo) \(catalogRevision) is assumed from \(dated)"))
        case .read:
            guard let entry = map.entry("flash_attention_2") else {
                return .none(reason: "FLASH_ATTN_KERNEL_FALLBACK in \(map.file ?? "its source") has no \"flash_attention_2\" entry")
            }
            guard let repo = entry.repo else {
                let repo = entry.branches.first(where: { $0 == hub.repo }) ?? entry.branches.first ?? hub.repo
                return .loads(HubKernelChoice(
                    repo: repo, revision: entry.revision ?? catalogRevision,
                    basis: .assumed(reason: "its \"flash_attention_2\" entry is \(entry.note ?? "undecided") (one of \(entry.branches.joined(separator: ", "))); \(repo) is assumed")))
            }
            guard entry.servesCUDA else {
                return .none(reason: "\(repo), its \"flash_attention_2\" fallback here, is built for \(entry.devices?.joined(separator: ", ") ?? "?") only")
            }
            guard let revision = entry.revision else {
                return .loads(HubKernelChoice(
                    repo: repo, revision: catalogRevision,
                    basis: .assumed(reason: "the version it asks for \(repo) is unknown (\(entry.note ?? "unreadable")); \(catalogRevision) is assumed from \(dated)")))
            }
            return .loads(HubKernelChoice(repo: repo, revision: revision, basis: .read(file: map.file)))
        }
    }
}
