import Testing
@testable import SetupCore

/// The verdict rules, table-tested on `Environment` values: no process, no I/O.
@Suite struct CompatibilityRulesTests {
    static let venv = PythonEnvironment(
        executable: "/home/u/venv/bin/python", version: "3.11.7", tag: "cp311", platform: "linux_x86_64",
        glibc: "2.36", pip: "24.2", virtualEnv: "/home/u/venv")

    static func torch(cuda: String? = "12.4", hip: String? = nil, available: Bool = true) -> Torch {
        Torch(version: "2.5.1+cu124", cuda: cuda, hip: hip, cxx11abi: false, cudaAvailable: available)
    }

    static func env(
        _ gpus: [(String, String?)], driverCUDA: String? = "12.4", torch: Torch? = torch(),
        python: PythonEnvironment? = venv, visible: String? = nil, os: String = "Linux", arch: String = "x86_64"
    ) -> Environment {
        Environment(
            gpus: gpus.enumerated().map { i, g in
                GPU(index: i, name: g.0, computeCapability: g.1.flatMap(ComputeCapability.init), uuid: "GPU-\(i)\(i)\(i)")
            },
            driver: gpus.isEmpty ? nil : Driver(version: "550.54.15", cudaVersion: driverCUDA),
            python: python, torch: python == nil ? nil : torch,
            host: Host(os: os, arch: arch, cudaVisibleDevices: visible))
    }

    @Test(arguments: [
        ("NVIDIA GeForce GTX 1080", "6.1", Verdict.unsupported, "gpu-too-old"),
        ("Tesla T4", "7.5", .limited, "turing"),
        ("NVIDIA GeForce RTX 2080", "7.5", .limited, "turing"),
        ("NVIDIA A100-SXM4-80GB", "8.0", .supported, "gpu-supported"),
        ("NVIDIA GeForce RTX 3090", "8.6", .supported, "gpu-supported"),
        ("NVIDIA GeForce RTX 4090", "8.9", .supported, "gpu-supported"),
        ("NVIDIA H100 80GB HBM3", "9.0", .supported, "hopper-fa3"),
    ])
    func judgesEachGeneration(_ name: String, _ capability: String, _ expected: Verdict, _ reason: String) {
        let report = CompatibilityRules.evaluate(Self.env([(name, capability)]))
        #expect(report.verdict == expected)
        #expect(report.gpus[0].verdict == expected)
        #expect(report.gpus[0].reasons.contains { $0.code.rawValue == reason })
        #expect(report.gpus[0].reasons.allSatisfy { $0.fact?.contains("compute_cap \(capability)") == true })
        #expect((report.fallback == nil) == (expected == .supported))
    }

    @Test func turingNamesTheRunTimeErrorAndRecommendsSDPA() {
        let report = CompatibilityRules.evaluate(Self.env([("Tesla T4", "7.5")]))
        let reason = report.gpus[0].reasons[0].message
        #expect(reason.en.contains("FlashAttention only supports Ampere GPUs or newer."))
        #expect(reason.en.contains("SDPA"))
        #expect(report.fallback?.en.contains("attn_implementation=\"sdpa\"") == true)
    }

    @Test(arguments: [("NVIDIA B200", "10.0"), ("NVIDIA GeForce RTX 5090", "12.0")])
    func blackwellNeedsATorchBuiltWithCUDA128(_ name: String, _ capability: String) {
        let new = CompatibilityRules.evaluate(
            Self.env([(name, capability)], driverCUDA: "12.9", torch: Torch(version: "2.8.0+cu128", cuda: "12.8", cxx11abi: true, cudaAvailable: true)))
        #expect(new.verdict == .supported)
        #expect(new.gpus[0].reasons[0].code.rawValue == "blackwell")
        #expect(new.gpus[0].reasons[0].message.en.contains("2.7.3"))
        let old = CompatibilityRules.evaluate(Self.env([(name, capability)], driverCUDA: "12.9"))
        #expect(old.verdict == .unsupported)
        #expect(old.gpus[0].reasons[0].code.rawValue == "blackwell-old-torch")
        #expect(old.gpus[0].reasons[0].message.en.contains("no kernel image is available"))
    }

