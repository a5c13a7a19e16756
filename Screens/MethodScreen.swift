import SetupCore
import TerminalUI

/// Step 5: every route to FlashAttention here, ready ones first, each with its status, what it costs and what the
/// Qwen-VL node then runs; the recommended one marked with its reason.
enum MethodScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        canvas.put(LocalizedText(en: "How to get FlashAttention here?", zh: "如何在这里用上 FlashAttention？").text(l), row: y, column: rect.left, style: .bold)
        y += 1
        guard let prepared = model.routes else {
            canvas.put(WizardView.spinner(model) + " " + LocalizedText(en: "Weighing every route: wheels, the hub kernel, builds…", zh: "正在评估各条路线：wheel、hub 内核、源码构建…").text(l),
                       row: y + 1, column: rect.left)
            return
        }
        let table = prepared.table
        let routes = model.listedRoutes
        let items = routes.map { route in
            status(route.status, model.symbols) + " " + route.method.title.text(l)
                + (route.method == table.recommended ? LocalizedText(en: "  [recommended]", zh: "  【推荐】").text(l) : "")
                + "  " + cost(route).text(l)
        }
        y = ListView.draw(items, selected: model.routeSelection, on: &canvas, in: rect, row: y) + 1
        guard let route = model.chosenRoute else { return }
        var lines: [(String, CellStyle)] = []
        let node = route.choice.nodeLabel.map {
            LocalizedText(en: "In the node: \"\($0)\" (attn_implementation=\"\(route.choice.attnImplementation)\"), run by ",
                          zh: "节点中选择：\"\($0)\"（attn_implementation=\"\(route.choice.attnImplementation)\"），实际运行：").text(l)
        } ?? LocalizedText(en: "No label in the Qwen-VL node; callers ask for attn_implementation=\"\(route.choice.attnImplementation)\", run by ",
                           zh: "Qwen-VL 节点中没有对应选项；调用方需请求 attn_implementation=\"\(route.choice.attnImplementation)\"，实际运行：").text(l)
        lines.append((node + route.choice.implementation.text(l) + (l == .zh ? "。" : "."), .plain))
        let nothingRuns = table.recommended == nil
        if route.method == table.recommended {
            lines.append((LocalizedText(en: "Recommended: ", zh: "推荐理由：").text(l) + table.recommendation.text(l), .plain))
        } else if nothingRuns {
            // What to do first, whichever route is selected: no route can run until then.
            lines.append((table.recommendation.text(l), CellStyle(bold: true, color: .yellow)))
            lines.append((LocalizedText(en: "Esc goes back to choose another Python.", zh: "按 Esc 返回，选择其他 Python。").text(l), .dim))
        } else if let headline = route.reasons.first, route.status != .impossible {
            lines.append((headline.message.text(l), .plain))
        }
        // The actions a route needs first (a host that does not answer, a tool to add): "after the listed actions"
        // lists them.
        if route.status == .needsAction {
            for reason in route.reasons.dropFirst() {
                lines.append((model.symbols.warning + " " + reason.message.text(l), CellStyle(color: .yellow)))
            }
        }
        if route.status == .impossible, !(nothingRuns && route.method == .sdpa) {
            for reason in route.reasons where reason != route.plan?.headline {
                lines.append((model.symbols.failure + " " + reason.message.text(l), CellStyle(color: .red)))
            }
            if let change = route.plan?.offeredTransformersChange {
                lines.append((LocalizedText(
                    en: "Press t to plan transformers \(change.from) -> \(change.to) with kernels \(change.kernels) (nothing runs before the Plan screen's yes).",
                    zh: "按 t 制定把 transformers \(change.from) 改为 \(change.to)、并安装 kernels \(change.kernels) 的计划（在计划页确认前不会执行任何操作）。").text(l), .bold))
            }
        } else if !route.adds.isEmpty {
            let download = route.estimates?.downloadMegabytes.flatMap { $0 > 0 ? $0 : nil }
                .map { LocalizedText(en: " (about \(Int($0)) MB to download)", zh: "（约需下载 \(Int($0)) MB）").text(l) } ?? ""
            lines.append((LocalizedText(en: "Adds: ", zh: "新增：").text(l) + route.adds.joined(separator: ", ") + download, .dim))
        }
        for (line, style) in lines {
            guard y < rect.bottom else { break }
            y = Paragraph.draw(line, on: &canvas, in: rect, row: y, style: style)
        }
    }

    static func status(_ status: RouteStatus, _ symbols: Symbols) -> String {
        switch status {
        case .ready: return symbols.ok
        case .needsAction: return symbols.warning
        case .impossible: return symbols.failure
        }
    }

    /// The cost in a few words: nothing for an impossible route.
    static func cost(_ route: Route) -> LocalizedText {
        guard let e = route.estimates else { return LocalizedText(en: "(cannot)", zh: "（不可行）") }
        if route.method == .sdpa { return LocalizedText(en: "(nothing to install)", zh: "（无需安装）") }
        let minutes = "\(PlanScreen.format(e.minutesLow))-\(PlanScreen.format(e.minutesHigh))"
        return LocalizedText(en: "(\(minutes) min)", zh: "（\(minutes) 分钟）")
    }

}
