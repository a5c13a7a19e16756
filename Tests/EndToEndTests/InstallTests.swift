import Foundation
import Synchronization
import Testing
import TestSupport
@testable import SetupCore

#if canImport(Glibc)
import Glibc
#endif

/// plan, install, verify run as a user runs them: the built binary, real pip, real venvs with the stand-in torch,
/// and release-named test wheels served by the mirror on 127.0.0.1.
@Suite struct InstallTests {
    static var tag: String { TestVenv.pythonTag }
    static func name(_ version: String = "2.8.3", torch: String = "2.8", abi: String = "TRUE", py: String? = nil) -> String {
        let p = py ?? tag
        return "flash_attn-\(version)+cu12torch\(torch)cxx11abi\(abi)-\(p)-\(p)-linux_x86_64.whl"
    }
    /// torch without a GPU to see: the GPU checks are skipped, everything else runs for real.
    static let torch = TorchProfile(cudaAvailable: false, devices: [])
    static let venv = TestVenv.Configuration(torch: torch, withPip: true)

    func run(_ arguments: [String], python: String, extra: [String: String] = [:]) throws -> BuiltBinary.Run {
        var env = Fixtures.environment(profile: "rtx4090", extra: extra)
        env["XDG_CACHE_HOME"] = Fixtures.temporaryDirectory("cache")
        env["XDG_STATE_HOME"] = Fixtures.temporaryDirectory("state")
        return try InProcess.run(arguments + ["--python", python], environment: env)
    }


    @Test func planPicksTheExactWheelAndExplainsTheDecoys() throws {
        let mirror = try WheelMirror(wheels: [
            .init(Self.name()), .init(Self.name(abi: "FALSE")), .init(Self.name(torch: "2.7")),
            .init(Self.name(py: Self.tag == "cp312" ? "cp311" : "cp312")), .init(Self.name("2.8.3.post1", torch: "2.7")),
        ])
        let python = try TestVenv.python(Self.venv)
        let result = try run(["plan", "--json", "--wheel-source", mirror.url], python: python)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try result.json()
        let wheel = try #require(json["wheel"] as? [String: Any])
        #expect(wheel["filename"] as? String == Self.name())
        #expect(wheel["flashAttnVersion"] as? String == "2.8.3")
        #expect((wheel["sha256"] as? String)?.count == 64)
        let resolution = try #require(json["resolution"] as? [String: Any])
        let misses = try #require(resolution["nearMisses"] as? [[String: String]])
        #expect(misses.map { $0["version"] } == ["2.8.3.post1"])
        #expect(misses.first?["reason"] == "2.8.3.post1 has no wheel for torch 2.8 (it has torch 2.7).")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 2)
        #expect(((steps[0]["fetch"] as? [String: Any])?["from"] as? String)?.hasPrefix(mirror.url + "/v2.8.3/") == true)
        let argv = try #require(steps[1]["argv"] as? [String])
        #expect(Array(argv.prefix(5)) == [python, "-m", "pip", "install", "--constraint"])
        #expect(argv.last?.hasSuffix("/flash_attn-2.8.3-\(Self.tag)-\(Self.tag)-linux_x86_64.whl") == true)
        #expect((json["constraints"] as? [String: String])?["content"] == "torch==2.8.0+cu128\n")
    }

