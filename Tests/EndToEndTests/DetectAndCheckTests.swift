import Foundation
import Testing
import TestSupport
import SetupCore
import TerminalUI

/// `detect` and `check` run as a user runs them: the built binary, the stand-in nvidia-smi on PATH, real venvs.
@Suite struct DetectAndCheckTests {
    func run(_ arguments: [String], profile: String?, python: String? = nil, extra: [String: String] = [:]) throws -> BuiltBinary.Run {
        let args = arguments + (python.map { ["--python", $0] } ?? [])
        return try InProcess.run(args, environment: Fixtures.environment(profile: profile, extra: extra))
    }

    @Test func detectJSONHasEveryDocumentedField() throws {
        let python = try TestVenv.python(torch: .cu128, flashAttn: "2.8.3", transformers: "4.57.1")
        let result = try run(["detect", "--json"], profile: "rtx4090", python: python)
        #expect(result.status == 0)
        let json = try result.json()
        for key in ["gpus", "driver", "gpuProbeError", "python", "pythonProbeError", "torch", "flashAttn", "transformers", "toolchain"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        let gpu = try #require((json["gpus"] as? [[String: Any]])?.first)
        #expect(gpu["index"] as? Int == 0)
        #expect(gpu["name"] as? String == "NVIDIA GeForce RTX 4090")
        #expect(gpu["computeCapability"] as? String == "8.9")
        #expect(gpu["memoryMiB"] as? Int == 24564)
        #expect(gpu["uuid"] as? String == "GPU-4f3b2a10-8c1d-4e5f-9a6b-7c8d9e0f1a2b")
        #expect(gpu["busId"] as? String == "00000000:01:00.0")
        #expect(gpu["inferred"] as? Bool == false)
        let driver = try #require(json["driver"] as? [String: Any])
        #expect(driver["version"] as? String == "550.54.15")
        #expect(driver["cudaVersion"] as? String == "12.4")
        #expect(json["gpuProbeError"] is NSNull)
        let pythonJSON = try #require(json["python"] as? [String: Any])
        for key in ["executable", "version", "tag", "platform", "glibc", "pip", "virtualEnv", "conda", "externallyManaged"] {
            #expect(pythonJSON.keys.contains(key), "python.\(key) missing")
        }
        #expect(pythonJSON["executable"] as? String == python)
        let torch = try #require(json["torch"] as? [String: Any])
        #expect(torch["version"] as? String == "2.8.0+cu128")
        #expect(torch["cuda"] as? String == "12.8")
        #expect(torch["hip"] is NSNull)
        #expect(torch["cxx11abi"] as? Bool == true)
        #expect(torch["cudaAvailable"] as? Bool == true)
        #expect(torch["deviceCapabilities"] as? [String] == ["8.9"])
        #expect((json["flashAttn"] as? [String: Any])?["version"] as? String == "2.8.3")
        #expect((json["transformers"] as? [String: Any])?["version"] as? String == "4.57.1")
        let toolchain = try #require(json["toolchain"] as? [String: Any])
        for key in ["nvcc", "cudaHome", "ninja", "compiler", "cpuCount", "memoryTotalGiB", "memoryAvailableGiB", "diskFreeGiB"] {
            #expect(toolchain.keys.contains(key), "toolchain.\(key) missing")
        }
    }

    /// check's long lines: whole in a pipe; broken at word boundaries, never inside a word, on an 80-column terminal.
    @Test func checkFitsItsLinesToTheTerminalAtWordsAndPrintsWholeLinesToAPipe() throws {
        let python = try TestVenv.python(torch: .cu132SeesGPU)
        let env = Fixtures.environment(profile: "rtx4090-cuda13", extra: [
            "XDG_CACHE_HOME": Fixtures.temporaryDirectory("cache"), "XDG_STATE_HOME": Fixtures.temporaryDirectory("state"),
            "HF_ENDPOINT": "http://127.0.0.1:9", "TERM": "xterm-256color",
        ])
        let piped = try InProcess.run(["check", "--python", python], environment: env)
        let lines: [Substring] = piped.stdout.split(separator: "\n")
        let long = try #require(lines.first { $0.count > 100 && $0.contains("No flash-attn release has a wheel") }, "\(piped.stdout)")
        #expect(long.hasSuffix("on linux_x86_64."), "a piped line is never cut: \(long)")

        let tmux = try TmuxSession([BuiltBinary.path, "check", "--python", python], environment: env, columns: 80, rows: 120)
        let screen = try tmux.waitFor("EXIT=")
        let shown: [Substring] = screen.split(separator: "\n")
        #expect(shown.allSatisfy { CellWidth.of($0) <= 80 })
        // The terminal cuts nothing: the sentence's words arrive whole and in order, over several lines.
        let words = screen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains(long.split(whereSeparator: \.isWhitespace).joined(separator: " ")), "\(screen)")
        #expect(shown.contains { $0.hasPrefix("      ") && $0.contains("on linux_x86_64.") }, "\(screen)")
    }

