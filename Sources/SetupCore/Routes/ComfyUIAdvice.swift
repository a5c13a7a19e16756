/// What to choose in a ComfyUI's own node, in the user's terms: which ComfyUI, which Python it runs, the node's own
/// label, or the honest alternative and why.
public enum ComfyUIAdvice {
    /// "In ComfyUI at PATH (running as PID N with PYTHON)".
    public static func location(_ install: ComfyUIInstall) -> LocalizedText {
        guard let running = install.running else {
            return LocalizedText(
                en: "In ComfyUI at \(install.path)" + (install.python.map { " (with \($0))" } ?? ""),
                zh: "在 \(install.path) 的 ComfyUI 中" + (install.python.map { "（使用 \($0)）" } ?? ""))
        }
        let port = running.port.map { " on port \($0)" } ?? ""
        return LocalizedText(
            en: "In ComfyUI at \(install.path) (running as PID \(running.pid)\(port), with \(running.python))",
            zh: "在 \(install.path) 的 ComfyUI 中（正在运行，PID \(running.pid)\(running.port.map { "，端口 \($0)" } ?? "")，使用 \(running.python)）")
    }

    /// For one node: its FA2 label where `route` (the route by which FlashAttention-2 works in it now) can serve it,
    /// else its SDPA (or Eager) label and why; with `after`, the route that an install would make work, "SDPA now;
    /// Flash Attention 2 after `flash-attn-setup install`", never the FA2 label before it works.
    public static func choice(_ install: ComfyUIInstall, node: AttentionNode, route: RouteMethod?, after: RouteMethod? = nil) -> LocalizedText {
        let place = location(install)
        let fallback = node.sdpaLabel.map { ($0, "sdpa") } ?? node.labels.first { $0.attnImplementation == "eager" }.map { ($0.label, "eager") }
        // "In ComfyUI at X, <why> <what>." / "在 X 的 ComfyUI 中，<why><what>。"
        func sentence(_ why: LocalizedText, _ what: LocalizedText) -> LocalizedText {
            LocalizedText(en: place.en + ", " + why.en + " " + what.en, zh: place.zh + why.zh + what.zh)
        }
        func instead(_ why: LocalizedText) -> LocalizedText {
            guard let (label, value) = fallback else {
                return sentence(why, LocalizedText(
                    en: "and the node maps no label to \"sdpa\" or \"eager\": report it to the node's authors.",
                    zh: "而且该节点没有映射到 \"sdpa\" 或 \"eager\" 的选项：请向节点作者报告。"))
            }
            return sentence(why, LocalizedText(
                en: "choose \"\(label)\" (\(value)) in the \(node.package) node.",
                zh: "请在 \(node.package) 节点中选择 \"\(label)\"（\(value)）。"))
        }
        // What the node's FA2 label would run by: what works now, else what an install would make work.
        guard let serving = route ?? after, serving.givesFlashAttention2 else {
            return instead(LocalizedText(en: "FlashAttention-2 cannot run here, so", zh: "，这里无法运行 FlashAttention-2，因此"))
        }
        guard let label = node.flashAttention2Label else {
            let offered = node.labels.first { $0.label.localizedCaseInsensitiveContains("flash") }?.label ?? "Flash Attention 2"
            return instead(LocalizedText(
                en: "the \(node.package) node passes \"\(offered)\" to transformers unmapped, which rejects it, so until the node is fixed",
                zh: "，\(node.package) 节点把 \"\(offered)\" 原样传给 transformers（会被拒绝），因此在节点修复之前"))
        }
        if serving == .kernels && node.checksFlashAttn {
            return instead(LocalizedText(
                en: "the \(node.package) node checks for the flash_attn package itself before transformers does, so the hub kernel (which needs flash_attn absent) cannot serve it; install flash_attn by a build (flash-attn-setup plan --method source), or",
                zh: "，\(node.package) 节点会在 transformers 之前自己检查 flash_attn 包，因此 hub 内核（要求没有 flash_attn）无法为它服务；请通过源码构建安装 flash_attn（flash-attn-setup plan --method source），或"))
        }
        guard route != nil else {
            // Never the FA2 label before FA2 works: SDPA now, FA2 after the install.
            let now = instead(LocalizedText(en: "FlashAttention-2 is not working in it yet, so for now", zh: "，FlashAttention-2 目前还不能用，因此现在"))
            return now.followed(by: LocalizedText(
                en: "After `flash-attn-setup install` (\(serving.title.en)) and a restart of ComfyUI, choose \"\(label)\".",
                zh: "运行 `flash-attn-setup install`（\(serving.title.zh)）并重启 ComfyUI 之后，再选择 \"\(label)\"。"))
        }
        return LocalizedText(
            en: place.en + ", choose \"\(label)\" in the \(node.package) node (attn_implementation=\"flash_attention_2\").",
            zh: place.zh + "，请在 \(node.package) 节点中选择 \"\(label)\"（attn_implementation=\"flash_attention_2\"）。")
    }

    /// Where the Python being set up is not the one this ComfyUI runs: the most common mistake, said plainly.
    public static func otherPython(_ install: ComfyUIInstall, target: String?) -> LocalizedText? {
        guard let python = install.python, let target, python != target else { return nil }
        return LocalizedText(
            en: "ComfyUI at \(install.path) runs \(python), not \(target): what is installed into \(target) does not reach it. Run again with --python \(python).",
            zh: "\(install.path) 的 ComfyUI 使用的是 \(python)，而不是 \(target)：装进 \(target) 的东西它用不到。请加 --python \(python) 重新运行。")
    }
}
