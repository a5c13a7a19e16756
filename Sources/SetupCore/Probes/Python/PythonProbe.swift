import Foundation

/// What one run of the probe script in the target interpreter learned.
@dynamicMemberLookup
public struct PythonProbeResult: Sendable, Equatable {
    /// The facts, as the environment holds them (not copied field by field).
    public var facts: TargetFacts
    /// uname as the interpreter saw it.
    public var system: String?
    public var machine: String?

    public subscript<T>(dynamicMember keyPath: KeyPath<TargetFacts, T>) -> T { facts[keyPath: keyPath] }

    public var error: ProbeError? { facts.pythonProbeError }

    static func failed(_ error: ProbeError) -> PythonProbeResult {
        PythonProbeResult(facts: TargetFacts(pythonProbeError: error))
    }
}

/// Runs the target interpreter once with `PythonProbeScript` and turns its JSON into facts.
public struct PythonProbe: Sendable {
    public var interpreter: String
    public var timeout: Double
    public var environment: [String: String]

    public init(interpreter: String, environment: [String: String], timeout: Double = 60) {
        self.interpreter = interpreter
        self.environment = environment
        self.timeout = timeout
    }

    public func run() -> PythonProbeResult {
        // flash_attn's import is given half the probe's time (at most its 30 s): with --python-timeout 5, a hang
        // there is named as flash_attn's before the whole probe is stopped and blamed on importing torch.
        var environment = self.environment
        if environment["FLASH_ATTN_SETUP_IMPORT_TIMEOUT"] == nil {
            environment["FLASH_ATTN_SETUP_IMPORT_TIMEOUT"] = String(Int(min(30, max(1, timeout / 2))))
        }
        switch PythonScriptRun.run(PythonProbeScript.source, interpreter: interpreter, environment: environment, timeout: timeout) {
        case .success(let outcome): return Self.interpret(outcome, interpreter: interpreter, timeout: timeout)
        case .failure(let error): return .failed(error)
        }
    }

    /// Reads a finished probe run. Separate from `run` so the decoding can be tested on captured output.
    public static func interpret(_ outcome: ProcessOutcome, interpreter: String, timeout: Double) -> PythonProbeResult {
        let report: ProbeReport
        switch PythonScriptRun.decode(
            ProbeReport.self, from: outcome, marker: PythonProbeScript.marker, interpreter: interpreter, timeout: timeout)
        {
        case .success(let decoded): report = decoded
        case .failure(let error): return .failed(error)
        }
        if let error = report.probeError {
            return .failed(PythonProbeFailure.scriptFailed(interpreter, error: error))
        }
        guard let version = report.version, let tag = report.tag, let platform = report.platform else {
            return .failed(PythonProbeFailure.unreadable(interpreter, text: String(decoding: outcome.stdout.suffix(200), as: UTF8.self)))
        }
        let python = PythonEnvironment(
            executable: report.executable ?? interpreter, version: version, tag: tag, platform: platform,
            glibc: report.glibc, pip: report.pip, virtualEnv: report.virtualEnv, conda: report.conda,
            externallyManaged: report.externallyManaged ?? false, sitePackages: report.sitePackages,
            sitePackagesWritable: report.sitePackagesWritable)
        let torch = report.torch.map { t in
            Torch(
                version: t.version, cuda: t.cuda, hip: t.hip, cxx11abi: t.cxx11abi, cudaAvailable: t.cudaAvailable,
                deviceCapabilities: t.deviceCapabilities.compactMap(ComputeCapability.init), cudaError: t.cudaError,
                cudaRequirements: report.torchCUDARequirements ?? [])
        }
        return PythonProbeResult(
            facts: TargetFacts(
                python: python, torch: torch, torchImportError: report.torchImportError, flashAttn: report.flashAttn,
                transformers: report.transformers, kernels: report.kernels, flashAttn4: report.flashAttn4,
                hubKernelCache: report.hubKernelCache, packages: report.packages ?? [:]),
            system: report.system, machine: report.machine)
    }

    /// The JSON the script prints; every field optional so that an odd interpreter is reported, not trapped on.
    struct ProbeReport: Decodable {
        struct TorchReport: Decodable {
            var version: String
            var cuda: String?
            var hip: String?
            var cxx11abi: Bool?
            var cudaAvailable: Bool
            var deviceCapabilities: [String]
            var cudaError: String?
        }
        var executable: String?
        var version: String?
        var tag: String?
        var platform: String?
        var system: String?
        var machine: String?
        var glibc: String?
        var pip: String?
        var virtualEnv: String?
        var conda: String?
        var externallyManaged: Bool?
        var sitePackages: String?
        var sitePackagesWritable: Bool?
        var torch: TorchReport?
        var torchImportError: String?
        var flashAttn: FlashAttnInstallation?
        var transformers: TransformersInstallation?
        var torchCUDARequirements: [String]?
        var kernels: KernelsInstallation?
        var flashAttn4: String?
        var hubKernelCache: HubKernelCache?
        var packages: [String: String?]?
        var probeError: String?
    }
}

