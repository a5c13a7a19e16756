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

    /// Where a host sent more than one report (two folders, or two documents of one kind): which one this row is.
    public enum Recency: String, Sendable, Encodable {
        /// The newest of the host's reports: the one that counts.
        case newest
        /// An earlier report of the same host, shown for reference and not counted.
        case older
        /// Two reports of which at least one names no time (a release before stamps): neither is taken for the other.
        case undated

        public var label: LocalizedText {
            switch self {
            case .newest: return LocalizedText(en: " (newest)", zh: "（最新）")
            case .older: return LocalizedText(en: " (older)", zh: "（较旧）")
            case .undated: return LocalizedText(en: " (time unknown)", zh: "（时间未知）")
            }
        }
    }

    /// The host's own name from the documents' stamp, else the name of the folder they were fetched into.
    public var host: String
    /// nil where this is the host's only report.
    public var recency: Recency?
    /// The newest time among the row's documents (`2026-12-07T10:31:37Z`), from their stamps, else the files' dates.
    public var writtenAt: String?
    /// The files the row was made from, so two reports of one host can be told apart.
    public var files: [String]
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

    /// Whether the row stands for its host in the counts and the exit status: an older report does not.
    public var counts: Bool { recency != .older }

    /// A failure that counts: what the summary's count, `--json`'s `failed` and the exit status are made of.
    public var failsItsHost: Bool { failed && counts }

    /// Every stored property, and `failed` and `counts` beside them, so a script need not repeat the rules.
    public func encode(to encoder: any Encoder) throws {
        try encodeStoredProperties(to: encoder)
        var container = encoder.container(keyedBy: PropertyKey.self)
        try container.encode(failed, forKey: PropertyKey(stringValue: "failed"))
        try container.encode(counts, forKey: PropertyKey(stringValue: "counts"))
    }
}

/// The fleet report: the documents each host produced, turned into one row a host.
public enum FleetReport {
    /// A document read from a file, with the host it belongs to.
    public struct Entry: Sendable, Equatable {
        public var host: String
        public var document: HostDocument
        /// When it was written: its stamp's time, else the file's modification time; nil where neither is known.
        public var writtenAt: Date?
        /// The file it came from; "" where it came from elsewhere.
        public var file: String
        /// The documents of one host in one folder are one report (one run of the role), others are another.
        public var folder: String

        public init(host: String, document: HostDocument, writtenAt: Date? = nil, file: String = "", folder: String = "") {
            self.host = host
            self.document = document
            self.writtenAt = writtenAt
            self.file = file
            self.folder = folder
        }
    }

    /// One row a report, hosts in name order. A host's documents in one folder make one report, except that a
    /// second document of a kind already there (two check.json of one host in one folder) starts another; where a
    /// host has several reports, each is a row, newest first, and the newest is marked.
    public static func rows(_ entries: [Entry]) -> [FleetRow] {
        var byHost: [String: [Entry]] = [:]
        for entry in entries { byHost[entry.host, default: []].append(entry) }
        return byHost.keys.sorted().flatMap { host in reportRows(host: host, reports: reports(of: byHost[host]!)) }
    }

    /// A host's entries cut into reports: by folder, then, in time order, at each repeated kind.
    static func reports(of entries: [Entry]) -> [[Entry]] {
        var folders: [String] = []
        var byFolder: [String: [Entry]] = [:]
        for entry in entries {
            if byFolder[entry.folder] == nil { folders.append(entry.folder) }
            byFolder[entry.folder, default: []].append(entry)
        }
        var reports: [[Entry]] = []
        for folder in folders {
            // By time, then in the order given: documents without a time come first and keep their order. (Falling
            // back to the order only for a pair without a time was no ordering at all once times and none mixed.)
            let ordered = byFolder[folder]!.enumerated().sorted { a, b in
                let (x, y) = (a.element.writtenAt ?? .distantPast, b.element.writtenAt ?? .distantPast)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
            var current: [Entry] = []
            for entry in ordered {
                if current.contains(where: { $0.document.kind == entry.document.kind }) {
                    reports.append(current)
                    current = []
                }
                current.append(entry)
            }
            if !current.isEmpty { reports.append(current) }
        }
        return reports
    }

    static func reportRows(host: String, reports: [[Entry]]) -> [FleetRow] {
        let dated = reports.map { report in (report, report.compactMap(\.writtenAt).max()) }
        guard dated.count > 1 else {
            return dated.map { row(host: host, entries: $0.0, writtenAt: $0.1, recency: nil) }
        }
        // Every report needs a time to be put in order; one without leaves them all undated, none taken as newest.
        guard dated.allSatisfy({ $0.1 != nil }) else {
            return dated.map { row(host: host, entries: $0.0, writtenAt: $0.1, recency: .undated) }
        }
        let newestFirst = dated.enumerated().sorted { a, b in
            a.element.1! != b.element.1! ? a.element.1! > b.element.1! : a.offset > b.offset
        }.map(\.element)
        return newestFirst.enumerated().map { index, report in
            row(host: host, entries: report.0, writtenAt: report.1, recency: index == 0 ? .newest : .older)
        }
    }

    static func row(host: String, entries: [Entry], writtenAt: Date?, recency: FleetRow.Recency?) -> FleetRow {
        var row = row(host: host, documents: entries.map(\.document))
        row.recency = recency
        row.writtenAt = writtenAt.map(DocumentStamp.format)
        row.files = entries.map(\.file).filter { !$0.isEmpty }
        return row
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
        // Why it is limited, then what to do: the GPU's reason, else check's first warning; the fallback after it.
        let why: String? = gpuReason ?? check?.warnings?.first?.message
        let fallback: String? = check?.fallback
        let parts: [String] = [why, fallback].compactMap { $0 }
        let checkNote: String? = stoppedAtCheck && !parts.isEmpty ? parts.joined(separator: " ") : nil
        let candidates: [String?] = [check?.blockers?.first?.message, install?.reason, verify?.error, failedNote, withoutGPU, checkNote]
        let note: String? = candidates.compactMap { $0 }.first
        return FleetRow(
            host: host, recency: nil, writtenAt: nil, files: [],
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
        let gpuChecked = verify.proven ?? verify.checks.contains { $0.name == .gpuNumeric && $0.status == .ok }
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
