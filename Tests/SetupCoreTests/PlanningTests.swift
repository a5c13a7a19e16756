import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// Plans made from `Environment` values: which steps, which argv and variables, which blockers.
@Suite struct PlanningTests {
    static func env(
        torch: String = "2.8.0+cu128", cuda: String = "12.8", nvcc: String? = "12.8", memory: Double = 60, cpus: Int = 16,
        gpus: [String] = ["8.9"], packages: [String: String?] = ["packaging": "24.0", "psutil": "5.9", "ninja": "1.11", "wheel": "0.43", "setuptools": "70"],
        pip: String? = "24.2"
    ) -> Environment {
        Environment(
            gpus: gpus.enumerated().map { GPU(index: $0.offset, name: "GPU", computeCapability: ComputeCapability($0.element)) },
            driver: Driver(version: "570.1", cudaVersion: "12.8"),
            python: PythonEnvironment(executable: "/v/bin/python", version: "3.11.7", tag: "cp311", platform: "linux_x86_64",
                                      glibc: "2.36", pip: pip, virtualEnv: "/v", sitePackages: "/v/lib/python3.11/site-packages"),
            torch: Torch(version: torch, cuda: cuda, cxx11abi: true, cudaAvailable: true),
            packages: packages,
            toolchain: Toolchain(nvcc: nvcc.map { NVCC(path: "/usr/local/cuda/bin/nvcc", version: $0) }, cpuCount: cpus,
                                 memoryTotalGiB: memory + 4, memoryAvailableGiB: memory, diskFreeGiB: 100))
    }

    static func request(_ method: RouteMethod) -> PlanRequest {
        PlanRequest(method: method, workDirectory: "/cache/work", inheritedPath: "/usr/bin:/bin")
    }

    /// A plan with the verdict computed once from the same environment, as every caller makes it.
    static func plan(
        _ request: PlanRequest, environment env: Environment, resolution: WheelResolution?, index: IndexFacts = IndexFacts()
    ) -> InstallPlan {
        InstallPlanner.plan(request, environment: env, report: CompatibilityRules.evaluate(env), resolution: resolution, index: index)
    }

    static let wheel = SourceWheel(
        name: WheelName("flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl")!,
        location: .url("https://mirror/v2.8.3/flash_attn-2.8.3%2Bcu12torch2.8cxx11abiTRUE-cp311-cp311-linux_x86_64.whl"),
        size: 250_000_000, sha256: "ab12")
    static let resolution = WheelResolution(
        release: "2.8.3", wheel: wheel, notes: [], nearMisses: [],
        summary: LocalizedText(en: "chosen.", zh: "已选。"))

    @Test func theWheelPlanFetchesRenamesAndInstallsWithTorchPinned() throws {
        let plan = Self.plan(Self.request(.wheel), environment: Self.env(), resolution: Self.resolution)
        #expect(plan.blockers.isEmpty)
        #expect(plan.steps.count == 2)
        guard case .fetch(let source, let destination, let sha, _, _) = plan.steps[0].action else {
            Issue.record("first step is not a fetch")
            return
        }
        #expect(source == Self.wheel.location)
        #expect(sha == "ab12")
        #expect(destination.hasSuffix("/flash_attn-2.8.3-cp311-cp311-linux_x86_64.whl"))
        #expect(plan.steps[1].argv == ["/v/bin/python", "-m", "pip", "install", "--constraint", plan.constraintsPath, destination])
        #expect(plan.constraintsContent == "torch==2.8.0+cu128\n")
        #expect(plan.wheel?.flashAttnVersion == "2.8.3")
    }

    @Test func theWheelPlanWithoutAWheelIsBlockedWithTheResolversSentence() {
        let none = WheelResolution(release: nil, wheel: nil, notes: [], nearMisses: [], summary: LocalizedText(en: "No wheel.", zh: "没有。"))
        let plan = Self.plan(Self.request(.wheel), environment: Self.env(), resolution: none)
        #expect(plan.blockers.map(\.message.en) == ["No wheel."])
    }

    @Test func thePipPlanInstallsOnlyMissingPrerequisitesAndSetsUpTheBuild() throws {
        var packages = Self.env().packages
        packages["ninja"] = .some(nil)
        packages["psutil"] = .some(nil)
        let plan = Self.plan(Self.request(.pip), environment: Self.env(packages: packages), resolution: nil)
        #expect(plan.steps.count == 2)
        #expect(plan.steps[0].argv.suffix(2) == ["psutil", "ninja"])
        #expect(plan.steps[1].argv.suffix(3) == ["--no-build-isolation", "-v", "flash-attn"])
        let env = plan.steps[1].environmentChanges
        #expect(env["PATH"] == "/v/bin:/usr/bin:/bin")
        #expect(env["CUDA_HOME"] == "/usr/local/cuda")
        #expect(env["FLASH_ATTN_CUDA_ARCHS"] == "80")
        #expect(env["MAX_JOBS"] == "6")
        #expect(env["NVCC_THREADS"] == "4")
        #expect(plan.steps[1].compiles)
    }

