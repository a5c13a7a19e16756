import SetupCore
import TerminalUI

/// The fleet report as a table: aligned text for a terminal, or Markdown for a ticket or a wiki page.
enum ReportText {
    enum Format { case text, markdown }

    static func headers(_ l: Language) -> [String] {
        [
            LocalizedText(en: "host", zh: "主机"), LocalizedText(en: "GPU", zh: "GPU"),
            LocalizedText(en: "verdict", zh: "结论"), LocalizedText(en: "route", zh: "路线"),
            LocalizedText(en: "flash-attn", zh: "flash-attn"), LocalizedText(en: "install", zh: "安装"),
            LocalizedText(en: "verification", zh: "验证"), LocalizedText(en: "log", zh: "日志"),
        ].map { $0.text(l) }
    }

    static func cells(_ row: FleetRow, _ l: Language) -> [String] {
        let none = "—"
        let install = row.install.map { $0.rawValue + (row.changed == true ? LocalizedText(en: " (changed)", zh: "（有变更）").text(l) : "") }
        return [
            row.host, row.gpu ?? LocalizedText(en: "no GPU seen", zh: "未见 GPU").text(l), row.verdict?.rawValue ?? none,
            row.route ?? none, row.flashAttn ?? none, install ?? LocalizedText(en: "not run", zh: "未运行").text(l),
            row.verification.label.text(l), row.log ?? none,
        ].map { terminalSafe($0) }
    }

    static func render(_ rows: [FleetRow], format: Format, language l: Language) -> String {
        let table = [headers(l)] + rows.map { cells($0, l) }
        var out: String
        switch format {
        case .markdown:
            func line(_ cells: [String]) -> String {
                "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
            }
            out = line(table[0]) + "\n" + line(table[0].map { _ in "---" }) + "\n"
            out += table.dropFirst().map(line).joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
        case .text:
            let widths = table[0].indices.map { column in table.map { CellWidth.of($0[column]) }.max() ?? 0 }
            out = table.map { cells in
                cells.indices.map { column in
                    let cell = cells[column]
                    return column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - CellWidth.of(cell))
                }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
        let notes = rows.compactMap { row in row.note.map { terminalSafe(row.host) + ": " + terminalSafe($0) } }
        if !notes.isEmpty {
            out += "\n" + (format == .markdown ? notes.map { "- " + $0 }.joined(separator: "\n") : notes.joined(separator: "\n")) + "\n"
        }
        let failed = rows.filter(\.failed).count
        let summary = LocalizedText(
            en: "\(rows.count) hosts: \(rows.filter { $0.verification == .proven }.count) proven on the GPU, \(failed) failed.",
            zh: "共 \(rows.count) 台主机：\(rows.filter { $0.verification == .proven }.count) 台已在 GPU 上验证，\(failed) 台失败。")
        return out + "\n" + summary.text(l) + "\n"
    }
}

/// `report --json`: the same rows for a script, with the files that could not be read.
struct ReportJSON: Encodable {
    var rows: [FleetRow]
    var problems: [LocalizedText]

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(rows, forKey: .hosts)
        try c.encode(rows.filter(\.failed).count, forKey: .failed)
        try c.encode(problems.map { $0.text(l) }, forKey: .problems)
    }

    enum Key: String, CodingKey { case hosts, failed, problems }
}
