import ArgumentParser
import Foundation
import SetupCore

/// `diagnose FILE`: explains a failed pip or build log.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain a failed pip or build log: each known failure with its cause and fix, the root cause first.",
        discussion: "Exit status: 0 the log was read (whatever it holds), 3 it could not be read.")

    @Argument(help: ArgumentHelp("The log to read, or - for standard input.", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language of all messages: en or zh.", valueName: "en|zh"))
    var lang: Language?

    /// The most of a log that is read: far more than a CUDA build's verbose log.
    static let readLimit = 64 << 20

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let language = lang ?? Language.fromLocale(environment)
        var isFolder: ObjCBool = false
        if file != "-", FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            let message = LocalizedText(
                en: "\(file) is a folder; give the path of a saved pip or build log (the install logs are files in $XDG_STATE_HOME/flash-attn-setup/logs).",
                zh: "\(file) 是一个目录；请给出已保存的 pip 或构建日志文件的路径（安装日志是 $XDG_STATE_HOME/flash-attn-setup/logs 中的文件）。")
            StandardStreams.writeError(message.text(language) + "\n")
            throw CommandStatus.environmentProblem.exitCode
        }
        // At most readLimit is read, a megabyte at a time, so that /dev/zero or a runaway pipe cannot fill memory.
        guard let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file),
            let findings = try? Diagnosis.of(reading: handle, limit: Self.readLimit)
        else {
            let message = LocalizedText(
                en: "Cannot read \(file); give the path of a saved pip or build log (or - to read standard input).",
                zh: "无法读取 \(file)；请给出已保存的 pip 或构建日志的路径（或用 - 从标准输入读取）。")
            StandardStreams.writeError(message.text(language) + "\n")
            throw CommandStatus.environmentProblem.exitCode
        }
        if json {
            print(try JSONOutput.encode(FindingsJSON(findings: findings), language: language))
        } else {
            TextOutput.write(FindingsText.render(findings, language: language, style: OutputStyle(environment: environment)))
        }
    }
}
