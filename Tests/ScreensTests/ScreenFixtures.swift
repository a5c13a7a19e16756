import Foundation
import Screens
@testable import SetupCore
import TerminalUI
import TestSupport

/// Wizard states at each step, built from fixed facts so that the drawn screens are the same on every machine.
enum ScreenFixtures {
    static let python = "/home/me/ComfyUI/venv/bin/python"

    static let environment = Environment(
        gpus: [GPU(index: 0, name: "NVIDIA GeForce RTX 4090", computeCapability: ComputeCapability("8.9"), memoryMiB: 24564,
                   uuid: "GPU-4f3b2a10", busId: "00000000:01:00.0")],
        driver: Driver(version: "570.133.07", cudaVersion: "12.8"),
        python: PythonEnvironment(executable: python, version: "3.11.7", tag: "cp311", platform: "linux_x86_64", glibc: "2.36",
                                  pip: "24.2", virtualEnv: "/home/me/ComfyUI/venv", sitePackages: "/home/me/ComfyUI/venv/lib/python3.11/site-packages"),
        torch: Torch(version: "2.8.0+cu128", cuda: "12.8", cxx11abi: true, cudaAvailable: true, deviceCapabilities: [ComputeCapability("8.9")!]),
        transformers: TransformersInstallation(version: "4.57.1", kernelFallback: KernelFallbackMap(state: .unknown, reason: "modeling_utils.py loads a flash kernel from the hub, but not through FLASH_ATTN_KERNEL_FALLBACK")),
        packages: ["packaging": "24.2", "psutil": "6.1.0", "ninja": "1.11.1.3", "wheel": "0.45.1", "setuptools": "75.1.0", "einops": "0.8.1"],
        toolchain: Toolchain(nvcc: NVCC(path: "/usr/local/cuda/bin/nvcc", version: "12.8"), cpuCount: 16, memoryTotalGiB: 62.8,
                             memoryAvailableGiB: 55.0, diskFreeGiB: 120.5),
        host: Host(os: "Linux", arch: "x86_64", cudaVisibleDevices: nil))

    static var turingEnvironment: Environment {
        var env = environment
        env.gpus = [GPU(index: 0, name: "Tesla T4", computeCapability: ComputeCapability("7.5"), memoryMiB: 15360)]
        env.torch = Torch(version: "2.8.0+cpu", cuda: nil, cxx11abi: true, cudaAvailable: false)
        return env
    }

    static let wheel = SourceWheel(
        name: WheelName("flash_attn-2.8.3.post1+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl")!,
        location: .url("https://github.com/Dao-AILab/flash-attention/releases/download/v2.8.3.post1/flash_attn-2.8.3.post1+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl"),
        size: 256_000_000, sha256: "5c1f8a2a8b0f3b7e6d4c2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d")

    /// The index as the fixtures see it: kernels up to 0.17.2 (as served in 2026-12), flash-attn-4's betas.
    static let index = IndexFacts(
        kernels: IndexVersions(name: "kernels", versions: ["0.17.2", "0.17.1", "0.16.0"]),
        flashAttn4: IndexVersions(name: "flash-attn-4", versions: ["4.0.0b36", "4.0.0b35", "0.0.1"]))

    /// Today's default environment: torch 2.15 + CUDA 13.2, transformers 5.24.0 pinning kernels 0.18.x, no nvcc.
    static var torch215Environment: Environment {
        var env = environment
        env.driver = Driver(version: "595.45.04", cudaVersion: "13.2")
        env.torch = Torch(
            version: "2.15.0+cu132", cuda: "13.2", cxx11abi: true, cudaAvailable: true,
            deviceCapabilities: [ComputeCapability("8.9")!],
            cudaRequirements: ["cuda-toolkit[cublas,cudart,cufft,curand,cusolver,cusparse,nvjitlink,nvrtc,nvtx]==13.2.2; platform_system == \"Linux\""])
        env.transformers = TransformersInstallation.withFallback("5.24.0", kernels: "kernels<0.19,>=0.18.2")
        env.toolchain.nvcc = nil
        return env
    }

    /// `pip install torch transformers` as of 2026-12-06: torch 2.15, transformers 5.25.0 and the kernels 0.19.1 it
    /// requires, with the hub reachable.
    static var todaysEnvironment: Environment { torch215Environment.withTodaysTransformers() }

    static let todaysIndex = IndexFacts(
        kernels: IndexVersions(name: "kernels", versions: ["0.19.1", "0.18.3", "0.17.2"]),
        flashAttn4: IndexVersions(name: "flash-attn-4", versions: ["4.0.0b40", "4.0.0b39"], yanked: ["0.0.1"]), hub: .reachable)

    static func routes(for env: Environment, allowTransformersChange: Bool = false) -> PreparedRoutes {
        let index = env.transformers?.version == "5.25.0" ? todaysIndex : index
        let report = CompatibilityRules.evaluate(env)
        let releases = [SourceRelease(version: "2.8.3.post2", wheels: nil), SourceRelease(version: "2.8.3.post1", wheels: [wheel])]
        let resolution = WheelTarget(env).map { WheelResolver.resolve(target: $0, releases: releases, catalog: .builtIn) }
        var plans: [RouteMethod: PreparedPlan] = [:]
        for method in RouteMethod.installable {
            var request = PlanRequest(method: method, workDirectory: "/home/me/.cache/flash-attn-setup/work", inheritedPath: "/usr/bin:/bin")
            request.allowTransformersChange = allowTransformersChange
            let used = [.wheel, .pip].contains(method) ? resolution : nil
            let plan = InstallPlanner.plan(request, environment: env, report: report, resolution: used, index: index)
            plans[method] = PreparedPlan(plan: plan, resolution: used, listingNote: nil, unreadableWheelNames: [])
        }
        let table = RouteSelection.table(environment: env, report: report, plans: plans.mapValues(\.plan))
        return PreparedRoutes(report: report, plans: plans, table: table, index: index)
    }

    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// The model at `screen`, with everything the steps before it would have found.
    /// A Python with no torch at all: not even SDPA can run until one is installed.
    static var noTorchEnvironment: Environment {
        var env = environment
        env.torch = nil
        env.transformers = nil
        return env
    }

