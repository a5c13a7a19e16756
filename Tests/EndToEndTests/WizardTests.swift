import Foundation
import Testing
import TerminalUI
import TestSupport
@testable import SetupCore

#if canImport(Glibc)
import Glibc
#endif

/// The wizard driven as a person drives it: the built binary in tmux, keys sent, the screen read, against the
/// stand-in nvidia-smi, a real venv with the stand-in torch, and the wheel mirror on 127.0.0.1.
@Suite(.serialized) struct WizardTests {
    static let torch = TorchProfile(cudaAvailable: false, devices: [])
    static var wheelName: String {
        let tag = TestVenv.pythonTag
        return "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-\(tag)-\(tag)-linux_x86_64.whl"
    }

    struct Setup {
        var mirror: WheelMirror
        var python: String
        var state: String
        var environment: [String: String]
    }

    func setup(profile: String = "rtx4090", torch: TorchProfile = Self.torch, throttle: Int? = nil, language: String = "C.UTF-8") throws -> Setup {
        let mirror = try WheelMirror(wheels: [.init(Self.wheelName)], throttle: throttle)
        let python = try TestVenv.freshCopy(.init(torch: torch, withPip: true))
        let state = Fixtures.temporaryDirectory("state")
        var env = Fixtures.environment(profile: profile, extra: [
            "TERM": "xterm-256color", "LANG": language, "XDG_STATE_HOME": state,
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"),
        ])
        env.removeValue(forKey: "NO_COLOR")
        return Setup(mirror: mirror, python: python, state: state, environment: env)
    }

    func start(_ s: Setup, columns: Int = 100, rows: Int = 30) throws -> TmuxSession {
        try TmuxSession(
            [BuiltBinary.path, "--python", s.python, "--wheel-source", s.mirror.url], environment: s.environment,
            columns: columns, rows: rows)
    }

    /// Waits for the wizard to exit with `status`; then the pane shows the terminal's modes, which must be restored.
    func expectRestored(_ tmux: TmuxSession, status: Int) throws {
        let screen = try tmux.waitFor("icanon")
        #expect(screen.contains("EXIT=\(status)"))
        #expect(screen.contains("icanon echo") && !screen.contains("-icanon"), "\(screen)")
        #expect(try tmux.alternateScreenAndCursor() == (false, true))
    }


    /// Every line between the top and bottom borders is as wide as the pane and ends at the border.
    func expectAligned(_ screen: String, columns: Int) {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let framed = lines.filter { $0.hasPrefix("│") }
        #expect(framed.count > 10)
        for line in framed {
            #expect(CellWidth.of(String(line)) == columns, "misaligned: \(line)")
            #expect(line.hasSuffix("│"), "border lost: \(line)")
        }
    }

    @Test func aFullRunFromWelcomeToSummaryInstallsAndVerifies() throws {
        let s = try setup()
        let tmux = try start(s)
        try tmux.waitFor("Step 1 of 8: Welcome")
        try tmux.waitFor("Target Python  " + s.python)
        try tmux.send("Enter")
        let gpu = try tmux.waitFor("NVIDIA GeForce RTX 4090")
        #expect(gpu.contains("8.9"))
        #expect(gpu.contains("550.54.15 (CUDA up to 12.4)"))
        try tmux.send("Enter")
        try tmux.waitFor("Step 3 of 8: Compatibility")
        try tmux.send("Enter")
        try tmux.waitFor("Install into which Python?")
        try tmux.send("Enter")
        let method = try tmux.waitFor("[recommended]")
        #expect(method.contains("> ✓ Official prebuilt wheel  [recommended]"))
        #expect(method.contains("✓ SDPA: PyTorch's own attention"))
        try tmux.send("Enter")
        let plan = try tmux.waitFor("Press i to install by this plan.")
        #expect(plan.contains("--constraint"))
        expectAligned(plan, columns: 100)
        try tmux.send("i")
        let install = try tmux.waitFor("Installed. Press Enter to verify.", timeout: 120)
        #expect(install.contains("Successfully installed flash-attn-2.8.3"))
        try tmux.send("Enter")
        let verify = try tmux.waitFor("Verified.", timeout: 120)
        #expect(verify.contains("extension"))
        try tmux.send("Enter")
        let summary = try tmux.waitFor("In the Qwen-VL node choose:")
        #expect(summary.contains("flash-attn - -> 2.8.3"))
        #expect(summary.contains("Official prebuilt wheel"))
        #expect(summary.contains("2.8.0+cu128, unchanged"))
        try tmux.send("Enter")
        try tmux.waitFor("Quit flash-attn-setup?")
        try tmux.send("y")
        try tmux.waitFor("EXIT=0")
        #expect(try TestVenv.installed(s.python, "flash-attn") == "2.8.3")
        #expect(try tmux.alternateScreenAndCursor() == (false, true))
    }

