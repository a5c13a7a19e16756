import Foundation

/// Probes the whole machine for one target interpreter: GPUs, the Python and its packages, and the toolchain,
/// all at once, and assembles one `Environment`.
public struct EnvironmentProbe: Sendable {
    public var interpreter: String
    public var environment: [String: String]
    /// The limit for nvidia-smi and the compilers' --version (the issue's --probe-timeout).
    public var probeTimeout: Double
    /// The limit for the Python probe, whose `import torch` can take seconds.
    public var pythonTimeout: Double

    public init(interpreter: String, environment: [String: String], probeTimeout: Double = 10, pythonTimeout: Double = 60) {
        self.interpreter = interpreter
        self.environment = environment
        self.probeTimeout = probeTimeout
        self.pythonTimeout = pythonTimeout
    }

    public func run() -> Environment {
        let gpuProbe = GPUProbe(environment: environment, timeout: probeTimeout)
        let pythonProbe = PythonProbe(interpreter: interpreter, environment: environment, timeout: pythonTimeout)
        let toolchainProbe = ToolchainProbe(environment: environment, timeout: probeTimeout)
        // The slowest, the interpreter importing torch, sets the pace; the others run beside it.
        let (gpu, python, baseToolchain) = concurrently(gpuProbe.run, pythonProbe.run, toolchainProbe.run)
        let toolchain = python.python.map { toolchainProbe.completing(baseToolchain, for: $0) } ?? baseToolchain
        var name = utsname()
        uname(&name)
        let host = Host(
            os: python.system ?? Self.field(&name.sysname), arch: python.machine ?? Self.field(&name.machine),
            cudaVisibleDevices: environment["CUDA_VISIBLE_DEVICES"])
        return Environment(gpus: gpu.gpus, driver: gpu.driver, gpuProbeError: gpu.error, target: python.facts, toolchain: toolchain, host: host)
    }

    private static func field<T>(_ tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
