import SetupCore
import TerminalUI

/// Step 3: the overall verdict, large and first; then each GPU; then blockers with their fixes, and warnings.
enum CompatibilityScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        guard let report = model.report, model.activity != .probing else {
            canvas.put(WizardView.spinner(model) + " " + LocalizedText(en: "Checking…", zh: "检查中…").text(l), row: rect.top, column: rect.left)
            return
        }
        var y = rect.top
        let (mark, style) = WizardView.mark(report.verdict, model.symbols)
        let headline = LocalizedText(en: "FlashAttention-2 here: ", zh: "FlashAttention-2 在本机：").text(l) + mark + " "
            + report.verdict.label.text(l).uppercased()
        canvas.put(headline, row: y, column: rect.left, style: style)
        y += 2
        for gpu in report.gpus {
            guard y < rect.bottom else { break }
            let (gmark, gstyle) = WizardView.mark(gpu.verdict, model.symbols)
            canvas.put(gmark, row: y, column: rect.left, style: gstyle)
            let hidden = gpu.visible ? "" : LocalizedText(en: " (hidden)", zh: "（已隐藏）").text(l)
            canvas.put("GPU \(gpu.index) \(gpu.name)\(hidden)", row: y, column: rect.left + CellWidth.of(gmark) + 1, style: .bold)
            y += 1
            if let reason = gpu.reasons.first {
                y = Paragraph.draw(reason.message.text(l), on: &canvas, in: rect, row: y, indent: 4)
            }
        }
        for blocker in report.blockers {
            guard y < rect.bottom else { break }
            y = Paragraph.draw(model.symbols.failure + " " + blocker.message.text(l), on: &canvas, in: rect, row: y + 1, style: CellStyle(color: .red))
            y = Paragraph.draw(LocalizedText(en: "Fix: ", zh: "解决：").text(l) + blocker.fix.text(l), on: &canvas, in: rect, row: y, indent: 4)
        }
        for warning in report.warnings {
            guard y < rect.bottom else { break }
            y = Paragraph.draw(model.symbols.warning + " " + warning.message.text(l), on: &canvas, in: rect, row: y + 1, style: CellStyle(color: .yellow))
        }
        if let fallback = report.fallback, !report.blockers.isEmpty, y < rect.bottom {
            Paragraph.draw(LocalizedText(en: "Instead: ", zh: "替代方案：").text(l) + fallback.text(l), on: &canvas, in: rect, row: y + 1, style: .bold)
        }
    }
}
