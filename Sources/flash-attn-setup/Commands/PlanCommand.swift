import ArgumentParser
import SetupCore

/// `plan`: the exact steps an install would run, without running them.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the install plan for a method: every command, its environment, the time and disk it needs.",
        discussion: "Nothing is installed. Exit status: 0 the plan can run, 1 it has blockers, 3 the target could not be probed.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var planOptions: PlanOptions

    func run() throws {
        let (env, prepared) = planOptions.prepare(options)
        let language = options.language
        if options.json {
            print(try JSONOutput.encode(PlanJSON(prepared), language: language))
        } else {
            print(PlanText.render(prepared, language: language, style: OutputStyle(environment: options.environment)), terminator: "")
        }
        if env.python == nil { throw CommandStatus.environmentProblem.exitCode }
        if !prepared.plan.blockers.isEmpty { throw CommandStatus.failed.exitCode }
    }
}
