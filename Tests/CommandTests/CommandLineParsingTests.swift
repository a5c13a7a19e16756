import ArgumentParser
import Foundation
import Testing
import TestSupport
@testable import SetupCommands
@testable import SetupCore

/// The command line parsed in-process, as swift-argument-parser tests its own parsers: each command's options land
/// where they should, and each usage error is the sentence and the status 2 the binary gives.
@Suite struct CommandLineParsingTests {
    /// The command `arguments` parse to, as the type expected.
    func parse<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type = Command.self) throws -> Command {
        let parsed = try RootCommand.parseAsRoot(arguments)
        return try #require(parsed as? Command, "\(arguments) parsed as \(Swift.type(of: parsed))")
    }

    /// What the binary would say and return for `arguments`, run in this process.
    func usage(_ arguments: [String]) -> CommandRun { Entrypoint.run(arguments, environment: Fixtures.environment()) }

    @Test func noCommandIsTheWizard() throws {
        _ = try parse([], as: WizardCommand.self)
        let wizard = try parse(["--python", "/usr/bin/python3"], as: WizardCommand.self)
        #expect(wizard.options.python == "/usr/bin/python3")
    }

    @Test func planTakesEveryRouteThatInstallsSomething() throws {
        for method in RouteMethod.installable {
            let plan = try parse(["plan", "--method", method.rawValue], as: PlanCommand.self)
            #expect(plan.planOptions.method == method)
        }
        let plan = try parse(["plan", "--json", "--lang", "zh", "--installer", "uv", "--flash-attn-version", "2.7.4.post1"], as: PlanCommand.self)
        #expect(plan.options.json && plan.options.language == .zh && plan.planOptions.installer == .uv)
        #expect(plan.planOptions.flashAttnVersion == "2.7.4.post1" && plan.planOptions.method == nil)
    }

    /// SDPA is a route but not a method: --method refuses it like any unknown name, listing what it takes.
    @Test func methodRefusesSDPAAndUnknownNamesListingTheRoutesItTakes() {
        for name in ["sdpa", "conda"] {
            let run = usage(["install", "--method", name])
            #expect(run.status == 2)
            #expect(run.stderr.contains("The value '\(name)' is invalid for '--method <wheel|pip|source|kernels|fa4>'"), "\(run.stderr)")
            #expect(run.stderr.contains("'wheel', 'pip', 'source', 'kernels' or 'fa4'"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func theWheelSourceIsReadAsAValueOrRefusedWithWhy() throws {
        let folder = Fixtures.temporaryDirectory("wheel-folder")
        let cases: [(String, WheelSource)] = [
            ("github", .github), ("official", .project(.official)), ("community", .project(.community)), ("catalog", .catalog),
            ("https://mirror.example/fa", .mirror(URL(string: "https://mirror.example/fa")!)), (folder, .folder(folder)),
        ]
        for (argument, source) in cases {
            let check = try parse(["check", "--wheel-source", argument], as: CheckCommand.self)
            #expect(check.source.wheelSource == source, "\(argument)")
            #expect(WheelSource(argument: argument) == source)
        }
        let refused = usage(["plan", "--wheel-source", "ftp://mirror.example/fa"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--wheel-source"), "\(refused.stderr)")
        // catalog's option is --source, and its sentence says so.
        let catalog = usage(["catalog", "--source", "ftp://mirror.example/fa"])
        #expect(catalog.status == 2 && catalog.stderr.contains("--source") && !catalog.stderr.contains("--wheel-source"), "\(catalog.stderr)")
    }

    @Test(arguments: [
        (["detect", "--probe-timeout", "0"], "--probe-timeout takes a number of seconds from 0.1 to 86400"),
        (["verify", "--verify-timeout", "inf"], "--verify-timeout takes a number of seconds"),
        (["check", "--python", "  "], "--python needs the path of an interpreter"),
        (["plan", "--ref", "main"], "--source-path, --ref and --source-repository go with --method source."),
        (["plan", "--method", "source", "--ref", "main..v2"], "--ref takes a branch, tag or commit name"),
        (["plan", "--method", "source", "--source-repository", "mirror"], "--source-repository takes a git URL"),
        (["install", "--json"], "install --json needs --yes (or --dry-run)"),
        (["plan", "--flash-attn-version", "latest"], "--flash-attn-version takes a release such as 2.8.3"),
        (["check", "--lang", "fr"], "The value 'fr' is invalid for '--lang <en|zh>'"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func eachUsageErrorIsItsSentenceAndStatusTwo(_ arguments: [String], _ sentence: String) {
        let run = usage(arguments)
        #expect(run.status == 2, "\(arguments): \(run.status)")
        #expect(run.stderr.contains(sentence), "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty, "\(arguments): \(run.stdout)")
    }

    @Test func helpAndTheVersionGoToStdoutWithStatusZero() {
        let help = usage(["plan", "--help"])
        #expect(help.status == 0 && help.stderr.isEmpty)
        #expect(help.stdout.contains("--method <wheel|pip|source|kernels|fa4>"))
        let folded = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(folded.contains(RouteMethod.methodHelp + ". Default: the recommended route"), "\(folded)")
        let verify = usage(["verify", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(verify.contains("The route to prove: wheel, pip or source (the flash_attn package), kernels (the hub kernel as transformers loads it) or fa4."))
        let version = usage(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("flash-attn-setup "), "\(version.stdout)")
    }

    @Test func diagnoseAndReportTakeTheirFilesAsArguments() throws {
        let diagnose = try parse(["diagnose", "-", "--json", "--python", "/usr/bin/python3"], as: DiagnoseCommand.self)
        #expect(diagnose.file == "-" && diagnose.json && diagnose.python == "/usr/bin/python3")
        let report = try parse(["report", "a.json", "logs/", "--markdown"], as: ReportCommand.self)
        #expect(report.files == ["a.json", "logs/"] && report.markdown)
    }
}
