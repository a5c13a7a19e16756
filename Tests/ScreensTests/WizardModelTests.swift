import Foundation
import Screens
@testable import SetupCore
import TerminalUI
import Testing
import TestSupport

/// The wizard's flow driven by keys, without a terminal: what each key does at each step, and what it asks the
/// core to do.
@Suite struct WizardModelTests {
    @Test func enterWalksTheStepsAndAsksForPlansThenTheInstall() {
        var model = ScreenFixtures.model(.python, language: .en)
        #expect(model.handle(.enter) == [.prepareRoutes(allowTransformersChange: false)])
        #expect(model.screen == .method)
        model.apply(.routesPrepared(ScreenFixtures.routes(for: ScreenFixtures.environment)))
        #expect(model.routes?.table.recommended == .wheel)
        #expect(model.chosenRoute?.method == .wheel)
        #expect(model.handle(.enter) == [])
        #expect(model.screen == .plan)
        // Holding Enter through the screens never installs: the install has a key of its own.
        #expect(model.handle(.enter) == [])
        #expect(model.screen == .plan)
        #expect(model.handle(.character("i")) == [.install(.wheel)])
        #expect(model.screen == .install)
        #expect(model.installing)
    }

    @Test func escGoesBackOnlyWhenNothingRuns() {
        var model = ScreenFixtures.model(.compatibility, language: .en)
        _ = model.handle(.escape)
        #expect(model.screen == .gpu)
        var installing = ScreenFixtures.model(.install, language: .en)
        _ = installing.handle(.escape)
        #expect(installing.screen == .install)
    }

    @Test func cancellingAndQuittingAskFirst() {
        var model = ScreenFixtures.model(.install, language: .en)
        #expect(model.handle(.character("c")) == [])
        #expect(model.overlay == .confirmCancel)
        #expect(model.handle(.character("y")) == [.cancelInstall])
        #expect(model.activity == .cancelling)
        _ = model.handle(.character("q"))
        #expect(model.overlay == .confirmQuit)
        #expect(model.handle(.character("n")) == [])
        #expect(model.overlay == nil)
        _ = model.handle(.character("q"))
        // Quitting during an install cancels it and waits, with the screen alive, for it to stop.
        #expect(model.handle(.character("y")) == [.cancelInstall])
        #expect(model.activity == .quitting)
        #expect(model.handle(.enter) == [])
        model.apply(.installFinished(InstallOutcome(
            result: .cancelled(step: 0), findings: [], changes: [], torchBefore: nil, torchAfter: nil, logPath: "/l")))
        #expect(model.activity == .exiting)
    }

    @Test func aPathCanBeTypedAndIsProbed() {
        var model = ScreenFixtures.model(.python, language: .en)
        for _ in 0..<5 { _ = model.handle(.down) }
        #expect(model.handle(.enter) == [])
        #expect(model.typedPath == "")
        for c in "/opt/q/bin/pythonx" { _ = model.handle(.character(c)) }
        _ = model.handle(.backspace)
        #expect(model.handle(.enter) == [.probe(python: "/opt/q/bin/python")])
        #expect(model.activity == .probing)
        #expect(model.typedPath == nil)
        var canvas = TextCanvas(rows: 24, columns: 80)
        WizardView.draw(model, on: &canvas)
        #expect(canvas.render().contains("Looking at this Python…"))
    }

