import SetupCore
import TerminalUI

/// The end: what was installed where, the log, the commit a build built, and what to choose in the Qwen-VL node
/// with the implementation that will answer it.
enum SummaryScreen {
    /// What to choose in the node, and whether it is only the general fallback (which a node's own line repeats).
    static func advice(_ model: WizardModel) -> (LocalizedText, generic: Bool) {
        if let verification = model.verification { return (verification.advice, false) }
        if let table = model.routes?.table, table.recommended == nil { return (table.recommendation, false) }
        if let outcome = model.installOutcome, model.routes?.table.flashAttention2Possible == true {
            switch outcome.result {
            case .failed(let step, _):
                return (LocalizedText(
                    en: "FlashAttention-2 can still run here: the GPU is supported, and only the install failed (step \(step + 1), as said above). Put that right and install again; until then choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\"): PyTorch's own attention, which works now.",
                    zh: "FlashAttention-2 仍然可以在这里运行：GPU 受支持，只是安装失败了（第 \(step + 1) 步，见上文）。解决该问题后重新安装；在此之前，请在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）：PyTorch 自带的注意力，现在就能用。"), false)
            case .cancelled, .refused:
                return (LocalizedText(
                    en: "Nothing was installed, and FlashAttention-2 can still run here once it is. Until then choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\"): PyTorch's own attention, which works now.",
                    zh: "没有安装任何东西；安装之后 FlashAttention-2 仍可在这里运行。在此之前，请在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）：PyTorch 自带的注意力，现在就能用。"), false)
            case .succeeded:
                break
            }
        }
        if let route = model.chosenRoute, route.method == .sdpa, model.installOutcome == nil {
            return (LocalizedText(
                en: "Choose \"SDPA\" in the Qwen-VL node (attn_implementation=\"sdpa\"): \(route.choice.implementation.en), nothing to install.",
                zh: "在 Qwen-VL 节点中选择 \"SDPA\"（attn_implementation=\"sdpa\"）：\(route.choice.implementation.zh)，无需安装。"), true)
        }
        return (model.report?.fallback ?? CompatibilityRules.fallback, true)
    }

    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        var rows: [(String, String)] = []
        if let python = model.targetPython { rows.append((LocalizedText(en: "Python", zh: "Python").text(l), python)) }
        let installedRoute = model.installedMethod
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
        let (advice, generic) = advice(model)
        let proven = model.verification?.proven ?? false
        // The general line is left out where the node's own lines below say the same for the user's node.
        if !(generic && model.targetComfyUI?.nodes.isEmpty == false) {
            y = Paragraph.draw(advice.text(l), on: &canvas, in: rect, row: y, indent: 2, style: CellStyle(bold: true, color: proven ? .green : .yellow))
        }
        // In the user's own ComfyUI and node, where the target is a ComfyUI's Python.
        if let install = model.targetComfyUI {
            let works = model.verification?.ok ?? false
            let route: RouteMethod? = works ? installedRoute : nil
            for node in install.nodes where y < rect.bottom - 1 {
                y = Paragraph.draw(ComfyUIAdvice.choice(install, node: node, route: route).text(l), on: &canvas, in: rect, row: y + 1, indent: 2)
            }
        }
        if let route = installedRoute, let verification = model.verification, verification.proven, y + 1 < rect.bottom {
            let choice = route.choice
            Paragraph.draw(LocalizedText(en: "It runs ", zh: "实际运行：").text(l) + (verification.implementation ?? choice.implementation.text(l)) + (l == .zh ? "。" : "."),
                           on: &canvas, in: rect, row: y + 1, indent: 2, style: .dim)
        }
    }
}
