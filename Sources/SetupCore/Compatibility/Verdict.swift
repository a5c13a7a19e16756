/// How far FlashAttention-2 can work: on one GPU, or on the machine as a whole.
public enum Verdict: String, Sendable, Codable, Comparable, CaseIterable {
    /// The official kernels run here; installing is worth it.
    case supported
    /// Something works but not all of it, or not for sure: say what and offer the fallback.
    case limited
    /// FlashAttention-2 cannot run here; the fallback is SDPA or Eager.
    case unsupported

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var label: LocalizedText {
        switch self {
        case .supported: return LocalizedText(en: "supported", zh: "支持")
        case .limited: return LocalizedText(en: "limited", zh: "受限")
        case .unsupported: return LocalizedText(en: "unsupported", zh: "不支持")
        }
    }
}

/// Why a GPU or the machine has the verdict it has, or what to heed: the `code` of check's reasons and warnings.
public enum ReasonCode: String, Sendable, Hashable, Codable, CaseIterable {
    case gpuTooOld = "gpu-too-old"
    case turing
    case blackwellOldTorch = "blackwell-old-torch"
    case blackwell
    case gpuUnknownGeneration = "gpu-unknown-generation"
    case gpuSupported = "gpu-supported"
    case hopperFA3 = "hopper-fa3"
    case capabilityUnknown = "capability-unknown"
    case migEnabled = "mig-enabled"
    case migDevices = "mig-devices"
    case mixedGPUs = "mixed-gpus"
    case driverOlderMinor = "driver-older-minor"
    case driverCUDAUnknown = "driver-cuda-unknown"
    case torchCannotSeeGPU = "torch-cannot-see-gpu"
    case glibcOld = "glibc-old"
    case flashAttnBroken = "flash-attn-broken"
    case flashAttnInstalled = "flash-attn-installed"
    case diskLow = "disk-low"
    case noInstallRoute = "no-install-route"
}

/// One reason behind a verdict, with the fact it rests on, as the user can check it.
public struct Reason: Sendable, Hashable {
    public var code: ReasonCode
    public var message: LocalizedText
    /// The observed value the reason rests on: "compute_cap 7.5 (nvidia-smi)", "torch.version.cuda None".
    public var fact: String?

    public init(code: ReasonCode, message: LocalizedText, fact: String? = nil) {
        self.code = code
        self.message = message
        self.fact = fact
    }
}

/// Something that stops FlashAttention-2 whatever the GPU, and what to do about it.
public struct Blocker: Sendable, Hashable {
    public var code: BlockerCode
    public var message: LocalizedText
    public var fix: LocalizedText
    public var fact: String?

    public init(code: BlockerCode, message: LocalizedText, fix: LocalizedText, fact: String? = nil) {
        self.code = code
        self.message = message
        self.fix = fix
        self.fact = fact
    }
}

/// The verdict for one GPU.
public struct GPUVerdict: Sendable, Hashable {
    public var index: Int
    public var name: String
    /// False where CUDA_VISIBLE_DEVICES hides this GPU from the user's programs.
    public var visible: Bool
    public var verdict: Verdict
    public var reasons: [Reason]
}

/// The whole answer of `check`: the overall verdict, each GPU's, the blockers with fixes, and warnings.
public struct CompatibilityReport: Sendable, Hashable {
    public var verdict: Verdict
    public var gpus: [GPUVerdict]
    public var blockers: [Blocker]
    public var warnings: [Reason]
    /// What to use instead when FlashAttention-2 is not the answer here; nil when it is.
    public var fallback: LocalizedText?

    /// True when the target Python could not be probed at all, which `check` reports with exit status 3.
    public var environmentUnprobed: Bool
}
