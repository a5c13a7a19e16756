import ArgumentParser
import Foundation
import SetupCore

/// `upstream`: what the tool reads from other projects for the routes, with each fact's source and date.
struct UpstreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upstream",
        abstract: "Show what the tool reads from other projects: transformers' hub-kernel fallback in the target, the package index's newest packages, and the age of each built-in catalog entry.",
        discussion: "It installs nothing. Exit status: 0 when every fact was read, 1 when one could not be (a shape the readers do not know, an index that did not answer, a catalog entry past its shelf life), 3 when the target Python could not be probed.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let environment = options.probe()
        let report = UpstreamReport.read(environment, processEnvironment: options.environment)
        let findings = report.unread
        if options.json {
            StandardStreams.writeLine(try JSONOutput.encode(UpstreamJSON(report: report, unread: findings), language: options.language))
        } else {
            TextOutput.write(UpstreamText.render(report, unread: findings, language: options.language, style: OutputStyle(environment: options.environment)))
        }
        if environment.python == nil { throw CommandStatus.environmentProblem.exitCode }
        if !findings.isEmpty { throw CommandStatus.failed.exitCode }
    }
}

/// `upstream --json`: the report and the facts that could not be read.
struct UpstreamJSON: Encodable {
    var report: UpstreamReport
    var unread: [String]

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(unread, forKey: .unread)
    }
    enum Key: String, CodingKey { case unread }
}