    /// The download of step 1 refused by the proxy in front of github.com, as HTTPFetch says it.
    static let failedDownload = LocalizedText(
        en: "Could not reach github.com through the proxy 10.0.0.8:3128 (connection refused at 10.0.0.8:3128); check the network or proxy, or use --wheel-source with a mirror URL or a folder of wheels.",
        zh: "无法经由代理 10.0.0.8:3128 连接 github.com（connection refused at 10.0.0.8:3128）；请检查网络或代理，或用 --wheel-source 指定镜像 URL 或 wheel 所在目录。")

    static func model(
        _ screen: WizardScreen, language: Language, turing: Bool = false, environment chosen: Environment? = nil,
        downloadFails: Bool = false
    ) -> WizardModel {
        var model = WizardModel(
            language: language, symbols: .unicode, requestedPython: python,
            logDirectory: "/home/me/.local/state/flash-attn-setup/logs")
        model.now = start
        if screen == .welcome { return model }
        let env = chosen ?? (turing ? turingEnvironment : environment)
        model.apply(.probed(env, [PythonCandidate(kind: .comfyUI, path: python), PythonCandidate(kind: .path, path: "/usr/bin/python3")]))
        model.screen = screen
        if screen.rawValue >= WizardScreen.method.rawValue && !turing {
            model.apply(.routesPrepared(routes(for: env)))
        }
        if screen == .install || screen == .verification || screen == .summary {
            model.activity = .installing
            model.installedMethod = .wheel
            model.screen = screen
            model.installStarted = start.addingTimeInterval(-75)
            model.apply(.installStarted(logPath: "/home/me/.local/state/flash-attn-setup/logs/install-20261125-093000.log"))
            model.apply(.install(.stepStarted(index: 0, total: 2, title: LocalizedText(en: "Download and check the wheel", zh: "下载并校验 wheel"))))
            model.apply(.install(.phase(.download(bytes: 96_000_000, total: 256_000_000))))
            for line in ["Looking in indexes: https://pypi.org/simple", "Processing /home/me/.cache/flash-attn-setup/work/flash_attn-2.8.3.post1-cp311-cp311-linux_x86_64.whl",
                         "Requirement already satisfied: torch in /home/me/ComfyUI/venv/lib/python3.11/site-packages (2.8.0+cu128)",
                         "Requirement already satisfied: einops in /home/me/ComfyUI/venv/lib/python3.11/site-packages (0.8.1)"] {
                model.apply(.install(.line(line)))
            }
        }
        if downloadFails, screen == .install || screen == .summary {
            // The log's own lines, as PlanRunner sends them to the log pane.
            model.apply(.install(.logged("download failed: " + failedDownload.en)))
            model.apply(.install(.logged("result: failed at step 1: " + failedDownload.en)))
            model.apply(.installFinished(InstallOutcome(
                result: .failed(step: 0, reason: failedDownload), findings: [], changes: [],
                torchBefore: "2.8.0+cu128", torchAfter: "2.8.0+cu128",
                logPath: "/home/me/.local/state/flash-attn-setup/logs/install-20261125-093000.log")))
            model.installEnded = start
            model.screen = screen
            return model
        }
        if screen == .verification || screen == .summary {
            model.apply(.installFinished(InstallOutcome(
                result: .succeeded, findings: [], changes: [.init(name: "flash-attn", before: nil, after: "2.8.3.post1")],
                torchBefore: "2.8.0+cu128", torchAfter: "2.8.0+cu128",
                logPath: "/home/me/.local/state/flash-attn-setup/logs/install-20261125-093000.log")))
            model.installEnded = start
            model.apply(.verified(VerificationReport(checks: [
                .init(name: .metadata, status: .ok, detail: "distribution 2.8.3.post1, module 2.8.3.post1"),
                .init(name: .importing, status: .ok, detail: "flash_attn 2.8.3.post1 from /home/me/ComfyUI/venv/lib/python3.11/site-packages/flash_attn"),
                .init(name: .extensionLoad, status: .ok, detail: "flash_attn_2_cuda loads"),
                .init(name: .gpuNumeric, status: .ok, detail: "float16: 9.77e-04 vs SDPA 9.77e-04 ok; float16 causal: 9.77e-04 vs SDPA 1.95e-03 ok; bfloat16: 7.81e-03 vs SDPA 7.81e-03 ok; bfloat16 causal: 7.81e-03 vs SDPA 1.56e-02 ok"),
                .init(name: .gpuSpeed, status: .ok, detail: "FA2 0.412 ms, SDPA 0.498 ms per call (batch 4, seq 2048, heads 16, dim 64, fp16, causal): 1.21x"),
                .init(name: .transformers, status: .ok, detail: "transformers 4.57.1: is_flash_attn_2_available() is True"),
            ], findings: [], error: nil)))
        }
        return model
    }
}
