import ArgumentParser
import Foundation
import SetupCore

/// `diagnose FILE`: explains a failed pip or build log.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain a failed pip or build log: each known failure with its cause and fix, the root cause first.",
        discussion: """
            With --python, each fix that sends the user to one of this tool's routes (the wheel, a build of main) is \
            said as that route is for that Python on this machine: one that cannot run there is not offered, and what \
            the tool recommends there is said instead. Exit status: 0 the log was read (whatever it holds), 3 it could \
            not be read.
            """)

    @Argument(help: ArgumentHelp("The log to read, or - for standard input.", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language of all messages: en or zh. Default: from LC_ALL, LC_MESSAGES, LANG.", valueName: "en|zh"))
    var lang: Language?

    @Option(name: .long, help: ArgumentHelp("The Python the log came from, on this machine: each fix names this tool's routes as they are for it (nothing is changed).", valueName: "path"))
    var python: String?

    /// The most of a log that is searched: its first and last 32 MB (a CUDA build's error is at its end).
    static let readLimit = 64 << 20

    /// The sentence on what was not searched, where something was not.
    static func unread(_ reading: LogReading) -> LocalizedText? {
        func megabytes(_ bytes: Int) -> String { String(format: "%.0f", Double(bytes) / 1_048_576) }
        if let stopped = reading.stoppedAt {
            return LocalizedText(
                en: "This input did not end within \(megabytes(stopped)) MB, so reading stopped there; only its first \(megabytes(readLimit / 2)) MB and the \(megabytes(readLimit / 2)) MB before that point were searched.",
                zh: "该输入在 \(megabytes(stopped)) MB 内没有结束，因此读取到此为止；只搜索了开头 \(megabytes(readLimit / 2)) MB 和停止点之前的 \(megabytes(readLimit / 2)) MB。")
        }
        guard let skipped = reading.skipped else { return nil }
        return LocalizedText(
            en: "The log is longer than \(megabytes(readLimit)) MB: its beginning and its last \(megabytes(readLimit / 2)) MB were searched, and the \(megabytes(skipped.count)) MB between (bytes \(skipped.lowerBound) to \(skipped.upperBound)) were not; line numbers count every line.",
            zh: "该日志超过 \(megabytes(readLimit)) MB：搜索了开头和最后 \(megabytes(readLimit / 2)) MB，中间的 \(megabytes(skipped.count)) MB（第 \(skipped.lowerBound) 到 \(skipped.upperBound) 字节）没有搜索；行号按全部行计算。")
    }
    func run() throws {
        let environment = CommandSession.current.environment
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
            var reading = try? LogReading.read(handle, limit: Self.readLimit)
        else {
            let message = LocalizedText(
                en: "Cannot read \(file); give the path of a saved pip or build log (or - to read standard input).",
                zh: "无法读取 \(file)；请给出已保存的 pip 或构建日志的路径（或用 - 从标准输入读取）。")
            StandardStreams.writeError(message.text(language) + "\n")
            throw CommandStatus.environmentProblem.exitCode
        }
        if let python {
            // The routes for that Python, weighed as plan weighs them: the fixes name only those that can run.
            var common = try CommonOptions.parse(["--python", python])
            common.lang = language
            let (_, routes) = try PlanOptions.parse([]).prepare(common)
            reading.findings = RoutedFix.fitted(reading.findings, to: routes.table)
        }
        if json {
            StandardStreams.writeLine(try JSONOutput.encode(LogReadingJSON(reading: reading), language: language))
        } else {
            var text = FindingsText.render(reading.findings, language: language, style: OutputStyle(environment: environment))
            if let part = Self.unread(reading) { text += part.text(language) + "\n" }
            TextOutput.write(text)
        }
    }
}
