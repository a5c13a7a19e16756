import Foundation
import Testing
import SetupCore
import TestSupport

/// Each claim a `--help` makes about a default or an exit status, checked against what the command does.
@Suite struct HelpTests {
    func help(_ command: String) throws -> String {
        let run = try InProcess.run([command, "--help"], environment: Fixtures.environment())
        #expect(run.status == 0, "\(command) --help: \(run.stderr)")
        // Folded to one line: ArgumentParser wraps the help at 80 columns.
        return run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `--python`'s default, as every command's help states it: the active venv, else the active conda env, else
    /// python3 on PATH; and what detect and check do with it (nothing is changed).
    @Test func thePythonEachHelpNamesAsTheDefaultIsTheOneTaken() throws {
        let claim = "Default: the active venv ($VIRTUAL_ENV), else the active conda env ($CONDA_PREFIX), else the Python a running ComfyUI runs, else python3 on PATH."
        for command in ["detect", "check", "plan", "install", "verify", "upstream", "wizard"] {
            #expect(try help(command).contains(claim), "\(command) --help states the default Python")
        }
        #expect(try help("detect").contains("detect and check change nothing"))
        let venv = try TestVenv.python(torch: .cu128)
        let conda = try TestVenv.python(torch: TorchProfile(cudaAvailable: false, devices: []))
        func chosen(_ extra: [String: String]) throws -> String? {
            let run = try InProcess.run(["detect", "--json"], environment: Fixtures.environment(profile: "rtx4090", extra: extra))
            return (try run.json()["python"] as? [String: Any])?["executable"] as? String
        }
        let venvRoot = URL(fileURLWithPath: venv).deletingLastPathComponent().deletingLastPathComponent().path
        let condaRoot = URL(fileURLWithPath: conda).deletingLastPathComponent().deletingLastPathComponent().path
        #expect(try chosen(["VIRTUAL_ENV": venvRoot, "CONDA_PREFIX": condaRoot])?.hasPrefix(venvRoot) == true, "the venv before the conda env")
        #expect(try chosen(["CONDA_PREFIX": condaRoot])?.hasPrefix(condaRoot) == true, "then the conda env")
        #expect(try chosen([:]).map { $0.hasSuffix("python3") || $0.contains("/python3") } == true, "then python3 on PATH")
    }

    /// `--lang`'s default, where a help states it: from LC_ALL, then LC_MESSAGES, then LANG.
    @Test func theLanguageEachHelpNamesAsTheDefaultIsTheOneSpoken() throws {
        let claim = "Default: from LC_ALL, LC_MESSAGES, LANG."
        let log = Fixtures.temporaryDirectory("help-lang") + "/pip.log"
        try "ERROR: Could not build wheels for flash-attn\n".write(toFile: log, atomically: true, encoding: .utf8)
        let commands: [(String, [String])] = [("check", ["check"]), ("diagnose", ["diagnose", log]), ("report", ["report", log])]
        for (name, argv) in commands {
            #expect(try help(name).contains(claim), "\(name) --help states the default language")
            for (environment, chinese) in [(["LANG": "zh_CN.UTF-8"], true), (["LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"], false), (["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C.UTF-8"], true)] {
                let run = try InProcess.run(argv, environment: Fixtures.environment(profile: "rtx4090", extra: environment))
                let text = run.stdout + run.stderr
                let hasChinese = text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                #expect(hasChinese == chinese, "\(name) with \(environment): \(text.prefix(200))")
            }
        }
    }

    /// `--method`'s default, as plan's and install's help state it: the recommended route; plan shows every route
    /// first.
    @Test func theMethodHelpSaysWhatEachCommandDoesWithoutIt() throws {
        for command in ["plan", "install"] {
            #expect(try help(command).contains("Default: the recommended route (plan shows every route, then its plan; install runs it)."))
        }
        let python = try TestVenv.python(torch: .cu128)
        let plan = try InProcess.run(["plan", "--python", python, "--wheel-source", "catalog"], environment: Fixtures.environment(profile: "rtx4090"))
        #expect(plan.stdout.hasPrefix("Routes") && plan.stdout.contains("Recommended:"), "\(plan.stdout.prefix(300))")
        let install = try InProcess.run(
            ["install", "--dry-run", "--python", python, "--wheel-source", "catalog"], environment: Fixtures.environment(profile: "rtx4090"))
        #expect(install.stdout.contains("Route:") && install.stdout.contains("(recommended; --method chooses another)"), "\(install.stdout.prefix(600))")
    }

    /// report's exit statuses, as its help states them: 2 is the usage error and nothing else.
    @Test func reportsHelpStatesItsExitStatuses() throws {
        #expect(try help("report").contains("2 a usage error, 3 none of the files given could be read as a document."))
    }
}

/// README's module graph is what scripts/module-graph reads from the code today.
@Suite struct ModuleGraphTests {
    @Test func readmesModuleGraphIsTheScriptsOutput() throws {
        let root = URL(fileURLWithPath: Fixtures.root).deletingLastPathComponent().deletingLastPathComponent().path
        var environment = Fixtures.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? environment["PATH"]
        let run = try ChildProcess.run(["/usr/bin/python3", root + "/scripts/module-graph"], environment: environment, timeout: 120)
        #expect(run.exitCode == 0, "\(run.stderrText)")
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- module-graph -->\n"))
        let end = try #require(readme.range(of: "<!-- /module-graph -->"))
        let block = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n")
        let output = run.stdoutText ?? ""
        #expect(block.trimmingCharacters(in: .newlines) == output.trimmingCharacters(in: .newlines),
                "README.md's block between <!-- module-graph --> and <!-- /module-graph --> should read:\n\(output)")
    }
}