    @Test func theSourcePlanDownloadsTheSdistAndForcesTheBuild() throws {
        var request = Self.request(.source)
        request.pinnedVersion = "2.8.3"
        let plan = Self.plan(request, environment: Self.env(gpus: ["8.0", "9.0"]), resolution: nil)
        #expect(plan.blockers.isEmpty)
        #expect(plan.steps[0].argv == ["/v/bin/python", "-m", "pip", "download", "flash-attn==2.8.3", "--no-deps", "--no-binary", ":all:", "-d", "/cache/work"])
        #expect(plan.steps[1].argv.last == "/cache/work/flash_attn-2.8.3.tar.gz")
        #expect(plan.steps[1].environmentChanges["FLASH_ATTENTION_FORCE_BUILD"] == "TRUE")
        #expect(plan.steps[1].environmentChanges["FLASH_ATTN_CUDA_ARCHS"] == "80;90")
        #expect(plan.estimates.cudaArchs == "80;90")
    }

    @Test func aReleaseThatCannotCompileAgainstTorch215IsRefusedAndTheSourceMethodBuildsMain() {
        let torch215 = Self.env(torch: "2.15.0+cu132", cuda: "13.2", nvcc: "13.2")
        var pinned = Self.request(.source)
        pinned.pinnedVersion = "2.8.3.post2"
        let release = Self.plan(pinned, environment: torch215, resolution: nil)
        #expect(release.blockers.map(\.code) == [.releaseNeedsCXX20])
        #expect(release.blockers[0].message.en.contains("cannot be built against torch 2.15.0"))
        let pip = Self.plan(Self.request(.pip), environment: torch215, resolution: nil)
        #expect(pip.blockers.map(\.code) == [.releaseNeedsCXX20])
        // Without a pin the source method takes main, which compiles with C++20: catalog data, not code.
        let main = Self.plan(Self.request(.source), environment: torch215, resolution: nil)
        #expect(main.blockers.isEmpty)
        #expect(main.buildSource == .git(repository: RouteCatalog.builtIn.sourceMain.repository, ref: "main"))
        guard case .checkoutSource(_, let ref, let destination) = main.steps[0].action else {
            Issue.record("the first step does not fetch the source")
            return
        }
        #expect(ref == "main")
        #expect(main.steps.last?.argv.last == destination)
        #expect(main.headline?.code == .buildsMain)
        var tagged = Self.request(.source)
        tagged.sourceRef = "v2.8.4"
        tagged.sourceRepository = "/mirrors/flash-attention.git"
        #expect(Self.plan(tagged, environment: torch215, resolution: nil).buildSource == .git(repository: "/mirrors/flash-attention.git", ref: "v2.8.4"))
        var checkout = Self.request(.source)
        checkout.sourcePath = "/src/flash-attention"
        let fromCheckout = Self.plan(checkout, environment: torch215, resolution: nil)
        #expect(fromCheckout.blockers.map(\.code) == [.checkoutMissing])
        #expect(fromCheckout.steps.last?.argv.last == "/src/flash-attention")
    }