    @Test func escGoesBackAndChineseFitsTheBoxes() throws {
        let s = try setup(language: "zh_CN.UTF-8")
        let tmux = try start(s, columns: 80, rows: 24)
        try tmux.waitFor("第 1 步，共 8 步")
        try tmux.send("Enter")
        try tmux.waitFor("NVIDIA GeForce RTX 4090")
        try tmux.send("Enter")
        let compatibility = try tmux.waitFor("兼容性")
        expectAligned(compatibility, columns: 80)
        try tmux.send("Escape")
        try tmux.waitFor("第 2 步，共 8 步：GPU 检测")
        try tmux.send("q")
        try tmux.waitFor("退出 flash-attn-setup？")
        try tmux.send("y")
        // Quitting before an install exits as `check` would: torch here sees no GPU, so the verdict is limited.
        try tmux.waitFor("EXIT=1")
    }

    /// Welcome, GPU, Compatibility, then straight to the Summary's fallback; quits there (status 1, as `check`).
    /// `reason` is waited for too: under load the verdict line can be drawn before the reasons below it.
    func walkToFallback(profile: String, gpu: String, verdict: String, reason: String? = nil) throws -> (compatibility: String, summary: String) {
        let s = try setup(profile: profile)
        let tmux = try start(s)
        try tmux.send("Enter")
        try tmux.waitFor(gpu)
        try tmux.send("Enter")
        var compatibility = try tmux.waitFor(verdict)
        if let reason { compatibility = try tmux.waitFor(reason) }
        try tmux.send("Enter")
        let summary = try tmux.waitFor("In the Qwen-VL node choose:")
        try tmux.quit(expectingExit: "1")
        return (compatibility, summary)
    }

    @Test func aTuringGPUEndsAtTheFallbackAdvice() throws {
        let (compatibility, summary) = try walkToFallback(profile: "t4", gpu: "Tesla T4", verdict: "LIMITED", reason: "refuse it at run time")
        #expect(compatibility.contains("refuse it at run time"))
        #expect(summary.contains("\"SDPA\""))
        #expect(summary.contains("flash-attn  not installed"))
    }

    @Test func noGPUSaysWhyAndOffersTheFallback() throws {
        let (compatibility, summary) = try walkToFallback(
            profile: "driver-not-loaded", gpu: "No NVIDIA GPU was found.", verdict: "UNSUPPORTED")
        #expect(compatibility.contains("could not talk to the NVIDIA driver"))
        #expect(summary.contains("\"SDPA\""))
    }

    /// Through the plan to a slow download (the mirror throttled), then `action` during the install.
    func startSlowInstall(columns: Int = 100, rows: Int = 30) throws -> (Setup, TmuxSession) {
        let s = try setup(throttle: 150)
        let tmux = try start(s, columns: columns, rows: rows)
        try tmux.send("Enter")
        try tmux.waitFor("NVIDIA GeForce RTX 4090")
        for expected in ["Step 3 of 8", "Install into which Python?", "[recommended]", "Press i to install by this plan."] {
            try tmux.send("Enter")
            try tmux.waitFor(expected)
        }
        try tmux.send("i")
        try tmux.waitFor("Downloading [")
        return (s, tmux)
    }

