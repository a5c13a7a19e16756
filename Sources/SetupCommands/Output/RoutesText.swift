import SetupCore
import TerminalUI

/// The route table as text: each way to FlashAttention here with its status, cost and what the node then runs,
/// the reasons of those that cannot, and the recommendation.
enum RoutesText {
    static func render(_ table: RouteTable, language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        var out = style.bold(t("Routes", "路线")) + "  " + style.dim(table.facts.joined(separator: "; ")) + "\n"
        for route in table.routes {
            let recommended = route.method == table.recommended ? t("  <- recommended", "  <- 推荐") : ""
            out += mark(route.status, style) + " " + route.method.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + status(route.status).text(l)
                + "  " + route.method.title.text(l) + style.bold(recommended) + "\n"
            if let headline = route.reasons.first, route.status != .impossible {
                out += "    " + headline.message.text(l) + "\n"
                for reason in route.reasons.dropFirst() { out += "    - " + reason.message.text(l) + "\n" }
            }
            for reason in route.reasons where route.status == .impossible {
                out += "    - " + reason.message.text(l) + "\n"
            }
            if let e = route.estimates, route.method != .sdpa {
                var cost = t("cost: \(PlanText.format(e.minutesLow))-\(PlanText.format(e.minutesHigh)) min, \(e.diskGiB) GiB disk",
                             "代价：\(PlanText.format(e.minutesLow))-\(PlanText.format(e.minutesHigh)) 分钟，\(e.diskGiB) GiB 磁盘")
                if let download = e.downloadMegabytes, download > 0 { cost += t(", \(Int(download)) MB download", "，下载 \(Int(download)) MB") }
                out += "    " + style.dim(cost) + "\n"
            }
            if !route.adds.isEmpty, route.status != .impossible {
                out += "    " + style.dim(t("adds: ", "新增：") + route.adds.joined(separator: ", ")) + "\n"
            }
            let node = route.choice.nodeLabel.map {
                t("node: \"\($0)\" -> attn_implementation=\"\(route.choice.attnImplementation)\", run by ",
                  "节点：\"\($0)\" -> attn_implementation=\"\(route.choice.attnImplementation)\"，实际运行：")
            } ?? t("node: none (callers ask for attn_implementation=\"\(route.choice.attnImplementation)\"), run by ",
                   "节点：无（调用方需请求 attn_implementation=\"\(route.choice.attnImplementation)\"），实际运行：")
            out += "    " + style.dim(node + route.choice.implementation.text(l)) + "\n"
            if let facts = route.plan?.facts, !facts.isEmpty {
                out += "    " + style.dim(t("facts: ", "事实：") + facts.joined(separator: "; ")) + "\n"
            }
        }
        out += "\n" + style.bold(t("Recommended: ", "推荐：") + recommendedTitle(table).text(l)) + "\n  " + table.recommendation.text(l) + "\n"
        return out
    }

    /// One line a route, for `check`: the detail is `plan`'s.
    static func summary(_ table: RouteTable, language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        var out = style.bold(t("Routes (flash-attn-setup plan shows each one's plan)", "路线（flash-attn-setup plan 会给出每条路线的计划）")) + "\n"
        for route in table.routes {
            let recommended = route.method == table.recommended ? t("  <- recommended", "  <- 推荐") : ""
            // Whole sentences: a table cut at a width is a sentence the user cannot finish (in a pipe or a log too).
            out += "  " + mark(route.status, style) + " " + route.method.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + status(route.status).text(l)
                + recommended + "  " + ((route.status == .impossible ? route.reasons.last : route.reasons.first).map { $0.message.text(l) } ?? "") + "\n"
            // What keeps a possible route from running now (a host that does not answer), under it.
            if route.status != .impossible {
                for reason in route.reasons.dropFirst() { out += "      - " + reason.message.text(l) + "\n" }
            }
        }
        // The one line that says what to do, with its cost.
        out += t("Recommended: ", "推荐：") + recommendedTitle(table).text(l) + t(". ", "。") + table.recommendation.text(l) + "\n"
        return out
    }

    /// The recommended route's title, or that there is none yet.
    static func recommendedTitle(_ table: RouteTable) -> LocalizedText {
        table.recommended?.title ?? LocalizedText(en: "none yet", zh: "暂无")
    }

    /// A route's status as the verdict symbols show it: ready as supported, needs-action as limited.
    static func mark(_ status: RouteStatus, _ style: OutputStyle) -> String {
        switch status {
        case .ready: return style.symbol(.supported)
        case .needsAction: return style.symbol(.limited)
        case .impossible: return style.symbol(.unsupported)
        }
    }

    static func status(_ status: RouteStatus) -> LocalizedText {
        switch status {
        case .ready: return LocalizedText(en: "ready       ", zh: "可直接进行    ")
        case .needsAction: return LocalizedText(en: "needs-action", zh: "需先完成操作  ")
        case .impossible: return LocalizedText(en: "impossible  ", zh: "不可行        ")
        }
    }

}