    /// `--source-path` with a 2.8.3 checkout, or `--ref v2.8.3`, skipped the C++20 check `--flash-attn-version
    /// 2.8.3` makes, and planned a build of hours that fails at its end. The checkout's own version and setup.py
    /// decide now; a checkout whose setup.py names C++20 (main, or a patched release) is planned.
    @Test func aCheckoutOrATagOfAC17ReleaseIsRefusedAgainstATorchThatNeedsCXX20() throws {
        let torch215 = Self.env(torch: "2.15.0+cu132", cuda: "13.2", nvcc: "13.2")
        func checkout(version: String?, setup: String) throws -> String {
            let folder = Fixtures.temporaryDirectory("checkout")
            try FileManager.default.createDirectory(atPath: folder + "/flash_attn", withIntermediateDirectories: true)
            try setup.write(toFile: folder + "/setup.py", atomically: true, encoding: .utf8)
            if let version { try "__version__ = \"\(version)\"\n".write(toFile: folder + "/flash_attn/__init__.py", atomically: true, encoding: .utf8) }
            return folder
        }
        let cxx17 = "cc_flag = []\nextra_compile_args={\"cxx\": [\"-O3\", \"-std=c++17\"], \"nvcc\": [\"-std=c++17\"]}\n"
        let both = "std = \"-std=c++20\" if torch_version >= (2, 13) else \"-std=c++17\"\n"
        var request = Self.request(.source)
        request.sourcePath = try checkout(version: "2.8.3", setup: cxx17)
        let release = Self.plan(request, environment: torch215, resolution: nil)
        #expect(release.blockers.map(\.code) == [.releaseNeedsCXX20])
        #expect(release.blockers.first?.message.en.contains("(version 2.8.3) cannot be built against torch 2.15.0: its setup.py compiles with C++17") == true)
        #expect(release.headline?.message.en.contains("(version 2.8.3)") == true)
        request.sourcePath = try checkout(version: "2.9.0.dev", setup: cxx17)
        #expect(Self.plan(request, environment: torch215, resolution: nil).blockers.map(\.code) == [.releaseNeedsCXX20])
        request.sourcePath = try checkout(version: "2.8.4", setup: both)
        #expect(Self.plan(request, environment: torch215, resolution: nil).blockers.isEmpty)
        // Against a torch before 2.13 the same C++17 checkout builds.
        request.sourcePath = try checkout(version: "2.8.3", setup: cxx17)
        #expect(Self.plan(request, environment: Self.env(torch: "2.8.0+cu128", cuda: "12.8", nvcc: "12.8"), resolution: nil).blockers.isEmpty)

        var tag = Self.request(.source)
        tag.sourceRef = "v2.8.3"
        let tagged = Self.plan(tag, environment: torch215, resolution: nil)
        #expect(tagged.blockers.map(\.code) == [.releaseNeedsCXX20])
        #expect(tagged.blockers.first?.message.en.contains("Without --ref, `--method source` builds flash-attention's main") == true)
        tag.sourceRef = "main"
        #expect(Self.plan(tag, environment: torch215, resolution: nil).blockers.isEmpty)
        #expect(SourceCheckout.release(namedBy: "2.8.3.post2") == "2.8.3.post2")
        #expect(SourceCheckout.release(namedBy: "a1b2c3d") == nil)
    }

    @Test func withoutAToolkitNVCCComesFromTheIndexAtTorchsOwnCUDA() throws {
        var torch215 = Self.env(torch: "2.15.0+cu132", cuda: "13.2", nvcc: nil)
        torch215.torch?.cudaRequirements = ["cuda-toolkit[cublas,cudart,nvrtc]==13.2.2; platform_system == \"Linux\""]
        let plan = Self.plan(Self.request(.source), environment: torch215, resolution: nil)
        #expect(plan.blockers.isEmpty)
        let install = try #require(plan.steps.first { $0.argv.last == "cuda-toolkit[nvcc]==13.2.2" })
        #expect(install.purpose == .prepare)
        #expect(install.argv.contains("--constraint"))
        let layout = try #require(plan.steps.first { if case .assembleCUDAHome = $0.action { return true } else { return false } })
        guard case .assembleCUDAHome(let root, let home) = layout.action else { return }
        #expect(root == "/v/lib/python3.11/site-packages/nvidia")
        let build = try #require(plan.steps.last)
        #expect(build.environmentChanges["CUDA_HOME"] == home)
        #expect(build.environmentChanges["PATH"] == "\(home)/bin:/v/bin:/usr/bin:/bin")
        #expect(plan.estimates.downloadMegabytes != nil)
        // A cu12 torch pins the runtime wheel; the nvcc wheel follows its major.minor.
        var cu128 = Self.env(nvcc: nil)
        cu128.torch?.cudaRequirements = ["nvidia-cuda-runtime-cu12==12.8.90; platform_system == \"Linux\""]
        #expect(Self.plan(Self.request(.pip), environment: cu128, resolution: nil).steps.contains { $0.argv.last == "nvidia-cuda-nvcc-cu12==12.8.*" })
    }

    @Test func buildsNeedAnNVCCOfTorchsMajor() {
        let missing = Self.plan(Self.request(.pip), environment: Self.env(torch: "2.1.0+cu118", cuda: "11.8", nvcc: nil), resolution: nil)
        #expect(missing.blockers.contains { $0.code == .nvccMissing && $0.message.en.contains("CUDA_HOME environment variable is not set") })
        let mismatch = Self.plan(Self.request(.source), environment: Self.env(nvcc: "11.8"), resolution: nil)
        #expect(mismatch.blockers.contains { $0.message.en.contains("mismatches the version that was used to compile PyTorch") })
    }

