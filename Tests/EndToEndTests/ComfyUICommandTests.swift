import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import SetupCore

/// detect, check and the wizard with a ComfyUI on the machine, as its users have it: a checkout under HOME with
/// the Qwen-VL nodes and a venv of its own, running.
@Suite(.serialized) struct ComfyUICommandTests {
    struct Machine {
        var home: String
        var checkout: String
        var python: String
        var running: ComfyUIFixture.Running
        var environment: [String: String]
    }

    func machine() throws -> Machine {
        let home = Fixtures.temporaryDirectory("comfy-home")
        let checkout = home + "/ComfyUI"
        try ComfyUIFixture.make(
            at: checkout, nodes: ["ComfyUI-QwenVL-ALL", "ComfyUI-QwenVL-TextGen"],
            venvFrom: try TestVenv.python(.init(torch: .cu132SeesGPU, withPip: true, transformers: "5.24.0")))
        let python = checkout + "/venv/bin/python"
        let running = try ComfyUIFixture.Running(checkout: checkout, python: python, port: 8199)
        var env = Fixtures.environment(profile: "rtx4090-cuda13", extra: [
            "HOME": home, "FLASH_ATTN_SETUP_COMFYUI_ROOTS": home, "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"),
            "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"), "PIP_FIND_LINKS": try StandInPackages.findLinks(),
            "HF_ENDPOINT": "http://127.0.0.1:9",
        ])
        env["PWD"] = "/"
        return Machine(home: home, checkout: checkout, python: python, running: running, environment: env)
    }

    @Test func detectListsTheRunningComfyUIFirstWithItsPIDAndNodes() throws {
        let m = try machine()
        let result = try InProcess.run(["detect", "--json", "--python", "/usr/bin/python3"], environment: m.environment)
        let json = try result.json()
        let candidates = try #require(json["pythonCandidates"] as? [[String: Any]])
        #expect(candidates.first?["kind"] as? String == "comfyui-running")
        #expect(candidates.first?["path"] as? String == m.python)
        #expect(candidates.first?["comfyui"] as? String == m.checkout)
        #expect(candidates.first?["pid"] as? Int == Int(m.running.pid))
        let comfy = try #require((json["comfyUI"] as? [[String: Any]])?.first)
        #expect((comfy["running"] as? [String: Any])?["port"] as? Int == 8199)
        #expect(comfy["transformers"] as? String == "5.24.0")
        #expect((comfy["nodes"] as? [[String: Any]])?.map { $0["package"] as? String } == ["ComfyUI-QwenVL-ALL", "ComfyUI-QwenVL-TextGen"])
        let text = try InProcess.run(["detect", "--python", m.python], environment: m.environment)
        #expect(text.stdout.contains("ComfyUI       \(m.checkout), running as PID \(m.running.pid), \(m.python), ComfyUI-QwenVL-ALL, ComfyUI-QwenVL-TextGen"))
    }

    @Test func checkSaysWhichPythonComfyUIRunsAndWhatToChooseInItsNodes() throws {
        let m = try machine()
        // The most common mistake: checking (and installing into) another Python.
        let other = try InProcess.run(["check", "--python", try TestVenv.python(torch: .cu128)], environment: m.environment)
        #expect(other.stdout.contains("ComfyUI at \(m.checkout) runs \(m.python), not"))
        #expect(other.stdout.contains("Run again with --python \(m.python)."))
        let own = try InProcess.run(["check", "--json", "--python", m.python], environment: m.environment).json()
        let installs: [[String: Any]] = own["comfyUI"] as? [[String: Any]] ?? []
        let mine: [String: Any]? = installs.first { (install: [String: Any]) -> Bool in install["path"] as? String == m.checkout }
        let comfy = try #require(mine)
        #expect(comfy["otherPython"] is NSNull)
        let advice = try #require(comfy["advice"] as? [String])
        try #require(advice.count >= 2, "\(advice)")
        // flash_attn is not installed and no fallback is ready: never "Flash Attention 2" before it works.
        let route = (own["routes"] as? [String: Any])?["recommended"] as? String
        #expect(advice[0].hasPrefix("In ComfyUI at \(m.checkout) (running as PID \(m.running.pid) on port 8199, with \(m.python)), FlashAttention-2 is not working in it yet, so for now choose \"SDPA: 平衡\" (sdpa) in the ComfyUI-QwenVL-ALL node."), "\(advice[0])")
        #expect(advice[0].contains("After `flash-attn-setup install` (") && advice[0].hasSuffix("and a restart of ComfyUI, choose \"Flash Attention 2: 最佳性能\"."), "\(advice[0]), route \(route ?? "?")")
        #expect(advice[1].contains("passes \"Flash Attention 2: 更快但兼容性较差\" to transformers unmapped"))
        let zh = try InProcess.run(["check", "--lang", "zh", "--python", m.python], environment: m.environment)
        #expect(zh.stdout.contains("FlashAttention-2 目前还不能用，因此现在请在 ComfyUI-QwenVL-ALL 节点中选择 \"SDPA: 平衡\"（sdpa）。"), "\(zh.stdout)")
        #expect(zh.stdout.contains("之后，再选择 \"Flash Attention 2: 最佳性能\"。"))
        #expect(zh.stdout.contains("NVIDIA GeForce RTX 4090 有 24 GB"))
    }

    /// root's detect and check with no --python find another user's running ComfyUI, list its Python with the
    /// reason, and never run it: a .pth file that user planted in the venv would have written a marker.
    @Test(.enabled(if: getuid() == 0, "needs root: the case is root finding another user's ComfyUI"))
    func rootListsButNeverRunsAnotherUsersComfyUIPython() throws {
        let home = Fixtures.temporaryDirectory("comfy-other-user")
        let checkout = home + "/ComfyUI"
        try ComfyUIFixture.make(
            at: checkout, nodes: ["ComfyUI-QwenVL-ALL"],
            venvFrom: try TestVenv.python(.init(torch: .cu132SeesGPU, withPip: true, transformers: "5.24.0")))
        let python = checkout + "/venv/bin/python"
        let marker = Fixtures.temporaryDirectory("marker") + "/ran-as-root"
        let lib = checkout + "/venv/lib"
        let site = try #require(try FileManager.default.contentsOfDirectory(atPath: lib).first { $0.hasPrefix("python3") })
        // A .pth line that starts with "import" runs at every start of that interpreter.
        try "import os; os.getuid() == 0 and open(\(String(reflecting: marker)), 'w').write('ran')\n"
            .write(toFile: "\(lib)/\(site)/site-packages/planted.pth", atomically: true, encoding: .utf8)
        let nobody: uid_t = 65534
        let chown = try ChildProcess.run(["/bin/chown", "-R", "-h", "\(nobody):\(nobody)", home], environment: [:], timeout: 60)
        try #require(chown.exitCode == 0, "\(chown.stderrText)")
        let running = try ComfyUIFixture.Running(checkout: checkout, python: python, port: 8197, user: nobody)
        let env = Fixtures.environment(profile: "rtx4090-cuda13", extra: [
            "HOME": Fixtures.temporaryDirectory("root-home"), "FLASH_ATTN_SETUP_COMFYUI_ROOTS": home,
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
            "HF_ENDPOINT": "http://127.0.0.1:9",
        ])
        let detect = try InProcess.run(["detect", "--json"], environment: env).json()
        let candidates = try #require(detect["pythonCandidates"] as? [[String: Any]])
        let listed = try #require(candidates.first { $0["path"] as? String == python }, "\(candidates)")
        #expect(listed["pid"] as? Int == Int(running.pid))
        let refused = try #require(listed["refused"] as? String)
        #expect(refused.contains("belongs to nobody (uid 65534), not to the user running this tool"), "\(refused)")
        #expect((detect["python"] as? [String: Any])?["executable"] as? String != python)
        _ = try InProcess.run(["check"], environment: env)
        #expect(!FileManager.default.fileExists(atPath: marker), "root ran the other user's interpreter")
        // Named with --python, it is what the user asked for.
        _ = try InProcess.run(["detect", "--json", "--python", python], environment: env)
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func theWizardOffersTheRunningComfyUIFirst() throws {
        let m = try machine()
        var env = m.environment
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "NO_COLOR")
        let tmux = try TmuxSession([BuiltBinary.path], environment: env, columns: 120, rows: 30)
        try tmux.waitFor("Step 1 of 8: Welcome")
        for expected in ["NVIDIA GeForce RTX 4090", "Step 3 of 8", "Install into which Python?"] {
            try tmux.send("Enter")
            try tmux.waitFor(expected)
        }
        // Without --python, the running ComfyUI's Python is the target, first in the list and chosen.
        let screen = try tmux.waitFor("> \(m.python)  (ComfyUI, running)")
        // The line below the list wraps where the paths are long: its words are checked, not its breaks.
        let words = screen.replacingOccurrences(of: "│", with: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("running as PID \(m.running.pid) on port 8199"))
        #expect(words.contains("nodes: ComfyUI-QwenVL-ALL, ComfyUI-QwenVL-TextGen"))
        #expect(words.contains("torch 2.15.0+cu132"))
        try tmux.quit()
    }
}
