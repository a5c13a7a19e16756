/// The rules from facts to a verdict. Pure: no I/O, every rule unit-tested from an `Environment` value.
public enum CompatibilityRules {
    /// The oldest compute capability the Qwen-VL guide names for FlashAttention at all.
    public static let floor = ComputeCapability(major: 7, minor: 5)
    /// The oldest the official FlashAttention-2 kernels run on ("only supports Ampere GPUs or newer").
    public static let officialFloor = ComputeCapability(major: 8, minor: 0)
    /// Blackwell needs torch built with at least this CUDA to have kernels for sm_100/sm_120.
    public static let blackwellMinimumCUDA = "12.8"
    /// flash-attn 2.8.0.post1 and later wheels were built on Ubuntu 22.04 and need this glibc.
    public static let newestWheelsGlibc = "2.35"

    public static func evaluate(_ env: Environment) -> CompatibilityReport {
        let blockers = globalBlockers(env)
        var warnings = globalWarnings(env)
        let visible = VisibleDevices.resolve(env.host.cudaVisibleDevices, gpus: env.gpus)
        if visible.unresolved {
            warnings.append(Reason(
                code: .migDevices,
                message: LocalizedText(
                    en: "CUDA_VISIBLE_DEVICES names MIG slices, which cannot be matched to GPUs here; the verdict covers every GPU with MIG on.",
                    zh: "CUDA_VISIBLE_DEVICES 指定的是 MIG 切片，这里无法对应到具体 GPU；结论涵盖所有开启 MIG 的 GPU。"),
                fact: "CUDA_VISIBLE_DEVICES=\(env.host.cudaVisibleDevices ?? "")"))
        }
        let gpuVerdicts = env.gpus.map { gpu in
            let isVisible = visible.unresolved ? gpu.migMode == .enabled || visible.indices.contains(gpu.index)
                : visible.indices.contains(gpu.index)
            return verdict(for: gpu, visible: isVisible, torch: env.torch)
        }
        var allBlockers = blockers
        let used = gpuVerdicts.filter(\.visible)
        if !env.gpus.isEmpty && used.isEmpty {
            allBlockers.append(Blocker(
                code: .noVisibleGPU,
                message: LocalizedText(
                    en: "CUDA_VISIBLE_DEVICES hides every GPU, so programs started from this shell will see none.",
                    zh: "CUDA_VISIBLE_DEVICES 隐藏了所有 GPU，从这个终端启动的程序将看不到任何 GPU。"),
                fix: LocalizedText(
                    en: "Unset CUDA_VISIBLE_DEVICES, or set it to the GPUs to use (for example CUDA_VISIBLE_DEVICES=0).",
                    zh: "取消 CUDA_VISIBLE_DEVICES，或把它设为要用的 GPU（例如 CUDA_VISIBLE_DEVICES=0）。"),
                fact: "CUDA_VISIBLE_DEVICES=\(env.host.cudaVisibleDevices ?? "")"))
        }
        let supportedIndices = used.filter { $0.verdict == .supported }.map(\.index)
        if supportedIndices.count > 0 && supportedIndices.count < used.count {
            let list = supportedIndices.map(String.init).joined(separator: ",")
            warnings.append(Reason(
                code: .mixedGPUs,
                message: LocalizedText(
                    en: "Not every visible GPU can run FlashAttention-2; run your programs on the ones that can with CUDA_VISIBLE_DEVICES=\(list).",
                    zh: "并非所有可见 GPU 都能运行 FlashAttention-2；请用 CUDA_VISIBLE_DEVICES=\(list) 让程序只使用能运行的 GPU。"),
                fact: "GPU " + used.map { "\($0.index): \($0.verdict.rawValue)" }.joined(separator: ", ")))
        }
        let overall: Verdict
        if !allBlockers.isEmpty {
            overall = .unsupported
        } else {
            let worst = used.map(\.verdict).max() ?? .unsupported
            // A torch that cannot reach the GPU caps the verdict: installing works, running does not yet.
            overall = warnings.contains { $0.code == .torchCannotSeeGPU } ? max(worst, .limited) : worst
        }
        return CompatibilityReport(
            verdict: overall, gpus: gpuVerdicts, blockers: allBlockers, warnings: warnings,
            fallback: overall == .supported ? nil : Self.fallback, environmentUnprobed: env.python == nil)
    }

    /// What to choose when FlashAttention-2 is not the answer: the Qwen-VL node's own labels and transformers' values.
    public static let fallback = LocalizedText(
        en: "Choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\"): PyTorch's built-in attention, fast on every CUDA GPU; \"Eager\" (\"eager\") is the slowest but always works.",
        zh: "在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）：这是 PyTorch 自带的注意力实现，在所有 CUDA GPU 上都很快；\"Eager\"（\"eager\"）最慢，但总能运行。")

    // MARK: - One GPU

