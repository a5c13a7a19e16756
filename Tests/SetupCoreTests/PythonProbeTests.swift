import Foundation
import Testing
import TestSupport
@testable import SetupCore

/// The Python probe against real venvs with the stand-in torch, and against things that are not Python.
@Suite struct PythonProbeTests {
    func probe(_ interpreter: String, timeout: Double = 60, extra: [String: String] = [:]) -> PythonProbeResult {
        PythonProbe(interpreter: interpreter, environment: Fixtures.environment(extra: extra), timeout: timeout).run()
    }

    @Test func describesAVenvWithTorchFlashAttnAndTransformersInOneRun() throws {
        let python = try TestVenv.python(.init(torch: .cu128, flashAttn: "2.8.3", transformers: "4.57.1"))
        let log = Fixtures.temporaryDirectory("torch-log") + "/imports"
        let result = probe(python, extra: ["FAKE_TORCH_IMPORT_LOG": log])
        #expect(result.error == nil)
        let env = try #require(result.python)
        #expect(env.tag.hasPrefix("cp3"))
        #expect(env.platform == "linux_x86_64" || env.platform == "linux_aarch64")
        #expect(env.virtualEnv != nil)
        #expect(env.externallyManaged == false)
        #expect(env.pip == nil)  // made --without-pip
        #expect(env.glibc != nil)
        #expect(env.sitePackages?.hasSuffix("site-packages") == true)
        #expect(result.torch == Torch(version: "2.8.0+cu128", cuda: "12.8", hip: nil, cxx11abi: true, cudaAvailable: true,
                                      deviceCapabilities: [ComputeCapability(major: 8, minor: 9)]))
        #expect(result.flashAttn == FlashAttnInstallation(version: "2.8.3", moduleVersion: "2.8.3", importError: nil))
        // 4.57 has a "hub-kernels" extra, and an FA2 fallback written in a method: read as unknown, never as absent.
        #expect(result.transformers?.version == "4.57.1")
        #expect(result.transformers?.kernelsRequirement == "kernels<=0.9,>=0.6.1")
        #expect(result.transformers?.kernelFallback?.state == .unknown)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "import torch\n")
    }

    @Test func readsTheHubKernelRouteFromMetadataAndSourceWithoutImportingTransformers() throws {
        let python = try TestVenv.python(.init(torch: .cu132, transformers: "5.24.0", kernels: "0.17.2"))
        let cache = Fixtures.temporaryDirectory("hub-cache")
        let variant = cache + "/kernels--kernels-community--flash-attn2/snapshots/abc123/build/torch-stable-abi210-cu130-x86_64-linux"
        try FileManager.default.createDirectory(atPath: variant, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cache + "/kernels--kernels-community--flash-attn2/refs", withIntermediateDirectories: true)
        try "abc123".write(toFile: cache + "/kernels--kernels-community--flash-attn2/refs/v4", atomically: true, encoding: .utf8)
        let result = probe(python, extra: ["HF_HUB_CACHE": cache])
        #expect(result.transformers?.version == "5.24.0")
        #expect(result.transformers?.kernelsRequirement == "kernels<0.19,>=0.18.2")
        #expect(result.transformers?.kernelsRequirementExtra == "kernels")
        #expect(result.transformers?.kernelFallbackRepo == "kernels-community/flash-attn2")
        #expect(result.transformers?.flashAttention2Fallback?.revision == .version(4))
        #expect(result.kernels?.version == "0.17.2")
        #expect(result.torch?.cudaRequirements == [
            "cuda-toolkit[cublas,cudart,cufft,curand,cusolver,cusparse,nvjitlink,nvrtc,nvtx]==13.2.2; platform_system == \"Linux\"",
        ])
        #expect(result.hubKernelCache?.directory == cache)
        #expect(result.hubKernelCache?.variants(repo: "kernels-community/flash-attn2", ref: "v4") == ["torch-stable-abi210-cu130-x86_64-linux"])
        #expect(result.flashAttn4 == nil)
    }

    @Test func reportsPipWhereTheVenvHasIt() throws {
        let python = try TestVenv.python(.init(torch: .cu128, withPip: true))
        #expect(probe(python).python?.pip?.isEmpty == false)
    }

    @Test func reportsNoTorch() throws {
        let result = probe(try TestVenv.python(torch: nil))
        #expect(result.python != nil)
        #expect(result.torch == nil)
        #expect(result.torchImportError == nil)
        #expect(result.flashAttn == nil)
    }

    @Test func reportsACPUOnlyTorch() throws {
        let result = probe(try TestVenv.python(torch: .cpuOnly))
        #expect(result.torch?.cuda == nil)
        #expect(result.torch?.cudaAvailable == false)
    }

    @Test func reportsATorchThatFailsToImport() throws {
        let broken = TorchProfile(importError: "libcudart.so.12: cannot open shared object file: No such file or directory")
        let result = probe(try TestVenv.python(torch: broken))
        #expect(result.torch == nil)
        #expect(result.torchImportError == "ImportError: libcudart.so.12: cannot open shared object file: No such file or directory")
    }

    @Test func reportsAFlashAttnWhoseExtensionDoesNotLoad() throws {
        let symbol = "/venv/lib/python3.11/site-packages/flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so: undefined symbol: _ZN3c105ErrorC2ENS_14SourceLocationENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"
        let result = probe(try TestVenv.python(torch: .cu128, flashAttn: "2.8.3:" + symbol))
        #expect(result.flashAttn?.version == "2.8.3")
        #expect(result.flashAttn?.moduleVersion == nil)
        #expect(result.flashAttn?.importError == "ImportError: " + symbol)
    }

    @Test func seesThePEP668MarkerOfTheSystemPython() throws {
        // Debian's own python3 carries the marker; .ci/run installs it.
        let markers = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? [])
            .filter { $0.hasPrefix("python3.") && FileManager.default.fileExists(atPath: "/usr/lib/\($0)/EXTERNALLY-MANAGED") }
        try #require(!markers.isEmpty, "Debian's python3 (with its EXTERNALLY-MANAGED marker) is needed")
        let result = probe("/usr/bin/python3")
        #expect(result.python?.externallyManaged == true)
        #expect(result.python?.virtualEnv == nil)
    }

    @Test func saysWhenTheInterpreterDoesNotExist() {
        let result = probe("/nonexistent/bin/python")
        #expect(result.error?.code.rawValue == "python-missing")
        #expect(result.error?.message.en.contains("/nonexistent/bin/python") == true)
    }

    @Test func saysWhenTheProgramIsNotPython() {
        let result = probe(Fixtures.bin + "/not-python")
        #expect(result.error?.code.rawValue == "not-python")
        #expect(result.error?.evidence == "exit 64: usage: not-python [-v] FILE")
    }

    /// Python 2.7 was "failed while describing itself"; it is too old, and the sentence says so.
    @Test func saysThatAPythonThatCannotParsePython3IsTooOld() {
        let result = probe(Fixtures.bin + "/old-python2")
        #expect(result.error?.code.rawValue == "python-probe-failed")
        #expect(result.error?.message.en.contains("it is Python 2 or a Python 3 older than any flash-attn supports") == true)
    }

    @Test func saysWhenTheInterpreterCrashes() {
        let result = probe(Fixtures.bin + "/crashing-python")
        #expect(result.error?.code.rawValue == "python-crashed")
        #expect(result.error?.message.en.contains("signal 11") == true)
    }

    @Test func stopsAnInterpreterThatHangs() {
        let start = Date()
        let result = probe(Fixtures.bin + "/hanging-python", timeout: 1)
        #expect(Date().timeIntervalSince(start) < 4)
        #expect(result.error?.code.rawValue == "python-timeout")
    }

    @Test func ignoresWhatImportsPrintBeforeTheJSON() {
        let outcome = ProcessOutcome(
            termination: .exited(0),
            stdout: Array("Welcome banner from sitecustomize\n{not json}\n\(PythonProbeScript.marker)\n{\"executable\": \"/p\", \"version\": \"3.12.1\", \"tag\": \"cp312\", \"platform\": \"linux_x86_64\", \"torch\": null}\n".utf8),
            stderr: [], seconds: 0.1)
        let result = PythonProbe.interpret(outcome, interpreter: "/p", timeout: 60)
        #expect(result.error == nil)
        #expect(result.python?.tag == "cp312")
    }

    @Test func reportsJunkAfterTheMarker() {
        let outcome = ProcessOutcome(
            termination: .exited(0), stdout: Array("\(PythonProbeScript.marker)\n{\"truncated\": ".utf8), stderr: [],
            seconds: 0.1)
        #expect(PythonProbe.interpret(outcome, interpreter: "/p", timeout: 60).error?.code.rawValue == "probe-output-invalid")
    }
}

