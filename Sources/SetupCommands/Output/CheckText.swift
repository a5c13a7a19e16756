import SetupCore

/// `check` as text: the verdict first and clear, then each GPU with its reasons, blockers with their fixes,
/// warnings, and the fallback when FlashAttention-2 is not the answer.
enum CheckText {
    static func render(_ report: CompatibilityReport, language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        var out = style.bold(t("FlashAttention-2 here: ", "FlashAttention-2 在本机：")) + style.verdict(report.verdict, language: l) + "\n"
        for gpu in report.gpus {
            let hidden = gpu.visible ? "" : t(" (hidden by CUDA_VISIBLE_DEVICES)", "（被 CUDA_VISIBLE_DEVICES 隐藏）")
            out += "\n" + style.symbol(gpu.verdict) + " GPU \(gpu.index) \(gpu.name): " + gpu.verdict.label.text(l) + hidden + "\n"
            for reason in gpu.reasons { out += line(reason.message.text(l), fact: reason.fact, style: style) }
        }
        if !report.blockers.isEmpty {
            out += "\n" + style.bold(t("Blockers", "阻碍")) + "\n"
            for blocker in report.blockers {
                out += style.symbol(.unsupported) + " " + blocker.message.text(l) + "\n"
                out += "    " + t("Fix: ", "解决：") + blocker.fix.text(l) + "\n"
                if let fact = blocker.fact { out += "    " + style.dim("[\(fact)]") + "\n" }
            }
        }
        if !report.warnings.isEmpty {
            out += "\n" + style.bold(t("Warnings", "注意")) + "\n"
            for warning in report.warnings {
                out += style.symbol(.limited) + " " + warning.message.text(l) + "\n"
                if let fact = warning.fact { out += "    " + style.dim("[\(fact)]") + "\n" }
            }
        }
        if let fallback = report.fallback {
            out += "\n" + style.bold(t("Instead", "替代方案")) + "\n  " + fallback.text(l) + "\n"
        }
        return out
    }

    private static func line(_ text: String, fact: String?, style: OutputStyle) -> String {
        "    - " + text + (fact.map { " " + style.dim("[\($0)]") } ?? "") + "\n"
    }
}
