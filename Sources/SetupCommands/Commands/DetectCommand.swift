import ArgumentParser
import Foundation
import SetupCore

/// `detect`: the facts, as a table or as JSON.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Show the facts: GPUs, driver, target Python, torch, flash-attn and the build toolchain.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let directory = FileManager.default.currentDirectoryPath
        let (environment, survey) = options.probeWithComfyUI()
        let comfyUI = survey.installs
        let language = options.language
        if options.json {
            let candidates = PythonTarget.candidates(environment: options.environment, currentDirectory: directory, comfyUI: comfyUI)
            StandardStreams.writeLine(try JSONOutput.encode(
                DetectJSON(environment: environment, pythonCandidates: candidates, comfyUI: comfyUI, notTaken: survey.notTaken),
                language: language))
        } else {
            let style = OutputStyle(environment: options.environment)
            TextOutput.write(DetectText.render(environment, comfyUI: comfyUI, language: language, style: style))
        }
        // Facts were printed either way; a Python that could not be probed stops what comes after.
        if environment.python == nil { throw CommandStatus.environmentProblem.exitCode }
    }
}

/// `detect --json`: the environment's facts, plus the other interpreters found for the wizard to offer.
struct DetectJSON: Encodable {
    var environment: Environment
    var pythonCandidates: [PythonCandidate]
    var comfyUI: [ComfyUIInstall]
    var notTaken: [ComfyUIDiscovery.NotTaken] = []

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        try environment.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(pythonCandidates, forKey: .pythonCandidates)
        try container.encode(comfyUI, forKey: .comfyUI)
        try container.encode(notTaken.map { ["path": $0.path, "reason": $0.reason.text(l)] }, forKey: .comfyUINotTaken)
    }

    private enum Key: String, CodingKey { case pythonCandidates, comfyUI, comfyUINotTaken }
}
