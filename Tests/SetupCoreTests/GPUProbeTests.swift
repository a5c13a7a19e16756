import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The GPU probe against the stand-in nvidia-smi, run as a real process, one profile per case.
@Suite struct GPUProbeTests {
    func probe(_ profile: String, timeout: Double = 10, procRoot: String = "/nonexistent", log: String? = nil) -> GPUProbeResult {
        var extra: [String: String] = [:]
        if let log { extra["FAKE_NVIDIA_SMI_LOG"] = log }
        return GPUProbe(environment: Fixtures.environment(profile: profile, extra: extra), timeout: timeout, procRoot: procRoot).run()
    }

    @Test func readsOneGPUAndTheDriversCUDAVersionWithOneQueryAndOneBanner() throws {
        let log = Fixtures.temporaryDirectory("smi-log") + "/calls"
        let result = probe("rtx4090", log: log)
        #expect(result.error == nil)
        #expect(result.source == .nvidiaSMI)
        #expect(result.gpus.count == 1)
        #expect(result.gpus[0].name == "NVIDIA GeForce RTX 4090")
        #expect(result.gpus[0].computeCapability == ComputeCapability(major: 8, minor: 9))
        #expect(result.gpus[0].memoryMiB == 24564)
        #expect(result.gpus[0].uuid == "GPU-4f3b2a10-8c1d-4e5f-9a6b-7c8d9e0f1a2b")
        #expect(result.gpus[0].inferred == false)
        #expect(result.driver == Driver(version: "550.54.15", cudaVersion: "12.4"))
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(calls.count == 2)
        #expect(calls.filter { $0.contains("--query-gpu=") }.count == 1)
    }

    @Test func readsMixedGenerationsInIndexOrder() {
        let result = probe("t4-a100")
        #expect(result.gpus.map(\.name) == ["Tesla T4", "NVIDIA A100-PCIE-40GB"])
        #expect(result.gpus.map(\.index) == [0, 1])
        #expect(result.gpus.map { $0.computeCapability?.description } == ["7.5", "8.0"])
    }

    @Test func notesMIGMode() {
        #expect(probe("h100-mig").gpus[0].migMode == .enabled)
        #expect(probe("h100").gpus[0].migMode == .disabled)
    }

    @Test func readsTheNewerBannerWording() {
        #expect(probe("b200").driver?.cudaVersion == "13.0")
    }

    @Test func asksAnOldDriverAgainWithoutComputeCapAndInfersItFromTheName() {
        let result = probe("old-driver")
        #expect(result.error == nil)
        #expect(result.gpus.count == 1)
        #expect(result.gpus[0].computeCapability == ComputeCapability(major: 8, minor: 6))
        #expect(result.gpus[0].inferred)
        #expect(result.driver == Driver(version: "470.256.02", cudaVersion: "11.4"))
    }

    @Test(arguments: [
        ("driver-not-loaded", "driver-not-loaded"), ("no-devices", "no-devices"),
        ("nvml-mismatch", "nvml-version-mismatch"), ("no-permission", "nvidia-smi-failed"),
        ("garbage", "nvidia-smi-garbage"), ("not-utf8", "nvidia-smi-garbage"),
    ])
    func failsWithASentence(_ profile: String, _ code: String) {
        let result = probe(profile)
        #expect(result.gpus.isEmpty)
        #expect(result.error?.code.rawValue == code)
        #expect(result.error?.message.en.hasSuffix(".") == true)
        #expect(result.error?.message.zh.hasSuffix("。") == true)
    }

    @Test func stopsAHangingNvidiaSMIAtTheTimeout() {
        let start = Date()
        let result = probe("hang", timeout: 1)
        #expect(Date().timeIntervalSince(start) < 4)
        #expect(result.error?.code.rawValue == "nvidia-smi-timeout")
        #expect(result.error?.message.en.contains("1 s") == true)
    }

    @Test func saysNoDriverWhenNvidiaSMIIsMissingAndProcHasNothing() {
        let env = Fixtures.environment(includeStandInBin: false)
        let result = GPUProbe(environment: ["PATH": Fixtures.temporaryDirectory("empty-path")].merging(env) { a, _ in a },
                              procRoot: "/nonexistent").run()
        // A real nvidia-smi in /usr/bin would be found here; the CI machines have none.
        if FileManager.default.fileExists(atPath: "/usr/bin/nvidia-smi") { return }
        #expect(result.error?.code.rawValue == "nvidia-smi-missing")
        #expect(result.gpus.isEmpty)
    }

    /// WSL2's layout: nvidia-smi only in /usr/lib/wsl/lib (the Windows driver's), not on PATH, and no
    /// /proc/driver/nvidia; /proc/version names Microsoft's kernel.
    @Test func findsNvidiaSMIWhereWSL2MountsTheWindowsDriver() throws {
        if FileManager.default.fileExists(atPath: "/usr/bin/nvidia-smi") { return }
        let system = Fixtures.temporaryDirectory("wsl-root")
        try FileManager.default.createDirectory(atPath: system + "/usr/lib/wsl/lib", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.bin + "/nvidia-smi", toPath: system + "/usr/lib/wsl/lib/nvidia-smi")
        var env = Fixtures.environment(profile: "rtx4090", includeStandInBin: false)
        env["PATH"] = "/usr/bin:/bin"
        let result = GPUProbe(environment: env, procRoot: Fixtures.procRoot("wsl2"), systemRoot: system).run()
        #expect(result.error == nil)
        #expect(result.source == .nvidiaSMI)
        #expect(result.gpus.map(\.name) == ["NVIDIA GeForce RTX 4090"])
        #expect(result.driver?.cudaVersion == "12.4")

        try FileManager.default.removeItem(atPath: system + "/usr/lib/wsl/lib/nvidia-smi")
        let missing = GPUProbe(environment: env, procRoot: Fixtures.procRoot("wsl2"), systemRoot: system).run()
        #expect(missing.error?.code.rawValue == "nvidia-smi-missing")
        #expect(missing.error?.message.en.contains("install or update the NVIDIA driver on Windows (not inside WSL)") == true)
        #expect(missing.error?.evidence?.contains(system + "/usr/lib/wsl/lib") == true)
    }

    @Test func fallsBackOnTheKernelDriversFilesWhenNvidiaSMIIsMissing() throws {
        if FileManager.default.fileExists(atPath: "/usr/bin/nvidia-smi") { return }
        let env = ["PATH": Fixtures.temporaryDirectory("empty-path")]
        let result = GPUProbe(environment: env, procRoot: Fixtures.procRoot("two-gpus")).run()
        #expect(result.error == nil)
        #expect(result.source == .proc)
        #expect(result.driver == Driver(version: "535.129.03", cudaVersion: nil))
        #expect(result.gpus.map(\.name) == ["NVIDIA GeForce RTX 3090", "Tesla T4"])
        #expect(result.gpus.map { $0.computeCapability?.description } == ["8.6", "7.5"])
        #expect(result.gpus.allSatisfy { $0.inferred })
        #expect(result.gpus[1].busId == "0000:41:00.0")
    }

    @Test func keepsTheErrorButListsGPUsFromProcWhenNvidiaSMIIsBroken() {
        let result = probe("garbage", procRoot: Fixtures.procRoot("two-gpus"))
        #expect(result.error?.code.rawValue == "nvidia-smi-garbage")
        #expect(result.gpus.count == 2)
        #expect(result.source == .proc)
    }
}
