/// What stops FlashAttention here, as a stable code: the JSON string of `check --json`, and the one answer to
/// "does this stop an install into the target" that the planner, the routes and the wizard all read.
public enum BlockerCode: String, Sendable, Hashable, Codable, CaseIterable {
    // The machine: no GPU that programs can use. An install can still be made (an image for another machine).
    case noGPU = "no-gpu"
    case driverNotLoaded = "driver-not-loaded"
    case noDevices = "no-devices"
    case nvmlVersionMismatch = "nvml-version-mismatch"
    case nvidiaSMIFailed = "nvidia-smi-failed"
    case nvidiaSMIMissing = "nvidia-smi-missing"
    case nvidiaSMITimeout = "nvidia-smi-timeout"
    case nvidiaSMIGarbage = "nvidia-smi-garbage"
    case noVisibleGPU = "no-visible-gpu"
    case driverTooOld = "driver-too-old"
    // The target Python or its torch: nothing can be installed into it that would work.
    case unsupportedPlatform = "unsupported-platform"
    case pythonMissing = "python-missing"
    case notPython = "not-python"
    case pythonCrashed = "python-crashed"
    case pythonTimeout = "python-timeout"
    case probeOutputInvalid = "probe-output-invalid"
    case pythonProbeFailed = "python-probe-failed"
    case pythonUnprobed = "python-unprobed"
    case pythonTooOld = "python-too-old"
    case externallyManaged = "externally-managed"
    case sitePackagesReadOnly = "site-packages-read-only"
    case torchMissing = "torch-missing"
    case torchBroken = "torch-broken"
    case torchCPUOnly = "torch-cpu-only"
    case torchROCm = "torch-rocm"

    /// True where the blocker belongs to the target Python (or the platform), so that installing into it is
    /// pointless or impossible. A missing or old GPU is not such a blocker: images are often built without one.
    public var blocksInstall: Bool {
        switch self {
        case .noGPU, .driverNotLoaded, .noDevices, .nvmlVersionMismatch, .nvidiaSMIFailed, .nvidiaSMIMissing,
            .nvidiaSMITimeout, .nvidiaSMIGarbage, .noVisibleGPU, .driverTooOld:
            return false
        default:
            return true
        }
    }

    /// The blocker a probe's failure is: each code its own, by name, so a new one is a compile error here rather
    /// than a silent fallback. One read back from JSON (no code kept), or verify's import, counts as the probe that
    /// made it.
    init(probe code: ProbeError.Code, python: Bool) {
        switch code {
        case .nvidiaSMIMissing: self = .nvidiaSMIMissing
        case .nvidiaSMITimeout: self = .nvidiaSMITimeout
        case .nvidiaSMIFailed: self = .nvidiaSMIFailed
        case .nvidiaSMIGarbage: self = .nvidiaSMIGarbage
        case .driverNotLoaded: self = .driverNotLoaded
        case .noDevices: self = .noDevices
        case .nvmlVersionMismatch: self = .nvmlVersionMismatch
        case .pythonMissing: self = .pythonMissing
        case .notPython: self = .notPython
        case .pythonTimeout: self = .pythonTimeout
        case .pythonCrashed: self = .pythonCrashed
        case .pythonProbeFailed: self = .pythonProbeFailed
        case .probeOutputInvalid: self = .probeOutputInvalid
        case .importDied, .decoded: self = python ? .pythonProbeFailed : .nvidiaSMIFailed
        }
    }
}

extension CompatibilityReport {
    /// The blockers that stop any install into the target, computed from this report once and passed on.
    public var installBlockers: [Blocker] { blockers.filter(\.code.blocksInstall) }

    /// The visible GPUs the FlashAttention-2 kernels run on.
    public var usableGPUs: [GPUVerdict] { gpus.filter { $0.visible && $0.verdict == .supported } }

    /// Whether getting FlashAttention-2 here is worth trying at all: no blocker, and a GPU that can run it. The
    /// wizard asks this before it offers an install; the routes mark themselves impossible by the same facts.
    public var worthInstalling: Bool { blockers.isEmpty && !usableGPUs.isEmpty }
}
