import Foundation

/// One host's line in the fleet report: what `check`, `install` and `verify` said there, side by side.
public struct FleetRow: Sendable, Equatable, NullKeepingEncodable {
    /// How far the proof went on the host.
    public enum Verification: String, Sendable, Encodable {
        case proven
        case passedWithoutGPU = "passed-no-gpu"
        case failed
        case notRun = "not-run"

        public var label: LocalizedText {
            switch self {
            case .proven: return LocalizedText(en: "proven on the GPU", zh: "已在 GPU 上验证")
            case .passedWithoutGPU: return LocalizedText(en: "passed, no GPU check", zh: "通过（未做 GPU 检查）")
            case .failed: return LocalizedText(en: "failed", zh: "失败")
            case .notRun: return LocalizedText(en: "not run", zh: "未运行")
            }
        }
    }

    public var host: String
    /// The GPUs' names, `2 × NAME` where they are alike; nil where check saw none (no driver).
    public var gpu: String?
    public var verdict: Verdict?
    /// The route installed, else the one planned, else check's recommendation.
    public var route: String?
    public var flashAttn: String?
    /// install's result (installed, ready, failed, ...); nil where install did not run.
    public var install: InstallResult?
    public var changed: Bool?
    public var verification: Verification
    /// Why the host stopped or failed: check's first blocker, install's reason, the first failed check.
    public var note: String?
    public var log: String?

    /// A host that needs someone: its install or its verification failed. A host check stopped (blocked, limited)
    /// is reported as it is, not counted as a failure: the tool told the truth there.
    public var failed: Bool {
        verification == .failed || install?.needsAttention == true
    }

    /// Every stored property, and `failed` beside them, so a script need not repeat the rule.
    public func encode(to encoder: any Encoder) throws {
        try encodeStoredProperties(to: encoder)
        var container = encoder.container(keyedBy: PropertyKey.self)
        try container.encode(failed, forKey: PropertyKey(stringValue: "failed"))
    }
}

/// The fleet report: the documents each host produced, turned into one row a host.
public enum FleetReport {
    /// A document read from a file, with the host it belongs to.
    public struct Entry: Sendable, Equatable {
        public var host: String
        public var document: HostDocument
        public init(host: String, document: HostDocument) {
            self.host = host
            self.document = document
        }
    }

    /// One row a host, hosts in name order; for each kind of document the last one given counts.
    public static func rows(_ entries: [Entry]) -> [FleetRow] {
        var byHost: [String: [HostDocument]] = [:]
        for entry in entries { byHost[entry.host, default: []].append(entry.document) }
        return byHost.keys.sorted().map { row(host: $0, documents: byHost[$0]!) }
    }

    static func row(host: String, documents: [HostDocument]) -> FleetRow {
        var check: HostDocument.CheckSummary?
        var plan: HostDocument.PlanSummary?
        var install: HostDocument.InstallSummary?
        var verify: HostDocument.VerifySummary?
        for document in documents {
            switch document {
            case .check(let value): check = value
            case .plan(let value): plan = value
            case .install(let value): install = value
            case .verify(let value): verify = value
            }
        }
        let failedCheck = verify?.checks.first { $0.status == .failed }
        let verification = verification(verify)
        // A host where nothing ran after check is explained by check: its blocker, else why its GPU is not
        // supported, else the fallback. One that passed without a GPU gets verify's own advice (run it again where
        // torch sees the GPU).
        let stoppedAtCheck = install == nil && verify == nil && check?.verdict != .supported
        let limitedGPU = check?.gpus.first { gpu in (gpu.visible ?? true) && (gpu.verdict ?? .supported) != .supported }
        let gpuReason: String? = limitedGPU?.reasons?.first?.message
        // One candidate at a time: as one chain of ?? this took the type checker 6.5 s, a third of the module's
        // build on two cores.
        let failedNote: String? = failedCheck.map { (failed: VerificationCheck) -> String in "\(failed.name): \(failed.detail)" }
        let withoutGPU: String? = verification == .passedWithoutGPU ? verify?.advice : nil
        let checkNote: String? = stoppedAtCheck ? (gpuReason ?? check?.fallback) : nil
        let candidates: [String?] = [check?.blockers?.first?.message, install?.reason, verify?.error, failedNote, withoutGPU, checkNote]
        let note: String? = candidates.compactMap { $0 }.first
        return FleetRow(
            host: host,
            gpu: check.flatMap { gpuLabel($0.gpus) },
            verdict: check?.verdict,
            route: install?.method ?? plan?.method ?? check?.recommended ?? plan?.recommended,
            flashAttn: install?.flashAttn?.after ?? verify?.flashAttn,
            install: install?.result,
            changed: install?.changed,
            verification: verification,
            note: note,
            log: install?.log)
    }

    static func verification(_ verify: HostDocument.VerifySummary?) -> FleetRow.Verification {
        guard let verify else { return .notRun }
        if !verify.ok { return .failed }
        let gpuChecked = verify.proven ?? verify.checks.contains { $0.name == "gpu-numeric" && $0.status == .ok }
        return gpuChecked ? .proven : .passedWithoutGPU
    }

    static func gpuLabel(_ gpus: [HostDocument.CheckSummary.GPU]) -> String? {
        let names = gpus.filter { $0.visible ?? true }.map(\.name)
        guard !names.isEmpty else { return nil }
        var groups: [(name: String, count: Int)] = []
        for name in names {
            if let last = groups.indices.last, groups[last].name == name { groups[last].count += 1 } else { groups.append((name, 1)) }
        }
        return groups.map { $0.count > 1 ? "\($0.count) × \($0.name)" : $0.name }.joined(separator: ", ")
    }
}