    @Test func mixedGPUsAreJudgedOneByOneAndTheVisibleOnesDecide() {
        let both = CompatibilityRules.evaluate(Self.env([("Tesla T4", "7.5"), ("NVIDIA A100-PCIE-40GB", "8.0")]))
        #expect(both.gpus.map(\.verdict) == [.limited, .supported])
        #expect(both.verdict == .limited)
        let hint = both.warnings.first { $0.code == .mixedGPUs }
        #expect(hint?.message.en.contains("CUDA_VISIBLE_DEVICES=1") == true)

        let onlyA100 = CompatibilityRules.evaluate(
            Self.env([("Tesla T4", "7.5"), ("NVIDIA A100-PCIE-40GB", "8.0")], visible: "1"))
        #expect(onlyA100.verdict == .supported)
        #expect(onlyA100.gpus.map(\.visible) == [false, true])

        let byUUID = CompatibilityRules.evaluate(
            Self.env([("Tesla T4", "7.5"), ("NVIDIA A100-PCIE-40GB", "8.0")], visible: "GPU-1"))
        #expect(byUUID.verdict == .supported)
    }

    @Test func hidingEveryGPUIsABlocker() {
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA GeForce RTX 4090", "8.9")], visible: "-1"))
        #expect(report.verdict == .unsupported)
        #expect(report.blockers.map(\.code.rawValue) == ["no-visible-gpu"])
    }

    @Test func noGPUIsUnsupportedWithTheProbesSentence() {
        var env = Self.env([])
        env.gpuProbeError = NvidiaSMIFailure.explain(exitCode: 9, output: "couldn't communicate with the NVIDIA driver")
        let report = CompatibilityRules.evaluate(env)
        #expect(report.verdict == .unsupported)
        #expect(report.blockers.first?.code.rawValue == "driver-not-loaded")
        #expect(report.blockers.first?.fix.en.contains("SDPA") == true)
    }

