import Foundation

/// How verify runs a route's proof.
extension VerifyRoute {
    /// The verify script's arguments for this route.
    var arguments: [String] {
        switch self {
        case .flashAttn: return ["flash-attn"]
        case .hubKernel(let repo, let revision): return ["kernels", repo, revision.argument]
        case .flashAttention4: return ["fa4"]
        }
    }

    /// The check that says the route's code loads at all.
    var loadCheck: VerificationCheck.Name {
        switch self {
        case .flashAttn: return .extensionLoad
        case .hubKernel: return .kernelLoad
        case .flashAttention4: return .importing
        }
    }
}

/// One check of an installation.
public struct VerificationCheck: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable { case ok, failed, skipped }
    /// What a check is, by the name the verify script and `verify --json` give it; a name this build does not know
    /// (a document from a newer release, read by report) is kept as it came.
    public enum Name: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
        case metadata, kernels, importing, extensionLoad, kernelLoad, gpuNumeric, gpuSpeed, transformers, transformersModel
        case other(String)

        static let known: [Name] = [.metadata, .kernels, .importing, .extensionLoad, .kernelLoad, .gpuNumeric, .gpuSpeed, .transformers, .transformersModel]

        public init(rawValue: String) { self = Self.known.first { $0.rawValue == rawValue } ?? .other(rawValue) }

        // A switch, not a lookup by `==`: RawRepresentable's `==` compares raw values, which would ask this again.
        public var rawValue: String {
            switch self {
            case .metadata: return "metadata"
            case .kernels: return "kernels"
            case .importing: return "import"
            case .extensionLoad: return "extension"
            case .kernelLoad: return "kernel-load"
            case .gpuNumeric: return "gpu-numeric"
            case .gpuSpeed: return "gpu-speed"
            case .transformers: return "transformers"
            case .transformersModel: return "transformers-model"
            case .other(let name): return name
            }
        }

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws { self.init(rawValue: try decoder.singleValueContainer().decode(String.self)) }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var name: Name
    public var status: Status
    public var detail: String
}

/// The checks with their findings, and whether the installation is proven.
public struct VerificationReport: Sendable {
    public var route: VerifyRoute = .flashAttn
    public var checks: [VerificationCheck]
    /// What gpu-speed measured, where it ran.
    public var speed: SpeedMeasurement?
    /// sys.executable of the Python that ran the checks: the same name the probe reports.
    public var executable: String?
    /// The version of the distribution that was checked, where its metadata and its module agree (flash-attn,
    /// flash-attn-4); nil for the hub kernel, which has no distribution.
    public var version: String?
    public var findings: [Finding]
    /// Why the checks could not run at all (the Python could not be started).
    public var error: ProbeError?

    public init(route: VerifyRoute = .flashAttn, checks: [VerificationCheck], findings: [Finding], error: ProbeError?) {
        self.route = route
        self.checks = checks
        self.findings = findings
        self.error = error
    }

    /// True when every check that could run passed and the route's code loads.
    public var ok: Bool {
        error == nil && !checks.contains { $0.status == .failed }
            && checks.contains { $0.name == route.loadCheck && $0.status == .ok }
    }

    /// True when it also ran on the GPU and agreed with SDPA.
    public var proven: Bool { ok && checks.contains { $0.name == .gpuNumeric && $0.status == .ok } }

    /// What transformers really ran, as the tiny-model check read it from transformers' own state.
    public var implementation: String? {
        checks.first { $0.name == .transformersModel && $0.status == .ok }?.detail
    }

