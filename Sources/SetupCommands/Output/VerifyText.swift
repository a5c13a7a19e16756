import SetupCore
import TerminalUI

/// `verify` as text: each check with its status and detail, the findings, and what to choose in the node.
enum VerifyText {
    static func render(_ report: VerificationReport, python: String, language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        var out = style.bold(t("Verifying \(report.route.name.en) in ", "验证\(report.route.name.zh)：") + python) + "\n"
        if let error = report.error { out += style.symbol(.unsupported) + " " + error.text(l) + "\n" }
        for check in report.checks {
            let symbol: String
            switch check.status {
            case .ok: symbol = style.symbol(.supported)
            case .failed: symbol = style.symbol(.unsupported)
            case .skipped: symbol = style.dim("-")
            }
            out += "\(symbol) \(CellWidth.pad(check.name.rawValue, to: 18)) \(check.detail)\n"
        }
        out += FindingsText.render(report.findings, language: l, style: style).replacingOccurrences(
            of: t("No known failure was recognised in this text.", "此文本中没有识别到已知的故障。") + "\n", with: "")
        out += "\n" + (report.ok ? style.symbol(.supported) + " " + t("Verified.", "验证通过。") : style.symbol(.unsupported) + " " + t("Not verified.", "验证未通过。")) + "\n"
        out += report.advice.text(l) + "\n"
        return out
    }
}

/// `verify --json`.
struct VerifyJSON: Encodable {
    var report: VerificationReport

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(report.ok, forKey: .ok)
        try c.encode(report.proven, forKey: .proven)
        try c.encode(report.implementation, forKey: .implementation)
        try c.encode(report.route.code.rawValue, forKey: .route)
        try c.encode(report.version, forKey: .flashAttn)
        try c.encode(report.checks, forKey: .checks)
        try c.encode(FindingsJSON.list(report.findings, l), forKey: .findings)
        try c.encode(report.error?.text(l), forKey: .error)
        try c.encode(report.advice.text(l), forKey: .advice)
    }
    enum Key: String, CodingKey { case ok, proven, implementation, route, flashAttn, checks, findings, error, advice }
}
