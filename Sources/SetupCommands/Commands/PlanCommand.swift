import ArgumentParser
import SetupCore

/// `plan`: every route with its status, then one plan's steps; nothing is installed.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show every route to FlashAttention here, then the plan of the recommended one (or of --method): every command, its environment, the time and disk it needs.",
        discussion: "Nothing is installed. Exit status: 0 the plan can run, 1 it has blockers (or the recommended route is SDPA, which installs nothing), 3 the target could not be probed.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var described: DescribedTargetOptions

    func run() throws {
        if let machine = described.machine { return try planElsewhere(machine) }
        let (env, routes) = planOptions.prepare(options)
        let language = options.language
        let shown = routes.plan(for: planOptions.method)
        if options.json {
            StandardStreams.writeLine(try JSONOutput.hostDocument(PlanJSON(routes: routes, shown: shown), language: language))
        } else {
            let style = OutputStyle(environment: options.environment)
            var text = RoutesText.render(routes.table, language: language, style: style) + "\n"
            if let shown { text += PlanText.render(shown, language: language, style: style) }
            // SDPA was put before a build of more than an hour: the build is shown too, to be chosen or not.
            if shown == nil, let deferred = routes.table.deferred, let build = routes.plan(for: deferred) {
                text += style.bold(LocalizedText(
                    en: "The build, if you choose it (--method \(deferred.rawValue)):", zh: "如果选择构建（--method \(deferred.rawValue)）：").text(language)) + "\n"
                text += PlanText.render(build, language: language, style: style)
            }
            TextOutput.write(text)
        }
        if env.python == nil { throw CommandStatus.environmentProblem.exitCode }
        // SDPA before a long build is an answer that runs now, as any plan that can run is.
        if shown == nil, routes.table.deferred != nil { return }
        guard let shown, shown.plan.canRun else { throw CommandStatus.failed.exitCode }
    }
}

extension PlanCommand {
    /// The plan for a described machine: the wheel the source has for it and the commands to run there.
    func planElsewhere(_ machine: DescribedMachine) throws {
        let language = options.language
        let (plan, listingNote) = ElsewherePlan.prepare(
            target: machine.target, source: planOptions.wheelSource,
            pinnedVersion: planOptions.flashAttnVersion, environment: options.environment)
        if options.json {
            StandardStreams.writeLine(try JSONOutput.encode(
                ElsewherePlanJSON(plan: plan, note: listingNote, assumptions: machine.assumptions, language: language), language: language))
        } else {
            TextOutput.write(ElsewherePlanText.render(
                plan, note: listingNote, assumptions: machine.assumptions, language: language, style: OutputStyle(environment: options.environment)))
        }
        guard plan.wheel != nil else { throw CommandStatus.failed.exitCode }
    }
}
