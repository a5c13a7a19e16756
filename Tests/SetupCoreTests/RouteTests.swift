import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The route table weighed from `Environment` values, the verdict and each method's plan: statuses, reasons,
/// the recommendation, and the check's verdict told with it.
@Suite struct RouteTests {
    /// The index as it was on 2026-12-01: kernels up to 0.17.2, so transformers 5.24's window held none, and the
    /// pairing PlanPreparation reads (from the index's metadata, else the catalog) names 5.22.2.
    static let kernelsServed: IndexFacts = {
        var facts = IndexFacts(
            kernels: IndexVersions(name: "kernels", versions: ["0.17.2", "0.17.1", "0.16.0"]),
            flashAttn4: IndexVersions(name: "flash-attn-4", versions: ["4.0.0b36", "4.0.0b9"], yanked: ["0.0.1"]))
        facts.transformersPairing = TransformersPairing(transformers: "5.22.2", kernels: "0.17.2", basis: "the catalog of 2026-12-06")
        return facts
    }()

    /// torch 2.15 + CUDA 13.2 as the package index installs it, an RTX 4090, no CUDA toolkit.
    static func torch215(transformers: String? = "5.24.0", gpu: String = "8.9", python: String = "3.11.7") -> Environment {
        var env = PlanningTests.env(torch: "2.15.0+cu132", cuda: "13.2", nvcc: nil, gpus: [gpu])
        env.driver = Driver(version: "595.45.04", cudaVersion: "13.2")
        env.python?.version = python
        env.torch?.cudaRequirements = ["cuda-toolkit[cublas,cudart,nvrtc]==13.2.2; platform_system == \"Linux\""]
        let windows = ["5.24.0": "kernels<0.19,>=0.18.2", "5.22.2": "kernels<0.18,>=0.17.2", "4.57.1": "kernels<=0.9,>=0.6.1"]
        env.transformers = transformers.map {
            $0.hasPrefix("5.")
                ? .withFallback($0, kernels: windows[$0])
                : TransformersInstallation(version: $0, kernelsRequirement: windows[$0], kernelFallback: KernelFallbackMap(state: .absent))
        }
        return env
    }

    static func table(
        _ env: Environment, index: IndexFacts = kernelsServed, resolution: WheelResolution? = nil,
        allowTransformersChange: Bool = false
    ) -> RouteTable {
        let report = CompatibilityRules.evaluate(env)
        var plans: [RouteMethod: InstallPlan] = [:]
        for method in RouteMethod.installable {
            var request = PlanningTests.request(method)
            request.allowTransformersChange = allowTransformersChange
            plans[method] = InstallPlanner.plan(
                request, environment: env, report: report, resolution: [.wheel, .pip].contains(method) ? resolution : nil,
                index: index)
        }
        return RouteSelection.table(environment: env, report: report, plans: plans)
    }

    static func statuses(_ table: RouteTable) -> [String: RouteStatus] {
        Dictionary(uniqueKeysWithValues: table.routes.map { ($0.method.rawValue, $0.status) })
    }

