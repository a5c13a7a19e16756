/// What the installed transformers' source says it loads from the hub when a FlashAttention package is missing,
/// read by `TransformersSourceReader` in the target: the whole map, not only FlashAttention-2.
public struct KernelFallbackMap: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// How far the reader got. Only `absent` says there is no fallback; `unknown` is never taken for it.
    public enum State: String, Sendable, Hashable, Codable {
        /// FLASH_ATTN_KERNEL_FALLBACK was found and evaluated.
        case read
        /// The source does not name a hub-kernel fallback at all (transformers before 5.0).
        case absent
        /// The source names one in a shape the reader does not know, or could not be read.
        case unknown
    }

    /// Where transformers' get_kernel call takes the kernel's version from.
    public enum VersionSource: String, Sendable, Hashable, Codable {
        /// FLASH_ATTN_KERNEL_VERSIONS names the repository.
        case read
        /// The table exists without this repository: get_attn_kernel_version's default, 1.
        case `default`
        /// transformers before the table (5.0 to 5.17) calls get_kernel with no version: the repository's main branch.
        case main
        /// The table's value could not be evaluated.
        case unknown
    }

    /// One implementation ("flash_attention_2") and the repository transformers falls back to for it.
    public struct Entry: Sendable, Hashable, Codable, NullKeepingEncodable {
        public var implementation: String
        /// The repository for this platform; nil where it could not be decided.
        public var repo: String?
        /// Every repository the expression can give (both arms of a conditional), for an undecided one.
        public var branches: [String]
        /// The kernel version transformers asks for; nil with `main` or `unknown`.
        public var version: Int?
        public var versionSource: VersionSource
        /// FLASH_ATTN_KERNEL_DEVICES' devices for the repository; nil where it is unlisted (runs everywhere).
        public var devices: [String]?
        /// Why something in the entry is unknown.
        public var note: String?

        public init(
            implementation: String, repo: String?, branches: [String] = [], version: Int? = nil,
            versionSource: VersionSource = .unknown, devices: [String]? = nil, note: String? = nil
        ) {
            self.implementation = implementation
            self.repo = repo
            self.branches = branches.isEmpty ? repo.map { [$0] } ?? [] : branches
            self.version = version
            self.versionSource = versionSource
            self.devices = devices
            self.note = note
        }

        /// The hub revision transformers loads: its version, or the main branch before versions existed.
        public var revision: HubKernelRevision? {
            switch versionSource {
            case .read, .default: return version.map(HubKernelRevision.version)
            case .main: return .main
            case .unknown: return nil
            }
        }

        /// Whether transformers' fallback serves CUDA with it: unlisted devices count as everywhere, as in
        /// transformers itself.
        public var servesCUDA: Bool { devices.map { $0.contains("cuda") } ?? true }
    }

    public var state: State
    /// The file it was read from, relative to the transformers package.
    public var file: String?
    public var entries: [Entry]
    /// Why it is unknown or absent.
    public var reason: String?
    /// How long the reader took in the target, for the benchmark and the log.
    public var milliseconds: Double?

    public init(state: State, file: String? = nil, entries: [Entry] = [], reason: String? = nil, milliseconds: Double? = nil) {
        self.state = state
        self.file = file
        self.entries = entries
        self.reason = reason
        self.milliseconds = milliseconds
    }

    public func entry(_ implementation: String) -> Entry? { entries.first { $0.implementation == implementation } }
}

/// A hub kernel's revision as kernels fetches it: a version (`refs/v4`) or a branch (`refs/main`).
public enum HubKernelRevision: Sendable, Hashable, CustomStringConvertible {
    case version(Int)
    case main

    /// The ref name in the hub cache.
    public var ref: String {
        switch self {
        case .version(let n): return "v\(n)"
        case .main: return "main"
        }
    }

    /// "v4", "main": as the plan says it.
    public var description: String { ref }

    /// The argument the download and verify scripts take: a number for a version, else the branch.
    public var argument: String {
        switch self {
        case .version(let n): return String(n)
        case .main: return "main"
        }
    }

    public init?(argument: String) {
        if let n = Int(argument) { self = .version(n) } else if argument == "main" { self = .main } else { return nil }
    }
}

/// The kernels versions transformers' `is_kernels_available()` accepts (KERNELS_MIN_VERSION, KERNELS_MAX_VERSION in
/// utils/import_utils.py): outside it the hub-kernel fallback is off, whatever pip installed.
public struct KernelsWindow: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var minimum: String?
    /// The first version no longer accepted.
    public var below: String?
    public var file: String?

    public init(minimum: String?, below: String?, file: String? = "utils/import_utils.py") {
        self.minimum = minimum
        self.below = below
        self.file = file
    }

    /// As a requirement, ">=0.19.1,<0.20.0".
    public var requirement: VersionRequirement? {
        let parts = [minimum.map { ">=" + $0 }, below.map { "<" + $0 }].compactMap { $0 }
        return parts.isEmpty ? nil : VersionRequirement(parts.joined(separator: ","))
    }
}