    @Test func detectRunsNvidiaSMIQueryOnceAndImportsTorchOnce() throws {
        let python = try TestVenv.python(torch: .cu128)
        let logs = Fixtures.temporaryDirectory("counts")
        let result = try run(
            ["detect", "--json"], profile: "rtx4090", python: python,
            extra: ["FAKE_NVIDIA_SMI_LOG": logs + "/smi", "FAKE_TORCH_IMPORT_LOG": logs + "/torch"])
        #expect(result.status == 0)
        let smi = try String(contentsOfFile: logs + "/smi", encoding: .utf8).split(separator: "\n")
        #expect(smi.filter { $0.contains("--query-gpu") }.count == 1)
        #expect(smi.count == 2)  // the query and the banner, side by side
        #expect(try String(contentsOfFile: logs + "/torch", encoding: .utf8) == "import torch\n")
    }

    /// The cases, each with its verdict and check's exit status.
    @Test(arguments: [
        ("gtx1080", "unsupported", 1), ("t4", "limited", 1), ("rtx2080", "limited", 1), ("a100", "supported", 0),
        ("rtx3090", "supported", 0), ("rtx4090", "supported", 0), ("h100", "supported", 0), ("b200", "supported", 0),
        ("rtx5090", "supported", 0), ("t4-a100", "limited", 1), ("old-driver", "unsupported", 1),
        ("driver-not-loaded", "unsupported", 1), ("garbage", "unsupported", 1), ("not-utf8", "unsupported", 1),
        ("no-devices", "unsupported", 1), ("nvml-mismatch", "unsupported", 1),
    ])
    func checkGivesTheVerdictForEachMachine(_ profile: String, _ verdict: String, _ status: Int32) throws {
        let python = try TestVenv.python(torch: .cu128)
        let result = try run(["check", "--json"], profile: profile, python: python)
        #expect(result.status == status, "\(result.stderr)")
        let json = try result.json()
        #expect(json["verdict"] as? String == verdict)
        for key in ["gpus", "blockers", "warnings"] { #expect(json[key] is [Any]) }
        for blocker in json["blockers"] as? [[String: Any]] ?? [] {
            #expect((blocker["code"] as? String)?.isEmpty == false)
            #expect((blocker["message"] as? String)?.hasSuffix(".") == true)
            #expect((blocker["fix"] as? String)?.isEmpty == false)
        }
    }

    @Test func theOldDriverIsTooOldForTorchsCUDA() throws {
        let python = try TestVenv.python(torch: .cu128)
        let json = try run(["check", "--json"], profile: "old-driver", python: python).json()
        let blockers = try #require(json["blockers"] as? [[String: Any]])
        #expect(blockers.map { $0["code"] as? String } == ["driver-too-old"])
        let gpu = try #require((json["gpus"] as? [[String: Any]])?.first)
        let reason = try #require((gpu["reasons"] as? [[String: Any]])?.first)
        #expect((reason["fact"] as? String)?.contains("inferred from the name") == true)
    }

    @Test func aCPUTorchIsABlocker() throws {
        let python = try TestVenv.python(torch: .cpuOnly)
        let result = try run(["check", "--json"], profile: "a100", python: python)
        #expect(result.status == 1)
        let blockers = try #require(try result.json()["blockers"] as? [[String: Any]])
        #expect(blockers.map { $0["code"] as? String } == ["torch-cpu-only"])
    }

    @Test func noGPUAtAllIsASentenceNotACrash() throws {
        let python = try TestVenv.python(torch: .cu128)
        var env = Fixtures.environment(includeStandInBin: false)
        env["PATH"] = Fixtures.temporaryDirectory("nopath") + ":/usr/bin:/bin"
        let result = try InProcess.run(["check", "--json", "--python", python], environment: env)
        if FileManager.default.fileExists(atPath: "/usr/bin/nvidia-smi") { return }
        #expect(result.status == 1)
        let json = try result.json()
        #expect(json["verdict"] as? String == "unsupported")
        let detect = try InProcess.run(["detect", "--json", "--python", python], environment: env).json()
        #expect((detect["gpuProbeError"] as? String)?.contains("nvidia-smi was not found") == true)
    }

    @Test func aHangingNvidiaSMIIsStoppedAtTheProbeTimeout() throws {
        let python = try TestVenv.python(torch: .cu128)
        let result = try run(["detect", "--json", "--probe-timeout", "1"], profile: "hang", python: python)
        #expect(result.status == 0)
        #expect(result.seconds < 6)
        let error = try #require(try result.json()["gpuProbeError"] as? String)
        #expect(error.contains("did not answer within 1 s"))
    }

    @Test(arguments: [
        (Fixtures.bin + "/not-python", "not-python"), ("/nonexistent/python", "python-missing"),
        (Fixtures.bin + "/crashing-python", "python-crashed"),
    ])
    func aTargetThatIsNotAWorkingPythonExitsWith3(_ interpreter: String, _ code: String) throws {
        let detect = try run(["detect", "--json"], profile: "rtx4090", python: interpreter)
        #expect(detect.status == 3)
        let message = try #require(try detect.json()["pythonProbeError"] as? String)
        #expect(message.contains(interpreter))
        let check = try run(["check", "--json"], profile: "rtx4090", python: interpreter)
        #expect(check.status == 3)
        let blockers = try #require(try check.json()["blockers"] as? [[String: Any]])
        #expect(blockers.first?["code"] as? String == code)
    }

    @Test func theSystemPythonIsRefusedWithAVenvSuggestion() throws {
        let result = try run(["check", "--json"], profile: "rtx4090", python: "/usr/bin/python3")
        let blockers = try #require(try result.json()["blockers"] as? [[String: Any]])
        #expect(blockers.contains { $0["code"] as? String == "externally-managed" })
        #expect(result.status == 1)
    }

    @Test func speaksChineseWhenAskedOrWhenTheLocaleIsChinese() throws {
        let python = try TestVenv.python(torch: .cu128)
        let asked = try run(["check", "--lang", "zh"], profile: "t4", python: python)
        #expect(asked.stdout.contains("FlashAttention-2 在本机：! 受限"))
        #expect(asked.stdout.contains("替代方案"))
        let byLocale = try run(["detect"], profile: "t4", python: python, extra: ["LANG": "zh_CN.UTF-8"])
        #expect(byLocale.stdout.contains("计算能力 7.5"))
        let json = try run(["check", "--json", "--lang", "zh"], profile: "gtx1080", python: python).json()
        let gpu = try #require((json["gpus"] as? [[String: Any]])?.first)
        let reason = try #require((gpu["reasons"] as? [[String: Any]])?.first)
        #expect((reason["message"] as? String)?.contains("低于 FlashAttention 最低要求的 7.5") == true)
    }

    @Test func plainTextHasNoColourWithoutATerminalAndASCIISymbolsWithoutUTF8() throws {
        let python = try TestVenv.python(torch: .cu128)
        let result = try run(["check"], profile: "rtx4090", python: python, extra: ["LANG": "C"])
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.hasPrefix("FlashAttention-2 here: [ok] supported"))
    }

    @Test func everyDurationAndAnEmptyPythonOrAPathLikeVersionAreUsageErrors() throws {
        for arguments in [["verify", "--verify-timeout=nan"], ["check", "--probe-timeout=-1e300"], ["check", "--python-timeout=1e300"],
                          ["check", "--probe-timeout=0"], ["check", "--python", ""], ["plan", "--flash-attn-version", "../../x"]] {
            let result = try run(arguments, profile: "rtx4090")
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: "), "\(arguments)")
        }
    }

    @Test func aUsageErrorExitsWith2() throws {
        let result = try run(["check", "--lang", "fr"], profile: "rtx4090")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--lang"))
        #expect(try run(["frobnicate"], profile: "rtx4090").status == 2)
    }

    @Test func withoutATerminalTheDefaultCommandPrintsTheCheckAndThePlainCommands() throws {
        let python = try TestVenv.python(torch: .cu128)
        let result = try run([], profile: "rtx4090", python: python)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Not running on a terminal"))
        #expect(result.stdout.contains("FlashAttention-2 here: ✓ supported"))
        #expect(result.stdout.contains("flash-attn-setup check [--json]"))
    }
}