    @Test func cancellingDuringTheInstallAsksThenStops() throws {
        let (s, tmux) = try startSlowInstall()
        try tmux.send("c")
        try tmux.waitFor("Cancel the install?")
        try tmux.send("y")
        try tmux.waitFor("Cancelled; no process of it is left running.", timeout: 30)
        #expect(try TestVenv.installed(s.python, "flash-attn") == nil)
        try tmux.quit(expectingExit: "130")
    }

    @Test func quittingDuringTheInstallStopsItWithTheScreenAlive() throws {
        let (s, tmux) = try startSlowInstall()
        try tmux.send("q")
        try tmux.waitFor("Quit? The install running now")
        try tmux.send("y")
        try tmux.waitFor("EXIT=130", timeout: 30)
        #expect(try TestVenv.installed(s.python, "flash-attn") == nil)
        #expect(try tmux.alternateScreenAndCursor() == (false, true))
    }

    /// Today's default environment: torch 2.15 + CUDA 13.2, transformers 5.24.0 (or another), the index's kernels 0.17.2.
    func startOnTorch215(
        language: String, transformers: String = "5.24.0", torch: TorchProfile = .cu132SeesGPU, columns: Int = 100, rows: Int = 30
    ) throws -> (Setup, TmuxSession) {
        var s = try setup(profile: "rtx4090-cuda13", language: language)
        s.python = try TestVenv.freshCopy(.init(torch: torch, withPip: true, transformers: transformers))
        s.environment["FAKE_KERNELS_HUB"] = StandInPackages.hub
        s.environment["PIP_FIND_LINKS"] = try StandInPackages.findLinks()
        s.environment["HF_ENDPOINT"] = s.mirror.url  // any answer on 127.0.0.1 is the hub answering
        let tmux = try start(s, columns: columns, rows: rows)
        try tmux.send("Enter")
        try tmux.waitFor("NVIDIA GeForce RTX 4090")
        try tmux.send("Enter")
        try tmux.waitFor(language.hasPrefix("zh") ? "第 3 步" : "Step 3 of 8")
        try tmux.send("Enter")
        try tmux.waitFor("/bin/python")
        try tmux.send("Enter")
        return (s, tmux)
    }

    @Test func theMethodScreenListsEveryRouteOnTorch215AndPlansTheTransformersChangeOnlyOnItsKey() throws {
        let (s, tmux) = try startOnTorch215(language: "C.UTF-8")
        try tmux.waitFor("[recommended]")
        // The screen's last line of detail: a capture taken while the list is still being drawn has only its top.
        let method = try tmux.waitFor("cuda-toolkit[nvcc]==13.2.2")
        expectAligned(method, columns: 100)
        #expect(method.contains("> ! Build from source, tuned for this machine  [recommended]"))
        #expect(method.contains("✗ Hub kernel through transformers (no compile)  (cannot)"))
        #expect(method.contains("✓ SDPA: PyTorch's own attention"))
        #expect(method.contains("No release compiles against torch 2.15.0"))
        #expect(method.contains("cuda-toolkit[nvcc]==13.2.2"))
        // Down to the hub kernel: why it cannot, and the key that plans the change.
        for _ in 0..<3 { try tmux.send("Down") }
        let kernels = try tmux.waitFor("Press t to plan transformers 5.24.0 -> 5.22.2")
        #expect(kernels.contains("> ✗ Hub kernel"))
        #expect(kernels.contains("serves kernels up to 0.17.2 only"))
        #expect(kernels.contains("t change transformers"))
        try tmux.send("t")
        // Waits for the weighed-again list (the old one is on the screen until then).
        let replanned = try tmux.waitFor("! Hub kernel through transformers (no compile)  (0.5-3 min)")
        // The change needs its own yes; it is planned, never recommended.
        #expect(replanned.contains("[recommended]"))
        #expect(replanned.contains("> ! Build from source"))
        try tmux.send("Down")
        try tmux.waitFor("> ! Hub kernel")
        try tmux.send("Enter")
        let plan = try tmux.waitFor("Press i to install by this plan.")
        #expect(plan.contains("Change transformers 5.24.0 -> 5.22.2 and install kernels 0.17.2"))
        try tmux.quit()
        withExtendedLifetime(s) {}
    }

