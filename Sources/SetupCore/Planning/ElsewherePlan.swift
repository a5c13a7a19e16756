import Foundation

/// A machine this tool is not running on, as `plan --platform --python-tag --torch` describes it: most often
/// ComfyUI portable on Windows, where the tool itself does not run.
public enum DescribedTarget {
    /// The platforms a described machine may have.
    public static let platforms = ["win_amd64", "linux_x86_64", "linux_aarch64"]

    /// The wheel target of the description, or the sentence saying which part is wrong. torch must carry its CUDA
    /// build ("2.8.0+cu128"), since that is what a wheel is matched to.
    public static func wheelTarget(platform: String, pythonTag: String, torch: String) -> Result<WheelTarget, LocalizedText> {
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
        return .success(WheelTarget(
            pythonTag: pythonTag, platform: platform, torchVersion: torch, torchCUDA: cuda,
            cxx11abi: !platform.hasPrefix("win"), glibc: nil))
    }
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
            let releases = SourceConfirmation.confirmedReleases(listing, target: target, catalog: .builtIn, pins: [pinnedVersion])
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
