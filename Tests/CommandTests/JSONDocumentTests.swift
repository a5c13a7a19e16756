import Foundation
import Testing
import TestSupport
@testable import SetupCommands
import SetupCore

/// Every `--json` document, made in-process by the commands as the binary makes it: the fields each one documents,
/// and the values the fixture fixes. Real venvs, real pip and the stand-in nvidia-smi; no process of the tool itself.
@Suite struct JSONDocumentTests {
    static let venv = TestVenv.Configuration(torch: TorchProfile(cudaAvailable: false, devices: []), withPip: true)

    /// The environment of a run: an RTX 4090, the tool's own cache and state folders, the hub never asked.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Fixtures.environment(profile: "rtx4090", extra: [
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
            "HF_ENDPOINT": "http://127.0.0.1:9",
        ].merging(extra) { _, new in new })
    }

    /// The document of `arguments`, with the status it ended with.
    func document(_ arguments: [String], environment: [String: String] = environment()) throws -> (status: Int32, json: [String: Any]) {
        let run = Entrypoint.run(arguments, environment: environment)
        let json = try #require(run.json, "\(arguments): stdout is not a JSON object: \(run.stdout.prefix(400)) \(run.stderr.prefix(400))")
        return (run.status, json)
    }

    static func wheelName(_ version: String = "2.8.3") -> String {
        let tag = TestVenv.pythonTag
        return "flash_attn-\(version)+cu12torch2.8cxx11abiTRUE-\(tag)-\(tag)-linux_x86_64.whl"
    }

    @Test func detect() throws {
        let python = try TestVenv.python(torch: .cu128, flashAttn: "2.8.3", transformers: "4.57.1")
        let (status, json) = try document(["detect", "--json", "--python", python])
        #expect(status == 0)
        #expect(Set(json.keys) == [
            "comfyUI", "comfyUINotTaken", "driver", "flashAttn", "flashAttn4", "gpuProbeError", "gpus", "host",
            "hubKernelCache", "kernels", "packages", "python", "pythonCandidates", "pythonProbeError", "toolchain", "torch",
            "torchImportError", "transformers",
        ])
        let gpu = try #require((json["gpus"] as? [[String: Any]])?.first)
        #expect(gpu["name"] as? String == "NVIDIA GeForce RTX 4090" && gpu["computeCapability"] as? String == "8.9")
        #expect((json["python"] as? [String: Any])?["executable"] as? String == python)
        #expect((json["torch"] as? [String: Any])?["version"] as? String == "2.8.0+cu128")
        #expect((json["flashAttn"] as? [String: Any])?["version"] as? String == "2.8.3")
    }

    @Test func check() throws {
        let python = try TestVenv.python(torch: .cu128)
        let (status, json) = try document(["check", "--json", "--python", python])
        #expect(status == 0, "\(json)")
        #expect(Set(json.keys) == [
            "blockers", "comfyUI", "deferred", "fallback", "gpus", "hostname", "recommended", "routes", "verdict", "warnings",
            "writtenAt",
        ])
        #expect(json["verdict"] as? String == "supported")
        let routes = try #require(json["routes"] as? [[String: Any]])
        #expect(routes.compactMap { $0["method"] as? String } == RouteMethod.allCases.map(\.rawValue))
        #expect(routes.allSatisfy { $0["status"] is String })
        let chinese = try document(["check", "--json", "--lang", "zh", "--python", python]).json
        let warnings = (chinese["warnings"] as? [[String: Any]] ?? []) + (chinese["blockers"] as? [[String: Any]] ?? [])
        #expect(warnings.allSatisfy { ($0["message"] as? String)?.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } == true })
    }

    @Test func plan() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.wheelName())])
        let python = try TestVenv.python(Self.venv)
        let (status, json) = try document(["plan", "--json", "--wheel-source", mirror.url, "--python", python])
        #expect(status == 0, "\(json)")
        #expect(Set(json.keys) == [
            "adds", "assumptions", "blockers", "constraints", "deferred", "estimates", "facts", "headline", "hostname",
            "installer", "listingNote", "method", "notes", "python", "recommendation", "recommended", "resolution", "routes",
            "steps", "torchVersion", "unreachable", "wheel", "writtenAt",
        ])
        #expect(json["method"] as? String == "wheel" && json["recommended"] as? String == "wheel")
        #expect((json["wheel"] as? [String: Any])?["filename"] as? String == Self.wheelName())
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["kind"] as? String } == ["fetch", "run"])
    }

    /// A real install from the mirror, in-process: the install's steps are child processes, the tool is not, and
    /// the test process's own signals are left as they were.
    @Test func install() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.wheelName())])
        let python = try TestVenv.freshCopy(Self.venv)
        let environment = Self.environment()
        let dry = try document(["install", "--json", "--dry-run", "--method", "wheel", "--wheel-source", mirror.url, "--python", python], environment: environment)
        #expect(dry.status == 0 && dry.json["result"] as? String == "dry-run", "\(dry.json)")
        let handlerBefore = Self.handler(of: SIGINT)
        let (status, json) = try document(
            ["install", "--json", "--yes", "--method", "wheel", "--wheel-source", mirror.url, "--python", python], environment: environment)
        #expect(status == 0, "\(json)")
        #expect(Set(json.keys) == [
            "changed", "changes", "failedStep", "findings", "flashAttn", "halfDone", "hostname", "log", "method", "plan",
            "reason", "result", "sourceCommit", "torch", "torchAfter", "torchBefore", "writtenAt",
        ])
        #expect(json["result"] as? String == "installed" && json["changed"] as? Bool == true)
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        #expect(Self.handler(of: SIGINT) == handlerBefore, "an in-process install changed how this process takes SIGINT")
    }

    /// The address of the handler `number` has now (0: the default).
    static func handler(of number: Int32) -> Int {
        var current = sigaction()
        sigaction(number, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
    }

    @Test func verify() throws {
        let python = try TestVenv.python(torch: TorchProfile(cudaAvailable: false, devices: []), flashAttn: "2.8.3")
        let (status, json) = try document(["verify", "--json", "--python", python])
        #expect(Set(json.keys) == [
            "advice", "checks", "error", "findings", "flashAttn", "hostname", "implementation", "ok", "proven", "route",
            "writtenAt",
        ])
        #expect(json["route"] as? String == "flash-attn")
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.contains { $0["name"] as? String == "import" })
        #expect((status == 0) == (json["ok"] as? Bool == true))
    }

    @Test func diagnose() throws {
        let log = Fixtures.root + "/pip-logs/build-isolation-no-torch.log"
        let (status, json) = try document(["diagnose", log, "--json"])
        #expect(status == 0, "\(json)")
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.first?["id"] as? String == "build-isolation", "\(findings)")
    }

    @Test func catalog() throws {
        let run = Entrypoint.run(["catalog", "--json"], environment: Self.environment())
        #expect(run.status == 0)
        let json = try #require(run.json)
        let releases = try #require(json["releases"] as? [[String: Any]])
        #expect(releases.contains { $0["version"] as? String == "2.8.3" })
        let names = try #require(
            try JSONSerialization.jsonObject(with: Data(Entrypoint.run(["catalog", "--release", "2.8.3", "--json"], environment: Self.environment()).stdout.utf8)) as? [String])
        #expect(names.contains { $0.hasPrefix("flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE") })
    }

    @Test func report() throws {
        let python = try TestVenv.python(torch: .cu128)
        let folder = Fixtures.temporaryDirectory("report")
        let check = Entrypoint.run(["check", "--json", "--python", python], environment: Self.environment())
        try check.stdout.write(toFile: folder + "/check.json", atomically: true, encoding: .utf8)
        let (status, json) = try document(["report", "--json", folder])
        #expect(status == 0, "\(json)")
        #expect(Set(json.keys) == ["failed", "hosts", "problems"], "\(json.keys)")
        let hosts = try #require(json["hosts"] as? [[String: Any]])
        #expect(hosts.count == 1 && hosts.first?["verdict"] as? String == "supported" && hosts.first?["route"] as? String == "wheel", "\(hosts)")
    }

    @Test func upstream() throws {
        let python = try TestVenv.python(torch: .cu128, transformers: "4.57.1")
        let (status, json) = try document(["upstream", "--json", "--python", python])
        #expect(Set(json.keys) == ["catalog", "index", "transformers", "unread"], "\(json.keys)")
        #expect(status == 0 || status == 1)
    }

    /// Another machine described on the command line: the wheel and the commands to run there, nothing probed here.
    @Test func planForAnotherMachine() throws {
        let (status, json) = try document([
            "plan", "--json", "--platform", "win_amd64", "--python-tag", "cp312", "--torch", "2.8.0+cu128", "--wheel-source", "catalog",
        ])
        #expect(Set(json.keys) == ["argv", "assumptions", "commands", "cxx11abi", "listingNote", "resolution", "target", "wheel"], "\(json.keys)")
        #expect((json["target"] as? [String: Any])?["platform"] as? String == "win_amd64", "\(json["target"] ?? "")")
        #expect(status == 0 || status == 1)
    }

    /// The wizard with no terminal says check's document, as check would.
    @Test func theWizardWithoutATerminalIsChecksDocument() throws {
        let python = try TestVenv.python(torch: .cu128)
        let wizard = try document(["wizard", "--json", "--python", python])
        let check = try document(["check", "--json", "--python", python])
        #expect(Set(wizard.json.keys) == Set(check.json.keys))
        #expect(wizard.json["verdict"] as? String == check.json["verdict"] as? String && wizard.status == check.status)
    }

    /// In-process is the binary: the same document, byte for byte but the time it was written and what rests on the
    /// memory free at that moment (a build's jobs, minutes and peak, the toolchain's facts line).
    @Test func theDocumentIsTheBinarysOwn() throws {
        let python = try TestVenv.python(torch: .cu128)
        let environment = Self.environment()
        let volatile = #/"writtenAt" : "[^"]*"|[0-9.]+ GiB available|"(peakMemoryGiB|maxJobs|nvccThreads|minutesLow|minutesHigh)" : [0-9.]+/#
        func stamped(_ text: String) -> String { text.replacing(volatile, with: "") }
        for arguments in [["check", "--json", "--python", python], ["plan", "--json", "--method", "kernels", "--python", python]] {
            let inProcess = Entrypoint.run(arguments, environment: environment)
            let binary = try BuiltBinary.run(arguments, environment: environment)
            #expect(inProcess.status == binary.status ?? -1, "\(arguments)")
            #expect(stamped(inProcess.stdout) == stamped(binary.stdout), "\(arguments)")
            #expect(inProcess.stderr == binary.stderr)
        }
    }
}