    @Test func environmentBlockersStopEveryMethodButAMissingGPUDoesNot() {
        var cpu = Self.env()
        cpu.torch = Torch(version: "2.8.0+cpu", cuda: nil, cxx11abi: true, cudaAvailable: false)
        #expect(!Self.plan(Self.request(.pip), environment: cpu, resolution: nil).blockers.isEmpty)
        var noGPU = Self.env()
        noGPU.gpus = []
        let plan = Self.plan(Self.request(.wheel), environment: noGPU, resolution: Self.resolution)
        #expect(plan.blockers.isEmpty)
    }

    @Test func uvReplacesPipWhereAsked() {
        var request = Self.request(.wheel)
        request.installer = .uv
        request.uvPath = "/usr/local/bin/uv"
        let plan = Self.plan(request, environment: Self.env(pip: nil), resolution: Self.resolution)
        #expect(plan.blockers.isEmpty)
        #expect(Array(plan.steps[1].argv.prefix(5)) == ["/usr/local/bin/uv", "pip", "install", "--python", "/v/bin/python"])
        let noPip = Self.plan(Self.request(.wheel), environment: Self.env(pip: nil), resolution: Self.resolution)
        #expect(noPip.blockers.contains { $0.message.en.contains("ensurepip") })
    }

    @Test func buildTuningStaysWithinMemory() {
        let small = BuildTuning.choose(for: Self.env(memory: 14, cpus: 32))
        #expect(small.maxJobs == 1 && small.nvccThreads == 4)
        #expect(small.peakMemoryGiB <= 14)
        let tiny = BuildTuning.choose(for: Self.env(memory: 6, cpus: 32))
        #expect(tiny.maxJobs == 1 && tiny.nvccThreads == 2)
        let big = BuildTuning.choose(for: Self.env(memory: 500, cpus: 16))
        #expect(big.maxJobs == 16)
        #expect(BuildTuning.archs(for: [GPU(index: 0, name: "a", computeCapability: ComputeCapability("8.6")),
                                        GPU(index: 1, name: "b", computeCapability: ComputeCapability("12.0")),
                                        GPU(index: 2, name: "t4", computeCapability: ComputeCapability("7.5"))]) == "80;120")
        var noNinja = Self.env()
        noNinja.packages["ninja"] = .some(nil)
        #expect(BuildTuning.choose(for: noNinja).minutesLow > BuildTuning.choose(for: Self.env()).minutesLow * 5)
    }

    @Test func aLogTheUserNamesIsAppendedToAndANonFileIsRefused() throws {
        let folder = Fixtures.temporaryDirectory("log")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/mine.log"
        try "earlier line\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let log = try InstallLog(path: path)
            log.write("new line")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier line\nnew line\n")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.log", withDestinationPath: path)
        #expect(throws: InstallLog.Refused.self) { try InstallLog(path: folder + "/link.log") }
        #expect(throws: InstallLog.Refused.self) { try InstallLog(path: "/dev/null") }
        #expect(throws: InstallLog.Refused.self) { try InstallLog(path: folder) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier line\nnew line\n")
        #expect(WheelSource(argument: "file://" + folder) == .folder(folder))
    }

    @Test func aBrokenFlashAttnIsRemovedBeforeItIsReplacedAndOneEnvironmentHasOneLock() throws {
        var env = Self.env()
        env.flashAttn = FlashAttnInstallation(version: "2.8.3", moduleVersion: nil, importError: "undefined symbol: x")
        let plan = Self.plan(Self.request(.wheel), environment: env, resolution: Self.resolution)
        #expect(plan.steps.first?.argv == ["/v/bin/python", "-m", "pip", "uninstall", "-y", "flash-attn"])
        #expect(plan.steps.count == 3)
        let folder = Fixtures.temporaryDirectory("lock")
        try FileManager.default.createDirectory(atPath: folder + "/venv/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/venv")
        #expect(InstallLock.environmentKey(python: folder + "/venv/bin/python") == InstallLock.environmentKey(python: folder + "/venv/bin/python3"))
        #expect(InstallLock.environmentKey(python: folder + "/link/bin/python") == InstallLock.environmentKey(python: folder + "/venv/bin/python"))
        let held = try InstallLock.acquire(python: folder + "/venv/bin/python", directory: folder + "/locks").get()
        guard case .failure = InstallLock.acquire(python: folder + "/venv/bin/python3", directory: folder + "/locks") else {
            Issue.record("a second install into the same venv under another name got the lock")
            return
        }
        // Another XDG_STATE_HOME is another lock folder; the environment's own folder still holds them apart.
        guard case .failure(let elsewhere) = InstallLock.acquire(python: folder + "/link/bin/python", directory: folder + "/other-state/locks") else {
            Issue.record("an install with another state folder got the lock")
            return
        }
        #expect(elsewhere.en.hasPrefix("Another flash-attn-setup install is running into"))
        withExtendedLifetime(held) {}
    }
}
