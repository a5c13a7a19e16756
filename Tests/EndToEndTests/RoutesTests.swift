import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// Every route on today's default torch (2.15 + CUDA 13.2), as a user meets them: the built binary, real pip with
/// the package index switched off and a find-links folder of stand-ins, real venvs, a stand-in hub and checkout.
@Suite struct RoutesTests {
    static func venv(transformers: String? = "5.24.0", kernels: String? = nil, flashAttn: String? = nil, buildDeps: Bool = false) -> TestVenv.Configuration {
        TestVenv.Configuration(torch: .cu132, withPip: true, buildDeps: buildDeps, flashAttn: flashAttn, transformers: transformers, kernels: kernels)
    }

    struct Session {
        /// A server on 127.0.0.1 standing in for the hub's endpoint (HF_ENDPOINT): the plan asks it whether the hub
        /// answers; the stand-in kernels downloads from $FAKE_KERNELS_HUB.
        var hub: WheelMirror
        var cache = Fixtures.temporaryDirectory("cache")
        var state = Fixtures.temporaryDirectory("state")
        var home = Fixtures.temporaryDirectory("home")
        /// PIP_FIND_LINKS: the index as the route tests see it (kernels up to 0.17.2 unless a test says otherwise).
        var findLinks: String

        init() throws {
            hub = try WheelMirror(wheels: [])
            findLinks = try StandInPackages.findLinks()
        }

        func run(_ arguments: [String], python: String, extra: [String: String] = [:]) throws -> BuiltBinary.Run {
            var env = Fixtures.environment(profile: "rtx4090-cuda13", extra: extra)
            env["XDG_CACHE_HOME"] = cache
            env["XDG_STATE_HOME"] = state
            env["HOME"] = home
            env["PIP_FIND_LINKS"] = findLinks
            env["FAKE_KERNELS_HUB"] = StandInPackages.hub
            env["HF_ENDPOINT"] = hub.url
            env.merge(extra) { _, new in new }
            return try InProcess.run(arguments + ["--python", python], environment: env)
        }
    }


    static func routes(_ json: [String: Any]) -> [String: [String: Any]] {
        var byMethod: [String: [String: Any]] = [:]
        for route in json["routes"] as? [[String: Any]] ?? [] { byMethod[route["method"] as! String] = route }
        return byMethod
    }