    @Test func todaysDefaultTorchGetsABuildOfMainAndNamesTheTransformersThatPairsWithTheIndexsKernels() throws {
        let noWheel = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: LocalizedText(en: "No flash-attn release has a wheel.", zh: "没有 wheel。"))
        let table = Self.table(Self.torch215(), resolution: noWheel)
        #expect(Self.statuses(table) == [
            "wheel": .impossible, "pip": .impossible, "source": .needsAction, "kernels": .impossible, "fa4": .impossible,
            "sdpa": .ready,
        ])
        #expect(table.recommended == .source)
        #expect(table.flashAttention2Possible)
        let kernels = try #require(table.route(.kernels))
        #expect(kernels.reasons.map(\.code) == [.kernelsWindowUnavailable])
        #expect(kernels.reasons[0].message.en.contains("serves kernels up to 0.17.2 only"))
        #expect(kernels.reasons[0].message.en.contains("transformers 5.22.2 pairs with kernels 0.17.2"))
        #expect(kernels.estimates == nil)
        #expect(kernels.plan?.offeredTransformersChange == TransformersChange(from: "5.24.0", to: "5.22.2", kernels: "0.17.2"))
        #expect(kernels.facts.contains("kernels accepted: kernels<0.19,>=0.18.2 (Requires-Dist); installed: none; index: none in the window (newest 0.17.2)"))
        #expect(kernels.facts.contains("transformers 5.22.2 pairs with kernels 0.17.2, per the catalog of 2026-12-06"))
        #expect(table.facts.contains("torch 2.15.0+cu132, CUDA 13.2, cxx11abi TRUE"))
        #expect(table.route(.source)?.facts.first?.hasPrefix("nvcc none; CUDA_HOME unset; torch pins cuda-toolkit") == true)
        #expect(table.route(.pip)?.reasons.map(\.code) == [.releaseNeedsCXX20])
        // Advice is never circular: the wheel route says what is missing and points nowhere else.
        #expect(table.route(.wheel)?.reasons.map(\.message.en) == ["No flash-attn release has a wheel."])
        let source = try #require(table.route(.source))
        #expect(source.adds.contains("cuda-toolkit[nvcc]==13.2.2"))
        #expect(source.estimates?.downloadMegabytes == 120)
        #expect(source.choice.attnImplementation == "flash_attention_2")
        #expect(table.route(.fa4)?.reasons.map(\.code) == [.fa4GPU])
    }

    @Test func theTransformersChangeIsPlannedOnlyAfterAnExplicitYesAndIsNeverRecommended() throws {
        let table = Self.table(Self.torch215(), allowTransformersChange: true)
        let kernels = try #require(table.route(.kernels))
        #expect(kernels.status == .needsAction)
        #expect(kernels.changesExisting)
        let change = try #require(kernels.plan?.steps.first { $0.purpose == .changeExisting })
        #expect(change.argv.suffix(2) == ["transformers==5.22.2", "kernels==0.17.2"])
        // The change unpins transformers; torch stays pinned.
        #expect(kernels.plan?.constraintsContent == "torch==2.15.0+cu132\n")
        #expect(table.recommended == .source)
    }

    /// `pip install torch transformers` today: torch 2.15, transformers 5.25.0 and, pulled in by it, kernels 0.19.1.
    static func todaysDefault() -> Environment { torch215(transformers: nil).withTodaysTransformers() }

    static let todaysIndex: IndexFacts = {
        var facts = IndexFacts(
            kernels: IndexVersions(name: "kernels", versions: ["0.19.1", "0.18.3", "0.17.2"]),
            flashAttn4: IndexVersions(name: "flash-attn-4", versions: ["4.0.0b40", "4.0.0b39"], yanked: ["0.0.1"]), hub: .reachable)
        facts.transformersPairing = TransformersPairing(transformers: "5.24.0", kernels: "0.18.3", basis: "a pairing no plan should use")
        return facts
    }()

    @Test func todaysDefaultEnvironmentGetsTheHubKernelAfterOneDownloadAndNoTransformersChange() throws {
        let noWheel = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: LocalizedText(en: "No wheel.", zh: "没有 wheel。"))
        for allow in [false, true] {
            let table = Self.table(Self.todaysDefault(), index: Self.todaysIndex, resolution: noWheel, allowTransformersChange: allow)
            let kernels = try #require(table.route(.kernels))
            #expect(kernels.status == .ready, "\(kernels.reasons)")
            #expect(table.recommended == .kernels, "the route that works wins over a build of hours")
            #expect(!kernels.changesExisting)
            #expect(kernels.plan?.offeredTransformersChange == nil)
            #expect(kernels.plan?.steps.map(\.argv.last) == ["4"], "one download, kernels already in the window")
            #expect(kernels.reasons[0].code == .hubKernelInstall)
            #expect(kernels.reasons[0].message.en.contains("transformers 5.25.0 loads kernels-community/flash-attn2 v4 through kernels 0.19.1"))
            #expect(kernels.reasons[0].message.en.contains("One download of about 250 MB, nothing compiled."))
            #expect(kernels.estimates?.downloadMegabytes == 250)
            #expect(kernels.facts.contains { $0.contains("kernels accepted: >=0.19.1,<0.20.0 (its is_kernels_available); installed: 0.19.1") })
            #expect(table.recommendation.en.hasPrefix("Ready now."))
        }
    }

    @Test func anUnknownFallbackIsAnAssumptionNeverADowngradeNorABuild() throws {
        var env = Self.todaysDefault()
        env.transformers?.kernelFallback = KernelFallbackMap(state: .unknown, reason: "a DictComp expression")
        let noWheel = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: LocalizedText(en: "No wheel.", zh: "没有 wheel。"))
        let table = Self.table(env, index: Self.todaysIndex, resolution: noWheel, allowTransformersChange: true)
        let kernels = try #require(table.route(.kernels))
        #expect(kernels.status == .needsAction, "unproven, so not ready")
        #expect(!kernels.changesExisting)
        #expect(kernels.plan?.offeredTransformersChange == nil)
        #expect(kernels.plan?.assumptions.first?.en.contains("a DictComp expression") == true)
        #expect(kernels.plan?.assumptions.first?.en.contains("from the catalog of") == true)
        #expect(table.recommended == .kernels, "an unknown is never the reason for recommending a build")
        // An installed kernels outside the metadata's window is left alone on an assumption.
        env.kernels = KernelsInstallation(version: "0.21.0")
        let kept = try #require(Self.table(env, index: Self.todaysIndex, resolution: noWheel).route(.kernels))
        #expect(kept.plan?.steps.contains { $0.argv.contains { $0.hasPrefix("kernels==") } } == false)
        #expect(kept.plan?.notes.contains { $0.en.contains("kernels 0.21.0 is installed, outside") } == true)
        // Read, the window is the truth: going back to an older kernels is a change of what the user has.
        var read = Self.todaysDefault()
        read.kernels = KernelsInstallation(version: "0.21.0")
        let back = try #require(Self.table(read, index: Self.todaysIndex, resolution: noWheel).route(.kernels))
        #expect(back.changesExisting)
        #expect(back.plan?.steps.first?.argv.last == "kernels==0.19.1")
        env.kernels = KernelsInstallation(version: "0.19.1")
        // Absent (read, and there is none) is what makes another transformers worth offering.
        env.transformers?.kernelFallback = KernelFallbackMap(state: .absent, reason: "FLASH_ATTN_KERNEL_FALLBACK is not in modeling_utils.py")
        let absent = try #require(Self.table(env, index: Self.todaysIndex, resolution: noWheel).route(.kernels))
        #expect(absent.reasons[0].code == .kernelsWindowUnavailable)
        #expect(absent.plan?.offeredTransformersChange?.to == "5.24.0")
    }

    @Test func aTransformersWhoseWindowTheIndexServesGetsTheHubKernelRecommended() throws {
        let table = Self.table(Self.torch215(transformers: "5.22.2"))
        let kernels = try #require(table.route(.kernels))
        #expect(kernels.status == .needsAction)
        #expect(table.recommended == .kernels)
        let steps = try #require(kernels.plan?.steps)
        #expect(steps.map(\.purpose) == [.prepare, .install])
        #expect(steps[0].argv.last == "kernels==0.17.2")
        #expect(steps[1].argv.suffix(2) == ["kernels-community/flash-attn2", "4"])
        #expect(kernels.plan?.constraintsContent == "torch==2.15.0+cu132\ntransformers==5.22.2\n")
        #expect(kernels.choice.nodeLabel == "Flash Attention 2")
        #expect(kernels.choice.implementation.en.contains("kernels-community/flash-attn2"))
    }

    @Test func aCachedVariantWithKernelsInTheWindowIsReadyAndNeedsNothing() throws {
        var env = Self.torch215(transformers: "5.22.2")
        env.kernels = KernelsInstallation(version: "0.17.2")
        env.hubKernelCache = HubKernelCache(directory: "/h", entries: [
            .init(repo: "kernels-community/flash-attn2", ref: "v4", variants: ["torch-stable-abi210-cu130-x86_64-linux"]),
        ])
        let table = Self.table(env, index: IndexFacts(hub: .offline))
        let kernels = try #require(table.route(.kernels))
        #expect(kernels.status == .ready)
        #expect(kernels.plan?.steps.isEmpty == true)
        #expect(kernels.reasons.first?.code == .hubKernelReady)
        // Offline with a variant for another CUDA only: it cannot download, and says how to carry one over.
        env.hubKernelCache?.entries[0].variants = ["torch-stable-abi210-cu128-x86_64-linux"]
        let offline = try #require(Self.table(env, index: IndexFacts(hub: .offline)).route(.kernels))
        #expect(offline.reasons.map(\.code) == [.hubOffline])
        #expect(offline.reasons[0].message.en.contains("HF_HUB_CACHE"))
        let unreachable = try #require(Self.table(env, index: IndexFacts(hub: .unreachable("connection refused"))).route(.kernels))
        #expect(unreachable.reasons.map(\.code) == [.hubUnreachable])
        #expect(unreachable.reasons[0].message.en.contains("could not be reached (connection refused)"))
        #expect(unreachable.reasons[0].message.zh.contains("LOCAL_KERNELS="))
    }

    @Test func aBrokenFlashAttnIsRemovedFirstAndAWorkingOneLeavesNoRoomForTheFallback() throws {
        var broken = Self.torch215(transformers: "5.22.2")
        broken.flashAttn = FlashAttnInstallation(version: "2.8.3", moduleVersion: nil, importError: "undefined symbol: _ZN3c104cuda9SetDeviceEi")
        let removal = try #require(Self.table(broken).route(.kernels)?.plan?.steps.first)
        #expect(removal.argv == ["/v/bin/python", "-m", "pip", "uninstall", "-y", "flash-attn"])
        #expect(removal.purpose == .prepare)
        var working = broken
        working.flashAttn?.importError = nil
        working.flashAttn?.moduleVersion = "2.8.3"
        #expect(Self.table(working).route(.kernels)?.reasons.map(\.code) == [.flashAttnPresent])
    }

    @Test func aTransformersWithoutTheFallbackIsNamedWithTheOneThatHasIt() throws {
        let kernels = try #require(Self.table(Self.torch215(transformers: "4.57.1")).route(.kernels))
        #expect(kernels.status == .impossible)
        #expect(kernels.reasons[0].message.en.contains("has no hub-kernel fallback"))
        #expect(kernels.plan?.offeredTransformersChange?.to == "5.22.2")
        #expect(Self.table(Self.torch215(transformers: nil)).route(.kernels)?.reasons.map(\.code) == [.transformersMissing])
    }

    @Test func aTuringCardHasNoFlashAttention2RouteAndSDPAIsRecommended() {
        let table = Self.table(Self.torch215(gpu: "7.5"))
        #expect(!table.flashAttention2Possible)
        #expect(table.recommended == .sdpa)
        for method in [RouteMethod.wheel, .pip, .source, .kernels] {
            #expect(table.route(method)?.reasons.contains { $0.code == .noUsableGPU } == true, "\(method)")
        }
    }

    @Test func flashAttention4IsForHopperAndBlackwellWithTheCUDA13ExtraAndNotOnPython315() throws {
        let hopper = try #require(Self.table(Self.torch215(gpu: "9.0")).route(.fa4))
        #expect(hopper.status == .ready)
        #expect(hopper.plan?.steps.first?.argv.last == "flash-attn-4[cu13]==4.0.0b36")
        #expect(hopper.choice.nodeLabel == nil)
        #expect(hopper.choice.attnImplementation == "flash_attention_4")
        let cu128 = PlanningTests.env(gpus: ["10.0"])
        #expect(Self.table(cu128).route(.fa4)?.plan?.steps.first?.argv.last == "flash-attn-4==4.0.0b36")
        let py315 = try #require(Self.table(Self.torch215(gpu: "9.0", python: "3.15.0")).route(.fa4))
        #expect(py315.reasons.map(\.code) == [.fa4Python])
        // Offline, the catalog's newest known beta, and its facts say where that came from and of what date.
        let offline = try #require(Self.table(Self.torch215(gpu: "9.0"), index: IndexFacts()).route(.fa4))
        #expect(offline.plan?.steps.first?.argv.last == "flash-attn-4[cu13]==\(RouteCatalog.builtIn.flashAttention4.knownNewest)")
        #expect(offline.facts.contains { $0.contains("from the catalog of \(RouteCatalog.builtIn.flashAttention4.provenance.checked)") })
    }

    @Test func whereFlashAttention4CannotBeInstalledTransformersOwnHubFallbackIsTheRoute() throws {
        var env = Self.todaysDefault()
        env.gpus = [GPU(index: 0, name: "NVIDIA H100 80GB HBM3", computeCapability: ComputeCapability("9.0"), memoryMiB: 81559)]
        env.torch?.deviceCapabilities = [ComputeCapability("9.0")!]
        env.python?.version = "3.15.0"
        env.transformers?.kernelFallback?.entries.append(KernelFallbackMap.Entry(
            implementation: "flash_attention_4", repo: "kernels-community/flash-attn4", version: 1, versionSource: .read, devices: ["cuda"]))
        let fa4 = try #require(Self.table(env, index: Self.todaysIndex).route(.fa4))
        #expect(fa4.status == .ready, "\(fa4.reasons)")
        #expect(fa4.plan?.steps.map(\.argv.last) == ["1"])
        #expect(fa4.plan?.steps.first?.argv.dropLast().last == "kernels-community/flash-attn4")
        #expect(fa4.reasons[0].message.en.contains("loads kernels-community/flash-attn4 v1 through kernels 0.19.1"))
        #expect(fa4.plan?.notes.contains { $0.en.contains("cannot be installed here") } == true)
        // Where the package can be installed, it is the route, and the fallback is named beside it.
        env.python?.version = "3.11.7"
        let package = try #require(Self.table(env, index: Self.todaysIndex).route(.fa4))
        #expect(package.plan?.steps.first?.argv.last == "flash-attn-4[cu13]==4.0.0b40")
        #expect(package.plan?.notes.contains { $0.en.contains("would load kernels-community/flash-attn4 v1") } == true)
    }

    @Test func anExactWheelIsRecommendedAndTheVerdictStaysSupported() throws {
        let env = PlanningTests.env()
        let table = Self.table(env, resolution: PlanningTests.resolution)
        #expect(table.recommended == .wheel)
        #expect(table.route(.wheel)?.status == .ready)
        #expect(table.ordered.first?.method == .wheel)
        #expect(table.ordered.last?.status == .impossible)
        #expect(CompatibilityRules.evaluate(env).told(with: table).verdict == .supported)
    }

    @Test func withNoRouteThatCanInstallTheVerdictIsNotSupported() {
        let env = PlanningTests.env(pip: nil)
        let report = CompatibilityRules.evaluate(env)
        #expect(report.verdict == .supported)
        let told = report.told(with: Self.table(env, resolution: PlanningTests.resolution))
        #expect(told.verdict == .limited)
        #expect(told.warnings.contains { $0.code == .noInstallRoute })
        #expect(told.fallback != nil)
    }

    /// A build of hours is weighed against SDPA, which runs now: SDPA first with the build's minutes and the expected
    /// gain (the catalog's basis, or verify's measurement), the build offered after it; a build within the hour
    /// stays the recommendation.
    @Test func aBuildOfMoreThanAnHourComesAfterSDPAWithItsGainWeighedAgainstItsMinutes() throws {
        let noWheel = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: LocalizedText(en: "No wheel.", zh: "没有 wheel。"))
        // One core (a small VM): an hour or more even with ninja.
        var slow = Self.torch215()
        slow.toolchain.cpuCount = 1
        let table = Self.table(slow, resolution: noWheel)
        let build = try #require(table.route(.source)?.estimates)
        #expect(build.minutesHigh > BuildWeighing.longBuildMinutes)
        #expect(table.recommended == .sdpa)
        #expect(table.deferred == .source)
        #expect(table.afterInstall == nil)
        let minutes = "\(Int(build.minutesLow.rounded()))-\(Int(build.minutesHigh.rounded())) minutes"
        #expect(table.recommendation.en.contains("SDPA first, ready now: building flash-attn here costs about \(minutes)"), "\(table.recommendation.en)")
        #expect(table.recommendation.en.contains("on compute capability 8.9 SDPA already runs PyTorch's own FlashAttention-2 kernel (PyTorch 2.2 release notes, pytorch.org/blog/pytorch2-2)"))
        #expect(table.recommendation.en.contains("To build anyway: --method source"))
        #expect(table.recommendation.zh.contains("先用 SDPA，现在即可使用") && table.recommendation.zh.contains("--method source"))

        // Measured by verify: the measurement is the gain.
        let report = CompatibilityRules.evaluate(slow)
        var plans: [RouteMethod: InstallPlan] = [:]
        for method in RouteMethod.installable {
            plans[method] = InstallPlanner.plan(
                PlanningTests.request(method), environment: slow, report: report, resolution: [.wheel, .pip].contains(method) ? noWheel : nil,
                index: Self.kernelsServed)
        }
        let measured = SpeedMeasurement(label: "hub kernel", milliseconds: 0.412, sdpaMilliseconds: 0.498, shape: [4, 2048, 16, 64])
        let weighed = RouteSelection.table(environment: slow, report: report, plans: plans, measured: measured)
        #expect(weighed.recommendation.en.contains("verify measured here that SDPA takes 1.21x the time of hub kernel per attention call"), "\(weighed.recommendation.en)")

        // Within the hour (a large server), the build stays the recommendation.
        var fast = Self.torch215()
        fast.toolchain.cpuCount = 128
        fast.toolchain.memoryAvailableGiB = 500
        let quick = Self.table(fast, resolution: noWheel)
        #expect((quick.route(.source)?.estimates?.minutesHigh ?? 999) <= BuildWeighing.longBuildMinutes)
        #expect(quick.recommended == .source)
        #expect(quick.deferred == nil)
        #expect(quick.recommendation.en.contains("The build costs about"), "the minutes and their gain are said beside a build too: \(quick.recommendation.en)")
        #expect(quick.recommendation.en.contains("SDPA works meanwhile."))
    }

    /// diagnose's fixes said as the routes are: a wheel that does not exist is not offered, a build that needs steps
    /// first says so, a ready route says it is.
    @Test func aFixIsSaidAsItsRouteIsHere() throws {
        let noWheel = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: LocalizedText(en: "No flash-attn release has a wheel here.", zh: "没有 wheel。"))
        let table = Self.table(Self.torch215(), resolution: noWheel)
        func finding(_ route: RouteMethod) -> Finding {
            Finding(id: "x", cause: LocalizedText(en: "Cause.", zh: "原因。"), fix: LocalizedText(en: "Use it.", zh: "用它。"), line: 1, evidence: "e", rank: 1, route: route)
        }
        let fitted = RoutedFix.fitted([finding(.wheel), finding(.source), finding(.sdpa)], to: table)
        #expect(fitted[0].fix.en.hasPrefix("The wheel route this fix would use cannot run here: No flash-attn release has a wheel here."), "\(fitted[0].fix.en)")
        #expect(fitted[0].fix.en.contains("What this tool recommends here: Build from source"))
        #expect(fitted[1].fix.en == "Use it. Here that route needs first: the steps its plan lists (flash-attn-setup plan --method source shows them).")
        #expect(fitted[2].fix.en == "Use it. (Here that route is ready.)")
        #expect(fitted.allSatisfy { !$0.fix.zh.isEmpty })
    }

    @Test func sdpaSaysWhatItCostsWhereVerifyMeasuredIt() throws {
        let env = PlanningTests.env()
        let report = CompatibilityRules.evaluate(env)
        let measured = SpeedMeasurement(label: "FA2", milliseconds: 0.412, sdpaMilliseconds: 0.498, shape: [4, 2048, 16, 64])
        let table = RouteSelection.table(environment: env, report: report, plans: [:], measured: measured)
        let sdpa = try #require(table.route(.sdpa))
        #expect(sdpa.reasons[0].message.en.contains("FA2 0.412 ms, SDPA 0.498 ms per call (fp16, causal, 4x2048x16x64): SDPA costs 1.21x."))
        #expect(sdpa.reasons[0].message.zh.contains("SDPA 耗时为其 1.21 倍"))
        // Kept per target, read back as it was written.
        let state = Fixtures.temporaryDirectory("speed")
        measured.save(python: "/v/bin/python", stateDirectory: state)
        #expect(SpeedMeasurement.load(python: "/v/bin/python", stateDirectory: state) == measured)
        #expect(SpeedMeasurement.load(python: "/other/bin/python", stateDirectory: state) == nil)
    }

    @Test func verifyReadsTheSpeedItMeasured() {
        let json = #"{"checks": [{"name": "extension", "status": "ok", "detail": "loads"}], "speed": {"label": "hub kernel", "milliseconds": 0.5, "sdpaMilliseconds": 0.6, "shape": [4, 2048, 16, 64]}, "executable": "/v/bin/python"}"#
        let outcome = ProcessOutcome(termination: .exited(0), stdout: Array(("\n" + VerifyScript.marker + "\n" + json + "\n").utf8), stderr: [], seconds: 1)
        let report = Verifier.interpret(outcome, python: "/v/bin/python", timeout: 10)
        #expect(report.speed?.label == "hub kernel")
        #expect(report.executable == "/v/bin/python")
    }

    @Test func installBlockersComeFromTheReportsCodesAlone() {
        #expect(BlockerCode.torchCPUOnly.blocksInstall)
        #expect(BlockerCode.externallyManaged.blocksInstall)
        #expect(!BlockerCode.noGPU.blocksInstall)
        #expect(!BlockerCode.driverTooOld.blocksInstall)
        // Every probe code is a blocker of its own, by name; one read back from JSON counts as its probe's.
        for code in ProbeError.Code.allCases where code != .importDied && code != .decoded {
            #expect(BlockerCode(probe: code, python: code.rawValue.hasPrefix("python") || ["not-python", "probe-output-invalid"].contains(code.rawValue)).rawValue == code.rawValue)
        }
        #expect(BlockerCode(probe: .decoded, python: true) == .pythonProbeFailed)
        #expect(BlockerCode(probe: .decoded, python: false) == .nvidiaSMIFailed)
        var cpu = PlanningTests.env()
        cpu.torch = Torch(version: "2.8.0+cpu", cuda: nil, cxx11abi: true, cudaAvailable: false)
        let table = Self.table(cpu)
        #expect(table.routes.allSatisfy { $0.status == .impossible })
        #expect(table.route(.sdpa)?.reasons.map(\.code) == [.noCUDATorch])
    }
}