    @Test func aTypedPathThatFailsKeepsEveryEntryListedBefore() {
        var model = ScreenFixtures.model(.python, language: .en)
        let before = model.candidates.map(\.path)
        #expect(before.contains(ScreenFixtures.python))
        var broken = ScreenFixtures.environment
        broken.python = nil
        broken.torch = nil
        broken.pythonProbeError = ProbeError(code: .notPython, message: LocalizedText(en: "Not Python.", zh: "不是 Python。"))
        // The discovery after a typed path no longer finds the --python entry; the list must keep it.
        model.apply(.probed(broken, [PythonCandidate(kind: .path, path: "/usr/bin/python3")]))
        for path in before { #expect(model.candidates.map(\.path).contains(path), "\(path) was dropped") }
    }

    @Test func aPythonThatFailedItsProbeDoesNotGoOn() {
        var model = ScreenFixtures.model(.python, language: .en)
        var broken = ScreenFixtures.environment
        broken.python = nil
        broken.torch = nil
        broken.pythonProbeError = ProbeError(code: .notPython, message: LocalizedText(en: "Not Python.", zh: "不是 Python。"))
        model.apply(.probed(broken, [PythonCandidate(kind: .argument, path: "/bin/true")]))
        #expect(model.handle(.enter) == [.probe(python: "/bin/true")])
        #expect(model.screen == .python)
    }

    @Test func aTuringMachineSkipsToTheFallbackButAPythonWithoutCUDATorchCanBeChangedFirst() {
        var turing = ScreenFixtures.environment
        turing.gpus = [GPU(index: 0, name: "Tesla T4", computeCapability: ComputeCapability("7.5"), memoryMiB: 15360)]
        var model = ScreenFixtures.model(.compatibility, language: .en, environment: turing)
        _ = model.handle(.enter)
        #expect(model.screen == .summary)
        // A CPU-only torch belongs to the chosen Python: the Target Python screen is where that is fixed.
        var cpu = ScreenFixtures.model(.compatibility, language: .en, turing: true)
        _ = cpu.handle(.enter)
        #expect(cpu.screen == .python)
    }

    @Test func theSummarySaysWhatToChooseInTheTargetsOwnComfyUINode() throws {
        var model = ScreenFixtures.model(.summary, language: .en)
        let node = AttentionNode(
            package: "ComfyUI-QwenVL-ALL", file: "nodes.py",
            labels: [.init(label: "SDPA: 平衡", attnImplementation: "sdpa"), .init(label: "Flash Attention 2: 最佳性能", attnImplementation: "flash_attention_2")],
            checksFlashAttn: false)
        model.comfyUI = [ComfyUIInstall(
            path: "/home/me/ComfyUI", python: ScreenFixtures.python, pythonSource: "venv", running: nil, nodes: [node])]
        var canvas = TextCanvas(rows: 40, columns: 120)
        WizardView.draw(model, on: &canvas)
        let text = canvas.render().replacingOccurrences(of: "│", with: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("In ComfyUI at /home/me/ComfyUI (with \(ScreenFixtures.python)), choose \"Flash Attention 2: 最佳性能\" in the ComfyUI-QwenVL-ALL node"))
    }

    @Test func aReadyRouteGoesStraightToVerification() throws {
        var env = ScreenFixtures.torch215Environment
        env.transformers = TransformersInstallation.withFallback("5.22.2", kernels: "kernels<0.18,>=0.17.2")
        env.kernels = KernelsInstallation(version: "0.17.2")
        env.hubKernelCache = HubKernelCache(directory: "/h", entries: [.init(repo: "kernels-community/flash-attn2", ref: "v4", variants: ["torch-stable-abi210-cu130-x86_64-linux"])])
        var model = ScreenFixtures.model(.method, language: .en, environment: env)
        #expect(model.chosenRoute?.method == .kernels)
        #expect(model.chosenRoute?.status == .ready)
        _ = model.handle(.enter)
        #expect(model.screen == .plan)
        var canvas = TextCanvas(rows: 24, columns: 80)
        WizardView.draw(model, on: &canvas)
        #expect(canvas.render().contains("Nothing to install: this route is ready."))
        #expect(model.handle(.enter) == [.verify(python: ScreenFixtures.python, method: .kernels)])
        #expect(model.screen == .verification)
    }

    @Test func liveOutputAndFindingsReachTheInstallScreen() {
        var model = ScreenFixtures.model(.install, language: .zh)
        model.apply(.install(.finding(Diagnosis.of("Precompiled wheel not found. Building from source...")[0])))
        model.apply(.install(.phase(.build(done: 12, total: 73))))
        var canvas = TextCanvas(rows: 24, columns: 80)
        WizardView.draw(model, on: &canvas)
        let text = canvas.render()
        #expect(text.contains("[wheel-not-found-compiling]"))
        #expect(text.contains("编译中"))
        #expect(text.contains("12/73"))
    }
}
