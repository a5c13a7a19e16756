import Testing
@testable import SetupCore

@Suite struct NvidiaSMIOutputTests {
    let fields = NvidiaSMIOutput.queryFields

    @Test func parsesRowsOfSeveralGPUs() throws {
        let text = """
            0, Tesla T4, 7.5, 15360, 550.54.15, 00000000:3B:00.0, GPU-1111, [N/A]
            1, NVIDIA A100-PCIE-40GB, 8.0, 40960, 550.54.15, 00000000:AF:00.0, GPU-2222, Disabled

            """
        let rows = try NvidiaSMIOutput.parseQuery(text, fields: fields)
        #expect(rows.count == 2)
        #expect(rows[0].gpu == GPU(index: 0, name: "Tesla T4", computeCapability: .init(major: 7, minor: 5),
                                   memoryMiB: 15360, uuid: "GPU-1111", busId: "00000000:3B:00.0", migMode: nil))
        #expect(rows[1].gpu.migMode == .disabled)
        #expect(rows[1].gpu.computeCapability == ComputeCapability(major: 8, minor: 0))
        #expect(rows[1].driverVersion == "550.54.15")
    }

    @Test func infersCapabilityFromTheNameWhenTheFieldWasDropped() throws {
        let oldFields = fields.filter { $0 != "compute_cap" }
        let rows = try NvidiaSMIOutput.parseQuery(
            "0, NVIDIA GeForce RTX 3090, 24268, 470.256.02, 00000000:01:00.0, GPU-3, [N/A]\n", fields: oldFields)
        #expect(rows[0].gpu.computeCapability == ComputeCapability(major: 8, minor: 6))
        #expect(rows[0].gpu.inferred)
    }

    @Test(arguments: [
        "<html><body>oops</body></html>",
        "0, Tesla T4",
        "zero, Tesla T4, 7.5, 15360, 550.54.15, 00000000:3B:00.0, GPU-1111, [N/A]",
        "0, Tesla T4, seven, 15360, 550.54.15, 00000000:3B:00.0, GPU-1111, [N/A]",
    ])
    func rejectsOutputThatIsNotAGPUList(_ text: String) {
        #expect(throws: ProbeError.self) { try NvidiaSMIOutput.parseQuery(text, fields: fields) }
    }

    @Test func findsTheFieldAnOldDriverRejected() {
        #expect(NvidiaSMIOutput.rejectedField(in: "Field \"compute_cap\" is not a valid field to query.\n\n") == "compute_cap")
        #expect(NvidiaSMIOutput.rejectedField(in: "No devices were found") == nil)
    }

    @Test func readsTheBannerInBothWordings() {
        let classic = "| NVIDIA-SMI 570.133.07             Driver Version: 570.133.07     CUDA Version: 12.8     |"
        #expect(NvidiaSMIOutput.cudaVersion(fromBanner: classic) == "12.8")
        #expect(NvidiaSMIOutput.driverVersion(fromBanner: classic) == "570.133.07")
        let umd = "| NVIDIA-SMI 580.82.07   KMD Version: 580.82.07   CUDA UMD Version: 13.0 |"
        #expect(NvidiaSMIOutput.cudaVersion(fromBanner: umd) == "13.0")
        #expect(NvidiaSMIOutput.driverVersion(fromBanner: umd) == "580.82.07")
        #expect(NvidiaSMIOutput.cudaVersion(fromBanner: "| CUDA Version: N/A |") == nil)
    }
}

@Suite struct NvidiaSMIFailureTests {
    @Test func recognisesEachKnownFailure() {
        let notLoaded = NvidiaSMIFailure.explain(
            exitCode: 9,
            output: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.")
        #expect(notLoaded.code.rawValue == "driver-not-loaded")
        #expect(notLoaded.evidence?.hasPrefix("exit 9: NVIDIA-SMI has failed") == true)
        #expect(NvidiaSMIFailure.explain(exitCode: 6, output: "No devices were found").code.rawValue == "no-devices")
        let mismatch = NvidiaSMIFailure.explain(
            exitCode: 18, output: "Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 580.173")
        #expect(mismatch.code.rawValue == "nvml-version-mismatch")
        #expect(mismatch.message.en.contains("580.173"))
        #expect(mismatch.message.en.contains("reboot"))
        #expect(NvidiaSMIFailure.explain(exitCode: 4, output: "Insufficient Permissions").message.en.contains("permission"))
        #expect(NvidiaSMIFailure.explain(exitCode: 15, output: "").message.en.contains("fallen off the bus"))
        #expect(NvidiaSMIFailure.explain(exitCode: 255, output: "Unknown Error").code.rawValue == "nvidia-smi-failed")
    }
}

@Suite struct GPUNameTableTests {
    @Test(arguments: [
        ("NVIDIA GeForce GTX 1080", "6.1"), ("Tesla T4", "7.5"), ("NVIDIA GeForce RTX 2080 Ti", "7.5"),
        ("NVIDIA A100-SXM4-80GB", "8.0"), ("NVIDIA GeForce RTX 3090", "8.6"), ("NVIDIA A10G", "8.6"),
        ("NVIDIA RTX A6000", "8.6"), ("NVIDIA GeForce RTX 4090", "8.9"), ("NVIDIA L4", "8.9"), ("NVIDIA L40S", "8.9"),
        ("NVIDIA H100 80GB HBM3", "9.0"), ("NVIDIA H200", "9.0"), ("NVIDIA B200", "10.0"),
        ("NVIDIA GeForce RTX 5090", "12.0"), ("Tesla V100-SXM2-16GB", "7.0"), ("Tesla P100-PCIE-16GB", "6.0"),
        ("Tesla K80", "3.7"),
    ])
    func knowsCommonCards(_ name: String, _ capability: String) {
        #expect(GPUNameTable.capability(forName: name) == ComputeCapability(capability))
    }

    @Test func saysNothingForAnUnknownName() {
        #expect(GPUNameTable.capability(forName: "Matrox G200eR2") == nil)
    }
}

@Suite struct ProcDriverFilesTests {
    @Test func readsTheDriverVersionInBothModuleWordings() {
        #expect(ProcDriverFiles.driverVersion(fromVersionFile: "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.129.03  Thu Oct 19 18:56:32 UTC 2023\n") == "535.129.03")
        #expect(ProcDriverFiles.driverVersion(fromVersionFile: "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.133.07  Release Build  (dvs-builder@U16-I3-B03-4-3)  Fri Mar 14 2025\n") == "570.133.07")
    }
}
