/// A finding's fix said as the route it names is on one machine: a route that cannot run there is not offered, and
/// what the tool recommends there is said in its place; one that needs something first says what.
public enum RoutedFix {
    public static func fitted(_ findings: [Finding], to table: RouteTable) -> [Finding] {
        findings.map { finding in
            guard let method = finding.route, let route = table.route(method) else { return finding }
            var fitted = finding
            switch route.status {
            case .ready:
                fitted.fix = finding.fix.followed(by: LocalizedText(en: "(Here that route is ready.)", zh: "（在这里该路线可直接进行。）"))
            case .needsAction:
                // What stands in its way (a host that does not answer), else the steps its plan adds first.
                let first = LocalizedText.joined(route.reasons.dropFirst().map(\.message)) ?? LocalizedText(
                    en: "the steps its plan lists (flash-attn-setup plan --method \(method.rawValue) shows them).",
                    zh: "完成其计划所列的步骤（flash-attn-setup plan --method \(method.rawValue) 会列出）。")
                fitted.fix = finding.fix.followed(by: LocalizedText(en: "Here that route needs first:", zh: "在这里该路线需要先：").followed(by: first))
            case .impossible:
                let why = route.reasons.first?.message ?? LocalizedText(en: "", zh: "")
                let instead = table.recommended.map { recommended in
                    LocalizedText(en: "What this tool recommends here: \(recommended.title.en).", zh: "本工具在这里推荐：\(recommended.title.zh)。")
                        .followed(by: table.recommendation)
                } ?? table.recommendation
                fitted.fix = LocalizedText(
                    en: "The \(method.rawValue) route this fix would use cannot run here:", zh: "该修复要用的 \(method.rawValue) 路线在这里无法进行：")
                    .followed(by: why).followed(by: instead)
            }
            return fitted
        }
    }
}
