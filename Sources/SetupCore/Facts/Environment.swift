/// Everything the probes found, in one snapshot: what `detect --json` prints and every decision reads. The target
/// Python's facts are the Python probe's own value (`TargetFacts`), held here as they came and read through as
/// `env.torch`, `env.transformers`, …: a new fact about the target is a field there and the probe that reads it.
@dynamicMemberLookup
public struct Environment: Sendable, Hashable, NullKeepingEncodable {
    public var gpus: [GPU]
    public var driver: Driver?
    /// Why no GPU list could be had, as a sentence; nil where the GPU probe worked.
    public var gpuProbeError: ProbeError?
    /// What the target Python said of itself.
    public var target: TargetFacts
    public var toolchain: Toolchain
    public var host: Host

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<TargetFacts, T>) -> T {
        get { target[keyPath: keyPath] }
        set { target[keyPath: keyPath] = newValue }
    }

    public init(
        gpus: [GPU] = [], driver: Driver? = nil, gpuProbeError: ProbeError? = nil, target: TargetFacts,
        toolchain: Toolchain = Toolchain(cpuCount: 1), host: Host = Host(os: "Linux", arch: "x86_64", cudaVisibleDevices: nil)
    ) {
        self.gpus = gpus
        self.driver = driver
        self.gpuProbeError = gpuProbeError
        self.target = target
        self.toolchain = toolchain
        self.host = host
    }

    public init(
        gpus: [GPU] = [], driver: Driver? = nil, gpuProbeError: ProbeError? = nil, python: PythonEnvironment? = nil,
        pythonProbeError: ProbeError? = nil, torch: Torch? = nil, torchImportError: String? = nil,
        flashAttn: FlashAttnInstallation? = nil, transformers: TransformersInstallation? = nil,
        kernels: KernelsInstallation? = nil, flashAttn4: String? = nil, hubKernelCache: HubKernelCache? = nil,
        packages: [String: String?] = [:], toolchain: Toolchain = Toolchain(cpuCount: 1), host: Host = Host(os: "Linux", arch: "x86_64", cudaVisibleDevices: nil)
    ) {
        self.init(
            gpus: gpus, driver: driver, gpuProbeError: gpuProbeError,
            target: TargetFacts(
                python: python, pythonProbeError: pythonProbeError, torch: torch, torchImportError: torchImportError,
                flashAttn: flashAttn, transformers: transformers, kernels: kernels, flashAttn4: flashAttn4,
                hubKernelCache: hubKernelCache, packages: packages),
            toolchain: toolchain, host: host)
    }

    /// One flat document, as detect --json has always printed it: the target's keys beside the machine's, every
    /// one present (null where unknown).
    public func encode(to encoder: any Encoder) throws {
        // The machine's stored properties as NullKeepingEncodable writes them (a new one is never left out), and
        // the target's keys beside them instead of under "target".
        try encodeStoredProperties(to: encoder, excluding: ["target"])
        try target.encodeStoredProperties(to: encoder)
    }
}
