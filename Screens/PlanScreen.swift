import SetupCore
import TerminalUI

/// Step 6: the exact commands and environment that will run, with the time and disk they need. Nothing has run yet.
enum PlanScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        guard let prepared = model.chosenPlan else { return }
        let plan = prepared.plan
        var y = rect.top
        y = Paragraph.draw(plan.method.title.text(l) + "  →  " + plan.python, on: &canvas, in: rect, row: y, style: .bold) + 1
        if let headline = plan.headline, rect.height >= 30 {
            y = Paragraph.draw(headline.message.text(l), on: &canvas, in: rect, row: y, style: .dim) + 1
        }
        let e = plan.estimates
        // The footer is the decision: it always shows, and the steps get the rows above it.
        var footer: [(String, CellStyle)] = []
        if plan.canRun {
            let cost = LocalizedText(
                en: "Needs about \(e.diskGiB) GiB of disk" + (e.peakMemoryGiB.map { ", up to \($0) GiB of memory" } ?? "") + ", \(format(e.minutesLow))-\(format(e.minutesHigh)) min. torch stays \(plan.torchVersion).",
                zh: "约需 \(e.diskGiB) GiB 磁盘" + (e.peakMemoryGiB.map { "，最多 \($0) GiB 内存" } ?? "") + "，\(format(e.minutesLow))-\(format(e.minutesHigh)) 分钟。torch 保持 \(plan.torchVersion)。").text(l)
            if plan.steps.isEmpty {
                footer.append((LocalizedText(en: "Nothing to install: this route is ready. Press Enter to verify it.", zh: "无需安装：这条路线已就绪。按 Enter 验证它。").text(l), .bold))
            } else {
                footer.append((cost, .plain))
                // A key of its own, not the Enter that moved through every screen before: holding Enter never installs.
                footer.append((LocalizedText(en: "Press i to install by this plan.", zh: "按 i 按此计划安装。").text(l), .bold))
            }
        } else {
            for blocker in plan.blockers { footer.append((model.symbols.failure + " " + blocker.message.text(l), CellStyle(color: .red))) }
        }
        let footerRows = footer.map { TextWrap.lines($0.0, width: rect.width).count }.reduce(0, +)
        let stepsEnd = max(y, rect.bottom - footerRows - 1)
        for (index, step) in plan.steps.enumerated() {
            let command = commandText(step)
            let needed = TextWrap.lines("\(index + 1). " + step.title.text(l), width: rect.width).count
                + TextWrap.lines(command, width: rect.width - 3).count
            let last = index == plan.steps.count - 1
            guard y + needed <= stepsEnd - (last ? 0 : 1) else {
                let more = plan.steps.count - index
                canvas.put(CellWidth.clip(LocalizedText(
                    en: "… \(more) more step\(more == 1 ? "" : "s"): \(plan.steps[index...].map { $0.title.en }.joined(separator: "; "))",
                    zh: "……另有 \(more) 步：\(plan.steps[index...].map { $0.title.zh }.joined(separator: "；"))").text(l), to: rect.width),
                    row: y, column: rect.left, style: .dim)
                y += 1
                break
            }
            y = Paragraph.draw("\(index + 1). " + step.title.text(l), on: &canvas, in: rect, row: y, style: .bold)
            y = Paragraph.draw(command, on: &canvas, in: rect, row: y, indent: 3, style: .dim)
        }
        y = max(y + 1, stepsEnd + 1)
        for (line, style) in footer {
            guard y < rect.bottom else { break }
            y = Paragraph.draw(line, on: &canvas, in: rect, row: y, style: style)
        }
    }

    /// What a step runs, as one line to read: argv with its changed variables, the URL, the folder laid out.
    static func commandText(_ step: PlanStep) -> String {
        switch step.action {
        case .fetch(let source, _, let sha, _, _):
            return source.text + (sha.map { "  sha256 \($0.prefix(16))…" } ?? "")
        case .run(let argv, let environment):
            let variables = environment.keys.sorted().filter { $0 != "PIP_DISABLE_PIP_VERSION_CHECK" && $0 != "PYTHONUNBUFFERED" && $0 != "PATH" }
                .map { "\($0)=\(environment[$0]!)" }
            return (variables + [InstallLog.displayed(argv)]).joined(separator: " ")
        case .assembleCUDAHome(let root, let destination):
            return destination + " <- " + root
        case .checkoutSource(let repository, let ref, let destination):
            return "git fetch \(repository) \(ref) -> \(destination)"
        }
    }

    static func format(_ minutes: Double) -> String {
        minutes < 1 ? String(format: "%.1f", minutes) : String(Int(minutes))
    }
}
