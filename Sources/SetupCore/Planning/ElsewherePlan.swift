import Foundation

/// A machine this tool is not running on, as `plan --platform --python-tag --torch` describes it: most often
/// ComfyUI portable on Windows, where the tool itself does not run.
public enum DescribedTarget {
    /// The platforms a described machine may have.
    public static let platforms = ["win_amd64", "linux_x86_64", "linux_aarch64"]

    /// The wheel target of the description, or the sentence saying which part is wrong. torch must carry its CUDA
    /// build ("2.8.0+cu128"), since that is what a wheel is matched to. On Linux the C++ ABI is `cxx11abi` where it
    /// is given, else that of PyTorch's own pip wheels of that torch, said as an assumption.
    public static func wheelTarget(
        platform: String, pythonTag: String, torch: String, cxx11abi: Bool? = nil
    ) -> Result<DescribedMachine, LocalizedText> {
        guard platforms.contains(platform) else {
            return .failure(LocalizedText(
                en: "--platform \(terminalSafe(platform)) is not one this tool can plan for; give one of \(platforms.joined(separator: ", ")).",
                zh: "无法为 --platform \(terminalSafe(platform)) 制定计划；请使用 \(platforms.joined(separator: "、")) 之一。"))
        }
        guard pythonTag.wholeMatch(of: #/cp3\d{1,2}/#) != nil else {
            return .failure(LocalizedText(
                en: "--python-tag takes CPython's tag, such as cp312 for Python 3.12 (ComfyUI portable's python_embeded\\python.exe --version tells).",
                zh: "--python-tag 需要 CPython 标签，例如 Python 3.12 对应 cp312（可用 ComfyUI 便携版的 python_embeded\\python.exe --version 查看）。"))
        }
        guard let m = torch.wholeMatch(of: #/(\d+\.\d+(?:\.\d+)?)\+cu(\d)(\d{1,2})(\d)/#) ?? nil else {
            return .failure(LocalizedText(
                en: "--torch takes torch's version with its CUDA build, such as 2.8.0+cu128, as `python -c \"import torch; print(torch.__version__)\"` prints it there; a CPU build (+cpu) has no FlashAttention.",
                zh: "--torch 需要带 CUDA 构建标记的 torch 版本，例如 2.8.0+cu128，即在该机器上运行 `python -c \"import torch; print(torch.__version__)\"` 的输出；CPU 版（+cpu）不能使用 FlashAttention。"))
        }
        // cu128 -> 12.8, cu118 -> 11.8, cu130 -> 13.0: the last digit is the minor.
        let cuda = "\(m.2)\(m.3).\(m.4)"
        var assumptions: [LocalizedText] = []
        let abi: Bool
        if platform.hasPrefix("win") {
            // Windows wheels carry no C++11 ABI of libstdc++; their names say FALSE.
            abi = false
        } else if let cxx11abi {
            abi = cxx11abi
        } else {
            abi = pipWheelsUseCXX11ABI(torch: String(m.1), cudaTag: "cu\(m.2)\(m.3)\(m.4)")
            let flag = abi ? "TRUE" : "FALSE"
            assumptions.append(LocalizedText(
                en: "The C++ ABI was taken as cxx11abi\(flag): PyTorch's own pip wheels of torch \(m.1) are built that way. A torch built otherwise (conda, NGC containers, from source) may differ: run `python -c \"import torch; print(torch._C._GLIBCXX_USE_CXX11_ABI)\"` there and pass --cxx11-abi TRUE or FALSE.",
                zh: "C++ ABI 按 cxx11abi\(flag) 处理：PyTorch 官方 pip wheel 中的 torch \(m.1) 就是这样构建的。以其他方式构建的 torch（conda、NGC 容器、源码）可能不同：请在那台机器上运行 `python -c \"import torch; print(torch._C._GLIBCXX_USE_CXX11_ABI)\"`，并传入 --cxx11-abi TRUE 或 FALSE。"))
        }
        let target = WheelTarget(
            pythonTag: pythonTag, platform: platform, torchVersion: torch, torchCUDA: cuda, cxx11abi: abi, glibc: nil)
        return .success(DescribedMachine(target: target, assumptions: assumptions))
    }