/// The sentences for a target interpreter that could not be probed.
enum PythonProbeFailure {
    static func cannotStart(_ interpreter: String, _ failure: LaunchFailure) -> ProbeError {
        if failure.errno == ENOENT {
            return ProbeError(
                code: .pythonMissing,
                message: LocalizedText(
                    en: "The Python interpreter \(interpreter) does not exist; give the path of an existing one with --python (for a venv, its bin/python).",
                    zh: "Python 解释器 \(interpreter) 不存在；请用 --python 指定一个存在的解释器路径（venv 的话是其中的 bin/python）。"),
                evidence: failure.description)
        }
        return ProbeError(
            code: .notPython,
            message: LocalizedText(
                en: "\(interpreter) could not be run as a program; check that it is a Python interpreter you may execute, and pass the right one with --python.",
                zh: "无法运行 \(interpreter)；请确认它是你有权执行的 Python 解释器，并用 --python 指定正确的路径。"),
            evidence: failure.description)
    }

    static func timedOut(_ interpreter: String, seconds: Double) -> ProbeError {
        ProbeError(
            code: .pythonTimeout,
            message: LocalizedText(
                en: "\(interpreter) did not finish describing itself within \(Int(seconds)) s (importing torch hung) and was stopped; try `\(interpreter) -c \"import torch\"` yourself to see where it hangs.",
                zh: "\(interpreter) 在 \(Int(seconds)) 秒内没有完成自检（导入 torch 卡住），已被终止；请亲自运行 `\(interpreter) -c \"import torch\"` 查看卡在哪里。"))
    }

    static func crashed(_ interpreter: String, signal: Int32, stderr: String) -> ProbeError {
        ProbeError(
            code: .pythonCrashed,
            message: LocalizedText(
                en: "\(interpreter) crashed (signal \(signal)) while describing itself, most often inside `import torch`; run `\(interpreter) -c \"import torch\"` yourself, and reinstall torch if it crashes too.",
                zh: "\(interpreter) 在自检时崩溃（信号 \(signal)），多半发生在 `import torch` 中；请亲自运行 `\(interpreter) -c \"import torch\"`，如果同样崩溃请重新安装 torch。"),
            evidence: stderr.lastNonEmptyLine)
    }

    /// Python 2 (or a very old 3) cannot even parse the probe: its SyntaxError says the interpreter is too old, not
    /// broken and not another program.
    static func tooOld(_ interpreter: String, said: String) -> ProbeError? {
        guard said.contains("SyntaxError") else { return nil }
        return ProbeError(
            code: .pythonProbeFailed,
            message: LocalizedText(
                en: "\(interpreter) cannot parse Python 3 (the probe fails with a SyntaxError), so it is Python 2 or a Python 3 older than any flash-attn supports; flash-attn needs Python 3.9 or newer: give that Python with --python.",
                zh: "\(interpreter) 无法解析 Python 3 代码（探测脚本报 SyntaxError），说明它是 Python 2 或过旧的 Python 3；flash-attn 需要 Python 3.9 或更新版本：请用 --python 指定这样的 Python。"),
            evidence: said.lastNonEmptyLine)
    }

    static func notPython(_ interpreter: String, outcome: ProcessOutcome) -> ProbeError {
        if let tooOld = tooOld(interpreter, said: outcome.stderrText) { return tooOld }
        let said = outcome.stderrText.lastNonEmptyLine ?? String(decoding: outcome.stdout, as: UTF8.self).lastNonEmptyLine
        let evidence = ["exit \(outcome.exitCode.map(String.init) ?? "?")", said].compactMap { $0 }.joined(separator: ": ")
        return ProbeError(
            code: .notPython,
            message: LocalizedText(
                en: "\(interpreter) ran but did not answer like a Python 3 interpreter; pass a Python 3.9 or newer with --python (for a venv, its bin/python).",
                zh: "\(interpreter) 可以运行，但不像 Python 3 解释器那样应答；请用 --python 指定 Python 3.9 或更新版本（venv 的话是其中的 bin/python）。"),
            evidence: String(evidence.prefix(300)))
    }

    static func unreadable(_ interpreter: String, text: String) -> ProbeError {
        ProbeError(
            code: .probeOutputInvalid,
            message: LocalizedText(
                en: "\(interpreter) answered the probe with something that is not its JSON, so its facts could not be read; report this with the output shown.",
                zh: "\(interpreter) 对探测脚本的应答不是预期的 JSON，无法读取其信息；请附上下面的输出报告此问题。"),
            evidence: text)
    }

    static func scriptFailed(_ interpreter: String, error: String) -> ProbeError {
        if let tooOld = tooOld(interpreter, said: error) { return tooOld }
        return ProbeError(
            code: .pythonProbeFailed,
            message: LocalizedText(
                en: "\(interpreter) failed while describing itself, so its version and packages are unknown; check that this Python works (`\(interpreter) -c \"import sysconfig\"`).",
                zh: "\(interpreter) 在自检时出错，无法得知其版本和已装的包；请检查这个 Python 是否正常（`\(interpreter) -c \"import sysconfig\"`）。"),
            evidence: error)
    }
}
