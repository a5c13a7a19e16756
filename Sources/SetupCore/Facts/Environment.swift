/// Everything the probes found, in one snapshot: what `detect --json` prints and every decision reads.
public struct Environment: Sendable, Hashable, Codable, NullKeepingEncodable {
    public var gpus: [GPU]
    public var driver: Driver?
    /// Why no GPU list could be had, as a sentence; nil where the GPU probe worked.
    public var gpuProbeError: ProbeError?
    public var python: PythonEnvironment?
    /// Why the target Python could not be probed, as a sentence.
    public var pythonProbeError: ProbeError?
    public var torch: Torch?
    /// Why importing torch failed in a Python that has it installed.
    public var torchImportError: String?
    public var flashAttn: FlashAttnInstallation?
    public var transformers: TransformersInstallation?
    public var kernels: KernelsInstallation?
    /// The version of the `flash-attn-4` distribution (FlashAttention-4), where installed.
    public var flashAttn4: String?
    public var hubKernelCache: HubKernelCache?
    /// The target's versions of einops, packaging, psutil, ninja, wheel and setuptools (null where absent).
    public var packages: [String: String?]
    public var toolchain: Toolchain
    public var host: Host

    public init(
        gpus: [GPU] = [], driver: Driver? = nil, gpuProbeError: ProbeError? = nil, python: PythonEnvironment? = nil,
        pythonProbeError: ProbeError? = nil, torch: Torch? = nil, torchImportError: String? = nil,
        flashAttn: FlashAttnInstallation? = nil, transformers: TransformersInstallation? = nil,
        kernels: KernelsInstallation? = nil, flashAttn4: String? = nil, hubKernelCache: HubKernelCache? = nil,
        packages: [String: String?] = [:], toolchain: Toolchain = Toolchain(cpuCount: 1), host: Host = Host(os: "Linux", arch: "x86_64", cudaVisibleDevices: nil)
    ) {
        self.gpus = gpus
        self.driver = driver
        self.gpuProbeError = gpuProbeError
        self.python = python
        self.pythonProbeError = pythonProbeError
        self.torch = torch
        self.torchImportError = torchImportError
        self.flashAttn = flashAttn
        self.transformers = transformers
        self.kernels = kernels
        self.flashAttn4 = flashAttn4
        self.hubKernelCache = hubKernelCache
        self.packages = packages
        self.toolchain = toolchain
        self.host = host
    }
}
