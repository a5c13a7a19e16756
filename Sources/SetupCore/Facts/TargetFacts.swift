/// What the target Python says of itself in one run of the probe script: the interpreter, torch, flash-attn,
/// transformers, kernels and the rest, or why it could not say. The probe's result, held by `Environment` as it is.
public struct TargetFacts: Sendable, Hashable, Encodable, NullKeepingEncodable {
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

    public init(
        python: PythonEnvironment? = nil, pythonProbeError: ProbeError? = nil, torch: Torch? = nil,
        torchImportError: String? = nil, flashAttn: FlashAttnInstallation? = nil, transformers: TransformersInstallation? = nil,
        kernels: KernelsInstallation? = nil, flashAttn4: String? = nil, hubKernelCache: HubKernelCache? = nil,
        packages: [String: String?] = [:]
    ) {
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
    }
}
