/// The target Python interpreter, as it reports itself.
public struct PythonEnvironment: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var executable: String
    /// "3.11.7"
    public var version: String
    /// The interpreter tag wheels are named with: "cp311".
    public var tag: String
    /// The platform tag: "linux_x86_64".
    public var platform: String
    /// glibc's version ("2.36"), nil on musl or non-Linux.
    public var glibc: String?
    /// pip's version, nil where pip is not installed in this interpreter.
    public var pip: String?
    /// The venv's root where this interpreter runs inside one.
    public var virtualEnv: String?
    /// The conda environment's root where this is a conda Python.
    public var conda: String?
    /// True where the interpreter carries a PEP 668 EXTERNALLY-MANAGED marker (and is not a venv).
    public var externallyManaged: Bool
    /// Where pip installs packages (purelib), used for the free-disk check.
    public var sitePackages: String?
    /// False where pip could not write there and has no user site to fall back to (a venv on a read-only disk, a
    /// folder of another user's); nil where not known.
    public var sitePackagesWritable: Bool?

    public init(
        executable: String, version: String, tag: String, platform: String, glibc: String? = nil,
        pip: String? = nil, virtualEnv: String? = nil, conda: String? = nil, externallyManaged: Bool = false,
        sitePackages: String? = nil, sitePackagesWritable: Bool? = nil
    ) {
        self.executable = executable
        self.version = version
        self.tag = tag
        self.platform = platform
        self.glibc = glibc
        self.pip = pip
        self.virtualEnv = virtualEnv
        self.conda = conda
        self.externallyManaged = externallyManaged
        self.sitePackages = sitePackages
        self.sitePackagesWritable = sitePackagesWritable
    }

    /// (major, minor) of the version, e.g. (3, 11).
    public var majorMinor: (Int, Int)? {
        let parts = version.split(separator: ".").compactMap { Int($0) }
        return parts.count >= 2 ? (parts[0], parts[1]) : nil
    }
}

/// PyTorch as installed in the target Python.
public struct Torch: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// "2.8.0+cu128"
    public var version: String
    /// torch.version.cuda: "12.8", nil for a CPU or ROCm build.
    public var cuda: String?
    /// torch.version.hip, set for a ROCm build.
    public var hip: String?
    /// torch._C._GLIBCXX_USE_CXX11_ABI
    public var cxx11abi: Bool?
    /// torch.cuda.is_available()
    public var cudaAvailable: Bool
    /// Each visible device's capability as torch sees it, e.g. ["8.9"].
    public var deviceCapabilities: [ComputeCapability]
    /// The error torch.cuda raised while being asked, where it raised one.
    public var cudaError: String?
    /// torch's own Requires-Dist lines for CUDA wheels ("cuda-toolkit[cudart,...]==13.2.2; ..."): the CUDA
    /// release a compiler from the package index must match.
    public var cudaRequirements: [String]

    public init(
        version: String, cuda: String?, hip: String? = nil, cxx11abi: Bool?, cudaAvailable: Bool,
        deviceCapabilities: [ComputeCapability] = [], cudaError: String? = nil, cudaRequirements: [String] = []
    ) {
        self.version = version
        self.cuda = cuda
        self.hip = hip
        self.cxx11abi = cxx11abi
        self.cudaAvailable = cudaAvailable
        self.deviceCapabilities = deviceCapabilities
        self.cudaError = cudaError
        self.cudaRequirements = cudaRequirements
    }

    /// The release without its local label: "2.8.0" of "2.8.0+cu128".
    public var release: String { String(version.split(separator: "+").first ?? Substring(version)) }

    /// torch's major.minor as flash-attn's wheel names use it: "2.8".
    public var majorMinor: String {
        let parts = release.split(separator: ".")
        return parts.count >= 2 ? "\(parts[0]).\(parts[1])" : release
    }
}

/// flash-attn as already installed in the target Python, if at all.
public struct FlashAttnInstallation: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// The distribution's metadata version (importlib.metadata), without the +cu.. label the wheel name had.
    public var version: String?
    /// flash_attn.__version__ after importing it; nil where the import failed.
    public var moduleVersion: String?
    /// The import error's last line, where importing flash_attn failed.
    public var importError: String?

    public init(version: String?, moduleVersion: String?, importError: String?) {
        self.version = version
        self.moduleVersion = moduleVersion
        self.importError = importError
    }
}