    @Test func planWithoutAMethodWeighsEveryRouteAndShowsTheRecommendedPlan() throws {
        let python = try TestVenv.python(Self.venv())
        let result = try Session().run(["plan", "--json", "--wheel-source", "catalog"], python: python)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try result.json()
        #expect(json["recommended"] as? String == "source")
        let routes = Self.routes(json)
        #expect(Set(routes.keys) == ["wheel", "pip", "source", "kernels", "fa4", "sdpa"])
        #expect(routes.mapValues { $0["status"] as! String } == [
            "wheel": "impossible", "pip": "impossible", "source": "needs-action", "kernels": "impossible",
            "fa4": "impossible", "sdpa": "ready",
        ])
        for (method, route) in routes {
            #expect(route["nodeChoice"] != nil && route["attnImplementation"] is String, "\(method)")
            let reasons = try #require(route["reasons"] as? [[String: String]])
            #expect(!reasons.isEmpty && reasons.allSatisfy { !($0["code"] ?? "").isEmpty && !($0["message"] ?? "").isEmpty })
            // An impossible route claims no cost.
            #expect((route["status"] as? String == "impossible") == (route["estimates"] is NSNull), "\(method)")
        }
        let kernels = try #require(routes["kernels"]?["reasons"] as? [[String: String]])
        #expect(kernels.first?["code"] == "kernels-window-unavailable")
        #expect(kernels.first?["message"]?.contains("transformers 5.22.2 pairs with kernels 0.17.2") == true)
        #expect(routes["fa4"]?["nodeChoice"] is NSNull)
        #expect(routes["sdpa"]?["nodeChoice"] as? String == "SDPA")
        // The plan shown is the recommended one: a build of main, with nvcc from the index.
        #expect(json["method"] as? String == "source")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["argv"] as? [String])?.last == "cuda-toolkit[nvcc]==13.2.2" })
        #expect((json["headline"] as? [String: String])?["code"] == "builds-main")
        #expect((json["constraints"] as? [String: String])?["content"] == "torch==2.15.0+cu132\ntransformers==5.24.0\n")
    }

    @Test func checkAndPlanTellOneStory() throws {
        var configuration = Self.venv()
        configuration.torch = .cu132SeesGPU
        let python = try TestVenv.python(configuration)
        let session = try Session()
        let check = try session.run(["check", "--json"], python: python)
        let json = try check.json()
        #expect(json["verdict"] as? String == "supported")
        #expect(check.status == 0)
        #expect(json["recommended"] as? String == "source")
        let text = try session.run(["check", "--lang", "zh"], python: python)
        #expect(text.stdout.contains("路线"))
        #expect(text.stdout.contains("需先完成操作"))
        // Each impossible plan shows no cost, and no advice points at a method that refuses too.
        let wheel = try session.run(["plan", "--method", "wheel", "--wheel-source", "catalog"], python: python)
        #expect(wheel.status == 1)
        #expect(!wheel.stdout.contains("Needs: about"))
        #expect(!wheel.stdout.contains("the pip or source method builds one"))
        let pip = try session.run(["plan", "--method", "pip", "--wheel-source", "catalog"], python: python)
        #expect(pip.stdout.contains("`--method source` builds flash-attention's main"))
        #expect(!pip.stdout.contains("use the wheel method"))
    }

    @Test func theHubKernelRouteRemovesABrokenFlashAttnInstallsKernelsInTheWindowAndFetchesTheVariant() throws {
        let python = try TestVenv.freshCopy(Self.venv(transformers: "5.22.2", flashAttn: "2.8.3:undefined symbol: _ZN3c104cuda9SetDeviceEi"))
        let session = try Session()
        let plan = try session.run(["plan", "--json", "--wheel-source", "catalog"], python: python).json()
        #expect(plan["recommended"] as? String == "kernels")
        #expect(Self.routes(plan)["kernels"]?["status"] as? String == "needs-action")

        let install = try session.run(["install", "--method", "kernels", "--yes", "--wheel-source", "catalog"], python: python)
        #expect(install.status == 0, "\(install.stdout)")
        #expect(install.stdout.contains("Successfully uninstalled flash-attn-2.8.3"))
        #expect(install.stdout.contains("Successfully installed kernels-0.17.2"))
        #expect(install.stdout.contains("kernel variant ready:"))
        #expect(install.stdout.contains("torch is unchanged (2.15.0+cu132)."))
        #expect(try TestVenv.installed(python, "flash-attn") == nil)
        #expect(try TestVenv.installed(python, "kernels") == "0.17.2")
        #expect(try TestVenv.installed(python, "transformers") == "5.22.2")
        // huggingface_hub's cache under $XDG_CACHE_HOME, as kernels and transformers read it.
        let variant = session.cache + "/huggingface/hub/kernels--kernels-community--flash-attn2/refs/v4"
        #expect(FileManager.default.fileExists(atPath: variant))

        // Now it is ready, also offline; a second install does nothing more than fetch nothing.
        let again = try session.run(["plan", "--json", "--method", "kernels", "--wheel-source", "catalog"], python: python, extra: ["HF_HUB_OFFLINE": "1"]).json()
        #expect(Self.routes(again)["kernels"]?["status"] as? String == "ready")
        #expect((again["steps"] as? [Any])?.isEmpty == true)

        let verify = try session.run(["verify", "--json", "--method", "kernels"], python: python, extra: ["HF_HUB_OFFLINE": "1"])
        let report = try verify.json()
        #expect(report["route"] as? String == "kernels")
        // The hub kernel is no distribution: there is no version of flash-attn to name.
        #expect(report.keys.contains("flashAttn") && report["flashAttn"] is NSNull)
        let checks = try #require(report["checks"] as? [[String: String]])
        #expect(checks.map { $0["name"]! } == ["kernels", "kernel-load", "gpu-numeric", "gpu-speed", "transformers-model"])
        #expect(checks.map { $0["status"]! } == ["ok", "ok", "skipped", "skipped", "skipped"])
        #expect(checks[0]["detail"]?.contains("is_kernels_available() is True") == true)
        #expect(checks[1]["detail"]?.contains("torch-stable-abi210-cu130-x86_64-linux") == true)
        #expect(report["ok"] as? Bool == true)
        #expect(verify.status == 0)
        // Installing again changes nothing: the route is ready.
        let again2 = try session.run(["install", "--method", "kernels", "--yes", "--wheel-source", "catalog"], python: python, extra: ["HF_HUB_OFFLINE": "1"])
        #expect(again2.status == 0)
        #expect(again2.stdout.contains("Nothing to install: this route is ready."))
        // With nothing said, verify proves what is there: the hub kernel.
        #expect(try session.run(["verify", "--json"], python: python, extra: ["HF_HUB_OFFLINE": "1"]).json()["route"] as? String == "kernels")
    }

    /// `pip install torch transformers` as of 2026-12-06: torch 2.15, transformers 5.25.0 (its fallback as its
    /// source writes it, verbatim) and the kernels 0.19.1 it requires; the hub answers on loopback.
    @Test func todaysDefaultEnvironmentGetsAProvenFlashAttention2AfterOneDownload() throws {
        let python = try TestVenv.freshCopy(Self.venv(transformers: "5.25.0", kernels: "0.19.1"))
        var session = try Session()
        session.findLinks = try StandInPackages.findLinksToday()
        let check = try session.run(["check"], python: python)
        #expect(check.stdout.contains("✓ kernels ready         <- recommended  transformers 5.25.0 loads kernels-community/flash-attn2 v4 through kernels 0.19.1"), "\(check.stdout)")
        #expect(check.stdout.contains("Recommended: Hub kernel through transformers (no compile). Ready now. transformers 5.25.0 loads kernels-community/flash-attn2 v4 through kernels 0.19.1 when \"flash_attention_2\" is asked for and flash_attn is absent, so the Qwen-VL node's \"Flash Attention 2\" uses it. One download of about 250 MB, nothing compiled."))
        let plan = try session.run(["plan", "--json", "--wheel-source", "catalog"], python: python).json()
        #expect(plan["recommended"] as? String == "kernels")
        let kernels = try #require(Self.routes(plan)["kernels"])
        #expect(kernels["status"] as? String == "ready")
        #expect(kernels["changesExisting"] as? Bool == false)
        #expect((plan["steps"] as? [[String: Any]])?.count == 1)
        // No transformers change is proposed: kernels 0.19.1 is inside the window transformers 5.25.0 accepts.
        let allowed = try session.run(["plan", "--json", "--allow-transformers-change", "--wheel-source", "catalog"], python: python).json()
        #expect(allowed["offeredTransformersChange"] == nil || allowed["offeredTransformersChange"] is NSNull)
        #expect((allowed["steps"] as? [[String: Any]])?.allSatisfy { !(($0["argv"] as? [String]) ?? []).contains { $0.hasPrefix("transformers==") } } == true)
        let install = try session.run(["install", "--yes", "--wheel-source", "catalog"], python: python)
        #expect(install.status == 0, "\(install.stdout.suffix(2000))")
        #expect(install.stdout.contains("kernel variant ready"))
        #expect(try TestVenv.installed(python, "transformers") == "5.25.0")
        #expect(try TestVenv.installed(python, "kernels") == "0.19.1")
        let verify = try session.run(["verify", "--json"], python: python, extra: ["HF_HUB_OFFLINE": "1"]).json()
        #expect(verify["route"] as? String == "kernels")
        let checks = try #require(verify["checks"] as? [[String: String]])
        #expect(checks.first { $0["name"] == "kernel-load" }?["status"] == "ok", "\(checks)")
        // Now it works: check names the node's FA2 label, and the hub-kernel route needs nothing.
        let after = try session.run(["plan", "--json", "--method", "kernels", "--wheel-source", "catalog"], python: python, extra: ["HF_HUB_OFFLINE": "1"]).json()
        #expect((after["steps"] as? [[String: Any]])?.isEmpty == true)
    }

    /// README's example of today's default environment is the tool's own output on the stand-ins of it, so that
    /// the README cannot drift from the tool.
    @Test func theReadmeShowsWhatCheckSaysOnTodaysDefaultEnvironment() throws {
        let configuration = TestVenv.Configuration(torch: .cu132SeesGPU, withPip: true, transformers: "5.25.0", kernels: "0.19.1")
        let python = try TestVenv.python(configuration)
        var session = try Session()
        session.findLinks = try StandInPackages.findLinksToday()
        let check = try session.run(["check"], python: python, extra: ["NO_COLOR": "1"])
        let readme = try String(contentsOfFile: Fixtures.root + "/../../README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- today: check -->\n"))
        let end = try #require(readme.range(of: "<!-- /today -->", range: start.upperBound..<readme.endIndex))
        let shown = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("    ") || $0.isEmpty }.map { $0.isEmpty ? "" : String($0.dropFirst(4)) }
        let expected = shown.drop { !$0.hasPrefix("$ ") }.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines)
        // The tests run without a network: the lines that name a host that did not answer are this machine's, not
        // the connected machine README shows (the hub answers here on loopback, github.com does not).
        let actual = check.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { $0.replacing(#/\s+$/#, with: "") }
            .filter { !$0.hasPrefix("      - This plan needs ") }
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
        #expect(check.stdout.contains("      - This plan needs github.com, which could not be reached from here"), "the source route names its host")
        #expect(actual == expected, "README.md's block between <!-- today: check --> and <!-- /today --> should read:\n\(actual)")
    }

    /// The wheel's host does not answer (here: the proxy every HTTPS request goes through refuses, so no name is
    /// looked up and nothing leaves the machine): the route is not ready, names the host and the proxy, and says
    /// what to do offline; the host is asked once however many plans need it.
    @Test func aRouteWhoseHostDoesNotAnswerIsNotReadyAndSaysWhatToDoOffline() throws {
        let python = try TestVenv.python(torch: .cu128)
        let result = try Session().run(
            ["plan", "--json", "--method", "wheel", "--wheel-source", "catalog"], python: python,
            extra: ["HTTPS_PROXY": "http://127.0.0.1:9"])
        let json = try result.json()
        let wheel = try #require(Self.routes(json)["wheel"])
        #expect(wheel["status"] as? String == "needs-action", "\(wheel)")
        let reasons = try #require(wheel["reasons"] as? [[String: String]])
        #expect(reasons.first?["code"] == "exact-wheel")
        let host = try #require(reasons.first { $0["code"] == "host-unreachable" }?["message"])
        #expect(host.contains("This plan needs github.com, which could not be reached from here through the proxy 127.0.0.1:9"), "\(host)")
        #expect(host.contains("--wheel-source DIR"))
        #expect((json["unreachable"] as? [[String: String]])?.count == 1)
        let text = try Session().run(["plan", "--method", "wheel", "--wheel-source", "catalog", "--lang", "zh"], python: python,
                                     extra: ["HTTPS_PROXY": "http://127.0.0.1:9"])
        #expect(text.stdout.contains("此计划需要 github.com，但从这里无法连接（经由代理 127.0.0.1:9）"), "\(text.stdout)")
    }

    @Test func offlineOrWithoutTheHubItSaysHowToCarryTheKernelOver() throws {
        let python = try TestVenv.python(Self.venv(transformers: "5.22.2", kernels: "0.17.2"))
        let result = try Session().run(["plan", "--method", "kernels", "--wheel-source", "catalog"], python: python, extra: ["HF_HUB_OFFLINE": "1"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("HF_HUB_OFFLINE is set"))
        #expect(result.stdout.contains("copy that folder here"))
        // Port 9 on loopback answers nothing: the hub is unreachable, and the plan says so before anything runs.
        let unreachable = try Session().run(["plan", "--method", "kernels", "--wheel-source", "catalog"], python: python, extra: ["HF_ENDPOINT": "http://127.0.0.1:9"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stdout.contains("The Hugging Face hub could not be reached"))
    }

    @Test func changingTransformersForTheHubKernelWaitsForItsOwnFlag() throws {
        let python = try TestVenv.python(Self.venv())
        let session = try Session()
        let refused = try session.run(["plan", "--method", "kernels", "--wheel-source", "catalog"], python: python)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("--allow-transformers-change"))
        let allowed = try session.run(["plan", "--json", "--method", "kernels", "--allow-transformers-change", "--wheel-source", "catalog"], python: python).json()
        let steps = try #require(allowed["steps"] as? [[String: Any]])
        #expect((steps.first?["argv"] as? [String])?.suffix(2) == ["transformers==5.22.2", "kernels==0.17.2"])
        let kernels = try #require(Self.routes(allowed)["kernels"])
        #expect(kernels["status"] as? String == "needs-action")
        #expect(kernels["changesExisting"] as? Bool == true)
        #expect(allowed["recommended"] as? String == "source")
        let zh = try session.run(["plan", "--method", "kernels", "--lang", "zh", "--wheel-source", "catalog"], python: python)
        #expect(zh.stdout.contains("软件包索引提供的 kernels 最高只到 0.17.2"))
    }

    @Test func aBuildOfMainGetsNVCCFromTheIndexALaidOutCUDAHomeAndRecordsTheCommit() throws {
        let python = try TestVenv.freshCopy(Self.venv(transformers: nil, buildDeps: true))
        // A ninja on the target's PATH, as the real ninja wheel puts it there.
        let ninja = (python as NSString).deletingLastPathComponent + "/ninja"
        _ = FileManager.default.createFile(atPath: ninja, contents: Data("#!/bin/sh\necho 1.11.1\n".utf8), attributes: [.posixPermissions: 0o755])
        let main = try StandInPackages.flashAttentionMain()
        let session = try Session()
        let result = try session.run(
            ["install", "--method", "source", "--source-repository", main.path, "--yes", "--wheel-source", "catalog"], python: python)
        #expect(result.status == 0, "\(result.stdout.suffix(3000))")
        #expect(result.stdout.contains("nvidia-cuda-nvcc-13.2.86"))
        #expect(result.stdout.contains("Successfully installed cuda-toolkit-13.2.2"))
        #expect(result.stdout.contains("nvcc: Cuda compilation tools, release 13.2, V13.2.86"))
        #expect(result.stdout.contains("nvcc -std=c++20 -gencode arch=compute_80,code=sm_80"))
        #expect(result.stdout.contains("Built from commit \(main.commit)."))
        #expect(!result.stdout.contains("[ninja-missing]"))
        #expect(try TestVenv.installed(python, "flash-attn") == "2.8.4")
        #expect(try TestVenv.installed(python, "torch") == "2.15.0+cu132")
        let log = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("Log: ") }).dropFirst(5)
        let text = try String(contentsOfFile: String(log), encoding: .utf8)
        #expect(text.contains("source commit \(main.commit)"))
        #expect(text.contains("=== env CUDA_HOME=" + session.cache + "/flash-attn-setup/work/cuda-home-"))
    }

    @Test func flashAttention4IsPlannedAtItsBetaOnHopper() throws {
        let python = try TestVenv.python(Self.venv(transformers: nil))
        var session = try Session()
        session.cache = Fixtures.temporaryDirectory("cache")
        let result = try session.run(["plan", "--json", "--method", "fa4", "--wheel-source", "catalog"], python: python, extra: [
            "FAKE_NVIDIA_SMI_PROFILE": Fixtures.nvidiaSMIProfile("h100-cuda13"),
        ])
        let json = try result.json()
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect((steps.first?["argv"] as? [String])?.last == "flash-attn-4[cu13]==4.0.0b36")
        #expect((json["notes"] as? [String])?.contains { $0.contains("\"Flash Attention 2\" does not use it") } == true)
    }
}