    @Test func theHubKernelRouteInstallsVerifiesAndTheSummaryNamesWhatRuns() throws {
        // torch that sees no GPU, so verification proves what it can and says the rest was skipped.
        let (s, tmux) = try startOnTorch215(language: "C.UTF-8", transformers: "5.22.2", torch: .cu132)
        let method = try tmux.waitFor("[recommended]")
        #expect(method.contains("> ! Hub kernel through transformers (no compile)  [recommended]"))
        try tmux.send("Enter")
        let plan = try tmux.waitFor("Press i to install by this plan.")
        #expect(plan.contains("Install kernels 0.17.2"))
        try tmux.send("i")
        let install = try tmux.waitFor("Installed. Press Enter to verify.", timeout: 120)
        #expect(install.contains("kernel variant ready"))
        try tmux.send("Enter")
        let verify = try tmux.waitFor("Verified.", timeout: 120)
        #expect(verify.contains("kernel-load"))
        try tmux.send("Enter")
        let summary = try tmux.waitFor("In the Qwen-VL node choose:")
        #expect(summary.contains("Hub kernel through transformers (no compile)"))
        #expect(summary.contains("kernels - -> 0.17.2"))
        #expect(summary.contains("The hub kernel kernels-community/flash-attn2 v4 loads, but no GPU was there"))
        #expect(summary.contains("torch     2.15.0+cu132, unchanged") || summary.contains("2.15.0+cu132, unchanged"))
        try tmux.quit()
        withExtendedLifetime(s) {}
    }

    @Test func theMethodScreenInChineseAtTheSmallestSize() throws {
        let (s, tmux) = try startOnTorch215(language: "zh_CN.UTF-8", columns: 80, rows: 24)
        let method = try tmux.waitFor("【推荐】")
        expectAligned(method, columns: 80)
        #expect(method.contains("如何在这里用上 FlashAttention？"))
        #expect(method.contains("针对本机优化的源码构建  【推荐】"))
        #expect(method.contains("（不可行）"))
        #expect(method.contains("没有任何发布版本能针对 torch 2.15.0 编译"))
        for _ in 0..<3 { try tmux.send("Down") }
        let kernels = try tmux.waitFor("按 t 制定")
        expectAligned(kernels, columns: 80)
        // SDPA needs nothing: Enter on it goes to the summary with what to choose.
        try tmux.send("Up")
        try tmux.send("Up")
        try tmux.send("Up")
        try tmux.send("Up")
        let sdpa = try tmux.waitFor("> ✓ SDPA")
        #expect(sdpa.contains("> ✓ SDPA"))
        try tmux.send("Enter")
        let summary = try tmux.waitFor("在 Qwen-VL 节点中选择：")
        #expect(summary.contains("\"SDPA\""))
        try tmux.quit()
        withExtendedLifetime(s) {}
    }

    @Test func resizingDuringTheInstallRedrawsAligned() throws {
        let (s, tmux) = try startSlowInstall()
        try tmux.resize(columns: 120, rows: 40)
        Thread.sleep(forTimeInterval: 0.5)
        expectAligned(try tmux.waitFor("Step 7 of 8: Install"), columns: 120)
        try tmux.resize(columns: 70, rows: 20)
        try tmux.waitFor("Please enlarge the terminal to at least 80x24")
        try tmux.resize(columns: 80, rows: 24)
        Thread.sleep(forTimeInterval: 0.5)
        expectAligned(try tmux.waitFor("Step 7 of 8: Install"), columns: 80)
        try tmux.send("c")
        try tmux.send("y")
        try tmux.waitFor("Cancelled", timeout: 30)
        withExtendedLifetime(s) {}  // the mirror must serve until the end
    }

