import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import SetupCore

/// ComfyUI found as it is on a user's disk: checkouts in the usual places, a running one, its nodes read as text,
/// and what to choose there.
@Suite struct ComfyUITests {
    static func node(_ package: String) throws -> AttentionNode? {
        let folder = Fixtures.root + "/comfyui-nodes/" + package
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".py") })
        return AttentionNodeReader.read(try String(contentsOfFile: folder + "/" + file, encoding: .utf8), package: package, file: file)
    }

    @Test func readsTheLabelsANodeOffersAndTheValuesTheyReach() throws {
        let all = try #require(try Self.node("ComfyUI-QwenVL-ALL"))
        #expect(all.labels == [
            .init(label: "Eager: 最佳兼容性", attnImplementation: "eager"), .init(label: "SDPA: 平衡", attnImplementation: "sdpa"),
            .init(label: "Flash Attention 2: 最佳性能", attnImplementation: "flash_attention_2"),
        ])
        #expect(all.flashAttention2Label == "Flash Attention 2: 最佳性能")
        #expect(!all.checksFlashAttn)
        let text = try #require(try Self.node("ComfyUI-QwenVL-TextGen"))
        #expect(text.flashAttention2Label == nil)
        #expect(text.labels.first { $0.label == "Flash Attention 2: 更快但兼容性较差" }?.attnImplementation == nil)
        #expect(try Self.node("ComfyUI-FlashCheck")?.checksFlashAttn == true)
        #expect(try Self.node("ComfyUI-Unrelated") == nil)
        // A node whose choices are transformers' own values.
        let plain = try #require(AttentionNodeReader.read(#"ATTN = ["eager", "sdpa", "flash_attention_2"]"#, package: "p", file: "f.py"))
        #expect(plain.flashAttention2Label == "flash_attention_2")
    }

    static let install = ComfyUIInstall(
        path: "/home/me/ComfyUI", python: "/home/me/ComfyUI/venv/bin/python", pythonSource: "running",
        running: .init(pid: 4242, port: 8188, python: "/home/me/ComfyUI/venv/bin/python"), nodes: [])

    @Test func saysWhatToChooseInTheUsersOwnNode() throws {
        let all = try #require(try Self.node("ComfyUI-QwenVL-ALL"))
        let chosen = ComfyUIAdvice.choice(Self.install, node: all, route: .source)
        #expect(chosen.en == "In ComfyUI at /home/me/ComfyUI (running as PID 4242 on port 8188, with /home/me/ComfyUI/venv/bin/python), choose \"Flash Attention 2: 最佳性能\" in the ComfyUI-QwenVL-ALL node (attn_implementation=\"flash_attention_2\").")
        #expect(chosen.zh.contains("请在 ComfyUI-QwenVL-ALL 节点中选择 \"Flash Attention 2: 最佳性能\""))
        let none = ComfyUIAdvice.choice(Self.install, node: all, route: nil)
        #expect(none.en.hasSuffix("FlashAttention-2 cannot run here, so choose \"SDPA: 平衡\" (sdpa) in the ComfyUI-QwenVL-ALL node."))
        // The hub kernel needs flash_attn absent; a node that checks for it itself cannot be served by it.
        let check = try #require(try Self.node("ComfyUI-FlashCheck"))
        let hub = ComfyUIAdvice.choice(Self.install, node: check, route: .kernels)
        #expect(hub.en.contains("checks for the flash_attn package itself"))
        #expect(hub.en.hasSuffix("choose \"SDPA\" (sdpa) in the ComfyUI-FlashCheck node."))
        let unmapped = ComfyUIAdvice.choice(Self.install, node: try #require(try Self.node("ComfyUI-QwenVL-TextGen")), route: .wheel)
        #expect(unmapped.en.contains("passes \"Flash Attention 2: 更快但兼容性较差\" to transformers unmapped"))
        #expect(unmapped.en.hasSuffix("choose \"Eager: 最佳兼容性\" (eager) in the ComfyUI-QwenVL-TextGen node."))
        #expect(ComfyUIAdvice.otherPython(Self.install, target: "/usr/bin/python3")?.en.contains("Run again with --python /home/me/ComfyUI/venv/bin/python") == true)
        #expect(ComfyUIAdvice.otherPython(Self.install, target: "/home/me/ComfyUI/venv/bin/python") == nil)
    }

    @Test func anEightGigabyteCardReadsWhichModelAndQuantizationFit() {
        let memory = ModelMemory.builtIn
        let fits = memory.fits(memoryMiB: 8192)
        #expect(fits.map { "\($0.model) \($0.quantization.name)" } == [
            "Qwen3-VL-2B-Instruct fp16", "Qwen3-VL-4B-Instruct 8-bit", "Qwen3-VL-8B-Instruct 4-bit",
            "Qwen2.5-VL-3B-Instruct 8-bit", "Qwen2.5-VL-7B-Instruct 4-bit",
        ])
        let advice = memory.advice(gpuName: "NVIDIA GeForce RTX 4060", memoryMiB: 8188)
        #expect(advice.en.contains("Qwen3-VL-4B-Instruct with \"8-bit\""))
        #expect(advice.zh.contains("Qwen3-VL-8B-Instruct 选 \"4-bit\""))
        #expect(memory.advice(gpuName: "GT 1030", memoryMiB: 2048).en.contains("even the smallest Qwen-VL model in 4-bit"))
    }

    /// A node that names its own models and quantization labels: the advice weighs those, by the node's labels,
    /// and no model it does not offer. A node that names none leaves the built-in list, said as such.
    @Test func theMemoryAdviceWeighsTheModelsAndLabelsTheNodeOffers() throws {
        let node = try #require(try Self.node("ComfyUI-Qwen25-VL"))
        #expect(node.models == ["Qwen2.5-VL-3B-Instruct", "Qwen2.5-VL-7B-Instruct"])
        #expect(node.quantizations == ["none", "8bit", "4bit"])
        let memory = ModelMemory.builtIn.offered(by: node)
        #expect(memory.fits(memoryMiB: 8192).map { "\($0.model) \($0.quantization.label)" } == [
            "Qwen2.5-VL-3B-Instruct 8bit", "Qwen2.5-VL-7B-Instruct 4bit",
        ])
        let advice = memory.advice(gpuName: "NVIDIA GeForce RTX 4060", memoryMiB: 8188)
        #expect(advice.en.contains("of the models ComfyUI-Qwen25-VL offers, these fit in the node's quantization choice: Qwen2.5-VL-3B-Instruct with \"8bit\""), "\(advice.en)")
        #expect(!advice.en.contains("Qwen3"), "only what the node offers: \(advice.en)")
        #expect(advice.zh.contains("在 ComfyUI-Qwen25-VL 提供的模型中"))
        // A model this tool has no size for is sized by its name.
        let other = AttentionNode(package: "X", file: "x.py", labels: [], checksFlashAttn: false, models: ["Qwen2-VL-72B-Instruct"], quantizations: ["4-bit"])
        #expect(ModelMemory.builtIn.offered(by: other).models == [ModelMemory.Model(name: "Qwen2-VL-72B-Instruct", billions: 72)])
        let unnamed = try #require(try Self.node("ComfyUI-QwenVL-ALL"))
        #expect(ModelMemory.builtIn.offered(by: unnamed).advice(gpuName: "G", memoryMiB: 8192).en.contains("of the Qwen-VL models this tool knows (no node here names its own)"))
    }

    /// A tree with checkouts where users keep them, one too deep to look for, and a symbolic-link loop.
    @Test func findsCheckoutsInTheUsualPlacesToABoundedDepthWithoutHanging() throws {
        let root = Fixtures.temporaryDirectory("comfy-tree")
        let home = root + "/home"
        try ComfyUIFixture.make(at: home + "/ComfyUI", nodes: ["ComfyUI-QwenVL-ALL"])
        try ComfyUIFixture.make(at: home + "/comfy/ComfyUI", nodes: [])
        try ComfyUIFixture.make(at: root + "/workspace/ComfyUI", nodes: ["ComfyUI-QwenVL-TextGen"])
        try ComfyUIFixture.make(at: root + "/opt/a/b/c/d/ComfyUI", nodes: [])  // five folders down: too deep
        try FileManager.default.createSymbolicLink(atPath: home + "/loop", withDestinationPath: home)
        var discovery = ComfyUIDiscovery(environment: ["HOME": home], currentDirectory: root)
        discovery.searchRoots = [home, home + "/comfy", root + "/opt", root + "/workspace"]
        discovery.procRoot = root + "/no-proc"
        let start = Date()
        let found = discovery.run()
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(found.map(\.path) == [home + "/ComfyUI", home + "/comfy/ComfyUI", root + "/workspace/ComfyUI"])
        #expect(found[0].nodes.map(\.package) == ["ComfyUI-QwenVL-ALL"])
        #expect(found.allSatisfy { $0.python == nil && $0.running == nil })
        // From inside a checkout, that checkout comes first.
        var inside = ComfyUIDiscovery(environment: ["HOME": home], currentDirectory: root + "/workspace/ComfyUI/custom_nodes")
        inside.searchRoots = []
        inside.procRoot = root + "/no-proc"
        #expect(inside.run().map(\.path) == [root + "/workspace/ComfyUI"])
    }

    /// The layouts real installs have beyond a git checkout: main.py beside custom_nodes without comfy/ (found
    /// running too), the portable build's ComfyUI/ beside python_embeded/, ComfyUI Desktop's base folder; and a
    /// folder named like one that is none, said with why.
    @Test func recognisesTheLayoutsRealInstallsHaveAndSaysWhyAFolderWasNotTaken() throws {
        let root = Fixtures.temporaryDirectory("comfy-layouts")
        let files = FileManager.default
        let python = try TestVenv.python(torch: .cu128)
        // main.py, venv and custom_nodes, no comfy/ package.
        try ComfyUIFixture.make(at: root + "/ComfyUI", nodes: ["ComfyUI-QwenVL-ALL"], venvFrom: python)
        try files.removeItem(atPath: root + "/ComfyUI/comfy")
        // The portable build: ComfyUI/ beside python_embeded/.
        try ComfyUIFixture.make(at: root + "/ComfyUI_portable/ComfyUI", nodes: [])
        try files.createDirectory(atPath: root + "/ComfyUI_portable/python_embeded/bin", withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: root + "/ComfyUI_portable/python_embeded/bin/python3", withDestinationPath: python)
        // ComfyUI Desktop's base folder.
        let desktop = root + "/Documents/ComfyUI"
        for folder in ["custom_nodes", "models", "user"] { try files.createDirectory(atPath: desktop + "/" + folder, withIntermediateDirectories: true) }
        let venv = ((python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        try files.createSymbolicLink(atPath: desktop + "/.venv", withDestinationPath: venv)
        // Named like one, and none.
        try files.createDirectory(atPath: root + "/ComfyUI-old", withIntermediateDirectories: true)
        _ = files.createFile(atPath: root + "/ComfyUI-old/main.py", contents: Data())

        let running = try ComfyUIFixture.Running(checkout: root + "/ComfyUI", python: root + "/ComfyUI/venv/bin/python", port: 8197)
        let survey = ComfyUIDiscovery(environment: ["HOME": root, "FLASH_ATTN_SETUP_COMFYUI_ROOTS": root], currentDirectory: "/").survey()
        let byPath = Dictionary(uniqueKeysWithValues: survey.installs.map { ($0.path, $0) })
        let trimmed = try #require(byPath[root + "/ComfyUI"])
        #expect(trimmed.running?.pid == Int(running.pid), "the running process beside it is found")
        #expect(trimmed.nodes.map(\.package) == ["ComfyUI-QwenVL-ALL"])
        let portable = try #require(byPath[root + "/ComfyUI_portable/ComfyUI"])
        #expect(portable.python == root + "/ComfyUI_portable/python_embeded/bin/python3" && portable.pythonSource == "portable")
        let base = try #require(byPath[desktop])
        #expect(base.python == desktop + "/.venv/bin/python" && base.pythonSource == "venv")
        #expect(byPath[root + "/ComfyUI-old"] == nil)
        let old = try #require(survey.notTaken.first { $0.path == root + "/ComfyUI-old" })
        #expect(old.reason.en == "it has main.py but neither the comfy/ package nor custom_nodes/ beside it")
        #expect(!old.reason.zh.isEmpty)
        #expect(!survey.notTaken.contains { byPath[$0.path] != nil }, "a folder taken is never also not taken")
        #expect(!survey.notTaken.contains { $0.path == root + "/ComfyUI_portable" }, "nor the folder that holds one: \(survey.notTaken)")
        withExtendedLifetime(running) {}
    }

    @Test func readsThePythonALaunchScriptNames() throws {
        let root = Fixtures.temporaryDirectory("comfy-launch")
        let python = try TestVenv.python(torch: nil)
        let venv = ((python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        try ComfyUIFixture.make(at: root + "/ComfyUI", nodes: [])
        try "#!/bin/bash\ncd \"$(dirname \"$0\")\"\nsource \(venv)/bin/activate\npython main.py --listen\n".write(
            toFile: root + "/ComfyUI/run.sh", atomically: true, encoding: .utf8)
        let (found, source) = ComfyUIDiscovery.python(of: root + "/ComfyUI", home: root)
        #expect(found == venv + "/bin/python")
        #expect(source == "launch-script")
    }

    @Test func aRunningComfyUIComesFirstWithItsPIDPortAndPython() throws {
        let root = Fixtures.temporaryDirectory("comfy-running")
        let python = try TestVenv.python(torch: .cu128)
        try ComfyUIFixture.make(at: root + "/ComfyUI", nodes: ["ComfyUI-QwenVL-ALL"], venvFrom: python)
        let running = try ComfyUIFixture.Running(checkout: root + "/ComfyUI", python: root + "/ComfyUI/venv/bin/python", port: 8199)
        // Only what this test made: a ComfyUI running elsewhere on the machine is outside the roots.
        let found = ComfyUIDiscovery(environment: ["HOME": root, "FLASH_ATTN_SETUP_COMFYUI_ROOTS": root], currentDirectory: "/").run()
        let install = try #require(found.first { $0.path == root + "/ComfyUI" })
        #expect(install.running == ComfyUIInstall.Running(pid: Int(running.pid), port: 8199, python: root + "/ComfyUI/venv/bin/python"))
        #expect(install.pythonSource == "running")
        #expect(install.transformers == nil)
        #expect(found.filter { $0.path == root + "/ComfyUI" }.count == 1)
        let candidates = PythonTarget.candidates(environment: ["HOME": root, "PATH": "/usr/bin"], currentDirectory: "/", comfyUI: found)
        #expect(candidates.first == PythonCandidate(
            kind: .comfyUIRunning, path: root + "/ComfyUI/venv/bin/python", comfyui: root + "/ComfyUI", pid: Int(running.pid)))
    }

    @Test func anInterpreterAnotherUserOwnsOrAnyoneCanChangeIsListedButNotRun() throws {
        let root = Fixtures.temporaryDirectory("ownership")
        let python = try TestVenv.python(torch: .cu128)
        try ComfyUIFixture.make(at: root + "/ComfyUI", nodes: [], venvFrom: python)
        let mine = root + "/ComfyUI/venv/bin/python"
        #expect(InterpreterOwnership.check(mine) == .runnable)
        // Root's files are anyone's to run (the system's python3); another user's are not (root can make one here).
        #expect(InterpreterOwnership.check("/usr/bin/python3", caller: 4242) == .runnable)
        if getuid() == 0 {
            let chown = try ChildProcess.run(["/bin/chown", "-h", "4242:4242", mine], environment: [:], timeout: 30)
            try #require(chown.exitCode == 0)
            guard case .refused(let why) = InterpreterOwnership.check(mine) else {
                Issue.record("root may not run another user's interpreter")
                return
            }
            #expect(why.en.contains("belongs to user 4242, not to the user running this tool"), "\(why.en)")
            #expect(why.zh.contains("只列出，不运行"))
            #expect(InterpreterOwnership.check(mine, caller: 4242) == .runnable)
            _ = try ChildProcess.run(["/bin/chown", "-h", "0:0", mine], environment: [:], timeout: 30)
        }
        // A folder anyone can write: whoever owns it, someone else could have put the interpreter there.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root + "/ComfyUI/venv/bin")
        guard case .refused(let writable) = InterpreterOwnership.check(mine) else {
            Issue.record("a world-writable bin/ is refused")
            return
        }
        #expect(writable.en.contains("can be changed by any user"))

        // The running ComfyUI whose Python is refused is listed with the reason and is not the default target.
        let install = ComfyUIInstall(
            path: root + "/ComfyUI", python: mine, pythonSource: "running",
            running: ComfyUIInstall.Running(pid: 1, port: nil, python: mine), nodes: [])
        let env = ["HOME": root, "PATH": "/usr/bin"]
        let target = PythonTarget.choose(explicit: nil, environment: env, runningComfyUI: [install])
        #expect(target.kind == .path)
        let candidates = PythonTarget.candidates(environment: env, currentDirectory: "/", comfyUI: [install])
        #expect(candidates.first?.path == mine)
        #expect(candidates.first?.refused?.en.contains("can be changed by any user") == true)
        #expect(PythonTarget.choose(explicit: mine, environment: env, runningComfyUI: [install]).kind == .argument)
    }
}