@Suite struct PythonTargetTests {
    @Test func prefersTheArgumentThenTheVenvThenConda() {
        #expect(PythonTarget.choose(explicit: "/x/python", environment: ["VIRTUAL_ENV": "/v"]).path == "/x/python")
        #expect(PythonTarget.choose(explicit: nil, environment: ["VIRTUAL_ENV": "/v", "CONDA_PREFIX": "/c"]).path == "/v/bin/python")
        #expect(PythonTarget.choose(explicit: nil, environment: ["CONDA_PREFIX": "/c"]).path == "/c/bin/python")
        #expect(PythonTarget.choose(explicit: nil, environment: ["PATH": "/usr/bin"]).kind == .path)
    }

    @Test func findsAComfyUICheckoutsVenvFromInsideIt() throws {
        let comfy = Fixtures.temporaryDirectory("ComfyUI")
        let files = FileManager.default
        try files.createDirectory(atPath: comfy + "/comfy", withIntermediateDirectories: true)
        try files.createDirectory(atPath: comfy + "/custom_nodes/ComfyUI-QwenVL", withIntermediateDirectories: true)
        _ = files.createFile(atPath: comfy + "/main.py", contents: Data())
        let venvPython = try TestVenv.python(torch: nil)
        try files.createDirectory(atPath: comfy + "/venv", withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: comfy + "/venv/bin", withDestinationPath: (venvPython as NSString).deletingLastPathComponent)
        let found = PythonTarget.candidates(
            environment: ["HOME": Fixtures.temporaryDirectory("home"), "PATH": "/usr/bin"],
            currentDirectory: comfy + "/custom_nodes/ComfyUI-QwenVL")
        #expect(found.first == PythonCandidate(kind: .comfyUI, path: comfy + "/venv/bin/python", comfyui: comfy))
        #expect(found.contains { $0.kind == .path && $0.path == "/usr/bin/python3" })
    }
}