/// Versions and specifiers as the package index and Requires-Dist lines write them.
@Suite struct VersionRequirementTests {
    @Test func readsRequiresDistSpecifiers() throws {
        let window = try #require(VersionRequirement("kernels<0.19,>=0.18.2"))
        #expect(window.description == "<0.19,>=0.18.2")
        #expect(window.contains("0.18.2") && window.contains("0.18.10"))
        #expect(!window.contains("0.17.2") && !window.contains("0.19.0") && !window.contains("0.19"))
        #expect(try #require(VersionRequirement("kernels (>=0.17.2,<0.18)")).newest(of: ["0.17.2", "0.17.1", "0.18.0"]) == "0.17.2")
        #expect(try #require(VersionRequirement("==12.8.*")).contains("12.8.93"))
        #expect(!(try #require(VersionRequirement("==12.8.*")).contains("12.9.0")))
        #expect(try #require(VersionRequirement("~=0.17.1")).contains("0.17.9"))
        #expect(!(try #require(VersionRequirement("~=0.17.1")).contains("0.18.0")))
        #expect(VersionRequirement("kernels") == nil)
        #expect(VersionRequirement(">=banana") == nil)
    }

    @Test func ordersPreAndPostReleasesAsPEP440Does() {
        let ordered = ["4.0.0b9", "4.0.0b36", "4.0.0rc1", "4.0.0", "4.0.0.post1", "4.0.1"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(comparePackageVersions(a, b) == .orderedAscending, "\(a) < \(b)")
        }
        #expect(comparePackageVersions("0.18", "0.18.0") == .orderedSame)
        #expect(comparePackageVersions("2.15.0+cu132", "2.15.0") == .orderedSame)
        #expect(PackageVersion("4.0.0b36")?.isPreRelease == true)
        #expect(IndexVersions(name: "flash-attn-4", versions: ["0.0.1", "4.0.0b36"]).newest() == "0.0.1")
        #expect(IndexVersions(name: "flash-attn-4", versions: ["0.0.1", "4.0.0b36"]).newest(includingPreReleases: true) == "4.0.0b36")
    }

