import ArgumentParser
import SetupCore

/// flash-attn-setup: gets FlashAttention-2 installed and proven working in a Python environment.
struct RootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flash-attn-setup",
        abstract: "Get FlashAttention-2 (flash-attn) installed and proven working in your Python environment.",
        discussion: """
            Run with no command on a terminal for the step-by-step wizard. Exit status: 0 success or compatible, \
            1 the check failed (verdict not supported), 2 usage error, 3 the environment could not be probed.
            """,
        version: ToolBuild.versionLine,
        subcommands: [
            WizardCommand.self, DetectCommand.self, CheckCommand.self, PlanCommand.self, InstallCommand.self,
            VerifyCommand.self, DiagnoseCommand.self, CatalogCommand.self, ReportCommand.self, UpstreamCommand.self,
        ],
        defaultSubcommand: WizardCommand.self
    )
}

/// The exit statuses DESIGN.md documents, the same for every command.
enum CommandStatus: Int32 {
    case success = 0
    case failed = 1
    case usage = 2
    case environmentProblem = 3
    case cancelled = 130

    var exitCode: ExitCode { ExitCode(rawValue) }
}
