import ArgumentParser
import SetupCore

/// A machine the tool is not running on, for plan and catalog: `--platform win_amd64 --python-tag cp312 --torch
/// 2.8.0+cu128` (ComfyUI portable on Windows, say). Nothing is probed; the wheel is matched to what is given.
struct DescribedTargetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Another machine's platform, for its wheels instead of this one's: win_amd64, linux_x86_64 or linux_aarch64 (with --python-tag and --torch).", valueName: "platform"))
    var platform: String?

    @Option(name: .long, help: ArgumentHelp("With --platform: that machine's CPython tag, e.g. cp312.", valueName: "cpXY"))
    var pythonTag: String?

    @Option(name: .long, help: ArgumentHelp("With --platform: that machine's torch.__version__, e.g. 2.8.0+cu128.", valueName: "version+cuXYZ"))
    var torch: String?

    @Option(name: .customLong("cxx11-abi"), help: ArgumentHelp("With --platform linux_*: that machine's torch._C._GLIBCXX_USE_CXX11_ABI (default: that of PyTorch's pip wheels of that torch, said in the plan).", valueName: "TRUE|FALSE"))
    var cxx11abi: String?

    func validate() throws {
        let given = [platform, pythonTag, torch].compactMap { $0 }
        if cxx11abi != nil, given.isEmpty { throw ValidationError("--cxx11-abi describes another machine's torch: give it with --platform, --python-tag and --torch.") }
        if cxx11abi != nil, abi == nil { throw ValidationError("--cxx11-abi takes TRUE or FALSE, as torch._C._GLIBCXX_USE_CXX11_ABI prints it.") }
        guard !given.isEmpty else { return }
        guard given.count == 3 else { throw ValidationError("--platform, --python-tag and --torch describe one machine: give all three.") }
        if case .failure(let why) = machineResult! { throw ValidationError(why.en) }
    }

    /// --cxx11-abi as a value; nil where it is not given or is not one.
    private var abi: Bool? {
        switch cxx11abi?.uppercased() {
        case "TRUE", "1": return true
        case "FALSE", "0": return false
        default: return nil
        }
    }

    /// nil where no machine is described (the target is probed as usual).
    private var machineResult: Result<DescribedMachine, LocalizedText>? {
        guard let platform, let pythonTag, let torch else { return nil }
        return DescribedTarget.wheelTarget(platform: platform, pythonTag: pythonTag, torch: torch, cxx11abi: abi)
    }

    /// The described machine, once validate() has passed.
    var machine: DescribedMachine? {
        if case .success(let machine) = machineResult { return machine }
        return nil
    }
}
