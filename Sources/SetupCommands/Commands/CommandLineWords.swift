import CCommandLine
import Foundation
import SetupCore

/// The words the program was started with, whether or not /proc is mounted.
enum CommandLineWords {
    /// argv as main received it. CommandLine.arguments is the same where /proc is mounted; where it is not, the
    /// static runtime's copy is empty and this one is not.
    static func arguments() -> [String] {
        let count = fas_captured_argument_count()
        let captured = (0..<count).compactMap { fas_captured_argument(Int32($0)).map { String(cString: $0) } }
        return captured.count > CommandLine.arguments.count ? captured : CommandLine.arguments
    }

    /// A sentence for a machine without /proc: the probes that read it (the driver's files, running ComfyUI
    /// processes, the kernel's version) see nothing there, so the answer is less than it could be.
    static func procMissing(_ fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> LocalizedText? {
        guard !fileExists("/proc/self/stat") else { return nil }
        return LocalizedText(
            en: "/proc is not mounted here, so the driver's files and running processes cannot be read and the answer may miss them; mount it (mount -t proc proc /proc, or bind the host's into a chroot) and run the command again.",
            zh: "此处未挂载 /proc，因此无法读取驱动文件和正在运行的进程，结果可能有遗漏；请挂载它（mount -t proc proc /proc，或在 chroot 中绑定宿主机的 /proc）后重新运行命令。")
    }
}
