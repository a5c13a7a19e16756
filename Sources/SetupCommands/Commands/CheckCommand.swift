import ArgumentParser
import Foundation
import SetupCore

/// `check`: the compatibility verdict with its reasons, blockers and fixes.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether FlashAttention-2 can work here, why, and what to fix first.",
        discussion: """
            The routes are weighed from the built-in wheel catalog unless --wheel-source names where this host's \
            wheels are (a mirror, a folder, github): then check reads that source, as plan and install would. \
            Exit status: 0 supported with no blockers, 1 otherwise, 3 when the target Python could not be probed.
            """)

    @OptionGroup var options: CommonOptions
    @OptionGroup var source: WheelSourceOptions

    func run() throws {
        let (environment, survey) = options.probeWithComfyUI()
        let comfyUI = survey.installs
        let evaluated = CompatibilityRules.evaluate(environment)
        // The routes from the built-in wheel catalog by default (no release listing is fetched: an answer in
        // seconds), from the source named where there is one, and what the target's pip says the package index
        // serves, the same as plan asks: the verdict says "supported" only where some route can install, and check
        // and plan with the same source recommend the same route.
        var request = PlanRequest(
            method: .wheel, workDirectory: PlanPreparation.defaultWorkDirectory(environment: options.environment),
            inheritedPath: options.environment["PATH"] ?? "/usr/bin:/bin")
        request.installer = .pip
        request.pinnedVersion = source.flashAttnVersion
        let routes = PlanPreparation.prepareRoutes(
            request, environment: environment, report: evaluated, source: source.wheelSource(default: .catalog),
            processEnvironment: options.environment)
        let report = evaluated.told(with: routes.table)
        let language = options.language
        // What each ComfyUI's node should be set to: "Flash Attention 2" only where it works now, else SDPA now and
        // FA2 after the install the routes recommend.
        let route = routes.table.workingNow(environment)
        let after = routes.table.afterInstall
        if options.json {
            let comfy = comfyUI.map { ComfyUIJSON(install: $0, target: environment.python?.executable, route: route, after: after) }
            StandardStreams.writeLine(try JSONOutput.hostDocument(CheckJSON(report: report, routes: routes.table, comfyUI: comfy), language: language))
        } else {
            let style = OutputStyle(environment: options.environment)
            var text = CheckText.render(report, language: language, style: style)
            if !report.environmentUnprobed { text += "\n" + RoutesText.summary(routes.table, language: language, style: style) }
            let comfy = ComfyUIText.render(
                comfyUI, env: environment, route: route, after: after, notTaken: survey.notTaken, language: language, style: style)
            if !comfy.isEmpty { text += "\n" + comfy }
            TextOutput.write(text)
        }
        throw CheckCommand.status(of: report).exitCode
    }

    static func status(of report: CompatibilityReport) -> CommandStatus {
        if report.environmentUnprobed { return .environmentProblem }
        return report.verdict == .supported && report.blockers.isEmpty ? .success : .failed
    }
}