/// Hugging Face transformers as installed in the target Python, read from its metadata and its own source.
public struct TransformersInstallation: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var version: String
    /// Its `kernels` requirement ("kernels<0.20,>=0.19.1"), from Requires-Dist with or without an extra marker.
    public var kernelsRequirement: String?
    /// The extra that requirement belongs to ("kernels"); nil where transformers requires kernels itself, so that
    /// every install of it brings kernels (5.25 on).
    public var kernelsRequirementExtra: String?
    /// The hub-kernel fallback map its source defines; nil where the probe did not read it.
    public var kernelFallback: KernelFallbackMap?
    /// The kernels versions its `is_kernels_available()` accepts, from its source; nil where the constants are not
    /// there (then the Requires-Dist is the window).
    public var kernelsWindow: KernelsWindow?

    public init(
        version: String, kernelsRequirement: String? = nil, kernelsRequirementExtra: String? = nil,
        kernelFallback: KernelFallbackMap? = nil, kernelsWindow: KernelsWindow? = nil
    ) {
        self.version = version
        self.kernelsRequirement = kernelsRequirement
        self.kernelsRequirementExtra = kernelsRequirementExtra
        self.kernelFallback = kernelFallback
        self.kernelsWindow = kernelsWindow
    }

    /// The FlashAttention-2 entry of the fallback map, where it was read.
    public var flashAttention2Fallback: KernelFallbackMap.Entry? { kernelFallback?.entry("flash_attention_2") }

    /// The hub repository it loads for "flash_attention_2" when flash_attn is missing, where that is known.
    public var kernelFallbackRepo: String? { flashAttention2Fallback?.repo }

    /// The kernels versions with which the fallback is on: the source's own gate where read, else Requires-Dist.
    public var kernelsAccepted: VersionRequirement? {
        kernelsWindow?.requirement ?? kernelsRequirement.flatMap(VersionRequirement.init)
    }

    /// The stored facts and, for scripts that read `kernelFallbackRepo`, the FA2 repository derived from them.
    public func encode(to encoder: any Encoder) throws {
        try encodeStoredProperties(to: encoder)
        var container = encoder.container(keyedBy: PropertyKey.self)
        try container.encode(kernelFallbackRepo, forKey: PropertyKey(stringValue: "kernelFallbackRepo"))
    }
}

/// Hugging Face `kernels`, which loads prebuilt kernels from the hub, as installed in the target Python.
public struct KernelsInstallation: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var version: String
    public var huggingfaceHub: String?

    public init(version: String, huggingfaceHub: String? = nil) {
        self.version = version
        self.huggingfaceHub = huggingfaceHub
    }
}

/// What the kernels cache on this machine already holds of the flash-attn hub kernels: what an offline load finds.
public struct HubKernelCache: Sendable, Hashable, Codable, NullKeepingEncodable {
    /// One downloaded version of one repository: its ref ("v4") and the build variants fetched for it.
    public struct Entry: Sendable, Hashable, Codable {
        public var repo: String
        public var ref: String
        public var variants: [String]
        /// The variants the installed kernels itself says it would load here (kernels 0.19 on); nil where it
        /// could not say, and the tool's reading of the names decides.
        public var accepted: [String]?

        public init(repo: String, ref: String, variants: [String], accepted: [String]? = nil) {
            self.repo = repo
            self.ref = ref
            self.variants = variants
            self.accepted = accepted
        }
    }

    public var directory: String
    public var entries: [Entry]

    public init(directory: String, entries: [Entry]) {
        self.directory = directory
        self.entries = entries
    }

    /// The variants cached for this repository at this ref ("v4", "main").
    public func variants(repo: String, ref: String) -> [String] {
        entries.filter { $0.repo == repo && $0.ref == ref }.flatMap(\.variants)
    }

    /// The cached variants that load here: kernels' own answer where it gave one, else those `fits` accepts.
    public func loadable(repo: String, ref: String, fits: (String) -> Bool) -> [String] {
        entries.filter { $0.repo == repo && $0.ref == ref }.flatMap { $0.accepted ?? $0.variants.filter(fits) }
    }

    /// The variants in the folder LOCAL_KERNELS names for this repository (entries with ref "local"), which
    /// kernels loads instead of the hub.
    public func localVariants(repo: String) -> [String] {
        entries.filter { $0.repo == repo && $0.ref == "local" }.flatMap(\.variants)
    }
}