    @Test(arguments: [
        (Self.torch(cuda: nil, available: false), "torch-cpu-only"),
        (Self.torch(cuda: nil, hip: "6.2.41133"), "torch-rocm"),
        (Self.torch(cuda: "12.1"), "driver-too-old"),
    ])
    func torchBlockers(_ torch: Torch, _ code: String) {
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], driverCUDA: "11.4", torch: torch))
        #expect(report.verdict == .unsupported)
        #expect(report.blockers.map(\.code.rawValue) == [code])
    }

    @Test func missingTorchIsABlockerThatNeverOffersToInstallIt() {
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], torch: nil))
        #expect(report.blockers.map(\.code.rawValue) == ["torch-missing"])
        #expect(report.blockers[0].fix.en.contains("never installs torch"))
    }

    @Test func aBrokenTorchIsABlocker() {
        var env = Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], torch: nil)
        env.torchImportError = "ImportError: libcudart.so.12: cannot open shared object file"
        #expect(CompatibilityRules.evaluate(env).blockers.map(\.code.rawValue) == ["torch-broken"])
    }

    @Test func anOlderDriverOfTheSameMajorOnlyWarns() {
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], driverCUDA: "12.2"))
        #expect(report.verdict == .supported)
        #expect(report.warnings.map(\.code.rawValue) == ["driver-older-minor"])
    }

    @Test func torchThatCannotSeeTheGPUCapsTheVerdictAtLimited() {
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], torch: Self.torch(available: false)))
        #expect(report.verdict == .limited)
        #expect(report.warnings.map(\.code.rawValue) == ["torch-cannot-see-gpu"])
    }

    @Test func pythonBlockers() {
        var old = Self.venv
        old.version = "3.8.18"
        #expect(CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], python: old)).blockers.map(\.code.rawValue) == ["python-too-old"])
        var system = Self.venv
        system.virtualEnv = nil
        system.externallyManaged = true
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], python: system))
        #expect(report.blockers.map(\.code.rawValue) == ["externally-managed"])
        #expect(report.blockers[0].fix.en.contains("python3 -m venv"))
    }

    @Test func aPythonThatCouldNotBeProbedIsReportedAsSuch() {
        var env = Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], python: nil)
        env.pythonProbeError = ProbeError(code: .notPython, message: LocalizedText(en: "Not Python.", zh: "不是 Python。"))
        let report = CompatibilityRules.evaluate(env)
        #expect(report.environmentUnprobed)
        #expect(report.blockers.map(\.code.rawValue) == ["not-python"])
    }

    @Test func otherPlatformsAreBlocked() {
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], os: "Darwin", arch: "arm64"))
        #expect(report.blockers.map(\.code.rawValue) == ["unsupported-platform"])
    }

    @Test func anOldGlibcWarnsAboutTheNewestWheels() {
        var python = Self.venv
        python.glibc = "2.31"
        let report = CompatibilityRules.evaluate(Self.env([("NVIDIA A100-SXM4-80GB", "8.0")], python: python))
        #expect(report.verdict == .supported)
        #expect(report.warnings.map(\.code.rawValue) == ["glibc-old"])
    }

    @Test func unknownCapabilityIsLimitedNotGuessed() {
        let report = CompatibilityRules.evaluate(Self.env([("Some Future GPU", nil)]))
        #expect(report.verdict == .limited)
        #expect(report.gpus[0].reasons[0].code.rawValue == "capability-unknown")
    }

    /// Every sentence any rule can produce exists in both languages, and the Chinese one is Chinese.
    @Test func everySentenceExistsInEnglishAndChinese() {
        var texts: [LocalizedText] = []
        let cases: [Environment] = [
            Self.env([("NVIDIA GeForce GTX 1080", "6.1"), ("Tesla T4", "7.5"), ("NVIDIA H100", "9.0"), ("NVIDIA B200", "10.0"),
                      ("X", nil), ("Future", "13.0")], driverCUDA: "12.2", torch: Self.torch(available: false)),
            Self.env([("NVIDIA A100", "8.0")], driverCUDA: "11.4", torch: Self.torch(cuda: nil, available: false)),
            Self.env([("NVIDIA A100", "8.0")], torch: Self.torch(cuda: nil, hip: "6.2")),
            Self.env([("NVIDIA A100", "8.0")], driverCUDA: "11.4"),
            Self.env([("NVIDIA A100", "8.0")], torch: nil, visible: "-1", os: "Darwin"),
            Self.env([], python: nil),
        ]
        for env in cases {
            let report = CompatibilityRules.evaluate(env)
            texts += report.blockers.flatMap { [$0.message, $0.fix] }
            texts += report.warnings.map(\.message)
            texts += report.gpus.flatMap { $0.reasons.map(\.message) }
            if let fallback = report.fallback { texts.append(fallback) }
        }
        #expect(texts.count > 15)
        for text in texts {
            #expect(!text.en.isEmpty && !text.zh.isEmpty)
            #expect(text.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "not Chinese: \(text.zh)")
            #expect(!text.en.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "not English: \(text.en)")
        }
    }
}

@Suite struct VisibleDevicesTests {
    let gpus = (0..<3).map { GPU(index: $0, name: "G\($0)", computeCapability: nil, uuid: "GPU-\($0)abc") }

    @Test func followsCUDAsReading() {
        #expect(VisibleDevices.resolve(nil, gpus: gpus).indices == [0, 1, 2])
        #expect(VisibleDevices.resolve("", gpus: gpus).indices == [])
        #expect(VisibleDevices.resolve("2,0", gpus: gpus).indices == [2, 0])
        #expect(VisibleDevices.resolve("1,-1,2", gpus: gpus).indices == [1])  // stops at the first invalid entry
        #expect(VisibleDevices.resolve("GPU-2", gpus: gpus).indices == [2])
        #expect(VisibleDevices.resolve("7", gpus: gpus).indices == [])
        #expect(VisibleDevices.resolve("MIG-abc", gpus: gpus).unresolved)
    }
}
