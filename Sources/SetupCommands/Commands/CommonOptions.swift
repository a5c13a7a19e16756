import ArgumentParser
import Foundation
import SetupCore

/// The options every command takes: which Python, which language, how long a probe may take, JSON or text.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The Python interpreter to look at (install installs into it; detect and check change nothing). Default: the active venv ($VIRTUAL_ENV), else the active conda env ($CONDA_PREFIX), else the Python a running ComfyUI runs, else python3 on PATH.",
        valueName: "path"))
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
        try Self.validateDuration(probeTimeout, "--probe-timeout")
        try Self.validateDuration(pythonTimeout, "--python-timeout")
        if let python, python.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--python needs the path of an interpreter; leave it out to take the default.")
        }
    }

    /// Every duration option the same way: a finite number of seconds, more than 0 and at most a day.
    static func validateDuration(_ seconds: Double, _ option: String) throws {
        // Below a tenth of a second no probe can answer, and "within 0 s" would be its sentence.
        guard seconds.isFinite, seconds >= 0.1, seconds <= 86_400 else {
            throw ValidationError("\(option) takes a number of seconds from 0.1 to 86400 (a day).")
        }
    }

    var environment: [String: String] { CommandSession.current.environment }

    var language: Language { lang ?? Language.fromLocale(environment) }

    /// The interpreter to examine: --python, the active venv or conda env, a running ComfyUI's, python3 on PATH.
    var target: PythonCandidate { target(runningComfyUI: runningComfyUI()) }

    func target(runningComfyUI: [ComfyUIInstall]) -> PythonCandidate {
        PythonTarget.choose(explicit: python, environment: environment, runningComfyUI: runningComfyUI)
    }

    var comfyUIDiscovery: ComfyUIDiscovery {
        ComfyUIDiscovery(environment: environment, currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// True where nothing names the target, so a running ComfyUI's Python may be it.
    var targetMayBeComfyUI: Bool { python == nil && environment["VIRTUAL_ENV"] == nil && environment["CONDA_PREFIX"] == nil }

    /// The running ComfyUIs, where they can decide the target: nothing is scanned when the target is named.
    func runningComfyUI() -> [ComfyUIInstall] { targetMayBeComfyUI ? comfyUIDiscovery.running() : [] }

    /// Runs every probe for the chosen interpreter.
    func probe() -> Environment { probe(target) }

    func probe(_ target: PythonCandidate) -> Environment {
        EnvironmentProbe(
            interpreter: target.path, environment: environment, probeTimeout: probeTimeout,
            pythonTimeout: pythonTimeout
        ).run()
    }

    /// The probe and every ComfyUI found, for detect and check: /proc is scanned once (its running ComfyUIs decide
    /// the default target and are the first installs), and the bounded folder walk runs beside the probe, which the
    /// target's `import torch` paces.
    func probeWithComfyUI() -> (Environment, ComfyUIDiscovery.ComfyUISurvey) {
        let discovery = comfyUIDiscovery
        let running = discovery.running()
        let target = target(runningComfyUI: targetMayBeComfyUI ? running : [])
        // Made here, not on the probe's thread: the session (and so the environment) is bound to this task only.
        let probe = EnvironmentProbe(
            interpreter: target.path, environment: environment, probeTimeout: probeTimeout, pythonTimeout: pythonTimeout)
        return concurrently({ probe.run() }, { discovery.survey(running: running) })
    }
}

extension Language: ExpressibleByArgument {}
