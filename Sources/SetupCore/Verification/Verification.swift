import Foundation

/// One check of an installation.
public struct VerificationCheck: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable { case ok, failed, skipped }
    /// metadata, import, extension, gpu-numeric, gpu-speed, transformers
    public var name: String
    public var status: Status
    public var detail: String
}

/// The checks with their findings, and whether the installation is proven.
public struct VerificationReport: Sendable {
    public var checks: [VerificationCheck]
    public var findings: [Finding]
    /// Why the checks could not run at all (the Python could not be started).
    public var error: ProbeError?

    /// True when every check that could run passed and the extension loads.
    public var ok: Bool {
        error == nil && !checks.contains { $0.status == .failed }
            && checks.contains { $0.name == "extension" && $0.status == .ok }
    }

    /// What to choose in the Qwen-VL node, with transformers' value.
    public var advice: LocalizedText {
        let numericRan = checks.contains { $0.name == "gpu-numeric" && $0.status == .ok }
        if ok && numericRan {
            return LocalizedText(
                en: "Choose \"Flash Attention 2\" in the Qwen-VL node (attn_implementation=\"flash_attention_2\"): it was proven on this GPU.",
                zh: "在 Qwen-VL 节点中选择 \"Flash Attention 2\"（attn_implementation=\"flash_attention_2\"）：已在这块 GPU 上验证通过。")
        }
        if ok {
            return LocalizedText(
                en: "flash-attn imports and its extension loads, but no GPU was there to prove it; run verify again on the GPU machine before choosing \"Flash Attention 2\" (else \"SDPA\").",
                zh: "flash-attn 可以导入，扩展也能加载，但这里没有 GPU 可供验证；请在有 GPU 的机器上再运行 verify，通过后再选择 \"Flash Attention 2\"（否则选 \"SDPA\"）。")
        }
        return LocalizedText(
            en: "Choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\") until the failure above is fixed; \"Eager\" always works but is slowest.",
            zh: "在修复上述问题之前，请在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）；\"Eager\" 总能运行，但最慢。")
    }
}

/// Runs `VerifyScript` once in the target Python and reads its checks, diagnosing every failure's text.
public struct Verifier: Sendable {
    public var python: String
    public var environment: [String: String]
    public var timeout: Double

    public init(python: String, environment: [String: String], timeout: Double = 300) {
        self.python = python
        self.environment = environment
        self.timeout = timeout
    }

    public func run() -> VerificationReport {
        switch PythonScriptRun.run(VerifyScript.source, interpreter: python, environment: environment, timeout: timeout) {
        case .success(let outcome): return Self.interpret(outcome, python: python, timeout: timeout)
        case .failure(let error): return VerificationReport(checks: [], findings: [], error: error)
        }
    }

    public static func interpret(_ outcome: ProcessOutcome, python: String, timeout: Double) -> VerificationReport {
        struct Output: Decodable { var checks: [VerificationCheck] }
        let output: Output
        switch PythonScriptRun.decode(Output.self, from: outcome, marker: VerifyScript.marker, interpreter: python, timeout: timeout) {
        case .success(let decoded): output = decoded
        case .failure(let error):
            // The script died (a crash inside the extension is possible): its stderr is the evidence.
            return VerificationReport(checks: [], findings: Diagnosis.of(outcome.stderrText), error: error)
        }
        let failedText = output.checks.filter { $0.status == .failed }.map(\.detail).joined(separator: "\n")
        return VerificationReport(checks: output.checks, findings: Diagnosis.of(failedText), error: nil)
    }
}
