import SetupCore
import TerminalUI

/// The end: what was installed where, the log, and what to choose in the Qwen-VL node.
enum SummaryScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        var rows: [(String, String)] = []
        if let python = model.targetPython { rows.append((LocalizedText(en: "Python", zh: "Python").text(l), python)) }
        if let outcome = model.installOutcome {
            let installed = outcome.changes.filter { $0.name == "flash-attn" }.first?.after
            rows.append(("flash-attn", installed.map { LocalizedText(en: "\($0) installed", zh: "已安装 \($0)").text(l) }
                         ?? InstallScreen.result(outcome, model.symbols).text(l)))
            rows.append((LocalizedText(en: "torch", zh: "torch").text(l), outcome.torchAfter.map {
                LocalizedText(en: "\($0), unchanged", zh: "\($0)，未改变").text(l) } ?? "?"))
            rows.append((LocalizedText(en: "Log", zh: "日志").text(l), outcome.logPath))
        } else {
            rows.append(("flash-attn", LocalizedText(en: "not installed", zh: "未安装").text(l)))
        }
        y = KeyValueTable.draw(rows, on: &canvas, in: rect, row: y) + 1
        canvas.put(LocalizedText(en: "In the Qwen-VL node choose:", zh: "在 Qwen-VL 节点中选择：").text(l), row: y, column: rect.left, style: .bold)
        y += 1
        let advice: LocalizedText
        if let verification = model.verification {
            advice = verification.advice
        } else {
            advice = model.report?.fallback ?? CompatibilityRules.fallback
        }
        let proven = model.verification.map { $0.ok && $0.checks.contains { $0.name == "gpu-numeric" && $0.status == .ok } } ?? false
        Paragraph.draw(advice.text(l), on: &canvas, in: rect, row: y, indent: 2, style: CellStyle(bold: true, color: proven ? .green : .yellow))
    }
}
