/// A stable code for why a plan or a route is what it is: the `code` of `plan --json`'s route reasons.
public enum PlanReasonCode: String, Sendable, Hashable, Codable, CaseIterable {
    // Whatever the method.
    case targetBlocked = "target-blocked"
    case pipMissing = "pip-missing"
    case uvMissing = "uv-missing"
    case diskTooLow = "disk-too-low"
    case noUsableGPU = "no-usable-gpu"
    case hostUnreachable = "host-unreachable"
    /// A plan was asked of a route with nothing to install (SDPA).
    case nothingToInstall = "nothing-to-install"
    // Wheels.
    case exactWheel = "exact-wheel"
    case noWheel = "no-wheel"
    /// The wheel source could not be read: whether a wheel fits is unknown.
    case wheelSourceFailed = "wheel-source-failed"
    // Builds.
    case pipFindsWheel = "pip-finds-wheel"
    case pipCompiles = "pip-compiles"
    case buildsRelease = "builds-release"
    case buildsMain = "builds-main"
    case buildsCheckout = "builds-checkout"
    case checkoutMissing = "checkout-missing"
    case releaseNeedsCXX20 = "release-needs-cxx20"
    case nvccMissing = "nvcc-missing"
    case nvccFromIndex = "nvcc-from-index"
    case nvccTooOld = "nvcc-too-old"
    case nvccMismatch = "nvcc-cuda-mismatch"
    case memoryTooLow = "memory-too-low"
    // The hub kernel.
    case hubKernelReady = "hub-kernel-ready"
    case hubKernelInstall = "hub-kernel-install"
    case transformersMissing = "transformers-missing"
    case kernelsWindowUnavailable = "kernels-window-unavailable"
    case flashAttnPresent = "flash-attn-present"
    case flashAttnBroken = "flash-attn-broken"
    case gpuNotInKernelBuild = "gpu-not-in-kernel-build"
    case torchTooOldForKernel = "torch-too-old-for-kernel"
    case hubOffline = "hub-offline"
    case hubUnreachable = "hub-unreachable"
    case pythonTooOldForKernels = "python-too-old-for-kernels"
    // FlashAttention-4.
    case fa4Install = "fa4-install"
    case fa4Installed = "fa4-installed"
    case fa4GPU = "fa4-gpu"
    case fa4Python = "fa4-python"
    case fa4CUDA = "fa4-cuda"
    // SDPA.
    case sdpaBuiltIn = "sdpa-built-in"
    case noCUDATorch = "no-cuda-torch"
}

/// One reason with its code: a plan's headline or blocker, a route's reason.
public struct PlanReason: Sendable, Hashable {
    public var code: PlanReasonCode
    public var message: LocalizedText

    public init(_ code: PlanReasonCode, _ message: LocalizedText) {
        self.code = code
        self.message = message
    }

    public init(_ code: PlanReasonCode, en: String, zh: String) {
        self.init(code, LocalizedText(en: en, zh: zh))
    }
}
