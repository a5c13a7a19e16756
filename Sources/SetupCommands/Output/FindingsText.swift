import SetupCore

/// Diagnosis findings as text: each cause and fix, with the line that shows it.
enum FindingsText {
    static func render(_ findings: [Finding], language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        guard !findings.isEmpty else {
            return t("No known failure was recognised in this text.", "此文本中没有识别到已知的故障。") + "\n"
        }
        var out = ""
        for (index, finding) in findings.enumerated() {
            let label = index == 0 ? t("Root cause", "根本原因") : t("Also", "另外")
            out += "\n" + style.symbol(.unsupported) + " " + style.bold("\(label) [\(finding.id)]: ") + finding.cause.text(l) + "\n"
            out += "    " + t("Fix: ", "解决：") + finding.fix.text(l) + "\n"
            let place = finding.line.map { t("line \($0): ", "第 \($0) 行：") } ?? ""
            out += "    " + style.dim(place + String(finding.evidence.prefix(200))) + "\n"
        }
        return out
    }
}

/// `diagnose --json` and the findings inside other reports.
struct FindingsJSON: Encodable {
    var findings: [Finding]

    struct One: NullKeepingEncodable {
        var id: String
        var cause: String
        var fix: String
        var line: Int?
        var evidence: String
        /// The route of this tool the fix names (wheel, source), or null.
        var route: String?
    }

    static func list(_ findings: [Finding], _ l: Language) -> [One] {
        findings.map {
            One(id: $0.id, cause: $0.cause.text(l), fix: $0.fix.text(l), line: $0.line, evidence: $0.evidence, route: $0.route?.rawValue)
        }
    }

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(Self.list(findings, l), forKey: .findings)
    }
    enum Key: String, CodingKey { case findings }
}

/// `diagnose --json`: the findings, and what of the log was not searched.
struct LogReadingJSON: Encodable {
    var reading: LogReading

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(FindingsJSON.list(reading.findings, l), forKey: .findings)
        try c.encode(reading.skipped.map { ["fromByte": $0.lowerBound, "toByte": $0.upperBound] }, forKey: .skipped)
        try c.encode(reading.stoppedAt, forKey: .stoppedAt)
    }
    enum Key: String, CodingKey { case findings, skipped, stoppedAt }
}