    @Test func quittingWhileAProbeRunsLeavesNothingRunning() throws {
        // An interpreter whose describing itself never ends, marked so that it can be looked for afterwards.
        let marker = "probe-marker-\(UUID().uuidString.prefix(8))"
        let python = Fixtures.temporaryDirectory("hanging") + "/python"
        try "#!/bin/sh\nexec /usr/bin/python3 -c 'import time; time.sleep(3600)' \(marker)\n".write(toFile: python, atomically: true, encoding: .utf8)
        _ = chmod(python, 0o755)
        let s = try setup()
        let tmux = try TmuxSession([BuiltBinary.path, "--python", python], environment: s.environment)
        try tmux.waitFor("Step 1 of 8: Welcome")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try ChildProcess.run(["/usr/bin/pgrep", "-f", marker], environment: Fixtures.environment(), timeout: 10).stdoutText != "")
        try tmux.quit()
        Thread.sleep(forTimeInterval: 0.3)
        let left = try ChildProcess.run(["/usr/bin/pgrep", "-f", marker], environment: Fixtures.environment(), timeout: 10)
        #expect(left.stdoutText == "", "left running: \(left.stdoutText ?? "")")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let s = try setup()
        let tmux = try start(s)
        try tmux.waitFor("Step 1 of 8: Welcome")
        let pid = try #require(try wizardPID(s.python))
        kill(pid, SIGTERM)
        try expectRestored(tmux, status: 143)
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let s = try setup()
        let tmux = try start(s)
        try tmux.waitFor("Step 1 of 8: Welcome")
        try tmux.send("C-c")
        try expectRestored(tmux, status: 130)
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        var s = try setup()
        // Without Swift's interactive backtracer, which would wait for a key after the crash.
        s.environment["SWIFT_BACKTRACE"] = "enable=no"
        let tmux = try start(s)
        try tmux.waitFor("Step 1 of 8: Welcome")
        let pid = try #require(try wizardPID(s.python))
        kill(pid, SIGSEGV)
        try expectRestored(tmux, status: 139)
    }

    @Test func sighupDuringTheInstallLetsItFinishIntoTheLog() throws {
        let (s, tmux) = try startSlowInstall()
        let pid = try #require(try wizardPID(s.python))
        kill(pid, SIGHUP)
        // The wizard goes on without a screen until the install ends, then exits.
        let deadline = Date().addingTimeInterval(120)
        while kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        #expect(kill(pid, 0) != 0, "the wizard is still running")
        #expect(try TestVenv.installed(s.python, "flash-attn") == "2.8.3")
        let logs = s.state + "/flash-attn-setup/logs"
        let log = try #require(try FileManager.default.contentsOfDirectory(atPath: logs).first { $0.hasSuffix(".log") })
        #expect(try String(contentsOfFile: logs + "/" + log, encoding: .utf8).contains("result: succeeded"))
        try expectRestored(tmux, status: 0)
        // The next launch says what became of it.
        let again = try start(s)
        let welcome = try again.waitFor("An install that lost its terminal has ended: succeeded.")
        #expect(welcome.contains(logs + "/" + log) || welcome.contains("Its log:"))
        withExtendedLifetime(tmux) {}
    }

    @Test func termDumbPrintsThePlainCheck() throws {
        let s = try setup()
        var env = s.environment
        env["TERM"] = "dumb"
        let tmux = try TmuxSession([BuiltBinary.path, "--python", s.python], environment: env)
        let screen = try tmux.waitFor("EXIT=")
        #expect(screen.contains("cannot move the cursor"))
        #expect(screen.contains("FlashAttention-2 here:"))
        #expect(screen.contains("flash-attn-setup check [--json]"))
    }

    /// The wizard's own pid: the process whose argv starts with the binary and this test's Python.
    func wizardPID(_ python: String) throws -> pid_t? {
        let outcome = try ChildProcess.run(
            ["/usr/bin/pgrep", "-f", "^\(BuiltBinary.path) --python \(python)"], environment: Fixtures.environment(), timeout: 10)
        return outcome.stdoutText?.split(separator: "\n").first.flatMap { pid_t($0) }
    }
}