    @Test func pairsTheNewestTransformersWhoseWindowTheIndexServes() {
        let catalog = RouteCatalog.builtIn
        #expect(catalog.transformersPairing(availableKernels: ["0.17.2", "0.17.1"])! == ("5.22.2", "0.17.2"))
        #expect(catalog.transformersPairing(availableKernels: ["0.18.3"])! == ("5.24.0", "0.18.3"))
        #expect(catalog.transformersPairing(availableKernels: ["0.19.1", "0.18.3"])! == ("5.25.0", "0.19.1"))
        #expect(catalog.transformersPairing(availableKernels: ["0.1.0"]) == nil)
        #expect(catalog.hubKernel.version(forTorch: "2.15.0") == 4)
        #expect(catalog.hubKernel.version(forTorch: "2.8.0") == 3)
        #expect(catalog.hubKernel.version(forTorch: "2.4.1") == nil)
    }

    @Test func aVariantFitsByProcessorCUDAMajorAndTorchOrTheStableABIInBothGrammars() throws {
        let torch215 = Torch(version: "2.15.0+cu132", cuda: "13.2", cxx11abi: true, cudaAvailable: true)
        let python = try #require(PlanningTests.env(torch: "2.15.0+cu132", cuda: "13.2", nvcc: nil, gpus: ["8.9"]).python)
        func fits(_ name: String, arch: String = "x86_64") -> Bool {
            KernelVariantName(name)?.loads(torch: torch215, python: python, arch: arch) ?? false
        }
        // kernels up to 0.18's names.
        #expect(fits("torch-stable-abi210-cu130-x86_64-linux"))
        #expect(fits("torch215-cxx11-cu130-x86_64-linux"))
        #expect(!fits("torch-stable-abi210-cu128-x86_64-linux"))
        #expect(!fits("torch-stable-abi210-cu130-aarch64-linux"))
        #expect(!fits("torch214-cxx11-cu130-x86_64-linux"))
        #expect(!fits("torch215-cxx98-cu130-x86_64-linux"))
        // kernels 0.19's names (its variants.py docstring's shapes).
        #expect(fits("torch-2.15-cxx11-cuda-13.0-cpython-3.10-abi3-x86_64-linux"))
        #expect(fits("torch-stable-abi-2.11-cuda-13.0-cpython-3.9-abi3-x86_64-linux"))
        #expect(!fits("torch-stable-abi-2.16-cuda-13.0-cpython-3.9-abi3-x86_64-linux"))
        #expect(!fits("torch-2.15-cuda-12.8-cpython-3.10-abi3-x86_64-linux"))
        #expect(!fits("torch-2.15-cuda-13.0-cpython-3.12-abi3-x86_64-linux"), "the venv's Python is older than the build's floor")
        #expect(!fits("torch-2.15-cuda-13.0-cpython-3.10-abi3t-x86_64-linux"), "free-threaded only")
        #expect(fits("torch-cuda"))
        #expect(KernelVariantName("not-a-variant") == nil)
        #expect(KernelVariantName("torch-2.15-cuda-13.0-x86_64-linux") == nil, "the new grammar always names its Python")
    }
}

