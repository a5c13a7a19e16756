import SetupCore
import TerminalUI

/// The end: what was installed where, the log, the commit a build built, and what to choose in the Qwen-VL node
/// with the implementation that will answer it.
enum SummaryScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        var rows: [(String, String)] = []
        if let python = model.targetPython { rows.append((LocalizedText(en: "Python", zh: "Python").text(l), python)) }
        let installedRoute = model.installedMethod.map(RouteMethod.init)
        if let outcome = model.installOutcome {
            rows.append((LocalizedText(en: "Route", zh: "路线").text(l), (installedRoute ?? .wheel).title.text(l)))
            let changed = outcome.changes.filter { ["flash-attn", "kernels", "flash-attn-4", "transformers"].contains($0.name) }
            let result = changed.isEmpty
                ? InstallScreen.result(outcome, model.symbols).text(l)
                : changed.map { $0.line.text(l) }.joined(separator: ", ")
            rows.append((LocalizedText(en: "Changed", zh: "变更").text(l), result))
            if let commit = outcome.sourceCommit { rows.append((LocalizedText(en: "Commit", zh: "提交").text(l), commit)) }
            rows.append((LocalizedText(en: "torch", zh: "torch").text(l), outcome.torchAfter.map {
                LocalizedText(en: "\($0), unchanged", zh: "\($0)，未改变").text(l) } ?? "?"))
            rows.append((LocalizedText(en: "Log", zh: "日志").text(l), outcome.logPath))
        } else if let route = installedRoute {
            // A route that was ready: verified, nothing installed.
            rows.append((LocalizedText(en: "Route", zh: "路线").text(l), route.title.text(l)))
            rows.append((LocalizedText(en: "Changed", zh: "变更").text(l), LocalizedText(en: "nothing (it was ready)", zh: "无（已就绪）").text(l)))
        } else {
            rows.append(("flash-attn", LocalizedText(en: "not installed", zh: "未安装").text(l)))
        }
        y = KeyValueTable.draw(rows, on: &canvas, in: rect, row: y) + 1
        canvas.put(LocalizedText(en: "In the Qwen-VL node choose:", zh: "在 Qwen-VL 节点中选择：").text(l), row: y, column: rect.left, style: .bold)
        y += 1
        let advice: LocalizedText
        if let verification = model.verification {
            advice = verification.advice
        } else if let route = model.chosenRoute, route.method == .sdpa, model.installOutcome == nil {
            advice = LocalizedText(
                en: "Choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\"): \(route.choice.implementation.en), nothing to install.",
                zh: "在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）：\(route.choice.implementation.zh)，无需安装。")
        } else {
            advice = model.report?.fallback ?? CompatibilityRules.fallback
        }
        let proven = model.verification?.proven ?? false
        y = Paragraph.draw(advice.text(l), on: &canvas, in: rect, row: y, indent: 2, style: CellStyle(bold: true, color: proven ? .green : .yellow))
        // In the user's own ComfyUI and node, where the target is a ComfyUI's Python.
        if let install = model.targetComfyUI {
            let works = model.verification?.ok ?? false
            let route: RouteMethod? = works ? installedRoute : nil
            for node in install.nodes where y < rect.bottom - 1 {
                y = Paragraph.draw(ComfyUIAdvice.choice(install, node: node, route: route).text(l), on: &canvas, in: rect, row: y + 1, indent: 2)
            }
        }
        if let route = installedRoute, let verification = model.verification, verification.proven, y + 1 < rect.bottom {
            let choice = RouteSelection.choice(route)
            Paragraph.draw(LocalizedText(en: "It runs ", zh: "实际运行：").text(l) + (verification.implementation ?? choice.implementation.text(l)) + (l == .zh ? "。" : "."),
                           on: &canvas, in: rect, row: y + 1, indent: 2, style: .dim)
        }
    }
}