extension WizardTests {
    /// A download that cannot reach its host (the wheel's files host is behind a proxy that refuses): the Install
    /// step says the whole sentence where it failed, the log pane shows the log, the Summary says what failed and
    /// that FlashAttention-2 still can run, and the exit status is 1. In both languages, at 80x24.
    @Test(arguments: [
        ("C.UTF-8", ["Step 1 failed: Could not reach files.example through the", "No step after step 1 ran.",
                     "download failed: Could not reach files.example", "FlashAttention-2 can still run here"]),
        ("zh_CN.UTF-8", ["第 1 步失败：无法经由代理 127.0.0.1:9 连接 files.example", "第 1 步之后的步骤都没有运行。",
                         "download failed: Could not reach files.example", "FlashAttention-2 仍然可以在这里运行"]),
    ])
    func aFailedDownloadIsExplainedWhereItHappenedAndTheSummarySaysWhatStillWorks(language: String, words: [String]) throws {
        var s = try setup(torch: TorchProfile(cudaAvailable: true, devices: ["8.9"]), language: language)
        let listing = s.mirror.root + "/releases.json"
        try (try String(contentsOfFile: listing, encoding: .utf8)).replacingOccurrences(of: s.mirror.url, with: "http://files.example")
            .write(toFile: listing, atomically: true, encoding: .utf8)
        s.environment["HTTP_PROXY"] = "http://127.0.0.1:9"
        s.environment["NO_PROXY"] = "127.0.0.1"
        let tmux = try start(s, columns: 80, rows: 24)
        for _ in 0..<4 {
            try tmux.send("Enter")
            Thread.sleep(forTimeInterval: 0.3)
        }
        try tmux.waitFor(language == "C.UTF-8" ? "[recommended]" : "【推荐】")
        try tmux.send("Enter")
        try tmux.waitFor(language == "C.UTF-8" ? "Press i to install" : "按 i 按此计划安装")
        try tmux.send("i")
        var install = try tmux.waitFor(words[1], timeout: 60)
        install = try tmux.waitFor(words[0])
        expectAligned(install, columns: 80)
        try tmux.send("l")
        let log = try tmux.waitFor(words[2])
        #expect(log.contains("=== step 1:"), "\(log)")
        try tmux.send("l")
        try tmux.send("Enter")
        let summary = try tmux.waitFor(words[3])
        expectAligned(summary, columns: 80)
        #expect(try TestVenv.installed(s.python, "flash-attn") == nil)
        try tmux.quit(expectingExit: "1")
    }

    /// A Python without torch: no route is marked recommended (not even SDPA, which cannot run either), the screen
    /// says what to do first, and Enter on SDPA stays there instead of advising it.
    @Test(arguments: [
        ("C.UTF-8", "Nothing can run here yet, not even SDPA.", "(cannot)", "[recommended]"),
        ("zh_CN.UTF-8", "这里目前什么都无法运行，连 SDPA 也不行。", "（不可行）", "【推荐】"),
    ])
    func withoutTorchNoRouteIsRecommendedAndTheScreenSaysWhatToDoFirst(language: String, first: String, cannot: String, mark: String) throws {
        var s = try setup(language: language)
        s.python = try TestVenv.freshCopy(.init(torch: nil, withPip: true))
        let tmux = try start(s, columns: 80, rows: 24)
        try tmux.send("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.send("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.send("Enter")
        // The Python step: no torch here is a problem of this Python; Enter keeps it.
        try tmux.waitFor(s.python)
        try tmux.send("Enter")
        let method = try tmux.waitFor(first)
        expectAligned(method, columns: 80)
        #expect(!method.contains(mark), "\(method)")
        for _ in 0..<6 { try tmux.send("Down") }
        let onSDPA = try tmux.waitFor("> ✗ SDPA")
        #expect(onSDPA.contains(cannot))
        try tmux.send("Enter")
        Thread.sleep(forTimeInterval: 0.5)
        let after = try tmux.screen()
        #expect(after.contains(first) && after.contains("> ✗ SDPA"), "Enter stays on the Method screen: \(after)")
        try tmux.quit(expectingExit: "1")
    }
}