    /// What to choose in the Qwen-VL node, with transformers' value.
    public var advice: LocalizedText {
        if proven, case .flashAttention4 = route {
            return LocalizedText(
                en: "FlashAttention-4 was proven on this GPU: callers that ask for attn_implementation=\"flash_attention_4\" get it; in the Qwen-VL node keep \"SDPA\" (its \"Flash Attention 2\" does not use FA4).",
                zh: "FlashAttention-4 已在这块 GPU 上验证通过：请求 attn_implementation=\"flash_attention_4\" 的调用方会用到它；Qwen-VL 节点中请保持 \"SDPA\"（其 \"Flash Attention 2\" 不使用 FA4）。")
        }
        if proven, case .hubKernel(let repo, _) = route {
            return LocalizedText(
                en: "Choose \"Flash Attention 2\" in the Qwen-VL node (attn_implementation=\"flash_attention_2\"): transformers runs the hub kernel \(repo), proven on this GPU.",
                zh: "在 Qwen-VL 节点中选择 \"Flash Attention 2\"（attn_implementation=\"flash_attention_2\"）：transformers 会运行 hub 内核 \(repo)，已在这块 GPU 上验证通过。")
        }
        if proven {
            return LocalizedText(
                en: "Choose \"Flash Attention 2\" in the Qwen-VL node (attn_implementation=\"flash_attention_2\"): it was proven on this GPU.",
                zh: "在 Qwen-VL 节点中选择 \"Flash Attention 2\"（attn_implementation=\"flash_attention_2\"）：已在这块 GPU 上验证通过。")
        }
        if ok, case .flashAttn = route {
            return LocalizedText(
                en: "flash-attn imports and its extension loads, but no GPU was there to prove it; run verify again on the GPU machine before choosing \"Flash Attention 2\" (else \"SDPA\").",
                zh: "flash-attn 可以导入，扩展也能加载，但这里没有 GPU 可供验证；请在有 GPU 的机器上再运行 verify，通过后再选择 \"Flash Attention 2\"（否则选 \"SDPA\"）。")
        }
        if ok {
            let name = route.name.en.prefix(1).uppercased() + route.name.en.dropFirst()
            return LocalizedText(
                en: "\(name) loads, but no GPU was there to prove it; run verify again on the GPU machine before relying on it (until then, \"SDPA\").",
                zh: "\(route.name.zh)可以加载，但这里没有 GPU 可供验证；请在有 GPU 的机器上再运行 verify，通过后再使用它（在此之前用 \"SDPA\"）。")
        }
        return LocalizedText(
            en: "Choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\") until the failure above is fixed; \"Eager\" always works but is slowest.",
            zh: "在修复上述问题之前，请在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）；\"Eager\" 总能运行，但最慢。")
    }
}

/// Runs `VerifyScript` once in the target Python and reads its checks, diagnosing every failure's text.
public struct Verifier: Sendable {
    public var python: String
    public var route: VerifyRoute
    public var environment: [String: String]
    public var timeout: Double

    public init(python: String, route: VerifyRoute = .flashAttn, environment: [String: String], timeout: Double = 300) {
        self.python = python
        self.route = route
        self.environment = environment
        self.timeout = timeout
    }

    public func run() -> VerificationReport {
        switch PythonScriptRun.run(
            VerifyScript.source, arguments: route.arguments, interpreter: python, environment: environment, timeout: timeout)
        {
        case .success(let outcome):
            var report = Self.interpret(outcome, python: python, timeout: timeout)
            report.route = route
            if let speed = report.speed {
                speed.save(python: report.executable ?? python, stateDirectory: ToolDirectories.state(environment))
            }
            return report
        case .failure(let error): return VerificationReport(route: route, checks: [], findings: [], error: error)
        }
    }

    enum ImportDeath { case crashed(Int32), hung(Double) }

    /// A package's import took the interpreter down (or never returned): that package is broken here, not torch.
    static func importDied(_ package: String, python: String, how: ImportDeath) -> ProbeError {
        let what: LocalizedText
        switch how {
        case .crashed(let signal):
            what = LocalizedText(en: "crashed the interpreter (signal \(signal))", zh: "使解释器崩溃（信号 \(signal)）")
        case .hung(let seconds):
            what = LocalizedText(en: "did not finish within \(Int(seconds)) s", zh: "在 \(Int(seconds)) 秒内没有完成")
        }
        return ProbeError(
            code: .importDied,
            message: LocalizedText(
                en: "Importing \(package) in \(python) \(what.en); torch imported fine, so the installed \(package) does not fit this torch. Run flash-attn-setup install to replace it, or choose SDPA until then.",
                zh: "在 \(python) 中导入 \(package) 时\(what.zh)；torch 可以正常导入，说明已安装的 \(package) 与此 torch 不匹配。请运行 flash-attn-setup install 替换它，在此之前可先选择 SDPA。"))
    }

    public static func interpret(_ outcome: ProcessOutcome, python: String, timeout: Double) -> VerificationReport {
        struct Output: Decodable {
            var checks: [VerificationCheck]
            var speed: SpeedMeasurement?
            var executable: String?
            var version: String?
        }
        let output: Output
        switch PythonScriptRun.decode(Output.self, from: outcome, marker: VerifyScript.marker, interpreter: python, timeout: timeout) {
        case .success(let decoded): output = decoded
        case .failure(var error):
            // The script died (a crash inside the extension is possible): its stderr is the evidence, and the
            // import under way when it died names the package to blame.
            if let package = VerifyScript.lastStage(in: outcome.stderrText), package != "torch" {
                switch outcome.termination {
                case .signaled(let signal): error = Self.importDied(package, python: python, how: .crashed(signal))
                case .timedOut: error = Self.importDied(package, python: python, how: .hung(timeout))
                case .exited: break
                }
            }
            return VerificationReport(checks: [], findings: Diagnosis.of(outcome.stderrText), error: error)
        }
        let failedText = output.checks.filter { $0.status == .failed }.map(\.detail).joined(separator: "\n")
        var report = VerificationReport(checks: output.checks, findings: Diagnosis.of(failedText), error: nil)
        report.speed = output.speed
        report.executable = output.executable
        report.version = output.version
        return report
    }
}