    @Test func installsFromTheMirrorKeepsTorchAndVerifies() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name()), .init(Self.name(abi: "FALSE"))])
        let python = try TestVenv.freshCopy(Self.venv)
        let logFile = Fixtures.temporaryDirectory("log") + "/install.log"
        let result = try run(["install", "--yes", "--wheel-source", mirror.url, "--log", logFile], python: python)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Log: \(logFile)"))
        #expect(result.stdout.contains("✓ Installed."))
        #expect(result.stdout.contains("flash-attn - -> 2.8.3"))
        #expect(result.stdout.contains("torch is unchanged (2.8.0+cu128)."))
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.3")
        #expect(try TestVenv.installed(python, "torch") == "2.8.0+cu128")
        let log = try String(contentsOfFile: logFile, encoding: .utf8)
        #expect(log.contains("=== argv \(python) -m pip install --constraint"))
        #expect(log.contains("sha256"))
        #expect(log.contains("Successfully installed flash-attn-2.8.3"))
        #expect(log.contains("result: succeeded"))
        #expect(FileManager.default.fileExists(atPath: logFile + ".before.json"))
        #expect(FileManager.default.fileExists(atPath: logFile + ".after.json"))
        #expect(!FileManager.default.fileExists(atPath: logFile + ".running"))

        let verify = try run(["verify", "--json"], python: python)
        #expect(verify.status == 0, "\(verify.stdout)")
        let json = try verify.json()
        #expect(json["ok"] as? Bool == true)
        #expect(json["flashAttn"] as? String == "2.8.3")
        let checks = try #require(json["checks"] as? [[String: String]])
        #expect(checks.map { $0["name"]! } == ["metadata", "import", "extension", "gpu-numeric", "gpu-speed", "transformers", "transformers-model"])
        #expect(checks.map { $0["status"]! } == ["ok", "ok", "ok", "skipped", "skipped", "skipped", "skipped"])
        #expect((json["advice"] as? String)?.contains("no GPU was there to prove it") == true)
    }

    @Test func aWheelThatWantsAnotherTorchFailsAndLeavesTorchAsItWas() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name(), requires: ["torch>=9"])])
        let python = try TestVenv.freshCopy(Self.venv)
        let result = try run(["install", "--yes", "--wheel-source", mirror.url], python: python)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[torch-pin-conflict]"))
        #expect(result.stdout.contains("torch is unchanged (2.8.0+cu128)."))
        #expect(try TestVenv.installed(python, "torch") == "2.8.0+cu128")
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
    }

    @Test func aBrokenExtensionIsDiagnosedByVerify() throws {
        let symbol = "undefined symbol: _ZN3c105ErrorC2ENS_14SourceLocationENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"
        let mirror = try WheelMirror(wheels: [.init(Self.name(), brokenExtension: "/venv/flash_attn_2_cuda.so: " + symbol)])
        let python = try TestVenv.freshCopy(Self.venv)
        #expect(try run(["install", "--yes", "--wheel-source", mirror.url], python: python).status == 0)
        let verify = try run(["verify", "--json"], python: python)
        #expect(verify.status == 1)
        let json = try verify.json()
        #expect(json["ok"] as? Bool == false)
        let checks = try #require(json["checks"] as? [[String: String]])
        #expect(checks.first { $0["name"] == "extension" }?["status"] == "failed")
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.first?["id"] as? String == "abi-mismatch")
        let text = try run(["verify", "--lang", "zh"], python: python)
        #expect(text.stdout.contains("验证未通过"))
        #expect(text.stdout.contains("SDPA"))
        // The repair: the same version, built right. pip alone would skip it ("already satisfied"); the plan removes
        // the broken one first, and verify then passes.
        let good = try WheelMirror(wheels: [.init(Self.name())])
        let repair = try run(["install", "--yes", "--wheel-source", good.url], python: python)
        #expect(repair.status == 0, "\(repair.stdout)")
        #expect(repair.stdout.contains("Remove the flash-attn 2.8.3 that does not import"))
        // The same version with other files is a change: Ansible's changed_when reads it from the JSON.
        #expect(repair.stdout.contains("flash-attn 2.8.3, reinstalled (same version, files replaced)"), "\(repair.stdout)")
        #expect(try run(["verify", "--json"], python: python).json()["ok"] as? Bool == true)
    }

    @Test func aPasswordInTheMirrorURLIsNeverPrintedNorLogged() throws {
        // No releases.json: the wheel's URL is made from the prefix, credentials and all.
        let mirror = try WheelMirror(wheels: [.init(Self.name("2.8.3.post1"))], releasesJSON: false)
        let withCredentials = mirror.url.replacingOccurrences(of: "http://", with: "http://team:s3cret-pass@")
        let python = try TestVenv.freshCopy(Self.venv)
        let logFile = Fixtures.temporaryDirectory("log") + "/install.log"
        let result = try run(["install", "--yes", "--wheel-source", withCredentials, "--log", logFile], python: python)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(!result.stdout.contains("s3cret-pass"))
        #expect(result.stdout.contains("http://team:****@127.0.0.1"))
        #expect(!(try String(contentsOfFile: logFile, encoding: .utf8)).contains("s3cret-pass"))
        let json = try run(["plan", "--json", "--method", "wheel", "--wheel-source", withCredentials], python: python)
        #expect(!json.stdout.contains("s3cret-pass"))
        #expect(Redaction.url("https://ghp_TOKEN@mirror.example/x and http://a:b@c/d") == "https://****@mirror.example/x and http://a:****@c/d")
    }

    @Test func withoutATerminalAndWithoutYesNothingIsInstalled() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())])
        let python = try TestVenv.freshCopy(Self.venv)
        let result = try run(["install", "--wheel-source", mirror.url], python: python)
        #expect(result.status == 2)
        #expect(result.stdout.contains("Route: Official prebuilt wheel (recommended"))
        #expect(result.stdout.contains("Plan: Official prebuilt wheel"))
        #expect(result.stderr.contains("--yes"))
        let dry = try run(["install", "--dry-run", "--wheel-source", mirror.url], python: python)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("Dry run: nothing was changed."))
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
    }

    /// The contract scripts and Ansible rely on: one JSON object on stdout, the sentences on stderr, and `changed`
    /// true the first time only.
    @Test func installJSONIsOneObjectAndAChangeIsReportedOnce() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())])
        let python = try TestVenv.freshCopy(Self.venv)
        let state = Fixtures.temporaryDirectory("state")
        let extra = ["XDG_STATE_HOME": state]
        let first = try run(["install", "--json", "--yes", "--method", "wheel", "--wheel-source", mirror.url], python: python, extra: extra)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let json = try first.json()
        #expect(json["result"] as? String == "installed")
        #expect(json["changed"] as? Bool == true)
        #expect((json["changes"] as? [[String: Any]])?.first?["name"] as? String == "flash-attn")
        #expect((json["torch"] as? [String: Any])?["before"] as? String == Self.torch.version)
        #expect((json["plan"] as? [String: Any])?["method"] as? String == "wheel")
        #expect(first.stderr.contains("Installed"))
        let second = try run(["install", "--json", "--yes", "--method", "wheel", "--wheel-source", mirror.url], python: python, extra: extra)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let again = try second.json()
        #expect(again["changed"] as? Bool == false, "\(second.stdout)")
        let unasked = try run(["install", "--json", "--method", "wheel", "--wheel-source", mirror.url], python: python)
        #expect(unasked.status == 2)
        #expect(unasked.stderr.contains("--yes"))
    }

    @Test func wizardJSONIsWhatCheckJSONPrints() throws {
        let python = try TestVenv.python(Self.venv)
        let wizard = try run(["wizard", "--json"], python: python)
        let check = try run(["check", "--json"], python: python)
        #expect(wizard.status == check.status)
        let verdict = try #require(try check.json()["verdict"] as? String)
        #expect(try wizard.json()["verdict"] as? String == verdict)
        #expect(try wizard.json()["recommended"] as? String == (try check.json()["recommended"] as? String))
        #expect(!wizard.stdout.contains("screens"))
    }

    @Test func aWheelThatFailsItsChecksumIsNotInstalled() throws {
        let mirror = try WheelMirror(wheels: [.init(Self.name())], corrupt: Self.name())
        let python = try TestVenv.freshCopy(Self.venv)
        let result = try run(["install", "--yes", "--wheel-source", mirror.url], python: python)
        #expect(result.status == 1)
        #expect(result.stdout.contains("does not match the SHA-256"))
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
    }

    @Test func cancellingALongBuildLeavesNoProcessBehind() throws {
        let python = try TestVenv.freshCopy(.init(torch: Self.torch, withPip: true, buildDeps: true))
        let marker = "slow-build-\(UUID().uuidString)"
        var env = Fixtures.environment(profile: "rtx4090", extra: [
            "CUDA_HOME": Fixtures.root + "/fake-cuda", "SLOW_BUILD_MARKER": marker,
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
        ])
        env["PIP_NO_INDEX"] = "1"
        let output = Mutex<[UInt8]>([])
        let interrupted = Atomic<Bool>(false)
        // Ctrl-C once the build is well under way, as a user would; SIGTERM and SIGKILL only if it never ends.
        let teardown = Teardown(
            isRequested: { String(decoding: output.withLock { $0 }, as: UTF8.self).contains("[3/600]") }, term: 60, kill: 110,
            onSignal: { name in if name == "SIGINT" { interrupted.store(true, ordering: .relaxed) } })
        let status = try ChildProcess.run(
            [BuiltBinary.path, "install", "--method", "source", "--source-path", Fixtures.root + "/slow-checkout", "--yes", "--python", python],
            environment: env, output: .streamed { bytes in output.withLock { $0 += bytes } }, teardown: teardown
        ).termination
        let text = String(decoding: output.withLock { $0 }, as: UTF8.self)
        let sentSIGINT = interrupted.load(ordering: .relaxed)
        #expect(sentSIGINT, "the build never started: \(text.suffix(2000))")
        #expect(status == .exited(130), "\(text.suffix(2000))")
        #expect(text.contains("Cancelling: SIGINT sent to the step's processes."))
        #expect(text.contains("Cancelled during step"))
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
        // Nothing with the marker in its argv may be left: not pip, not setup.py, not its SIGINT-proof child.
        let left = try ChildProcess.run(["/usr/bin/pgrep", "-f", marker], environment: Fixtures.environment(), timeout: 10)
        #expect(left.stdoutText == "", "left running: \(left.stdoutText ?? "")")
    }
}

