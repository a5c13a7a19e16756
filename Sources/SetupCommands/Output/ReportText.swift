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
            row.host + (row.recency?.label.text(l) ?? ""), row.gpu ?? LocalizedText(en: "no GPU seen", zh: "未见 GPU").text(l), row.verdict?.rawValue ?? none,
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
        let notes = rows.compactMap { row in
            row.note.map { terminalSafe(row.host) + (row.recency?.label.text(l) ?? "") + ": " + terminalSafe($0) }
        } + repeatedHosts(rows).map { terminalSafe($0.text(l)) }
        if !notes.isEmpty {
            out += "\n" + (format == .markdown ? notes.map { "- " + $0 }.joined(separator: "\n") : notes.joined(separator: "\n")) + "\n"
        }
        let counted = rows.filter(\.counts)
        let hosts = Set(rows.map(\.host)).count
        let proven = counted.filter { $0.verification == .proven }.count
        let failed = rows.filter(\.failsItsHost).count
        let summary = LocalizedText(
            en: "\(hosts) \(hosts == 1 ? "host" : "hosts"): \(proven) proven on the GPU, \(failed) failed.",
            zh: "共 \(hosts) 台主机：\(proven) 台已在 GPU 上验证，\(failed) 台失败。")
        return out + "\n" + summary.text(l) + "\n"
    }

    /// One sentence for each host that sent more than one report: which files, and which one counts.
    static func repeatedHosts(_ rows: [FleetRow]) -> [LocalizedText] {
        var order: [String] = []
        var byHost: [String: [FleetRow]] = [:]
        for row in rows where row.recency != nil {
            if byHost[row.host] == nil { order.append(row.host) }
            byHost[row.host, default: []].append(row)
        }
        return order.map { host in
            let reports = byHost[host]!
            let files = reports.flatMap(\.files).joined(separator: ", ")
            let from = files.isEmpty ? "" : " (\(files))"
            if let newest = reports.first(where: { $0.recency == .newest }) {
                let at = newest.writtenAt ?? "?"
                return LocalizedText(
                    en: "\(host) sent \(reports.count) reports\(from); the newest, written \(at), counts, and the older ones are shown for reference.",
                    zh: "\(host) 有 \(reports.count) 份报告\(from)；以 \(at) 写出的最新一份为准，较旧的仅供参考。")
            }
            return LocalizedText(
                en: "\(host) sent \(reports.count) reports\(from), and not every one says when it was written: all are shown and counted; remove the stale ones.",
                zh: "\(host) 有 \(reports.count) 份报告\(from)，但并非每份都写明时间：全部显示并计入；请删除过时的那些。")
        }
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
        try c.encode(rows.filter(\.failsItsHost).count, forKey: .failed)
        try c.encode(problems.map { $0.text(l) }, forKey: .problems)
    }

    enum Key: String, CodingKey { case hosts, failed, problems }
}
