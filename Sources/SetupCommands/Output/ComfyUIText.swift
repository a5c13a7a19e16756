import SetupCore

/// The ComfyUI installs as `check` tells them: each with the Python it runs, its attention nodes and their labels,
/// what to choose there, a warning where it is not the Python being checked, and what fits the GPU's memory.
enum ComfyUIText {
    static func render(
        _ installs: [ComfyUIInstall], env: Environment, route: RouteMethod?, after: RouteMethod? = nil,
        notTaken: [ComfyUIDiscovery.NotTaken] = [], language l: Language, style: OutputStyle
    ) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        guard !installs.isEmpty || !notTaken.isEmpty else { return "" }
        var out = style.bold("ComfyUI") + "\n"
        // A folder the user may take for a ComfyUI, and why it is not one: nothing they expected goes unmentioned.
        for folder in notTaken {
            out += "  " + style.dim(t("not taken: ", "未采用：") + terminalSafe(folder.path) + t(": ", "：") + folder.reason.text(l)) + "\n"
        }
        for install in installs {
            out += "  " + install.path + (install.running.map { t("  (running, PID \($0.pid))", "（正在运行，PID \($0.pid)）") } ?? "") + "\n"
            out += "    Python: " + (install.python ?? t("not found (no venv or .venv, nor one its launch script names)", "未找到（没有 venv 或 .venv，启动脚本中也没有指定）"))
                + (install.transformers.map { ", transformers \($0)" } ?? "") + "\n"
            if let warning = ComfyUIAdvice.otherPython(install, target: env.python?.executable) {
                out += "    " + style.symbol(.limited) + " " + warning.text(l) + "\n"
            }
            if install.nodes.isEmpty {
                out += "    " + style.dim(t("no custom node that offers an attention choice was found", "没有找到提供注意力选项的自定义节点")) + "\n"
            }
            for node in install.nodes {
                let labels = node.labels.map { "\"\($0.label)\" -> " + ($0.attnImplementation ?? t("unmapped", "未映射")) }.joined(separator: ", ")
                out += "    " + node.package + ": " + labels + (node.checksFlashAttn ? t(" (checks for flash_attn itself)", "（自行检查 flash_attn）") : "") + "\n"
                out += "    -> " + ComfyUIAdvice.choice(install, node: node, route: route, after: after).text(l) + "\n"
            }
        }
        if let gpu = env.gpus.first, let memory = gpu.memoryMiB {
            // The first node that names its models: the advice is about what the user can pick there.
            let node = installs.flatMap(\.nodes).first { !$0.models.isEmpty }
            out += "  " + ModelMemory.builtIn.offered(by: node).advice(gpuName: gpu.name, memoryMiB: memory).text(l) + "\n"
        }
        return out
    }
}

/// The ComfyUI installs in `check --json` and `detect --json`.
struct ComfyUIJSON: Encodable {
    var install: ComfyUIInstall
    var target: String?
    var route: RouteMethod?
    var after: RouteMethod? = nil

    func encode(to encoder: any Encoder) throws {
        let l = encoder.userInfo[.language] as? Language ?? .en
        try install.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(install.nodes.map { ComfyUIAdvice.choice(install, node: $0, route: route, after: after).text(l) }, forKey: .advice)
        try c.encode(ComfyUIAdvice.otherPython(install, target: target)?.text(l), forKey: .otherPython)
    }
    enum Key: String, CodingKey { case advice, otherPython }
}