    static func verdict(for gpu: GPU, visible: Bool, torch: Torch?) -> GPUVerdict {
        var reasons: [Reason] = []
        let verdict: Verdict
        let source = gpu.inferred ? "inferred from the name" : "nvidia-smi"
        if let cc = gpu.computeCapability {
            let fact = "compute_cap \(cc) (\(source)), \(cc.architectureName)"
            if cc < floor {
                verdict = .unsupported
                reasons.append(Reason(
                    code: .gpuTooOld,
                    message: LocalizedText(
                        en: "\(gpu.name) has compute capability \(cc) (\(cc.architectureName)), below the 7.5 that FlashAttention needs at the very least; FlashAttention cannot run on it.",
                        zh: "\(gpu.name) 的计算能力为 \(cc)（\(cc.architectureName)），低于 FlashAttention 最低要求的 7.5，无法在其上运行。"),
                    fact: fact))
            } else if cc < officialFloor {
                verdict = .limited
                reasons.append(Reason(
                    code: .turing,
                    message: LocalizedText(
                        en: "\(gpu.name) has compute capability \(cc) (\(cc.architectureName)): it meets the 7.5 floor of the Qwen-VL guide, but the official FlashAttention-2 kernels refuse it at run time (\"FlashAttention only supports Ampere GPUs or newer.\"); use SDPA, or FlashAttention 1.x.",
                        zh: "\(gpu.name) 的计算能力为 \(cc)（\(cc.architectureName)）：满足 Qwen-VL 指南的 7.5 下限，但官方 FlashAttention-2 内核在运行时会拒绝它（\"FlashAttention only supports Ampere GPUs or newer.\"）；请使用 SDPA，或 FlashAttention 1.x。"),
                    fact: fact))
            } else if cc.major >= 10 && cc.major <= 12 {
                let torchCUDA = torch?.cuda
                if let torchCUDA, compareVersions(torchCUDA, blackwellMinimumCUDA) == .orderedAscending {
                    verdict = .unsupported
                    reasons.append(Reason(
                        code: .blackwellOldTorch,
                        message: LocalizedText(
                            en: "\(gpu.name) is a Blackwell GPU (compute capability \(cc)), but this torch was built with CUDA \(torchCUDA), which has no kernels for it (\"no kernel image is available for execution on the device\"); install a torch built with CUDA \(blackwellMinimumCUDA) or later first.",
                            zh: "\(gpu.name) 是 Blackwell GPU（计算能力 \(cc)），但当前 torch 用 CUDA \(torchCUDA) 构建，没有适用于它的内核（\"no kernel image is available for execution on the device\"）；请先安装用 CUDA \(blackwellMinimumCUDA) 或更新版本构建的 torch。"),
                        fact: fact + "; torch.version.cuda \(torchCUDA)"))
                } else {
                    verdict = .supported
                    reasons.append(Reason(
                        code: .blackwell,
                        message: LocalizedText(
                            en: "\(gpu.name) is a Blackwell GPU (compute capability \(cc)): it needs flash-attn 2.7.3 or later built for sm_\(cc.smNumber) and torch built with CUDA \(blackwellMinimumCUDA) or later; older builds fail with \"no kernel image is available\".",
                            zh: "\(gpu.name) 是 Blackwell GPU（计算能力 \(cc)）：需要 flash-attn 2.7.3 或更新版本、为 sm_\(cc.smNumber) 构建，并且 torch 需用 CUDA \(blackwellMinimumCUDA) 或更新版本构建；旧版本会报 \"no kernel image is available\"。"),
                        fact: fact + (torchCUDA.map { "; torch.version.cuda \($0)" } ?? "")))
                }
            } else if cc.major > 12 {
                verdict = .limited
                reasons.append(Reason(
                    code: .gpuUnknownGeneration,
                    message: LocalizedText(
                        en: "\(gpu.name) has compute capability \(cc), newer than any this tool knows; released flash-attn builds may have no kernels for it, so expect to build from source.",
                        zh: "\(gpu.name) 的计算能力为 \(cc)，比本工具已知的都新；已发布的 flash-attn 可能没有适用于它的内核，可能需要从源码构建。"),
                    fact: fact))
            } else {
                verdict = .supported
                reasons.append(Reason(
                    code: .gpuSupported,
                    message: LocalizedText(
                        en: "\(gpu.name) has compute capability \(cc) (\(cc.architectureName)), which the official FlashAttention-2 kernels support.",
                        zh: "\(gpu.name) 的计算能力为 \(cc)（\(cc.architectureName)），官方 FlashAttention-2 内核支持它。"),
                    fact: fact))
                if cc.major == 9 {
                    reasons.append(Reason(
                        code: .hopperFA3,
                        message: LocalizedText(
                            en: "On Hopper, FlashAttention-3 (built from flash-attention's hopper/ folder) is faster still; FlashAttention-2 is what transformers' \"flash_attention_2\" uses.",
                            zh: "在 Hopper 上，FlashAttention-3（从 flash-attention 的 hopper/ 目录构建）还要更快；transformers 的 \"flash_attention_2\" 使用的是 FlashAttention-2。"),
                        fact: fact))
                }
            }
        } else {
            verdict = .limited
            reasons.append(Reason(
                code: .capabilityUnknown,
                message: LocalizedText(
                    en: "The compute capability of \(gpu.name) is unknown: the driver did not report it and the name is not in this tool's table; FlashAttention-2 needs 8.0 or higher, so look the card up before installing.",
                    zh: "\(gpu.name) 的计算能力未知：驱动没有报告，型号也不在本工具的表中；FlashAttention-2 需要 8.0 或更高，安装前请先查明该显卡的计算能力。"),
                fact: "compute_cap unknown"))
        }
        if gpu.migMode == .enabled {
            reasons.append(Reason(
                code: .migEnabled,
                message: LocalizedText(
                    en: "MIG is on for this GPU: programs run on a MIG slice, chosen by its MIG-... UUID in CUDA_VISIBLE_DEVICES (see `nvidia-smi -L`).",
                    zh: "此 GPU 开启了 MIG：程序运行在 MIG 切片上，需在 CUDA_VISIBLE_DEVICES 中用 MIG-... UUID 指定（见 `nvidia-smi -L`）。"),
                fact: "mig.mode.current Enabled"))
        }
        return GPUVerdict(index: gpu.index, name: gpu.name, visible: visible, verdict: verdict, reasons: reasons)
    }
}
