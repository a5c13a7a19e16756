import ArgumentParser
import SetupCore

/// `verify`: proves an installation in the target Python, on the GPU where there is one.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an installation: metadata, import, the CUDA extension, a numeric check against SDPA on the GPU, speed, transformers.",
        discussion: "Exit status: 0 every check that could run passed and the extension loads, 1 otherwise, 3 the target could not be run.")

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: ArgumentHelp("Seconds the checks may take.", valueName: "seconds"))
    var verifyTimeout: Double = 300

    @Option(name: .long, help: ArgumentHelp(
        "The route to prove: " + RouteMethod.verifyHelp + ". Default: what is installed.",
        valueName: RouteMethod.argumentValues))
    var method: RouteMethod?

    func validate() throws { try CommonOptions.validateDuration(verifyTimeout, "--verify-timeout") }

    func run() throws {
        let target = options.target
        // What the route needs to be named (the hub repo transformers reads, torch's kernel line) is in the probe.
        let env = options.probe()
        let route = method.flatMap { VerifyRoute.after($0, environment: env) } ?? VerifyRoute.present(in: env)
        let report = Verifier(python: target.path, route: route, environment: options.environment, timeout: verifyTimeout).run()
        let language = options.language
        if options.json {
            StandardStreams.writeLine(try JSONOutput.hostDocument(VerifyJSON(report: report), language: language))
        } else {
            TextOutput.write(VerifyText.render(report, python: target.path, language: language, style: OutputStyle(environment: options.environment)))
        }
        // A package whose import killed the interpreter is a failed verification of it: the target itself ran.
        if let error = report.error, report.checks.isEmpty, error.code != .importDied {
            throw CommandStatus.environmentProblem.exitCode
        }
        if !report.ok { throw CommandStatus.failed.exitCode }
    }
}