    /// Whether PyTorch's pip wheels of a torch release for Linux are built with `_GLIBCXX_USE_CXX11_ABI=1`. They
    /// moved to manylinux_2_28 and the new ABI with 2.7; in 2.6 only the CUDA 12.6 builds had it; before, none
    /// (pytorch/pytorch#143962 and #143423, read 2026-12-07). A past release's build does not change, and every
    /// release since 2.7 has kept the new ABI, so this is history, not a table to refresh.
    public static func pipWheelsUseCXX11ABI(torch: String, cudaTag: String) -> Bool {
        let parts = torch.split(separator: ".").compactMap { Int($0) }
        let (major, minor) = (parts.first ?? 0, parts.dropFirst().first ?? 0)
        if major != 2 { return major > 2 }
        if minor == 6 { return cudaTag == "cu126" }
        return minor >= 7
    }
}

/// A machine described on the command line: the wheel target, and what was taken as true about it without being
/// read there (the C++ ABI where it was not given).
public struct DescribedMachine: Sendable, Hashable {
    public var target: WheelTarget
    public var assumptions: [LocalizedText]
}

/// One command to run on the described machine, shown and never run here.
public struct ElsewhereCommand: Sendable, Hashable {
    public var title: LocalizedText
    public var argv: [String]
}

/// The wheel for a described machine and the commands that install it there, torch left as it is.
public struct ElsewherePlan: Sendable {
    public var target: WheelTarget
    public var resolution: WheelResolution
    public var wheel: PlannedWheel?
    public var commands: [ElsewhereCommand]

    /// Reads the source (asking a mirror for the candidates only the catalog names) and resolves the wheel; the
    /// sentence is where the list came from, where that matters.
    public static func prepare(
        target: WheelTarget, source: WheelSource, pinnedVersion: String?, environment: [String: String]
    ) -> (ElsewherePlan, LocalizedText?) {
        do {
            let listing = try WheelSourceReader(source: source, environment: environment).read()
            let releases = SourceConfirmation.confirmedReleases(
                listing, target: target, catalog: .builtIn, pins: [pinnedVersion], environment: environment)
            let resolution = WheelResolver.resolve(target: target, releases: releases, catalog: .builtIn, pinnedVersion: pinnedVersion)
            return (ElsewherePlan(target: target, resolution: resolution), listing.provenance)
        } catch {
            let resolution = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: error.message)
            return (ElsewherePlan(target: target, resolution: resolution), nil)
        }
    }

    /// Pure: the resolution comes from a wheel source read for the target.
    public init(target: WheelTarget, resolution: WheelResolution) {
        self.target = target
        self.resolution = resolution
        guard let chosen = resolution.wheel, let version = resolution.release else {
            wheel = nil
            commands = []
            return
        }
        let file = chosen.name.installableFilename
        // A URL is downloaded there; a file of a folder source is where it lies.
        var path: String? = nil
        if case .file(let lying) = chosen.location { path = lying }
        wheel = PlannedWheel(chosen, version: version, path: path)
        let windows = target.isWindows
        let python = windows ? #"python_embeded\python.exe"# : "python"
        var steps: [ElsewhereCommand] = []
        // --no-deps: nothing the wheel asks for can replace torch; einops is its one other need.
        steps.append(ElsewhereCommand(
            title: windows
                ? LocalizedText(
                    en: "In the ComfyUI_windows_portable folder, with the wheel saved there as \(file):",
                    zh: "在 ComfyUI_windows_portable 文件夹中，把 wheel 保存为 \(file) 后运行：")
                : LocalizedText(en: "With the wheel saved as \(file), in the target Python:", zh: "把 wheel 保存为 \(file) 后，在目标 Python 中运行："),
            argv: [python, "-m", "pip", "install", "--no-deps", file]))
        steps.append(ElsewhereCommand(
            title: LocalizedText(en: "Its one other requirement (torch is left as it is):", zh: "安装它唯一的其他依赖（torch 保持不变）："),
            argv: [python, "-m", "pip", "install", "einops"]))
        steps.append(ElsewhereCommand(
            title: LocalizedText(en: "Check that it loads with this torch:", zh: "检查它能否与当前 torch 一起加载："),
            argv: [python, "-c", "import torch, flash_attn, flash_attn_2_cuda; print(torch.__version__, flash_attn.__version__)"]))
        commands = steps
    }
}