/// The real `kernels` package from the package index (fetched by scripts/fetch-test-wheels, which .ci/run calls)
/// choosing and loading the stand-in variant of kernels-community/flash-attn2 for torch 2.15 + CUDA 13, through
/// LOCAL_KERNELS: kernels' own offline mechanism, as an air-gapped machine uses it.
@Suite struct RealKernelsTests {
    static let wheelhouse: String? = {
        let path = URL(fileURLWithPath: Fixtures.root).deletingLastPathComponent().appendingPathComponent(".wheelhouse").path
        return FileManager.default.fileExists(atPath: path + "/kernels-0.17.2-cp38-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
            ? path : nil
    }()

    @Test(.enabled(if: wheelhouse != nil, "Tests/.wheelhouse is missing: run scripts/fetch-test-wheels (needs the package index)"))
    func theRealKernelsLoadsTheVariantForThisTorchAndVerifyProvesIt() throws {
        let wheelhouse = try #require(Self.wheelhouse)
        let python = try TestVenv.freshCopy(RoutesTests.venv(transformers: "5.22.2"))
        let env = Fixtures.environment()
        let files = try FileManager.default.contentsOfDirectory(atPath: wheelhouse).filter { $0.hasSuffix(".whl") }
        // The wheelhouse also holds kernels 0.19.1 and the transformers releases the source reader is tested on.
        let kernels = files.filter { $0.hasPrefix("kernels-0.17.2-") }.map { wheelhouse + "/" + $0 }
        let others = files.filter { !$0.hasPrefix("kernels-") && !$0.hasPrefix("transformers-") }.map { wheelhouse + "/" + $0 }
        for argv in [[python, "-m", "pip", "install", "-q", "--no-index", "--no-deps"] + kernels,
                     [python, "-m", "pip", "install", "-q", "--no-index", "--no-deps"] + others] {
            let outcome = try ChildProcess.run(argv, environment: env, timeout: 300)
            #expect(outcome.exitCode == 0, "\(outcome.stderrText)")
        }
        let local = ["LOCAL_KERNELS": "kernels-community/flash-attn2=" + StandInPackages.hub + "/kernels-community--flash-attn2/v4",
                     "HF_HUB_OFFLINE": "1"]
        let session = try RoutesTests.Session()
        let plan = try session.run(["plan", "--json", "--method", "kernels", "--wheel-source", "catalog"], python: python, extra: local).json()
        #expect(RoutesTests.routes(plan)["kernels"]?["status"] as? String == "ready")
        #expect((plan["notes"] as? [String])?.contains { $0.contains("LOCAL_KERNELS names a folder") } == true)
        let verify = try session.run(["verify", "--json", "--method", "kernels"], python: python, extra: local)
        let checks = try #require(try verify.json()["checks"] as? [[String: String]])
        let byName = Dictionary(uniqueKeysWithValues: checks.map { ($0["name"]!, $0) })
        #expect(byName["kernels"]?["status"] == "ok", "\(checks)")
        #expect(byName["kernels"]?["detail"]?.hasPrefix("kernels 0.17.2") == true)
        #expect(byName["kernel-load"]?["status"] == "ok", "\(checks)")
        // The real resolver picked the stable-ABI CUDA 13 build for torch 2.15 + cu132, not the cu128 one.
        #expect(byName["kernel-load"]?["detail"]?.contains("torch-stable-abi210-cu130-x86_64-linux") == true)
        #expect(verify.status == 0)
    }
}
