import Foundation
import Testing
import TestSupport
@testable import SetupCore

@Suite struct ToolchainProbeTests {
    @Test func readsMemoryFromMeminfo() {
        let memory = ToolchainProbe.memory(meminfo: "MemTotal:       65843012 kB\nMemFree:  1 kB\nMemAvailable:   52428800 kB\n")
        #expect(memory.total == 62.8)
        #expect(memory.available == 50.0)
    }

    @Test func readsNVCCsRelease() {
        let text = """
            nvcc: NVIDIA (R) Cuda compiler driver
            Copyright (c) 2005-2024 NVIDIA Corporation
            Cuda compilation tools, release 12.4, V12.4.131
            Build cuda_12.4.r12.4/compiler.34097967_0
            """
        #expect(ToolchainProbe.nvccRelease(fromVersionOutput: text) == "12.4")
    }

    /// A fake nvcc that prints what the real one prints. Written by a short-lived shell rather than by this process:
    /// a file this process holds open for writing can leak into a child that another test spawns at that moment,
    /// and then running it fails with "Text file busy".
    func fakeNVCC(at folder: String, release: String) throws {
        let script = """
            mkdir -p "$1" && printf '#!/bin/sh\\necho "nvcc: NVIDIA (R) Cuda compiler driver"\\necho "Cuda compilation tools, release %s, V%s.41"\\n' "$2" "$2" > "$1/nvcc" && chmod 755 "$1/nvcc"
            """
        let outcome = try ChildProcess.run(["/bin/sh", "-c", script, "sh", folder, release], environment: ["PATH": "/usr/bin:/bin"], timeout: 10)
        try #require(outcome.exitCode == 0, "\(outcome.stderrText)")
    }

    @Test func findsNVCCUnderCUDAHomeFirst() throws {
        let cuda = Fixtures.temporaryDirectory("cuda")
        try fakeNVCC(at: cuda + "/bin", release: "12.8")
        let other = Fixtures.temporaryDirectory("other")
        try fakeNVCC(at: other, release: "11.8")
        let toolchain = ToolchainProbe(environment: ["PATH": other + ":/usr/bin:/bin", "CUDA_HOME": cuda]).run()
        #expect(toolchain.nvcc == NVCC(path: cuda + "/bin/nvcc", version: "12.8"))
        #expect(toolchain.cudaHome == cuda)
        #expect(toolchain.cpuCount >= 1)
        #expect(toolchain.memoryTotalGiB ?? 0 > 0)
        #expect(toolchain.diskFreeGiB != nil)
    }

    @Test func findsTheNVCCThatPipInstalledInTheTargetsSitePackages() throws {
        let site = Fixtures.temporaryDirectory("site")
        try fakeNVCC(at: site + "/nvidia/cu13/bin", release: "13.0")
        let probe = ToolchainProbe(environment: ["PATH": "/usr/bin:/bin"])
        let python = PythonEnvironment(executable: "/v/bin/python", version: "3.11.7", tag: "cp311", platform: "linux_x86_64",
                                       virtualEnv: "/v", sitePackages: site)
        let toolchain = probe.completing(Toolchain(cpuCount: 2), for: python)
        #expect(toolchain.nvcc == NVCC(path: site + "/nvidia/cu13/bin/nvcc", version: "13.0"))
    }
}