@Suite struct DiagnoseAndCatalogTests {
    func run(_ arguments: [String]) throws -> BuiltBinary.Run {
        try InProcess.run(arguments, environment: Fixtures.environment())
    }

    /// `catalog --release ''` printed the root command's usage; `--source-repository git@host:path` became a folder
    /// under the current directory.
    @Test func anEmptyReleaseIsASentenceAndGitsScpFormStaysARepository() throws {
        let empty = try run(["catalog", "--release", ""])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("--release takes a flash-attn version, such as 2.8.3"), "\(empty.stderr)")
        #expect(empty.stderr.contains("flash-attn-setup catalog"))
        let python = try TestVenv.python(InstallTests.venv)
        let plan = try InProcess.run(
            ["plan", "--method", "source", "--ref", "main", "--source-repository", "git@example.com:mirror/flash-attention.git", "--python", python],
            environment: Fixtures.environment(profile: "rtx4090"))
        #expect(plan.stdout.contains("git fetch --depth 1 git@example.com:mirror/flash-attention.git main"), "\(plan.stdout)")
    }

    @Test func aFolderIsRefusedWithASentenceAndAnEmptyFileHasNothingToFind() throws {
        let folder = try run(["diagnose", Fixtures.root])
        #expect(folder.status == 3)
        #expect(folder.stderr.contains("is a folder; give the path of a saved pip or build log"))
        let empty = try run(["diagnose", "/dev/null"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("No known failure was recognised"))
    }

    @Test(arguments: [
        ("build-isolation-no-torch", "build-isolation"), ("no-cuda-home-at-metadata", "no-cuda-home"),
        ("externally-managed-environment", "externally-managed"),
    ])
    func explainsTheRealLogs(_ log: String, _ id: String) throws {
        let result = try run(["diagnose", Fixtures.root + "/pip-logs/\(log).log", "--json"])
        #expect(result.status == 0)
        let findings = try #require(try result.json()["findings"] as? [[String: Any]])
        #expect(findings.first?["id"] as? String == id)
        for key in ["id", "cause", "fix", "line", "evidence"] { #expect(findings.first?.keys.contains(key) == true) }
        let zh = try run(["diagnose", Fixtures.root + "/pip-logs/\(log).log", "--lang", "zh"])
        #expect(zh.stdout.contains("根本原因 [\(id)]"))
    }

    /// With --python, a fix that sends the user to one of this tool's routes says that route as it is there: on
    /// torch 2.15 no wheel exists, so "skip the build with this tool's wheel method" is not offered, and the
    /// recommendation is named instead; JSON names the route. A C++20 failure's fix is the build of main.
    @Test func diagnoseWithAPythonNamesTheRoutesAsTheyAreThere() throws {
        let log = Fixtures.root + "/pip-logs/no-cuda-home-at-metadata.log"
        let python = try TestVenv.python(torch: .cu132SeesGPU)
        let environment = Fixtures.environment(profile: "rtx4090-cuda13")
        let fitted = try InProcess.run(["diagnose", log, "--json", "--python", python], environment: environment)
        #expect(fitted.status == 0, "\(fitted.stderr)")
        let finding = try #require((try fitted.json()["findings"] as? [[String: Any]])?.first { $0["id"] as? String == "no-cuda-home" })
        #expect(finding["route"] as? String == "wheel")
        let fix = try #require(finding["fix"] as? String)
        #expect(fix.hasPrefix("The wheel route this fix would use cannot run here: No flash-attn release has a wheel for Python"), "\(fix)")
        #expect(fix.contains("What this tool recommends here:"), "\(fix)")
        #expect(!fix.contains("skip the build with this tool's wheel method"))
        let zh = try InProcess.run(["diagnose", log, "--python", python, "--lang", "zh"], environment: environment)
        #expect(zh.stdout.contains("该修复要用的 wheel 路线在这里无法进行"), "\(zh.stdout)")
        // Without --python the fix is the general one, and nothing is probed.
        let general = try run(["diagnose", log, "--json"])
        let plain = try #require((try general.json()["findings"] as? [[String: Any]])?.first { $0["id"] as? String == "no-cuda-home" })
        #expect((plain["fix"] as? String ?? "").contains("skip the build with this tool's wheel method"))

        let cxx20 = Fixtures.temporaryDirectory("cxx20") + "/build.log"
        try "#error C++20 or later compatible compiler is required to use ATen.\n".write(toFile: cxx20, atomically: true, encoding: .utf8)
        let build = try InProcess.run(["diagnose", cxx20, "--json", "--python", python], environment: environment)
        let buildFinding = try #require((try build.json()["findings"] as? [[String: Any]])?.first)
        #expect(buildFinding["route"] as? String == "source")
        let buildFix = try #require(buildFinding["fix"] as? String)
        #expect(buildFix.contains("`flash-attn-setup install --method source` builds flash-attention's main"), "\(buildFix)")
        #expect(buildFix.contains("taking nvcc from the package index"), "\(buildFix)")
        #expect(!buildFix.contains("cannot run here"), "the build of main can run on this torch: \(buildFix)")
    }

    @Test func readsStandardInputAndSaysWhenAFileIsMissing() throws {
        #expect(try run(["diagnose", "/nonexistent.log"]).status == 3)
        let empty = try run(["diagnose", "/dev/null"])
        #expect(empty.stdout.contains("No known failure was recognised"))
    }

    @Test func printsTheCatalog() throws {
        let table = try run(["catalog"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("2.8.3.post2  mapped*    2.35   (not listed"), "\(table.stdout)")
        #expect(table.stdout.contains("* by torch's CUDA major: 11 -> cu11, 12 -> cu12, any other -> cu13"))
        // One table at 80 columns and at 120: no line wider than 80, every row's cells where the header's columns
        // begin (the rule `11->11,12->12,*->13` used to push the rest of its row out of line).
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        let starts = ["cuda rule", "glibc", "wheels", "torch", "python", "cuda tags"].compactMap { header.range(of: $0).map { header.distance(from: header.startIndex, to: $0.lowerBound) } }
        #expect(starts.count == 6)
        for line in lines {
            #expect(line.count <= 80, "\(line.count) columns: \(line)")
            guard let first = line.first, first.isNumber else { continue }
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            for (index, start) in starts.enumerated() where index + 1 < cells.count && !line.contains("(not listed") {
                let offset = line.distance(from: line.startIndex, to: cells[index + 1].startIndex)
                #expect(offset == start, "column \(index + 1) of \(line) starts at \(offset), the header's at \(start)")
            }
        }
        // In a terminal of 80 columns and of 120, each row of the table is one row of the screen.
        for columns in [80, 120] {
            let tmux = try TmuxSession([BuiltBinary.path, "catalog"], environment: Fixtures.environment(), columns: columns, rows: 90)
            let screen = try tmux.waitFor("EXIT=0")
            for line in lines.suffix(20) { #expect(screen.contains(line), "at \(columns) columns, \(line) is not one row") }
        }
        #expect(table.stdout.contains("2.7.4.post1"))
        let names = try JSONSerialization.jsonObject(with: Data(try run(["catalog", "--release", "2.8.3", "--json"]).stdout.utf8)) as? [String]
        #expect(names?.count == 48)
        #expect(names?.contains("flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl") == true)
        #expect(try run(["catalog", "--release", "0.1"]).status == 2)
    }
}
