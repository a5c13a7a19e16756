import SetupCore
import TerminalUI

/// Step 4: the interpreters found, and the chosen one's torch, CUDA, C++ ABI and pip.
enum PythonScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        canvas.put(LocalizedText(en: "Install into which Python?", zh: "安装到哪个 Python？").text(l), row: y, column: rect.left, style: .bold)
        y += 1
        let items = model.candidates.map { candidate in
            "\(candidate.path)  (\(kindLabel(candidate.kind).text(l)))"
                + (candidate.refused == nil ? "" : LocalizedText(en: "  not run", zh: "  不运行").text(l))
        } + [LocalizedText(en: "Type a path…", zh: "输入路径…").text(l)]
        y = ListView.draw(items, selected: model.pythonSelection, on: &canvas, in: rect, row: y, maxRows: 5)
        if model.pythonSelection < model.candidates.count, let refused = model.candidates[model.pythonSelection].refused {
            y = Paragraph.draw(refused.text(l), on: &canvas, in: rect, row: y, style: .dim)
        }
        // The chosen entry's ComfyUI: where it is, whether it runs, the attention nodes it has.
        if model.pythonSelection < model.candidates.count, let checkout = model.candidates[model.pythonSelection].comfyui,
            let install = model.comfyUI.first(where: { $0.path == checkout })
        {
            let nodes = install.nodes.isEmpty
                ? LocalizedText(en: "no attention node found", zh: "没有找到注意力节点").text(l)
                : install.nodes.map(\.package).joined(separator: ", ")
            y = Paragraph.draw(ComfyUIAdvice.location(install).text(l) + (l == .zh ? "；节点：" : "; nodes: ") + nodes,
                               on: &canvas, in: rect, row: y, style: .dim)
        }
        y += 1
        if let typed = model.typedPath {
            canvas.put(LocalizedText(en: "Path of the python (Enter to use it, Esc to stop):", zh: "python 的路径（Enter 使用，Esc 取消）：").text(l),
                       row: y, column: rect.left, style: .bold)
            canvas.put(CellWidth.pad("> " + typed + "_", to: rect.width), row: y + 1, column: rect.left, style: .selected)
            return
        }
        if model.activity == .probing {
            canvas.put(WizardView.spinner(model) + " " + LocalizedText(en: "Looking at this Python…", zh: "正在检查这个 Python…").text(l),
                       row: y, column: rect.left)
            return
        }
        guard let env = model.environment else { return }
        var rows: [(String, String)] = []
        if let python = env.python {
            rows.append(("Python", "\(python.version) (\(python.tag), \(python.platform))"
                         + (python.virtualEnv != nil ? ", venv" : "") + (python.conda != nil ? ", conda" : "")))
            rows.append(("pip", python.pip ?? LocalizedText(en: "not installed", zh: "未安装").text(l)))
        } else if let error = env.pythonProbeError {
            rows.append(("Python", error.text(l)))
        }
        if let torch = env.torch {
            rows.append(("torch", torch.version))
            rows.append(("CUDA", torch.cuda ?? LocalizedText(en: "none (CPU-only build)", zh: "无（仅 CPU 版本）").text(l)))
            rows.append(("C++ ABI", torch.cxx11abi.map { $0 ? "cxx11abiTRUE" : "cxx11abiFALSE" } ?? "?"))
        } else if env.python != nil {
            rows.append(("torch", env.torchImportError ?? LocalizedText(en: "not installed", zh: "未安装").text(l)))
        }
        if let fa = env.flashAttn {
            rows.append(("flash-attn", (fa.version ?? "?") + (fa.importError.map { "  (\($0))" } ?? "")))
        }
        KeyValueTable.draw(rows, on: &canvas, in: rect, row: y)
    }

    static func kindLabel(_ kind: PythonCandidate.Kind) -> LocalizedText {
        switch kind {
        case .virtualEnv: return LocalizedText(en: "active venv", zh: "当前 venv")
        case .conda: return LocalizedText(en: "conda", zh: "conda 环境")
        case .localVenv: return LocalizedText(en: "venv here", zh: "当前目录的 venv")
        case .comfyUI: return LocalizedText(en: "ComfyUI", zh: "ComfyUI")
        case .comfyUIRunning: return LocalizedText(en: "ComfyUI, running", zh: "ComfyUI，正在运行")
        case .argument: return LocalizedText(en: "chosen", zh: "已指定")
        case .path: return LocalizedText(en: "on PATH", zh: "PATH 中")
        }
    }
}
