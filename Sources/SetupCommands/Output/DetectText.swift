import SetupCore
import TerminalUI

/// `detect` as text: one labelled line per fact, labels padded in terminal cells so Chinese lines align too.
enum DetectText {
    static func render(_ env: Environment, comfyUI: [ComfyUIInstall] = [], language: Language, style: OutputStyle) -> String {
        let l = language
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        let none = t("none", "无")
        let yes = t("yes", "是")
        let no = t("no", "否")
        let comma = t(", ", "，")
        var rows: [(String, String)] = []

        if env.gpus.isEmpty {
            rows.append((t("GPUs", "GPU"), none))
        }
        for gpu in env.gpus {
            var parts = [gpu.name]
            if let cc = gpu.computeCapability {
                parts.append(t("compute capability", "计算能力") + " \(cc)" + (gpu.inferred ? t(" (from the name)", "（由型号推断）") : ""))
            } else {
                parts.append(t("compute capability unknown", "计算能力未知"))
            }
            if let memory = gpu.memoryMiB { parts.append("\(memory) MiB") }
            if let bus = gpu.busId { parts.append(bus) }
            if let mig = gpu.migMode { parts.append("MIG \(mig)") }
            rows.append(("GPU \(gpu.index)", parts.joined(separator: comma)))
        }
        if let error = env.gpuProbeError { rows.append((t("GPU probe", "GPU 检测"), error.text(l))) }
        rows.append((t("Driver", "驱动"), env.driver.map { d in
            d.version + (d.cudaVersion.map { t(" (CUDA up to ", "（最高支持 CUDA ") + $0 + t(")", "）") } ?? "")
        } ?? none))

        if let python = env.python {
            var parts = [python.executable, python.version, python.tag, python.platform]
            if let glibc = python.glibc { parts.append("glibc \(glibc)") }
            parts.append(python.pip.map { "pip \($0)" } ?? t("no pip", "没有 pip"))
            if python.virtualEnv != nil { parts.append("venv") }
            if python.conda != nil { parts.append("conda") }
            if python.externallyManaged { parts.append(t("externally managed (PEP 668)", "系统托管（PEP 668）")) }
            rows.append(("Python", parts.joined(separator: comma)))
        } else if let error = env.pythonProbeError {
            rows.append(("Python", error.text(l)))
        }
        if let torch = env.torch {
            var parts = [torch.version]
            parts.append(torch.hip.map { "ROCm \($0)" } ?? torch.cuda.map { "CUDA \($0)" } ?? t("CPU only", "仅 CPU"))
            if let abi = torch.cxx11abi { parts.append("cxx11abi \(abi ? "TRUE" : "FALSE")") }
            let capabilities = torch.deviceCapabilities.map(\.description).joined(separator: " ")
            parts.append(t("sees GPU: ", "可用 GPU：") + (torch.cudaAvailable ? yes + (capabilities.isEmpty ? "" : " (\(capabilities))") : no))
            if let error = torch.cudaError { parts.append(error) }
            rows.append(("torch", parts.joined(separator: comma)))
        } else if let error = env.torchImportError {
            rows.append(("torch", t("fails to import: ", "导入失败：") + error))
        } else if env.python != nil {
            rows.append(("torch", t("not installed", "未安装")))
        }
        if env.python != nil {
            let flash = env.flashAttn.map { fa in
                (fa.version ?? "?") + (fa.importError.map { t(", fails to import: ", "，导入失败：") + $0 } ?? "")
            } ?? t("not installed", "未安装")
            rows.append(("flash-attn", flash))
            rows.append(("transformers", env.transformers?.version ?? t("not installed", "未安装")))
            // What decides the hub-kernel route: kernels itself, and what its cache already holds (an offline load).
            rows.append(("kernels", env.kernels.map { $0.version + ($0.huggingfaceHub.map { ", huggingface_hub \($0)" } ?? "") }
                ?? t("not installed", "未安装")))
            if let cache = env.hubKernelCache {
                let held = cache.entries.map { "\($0.repo) \($0.ref) [\($0.variants.joined(separator: ", "))]" }
                rows.append((t("Hub kernels", "hub 内核"), cache.directory + ": " + (held.isEmpty ? t("none cached", "尚无缓存") : held.joined(separator: "; "))))
            }
            if env.flashAttn4 != nil || env.torch != nil {
                rows.append(("flash-attn-4", env.flashAttn4 ?? t("not installed", "未安装")))
            }
        }

        let tc = env.toolchain
        rows.append(("nvcc", tc.nvcc.map { "\($0.version ?? "?") (\($0.path))" } ?? none))
        rows.append(("CUDA_HOME", tc.cudaHome ?? t("not set", "未设置")))
        rows.append(("ninja", tc.ninja ?? none))
        rows.append((t("C++ compiler", "C++ 编译器"), tc.compiler ?? none))
        var machine = ["\(tc.cpuCount) " + t("CPUs", "个 CPU")]
        if let total = tc.memoryTotalGiB {
            machine.append(t("memory ", "内存 ") + "\(total) GiB" + (tc.memoryAvailableGiB.map { t(" (", "（") + "\($0)" + t(" available)", " 可用）") } ?? ""))
        }
        if let disk = tc.diskFreeGiB { machine.append(t("disk ", "磁盘 ") + "\(disk) GiB " + t("free", "可用")) }
        machine.append("\(env.host.os) \(env.host.arch)")
        rows.append((t("Machine", "机器"), machine.joined(separator: comma)))
        if let visible = env.host.cudaVisibleDevices { rows.append(("CUDA_VISIBLE_DEVICES", visible)) }
        for install in comfyUI {
            let running = install.running.map { t(", running as PID \($0.pid)", "，正在运行，PID \($0.pid)") } ?? ""
            let nodes = install.nodes.map(\.package).joined(separator: comma)
            rows.append(("ComfyUI", install.path + running + comma + (install.python ?? t("no Python found", "未找到 Python"))
                         + (nodes.isEmpty ? "" : comma + nodes)))
        }

        let width = rows.map { CellWidth.of($0.0) }.max() ?? 0
        return rows.map { style.bold(CellWidth.pad($0.0, to: width)) + "  " + $0.1 + "\n" }.joined()
    }
}