/// The CUDA_HOME laid out over the package index's CUDA wheels, on a real folder tree.
@Suite struct CUDAHomeLayoutTests {
    static func tree(_ files: [String], executable: [String] = []) throws -> String {
        let root = Fixtures.temporaryDirectory("cuda-home")
        for file in files + executable {
            let path = root + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8), attributes: executable.contains(file) ? [.posixPermissions: 0o755] : nil)
        }
        return root
    }

    @Test func joinsTheCUDA13WheelsAndAddsTheUnversionedLibraries() throws {
        let root = try Self.tree(
            ["nvidia/cu13/bin/nvcc.profile", "nvidia/cu13/nvvm/bin/cicc", "nvidia/cu13/include/cuda_runtime_api.h",
             "nvidia/cu13/lib/libcudart.so.13", "nvidia/cu13/lib/libnvrtc.so.13"],
            executable: ["nvidia/cu13/bin/nvcc"])
        let home = root + "/home"
        let nvcc = try CUDAHomeLayout.assemble(nvidiaRoot: root + "/nvidia", destination: home)
        #expect(nvcc == home + "/bin/nvcc")
        let files = FileManager.default
        #expect(files.isExecutableFile(atPath: home + "/bin/nvcc"))
        #expect(files.fileExists(atPath: home + "/bin/nvcc.profile"))
        #expect(files.fileExists(atPath: home + "/nvvm/bin/cicc"))
        #expect(files.fileExists(atPath: home + "/include/cuda_runtime_api.h"))
        #expect(try files.destinationOfSymbolicLink(atPath: home + "/lib/libcudart.so") == "libcudart.so.13")
        #expect(files.fileExists(atPath: home + "/lib/libnvrtc.so"))
        #expect(files.fileExists(atPath: home + "/lib64/libcudart.so"))
        // Laid out again (a second run), the same result.
        #expect(try CUDAHomeLayout.assemble(nvidiaRoot: root + "/nvidia", destination: home) == home + "/bin/nvcc")
    }

    @Test func joinsTheSplitCUDA12WheelsAndRefusesAFolderWithoutNVCC() throws {
        let root = try Self.tree(
            ["nvidia/cuda_nvcc/nvvm/bin/cicc", "nvidia/cuda_runtime/include/cuda.h", "nvidia/cuda_runtime/lib/libcudart.so.12"],
            executable: ["nvidia/cuda_nvcc/bin/nvcc"])
        let home = root + "/home"
        try CUDAHomeLayout.assemble(nvidiaRoot: root + "/nvidia", destination: home)
        #expect(FileManager.default.fileExists(atPath: home + "/include/cuda.h"))
        #expect(FileManager.default.fileExists(atPath: home + "/lib/libcudart.so"))
        let empty = try Self.tree(["nvidia/cu13/lib/libcudart.so.13"])
        #expect(throws: CUDAHomeLayout.Failure.self) { try CUDAHomeLayout.assemble(nvidiaRoot: empty + "/nvidia", destination: empty + "/home") }
    }
}