/// A flash-attn whose import crashes or hangs is flash-attn's failure, not torch's and not the probe's.
@Suite struct FlashAttnImportApartTests {
    @Test(arguments: [("SEGFAULT", "import flash_attn crashed (signal 11)"), ("HANG", "import flash_attn did not finish in 2 s")])
    func aBrokenImportIsReportedAsFlashAttns(_ kind: String, _ expected: String) throws {
        let python = try TestVenv.python(.init(torch: .cu128, flashAttn: "2.8.3:" + kind))
        let result = PythonProbe(
            interpreter: python, environment: Fixtures.environment(extra: ["FLASH_ATTN_SETUP_IMPORT_TIMEOUT": "2"]), timeout: 30
        ).run()
        #expect(result.error == nil)
        #expect(result.torch?.version == "2.8.0+cu128")
        #expect(result.flashAttn?.importError == expected)
    }

    /// Under --python-timeout 8 a hanging flash_attn import was "importing torch hung", after the import's own 30 s.
    @Test func aHangingFlashAttnImportIsNamedWithinAShortProbeTimeout() throws {
        let python = try TestVenv.python(.init(torch: .cu128, flashAttn: "2.8.3:HANG"))
        let start = Date()
        let result = PythonProbe(interpreter: python, environment: Fixtures.environment(), timeout: 8).run()
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.flashAttn?.importError == "import flash_attn did not finish in 4 s")
        #expect(Date().timeIntervalSince(start) < 8)
    }
}
