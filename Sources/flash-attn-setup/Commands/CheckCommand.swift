import ArgumentParser
import SetupCore

/// `check`: the compatibility verdict with its reasons, blockers and fixes.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether FlashAttention-2 can work here, why, and what to fix first.",
        discussion: "Exit status: 0 supported with no blockers, 1 otherwise, 3 when the target Python could not be probed.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let environment = options.probe()
        let report = CompatibilityRules.evaluate(environment)
        let language = options.language
        if options.json {
            print(try JSONOutput.encode(CheckJSON(report), language: language))
        } else {
            print(CheckText.render(report, language: language, style: OutputStyle(environment: options.environment)),
                  terminator: "")
        }
        throw CheckCommand.status(of: report).exitCode
    }

    static func status(of report: CompatibilityReport) -> CommandStatus {
        if report.environmentUnprobed { return .environmentProblem }
        return report.verdict == .supported && report.blockers.isEmpty ? .success : .failed
    }
}
