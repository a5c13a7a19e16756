import SetupCore
import TerminalUI

/// Step 8: each check with its status and detail, FA2 against SDPA, and the outcome.
enum VerificationScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        guard let report = model.verification, model.activity != .verifying else {
            let proving = model.environment.flatMap { env in model.installedMethod.flatMap { VerifyRoute.after($0, environment: env) } }
            let what = (proving ?? .flashAttn).underWay
            canvas.put(WizardView.spinner(model) + " " + what.text(l), row: y, column: rect.left)
            return
        }
        if let error = report.error {
            y = Paragraph.draw(model.symbols.failure + " " + error.text(l), on: &canvas, in: rect, row: y, style: CellStyle(color: .red)) + 1
        }
        for check in report.checks {
            guard y < rect.bottom - 3 else { break }
            let (mark, style): (String, CellStyle)
            switch check.status {
            case .ok: (mark, style) = (model.symbols.ok, CellStyle(bold: true, color: .green))
            case .failed: (mark, style) = (model.symbols.failure, CellStyle(bold: true, color: .red))
            case .skipped: (mark, style) = ("-", .dim)
            }
            canvas.put(mark, row: y, column: rect.left, style: style)
            canvas.put(check.name.rawValue, row: y, column: rect.left + 5, style: .bold)
            // The longest check name ("transformers-model") and a gap before the detail.
            y = Paragraph.draw(check.detail, on: &canvas, in: rect, row: y, indent: 25)
        }
        for finding in report.findings.prefix(2) where y < rect.bottom - 2 {
            y = Paragraph.draw("[\(finding.id)] " + finding.fix.text(l), on: &canvas, in: rect, row: y, style: CellStyle(color: .yellow))
        }
        let outcome = report.ok ? model.symbols.ok + " " + LocalizedText(en: "Verified.", zh: "验证通过。").text(l)
            : model.symbols.failure + " " + LocalizedText(en: "Not verified.", zh: "验证未通过。").text(l)
        if y < rect.bottom { canvas.put(outcome, row: y + 1, column: rect.left, style: CellStyle(bold: true, color: report.ok ? .green : .red)) }
    }
}
