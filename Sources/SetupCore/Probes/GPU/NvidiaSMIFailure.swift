/// What a failed nvidia-smi run means, by its exit status and the exact text it printed, as a sentence with a fix.
public enum NvidiaSMIFailure {
    public static func explain(exitCode: Int32?, output: String) -> ProbeError {
        let evidence = output.lastNonEmptyLine.map { line in
            exitCode.map { "exit \($0): \(line)" } ?? line
        } ?? exitCode.map { "exit \($0)" }
        if output.contains("Driver/library version mismatch") {
            let nvml = output.firstMatch(of: #/NVML library version:\s*([0-9.]+)/#).map { String($0.1) }
            let versionNote = nvml.map { LocalizedText(en: " (the library is \($0))", zh: "（库版本为 \($0)）") }
                ?? LocalizedText(en: "", zh: "")
            return ProbeError(
                code: .nvmlVersionMismatch,
                message: LocalizedText(
                    en: "The NVIDIA driver's library does not match the kernel module that is loaded\(versionNote.en), usually because the driver was upgraded without a reboot; reboot the machine (or reload the nvidia kernel modules).",
                    zh: "NVIDIA 驱动的库与已加载的内核模块版本不一致\(versionNote.zh)，通常是升级驱动后没有重启；请重启机器（或重新加载 nvidia 内核模块）。"),
                evidence: evidence)
        }
        if exitCode == 9 || output.contains("couldn't communicate with the NVIDIA driver") {
            return ProbeError(
                code: .driverNotLoaded,
                message: LocalizedText(
                    en: "nvidia-smi could not talk to the NVIDIA driver, so the driver is not installed or not loaded; install the NVIDIA driver (or load it with `sudo modprobe nvidia`) and run this again. Without it FlashAttention cannot run: use SDPA or Eager.",
                    zh: "nvidia-smi 无法与 NVIDIA 驱动通信，说明驱动没有安装或没有加载；请安装 NVIDIA 驱动（或用 `sudo modprobe nvidia` 加载）后再运行。没有驱动就无法运行 FlashAttention：请使用 SDPA 或 Eager。"),
                evidence: evidence)
        }
        if output.contains("No devices were found") || exitCode == 6 {
            return ProbeError(
                code: .noDevices,
                message: LocalizedText(
                    en: "The NVIDIA driver is loaded but reports no GPU; check that the GPU is seated and powered (or passed through to this VM or container, e.g. `docker run --gpus all`).",
                    zh: "NVIDIA 驱动已加载，但没有报告任何 GPU；请检查 GPU 是否插好并供电（或已直通到本虚拟机或容器，例如 `docker run --gpus all`）。"),
                evidence: evidence)
        }
        let (en, zh): (String, String)
        switch exitCode {
        case 4:
            (en, zh) = ("nvidia-smi was refused permission to read the GPUs; run it as a user allowed to use the GPU (often the `video` group), or ask the administrator.",
                        "nvidia-smi 没有读取 GPU 的权限；请以有权使用 GPU 的用户（常见为 `video` 组）运行，或联系管理员。")
        case 12:
            (en, zh) = ("nvidia-smi could not find the NVML library (libnvidia-ml.so), so the driver's user-space part is missing; reinstall the NVIDIA driver.",
                        "nvidia-smi 找不到 NVML 库（libnvidia-ml.so），驱动的用户态部分缺失；请重新安装 NVIDIA 驱动。")
        case 15:
            (en, zh) = ("A GPU has fallen off the bus and the driver cannot reach it; reboot the machine, and check the GPU's power and seating if it happens again.",
                        "有 GPU 从总线上掉线，驱动无法访问它；请重启机器，若再次发生请检查 GPU 的供电和插接。")
        case 8:
            (en, zh) = ("A GPU's external power cables are not plugged in; connect them and run this again.",
                        "GPU 的外接电源线没有接好；请接好后再运行。")
        case 14:
            (en, zh) = ("A GPU's infoROM is corrupted, so nvidia-smi refuses to report it; the GPU needs service.",
                        "GPU 的 infoROM 已损坏，nvidia-smi 拒绝报告它；该 GPU 需要维修。")
        default:
            (en, zh) = ("nvidia-smi failed, so no GPU could be listed; run `nvidia-smi` yourself to see the full message.",
                        "nvidia-smi 运行失败，无法列出 GPU；请亲自运行 `nvidia-smi` 查看完整信息。")
        }
        return ProbeError(code: .nvidiaSMIFailed, message: LocalizedText(en: en, zh: zh), evidence: evidence)
    }

    public static func timedOut(after seconds: Double) -> ProbeError {
        ProbeError(
            code: .nvidiaSMITimeout,
            message: LocalizedText(
                en: "nvidia-smi did not answer within \(Int(seconds)) s and was stopped; a hung driver or GPU usually causes this, so check `dmesg` for NVRM errors, or allow more time with --probe-timeout.",
                zh: "nvidia-smi 在 \(Int(seconds)) 秒内没有响应，已被终止；通常是驱动或 GPU 卡死所致，请用 `dmesg` 查看 NVRM 错误，或用 --probe-timeout 放宽时限。"))
    }

    public static func notFound(searched: [String]) -> ProbeError {
        ProbeError(
            code: .nvidiaSMIMissing,
            message: LocalizedText(
                en: "nvidia-smi was not found on PATH or in the usual places, and the kernel driver's /proc files are absent, so this machine shows no NVIDIA driver; install the NVIDIA driver to use FlashAttention, or use SDPA or Eager.",
                zh: "在 PATH 和常见位置都没有找到 nvidia-smi，内核驱动的 /proc 文件也不存在，说明本机没有 NVIDIA 驱动；要使用 FlashAttention 请先安装 NVIDIA 驱动，否则请使用 SDPA 或 Eager。"),
            evidence: "searched " + searched.joined(separator: ":"))
    }

    /// Inside WSL2 the Linux side has no driver of its own: nvidia-smi and libcuda come from the Windows driver,
    /// mounted at /usr/lib/wsl/lib.
    public static func notFoundInWSL(searched: [String]) -> ProbeError {
        ProbeError(
            code: .nvidiaSMIMissing,
            message: LocalizedText(
                en: "This is WSL2 and /usr/lib/wsl/lib has no nvidia-smi, so the Windows NVIDIA driver is not shared with it; install or update the NVIDIA driver on Windows (not inside WSL), then run `wsl --shutdown` and open WSL again.",
                zh: "这是 WSL2，但 /usr/lib/wsl/lib 中没有 nvidia-smi，说明 Windows 的 NVIDIA 驱动没有共享给它；请在 Windows 上（而不是在 WSL 内）安装或更新 NVIDIA 驱动，然后运行 `wsl --shutdown` 并重新打开 WSL。"),
            evidence: "searched " + searched.joined(separator: ":"))
    }

    public static func notUTF8() -> ProbeError {
        ProbeError(
            code: .nvidiaSMIGarbage,
            message: LocalizedText(
                en: "nvidia-smi printed bytes that are not text, so no GPU could be read from it; run `nvidia-smi` yourself, and reinstall the NVIDIA driver if its output is garbled too.",
                zh: "nvidia-smi 输出的不是文本，无法从中读出 GPU；请亲自运行 `nvidia-smi`，如果输出同样是乱码，请重新安装 NVIDIA 驱动。"))
    }
}
