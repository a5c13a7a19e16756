import ArgumentParser
import Foundation
import SetupCore

/// `report`: the JSON documents fetched from many hosts, as one table.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn the JSON of check, plan, install and verify from many hosts into one table.",
        discussion: """
            Each document belongs to the host it names (its "hostname", written by the host itself); one from a \
            release before that belongs to the host its folder is named for (REPORT_DIR/HOST/check.json, as the \
            Ansible role fetches them). A folder stands for its JSON files and those of its subfolders. A host with \
            more than one report (two folders, or two documents of one kind) gets a row for each, the newest marked; \
            only the newest counts. Exit status: 0 no host failed, 1 a host's install or verification failed (in its \
            newest report), 2 a usage error, 3 none of the files given could be read as a document.
            """)

    @Argument(help: ArgumentHelp("JSON files or folders of them.", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "Print a Markdown table.")
    var markdown = false

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language of all messages: en or zh. Default: from LC_ALL, LC_MESSAGES, LANG.", valueName: "en|zh"))
    var lang: Language?

    func validate() throws {
        if markdown && json { throw ValidationError("--markdown and --json are two formats; choose one.") }
    }

    func run() throws {
        let language = lang ?? Language.fromLocale(CommandSession.current.environment)
        let (entries, problems) = ReportFiles.read(files)
        for problem in problems { StandardStreams.writeError(problem.text(language) + "\n") }
        if entries.isEmpty {
            StandardStreams.writeError(LocalizedText(
                en: "No report was made: none of the files given is a JSON document of check, plan, install or verify.",
                zh: "没有生成报告：给出的文件中没有 check、plan、install 或 verify 的 JSON 文档。").text(language) + "\n")
            // Not 2, which says the command line was wrong: here it was right and the files were not documents.
            throw CommandStatus.environmentProblem.exitCode
        }
        let rows = FleetReport.rows(entries)
        if json {
            StandardStreams.writeLine(try JSONOutput.encode(ReportJSON(rows: rows, problems: problems), language: language))
        } else {
            StandardStreams.write(ReportText.render(rows, format: markdown ? .markdown : .text, language: language))
        }
        if rows.contains(where: \.failsItsHost) { throw CommandStatus.failed.exitCode }
    }
}
