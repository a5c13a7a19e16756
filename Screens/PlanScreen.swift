import SetupCore
import TerminalUI

/// Step 6: the exact commands and environment that will run, with the time and disk they need. Nothing has run yet.
enum PlanScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        guard let prepared = model.plans[model.chosenMethod] else { return }
        let plan = prepared.plan
        var y = rect.top
        y = Paragraph.draw(MethodScreen.name(plan.method).text(l) + "  →  " + plan.python, on: &canvas, in: rect, row: y, style: .bold) + 1
        for (index, step) in plan.steps.enumerated() {
            guard y < rect.bottom - 3 else { break }
            y = Paragraph.draw("\(index + 1). " + step.title.text(l), on: &canvas, in: rect, row: y, style: .bold)
            let command: String
            switch step.action {
            case .fetch(let source, _, let sha, _):
                command = source.text + (sha.map { "  sha256 \($0.prefix(16))…" } ?? "")
            case .run(let argv, let environment):
                let variables = environment.keys.sorted().filter { $0 != "PIP_DISABLE_PIP_VERSION_CHECK" && $0 != "PYTHONUNBUFFERED" }
                    .map { "\($0)=\(environment[$0]!)" }
                command = (variables + argv.map(InstallLog.quoted)).joined(separator: " ")
            }
            y = Paragraph.draw(command, on: &canvas, in: rect, row: y, indent: 3, style: .dim)
        }
        let e = plan.estimates
        let cost = LocalizedText(
            en: "Needs about \(e.diskGiB) GiB of disk" + (e.peakMemoryGiB.map { ", up to \($0) GiB of memory" } ?? "") + ", \(format(e.minutesLow))-\(format(e.minutesHigh)) min. torch stays \(plan.torchVersion).",
            zh: "约需 \(e.diskGiB) GiB 磁盘" + (e.peakMemoryGiB.map { "，最多 \($0) GiB 内存" } ?? "") + "，\(format(e.minutesLow))-\(format(e.minutesHigh)) 分钟。torch 保持 \(plan.torchVersion)。").text(l)
        y = Paragraph.draw(cost, on: &canvas, in: rect, row: y + 1)
        if !plan.blockers.isEmpty {
            for blocker in plan.blockers {
                guard y < rect.bottom else { break }
                y = Paragraph.draw(model.symbols.failure + " " + blocker.text(l), on: &canvas, in: rect, row: y, style: CellStyle(color: .red))
            }
        } else if y < rect.bottom {
            canvas.put(LocalizedText(en: "Press Enter to run this plan.", zh: "按 Enter 执行此计划。").text(l), row: y + 1, column: rect.left, style: .bold)
        }
    }

    static func format(_ minutes: Double) -> String {
        minutes < 1 ? String(format: "%.1f", minutes) : String(Int(minutes))
    }
}
