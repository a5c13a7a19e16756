import ArgumentParser
import Foundation
import SetupCore

/// The options every command takes: which Python, which language, how long a probe may take, JSON or text.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The Python interpreter to examine and install into.", valueName: "path"))
    var python: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Language of all messages: en or zh. Default: from LC_ALL, LC_MESSAGES, LANG.", valueName: "en|zh"))
    var lang: Language?

    @Option(name: .long, help: ArgumentHelp("Seconds nvidia-smi and the compilers may take before they are stopped.", valueName: "seconds"))
    var probeTimeout: Double = 10

    @Option(name: .long, help: ArgumentHelp("Seconds the target Python may take to describe itself (importing torch).", valueName: "seconds"))
    var pythonTimeout: Double = 60

    func validate() throws {
        guard probeTimeout > 0, pythonTimeout > 0 else {
            throw ValidationError("--probe-timeout and --python-timeout must be more than 0 seconds.")
        }
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var language: Language { lang ?? Language.fromLocale(environment) }

    /// The interpreter to examine: --python, the active venv or conda env, a running ComfyUI's, python3 on PATH.
    var target: PythonCandidate {
        let running = python == nil && environment["VIRTUAL_ENV"] == nil && environment["CONDA_PREFIX"] == nil
            ? ComfyUIDiscovery(environment: environment, currentDirectory: FileManager.default.currentDirectoryPath).running()
            : []
        return PythonTarget.choose(explicit: python, environment: environment, runningComfyUI: running)
    }

    /// Runs every probe for the chosen interpreter.
    func probe() -> Environment {
        let target = self.target
        return EnvironmentProbe(
            interpreter: target.path, environment: environment, probeTimeout: probeTimeout,
            pythonTimeout: pythonTimeout
        ).run()
    }
}

extension Language: ExpressibleByArgument {}
