import ArgumentParser
import SetupCore

/// A machine the tool is not running on, for plan and catalog: `--platform win_amd64 --python-tag cp312 --torch
/// 2.8.0+cu128` (ComfyUI portable on Windows, say). Nothing is probed; the wheel is matched to what is given.
struct DescribedTargetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Plan for another machine: win_amd64, linux_x86_64 or linux_aarch64 (with --python-tag and --torch).", valueName: "platform"))
    var platform: String?

    @Option(name: .long, help: ArgumentHelp("With --platform: that machine's CPython tag, e.g. cp312.", valueName: "cpXY"))
    var pythonTag: String?

    @Option(name: .long, help: ArgumentHelp("With --platform: that machine's torch.__version__, e.g. 2.8.0+cu128.", valueName: "version+cuXYZ"))
    var torch: String?

    func validate() throws {
        let given = [platform, pythonTag, torch].compactMap { $0 }
        guard !given.isEmpty else { return }
        guard given.count == 3 else { throw ValidationError("--platform, --python-tag and --torch describe one machine: give all three.") }
        if case .failure(let why) = target! { throw ValidationError(why.en) }
    }

    /// nil where no machine is described (the target is probed as usual).
    var target: Result<WheelTarget, LocalizedText>? {
        guard let platform, let pythonTag, let torch else { return nil }
        return DescribedTarget.wheelTarget(platform: platform, pythonTag: pythonTag, torch: torch)
    }

    /// The described target, once validate() has passed.
    var wheelTarget: WheelTarget? {
        if case .success(let target) = target { return target }
        return nil
    }
}
