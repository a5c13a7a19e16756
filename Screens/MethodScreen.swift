import SetupCore
import TerminalUI

/// Step 5: wheel, pip or source, the recommended one marked with its reason, each with what it costs.
enum MethodScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        canvas.put(LocalizedText(en: "How to install?", zh: "用哪种方式安装？").text(l), row: y, column: rect.left, style: .bold)
        y += 1
        if model.preparingPlans {
            canvas.put(WizardView.spinner(model) + " " + LocalizedText(en: "Looking for a wheel and planning…", zh: "正在查找 wheel 并制定计划…").text(l),
                       row: y + 1, column: rect.left)
            return
        }
        let recommended = model.recommendedMethod
        let items = WizardModel.methods.map { method in
            name(method).text(l) + (method == recommended ? LocalizedText(en: "   [recommended]", zh: "   【推荐】").text(l) : "")
        }
        y = ListView.draw(items, selected: model.methodSelection, on: &canvas, in: rect, row: y) + 1
        guard let prepared = model.plans[model.chosenMethod] else { return }
        let plan = prepared.plan
        var lines: [String] = []
        switch model.chosenMethod {
        case .wheel:
            if let wheel = plan.wheel {
                lines.append(LocalizedText(en: "Seconds, no compiler: \(wheel.filename)", zh: "几秒钟，无需编译器：\(wheel.filename)").text(l))
            }
        case .pip, .source:
            let e = plan.estimates
            lines.append(LocalizedText(
                en: "About \(Int(e.minutesLow))-\(Int(e.minutesHigh)) minutes if it compiles, up to \(e.peakMemoryGiB.map { "\($0)" } ?? "?") GiB of memory, archs \(e.cudaArchs ?? "?").",
                zh: "如需编译约 \(Int(e.minutesLow))-\(Int(e.minutesHigh)) 分钟，最多 \(e.peakMemoryGiB.map { "\($0)" } ?? "?") GiB 内存，架构 \(e.cudaArchs ?? "?")。").text(l))
        }
        if model.chosenMethod == recommended {
            lines.append(LocalizedText(en: "Recommended: ", zh: "推荐理由：").text(l) + reason(model.chosenMethod).text(l))
        }
        for note in plan.notes.prefix(2) { lines.append(note.text(l)) }
        for blocker in plan.blockers { lines.append(model.symbols.failure + " " + blocker.text(l)) }
        for line in lines {
            guard y < rect.bottom else { break }
            y = Paragraph.draw(line, on: &canvas, in: rect, row: y)
        }
    }

    static func name(_ method: InstallMethod) -> LocalizedText {
        switch method {
        case .wheel: return LocalizedText(en: "Prebuilt wheel", zh: "预编译 wheel")
        case .pip: return LocalizedText(en: "pip install flash-attn --no-build-isolation", zh: "pip install flash-attn --no-build-isolation")
        case .source: return LocalizedText(en: "Build from source, tuned for this machine", zh: "针对本机优化的源码构建")
        }
    }

    static func reason(_ method: InstallMethod) -> LocalizedText {
        switch method {
        case .wheel: return LocalizedText(en: "an exact wheel exists for this Python, torch, CUDA and ABI.", zh: "存在与当前 Python、torch、CUDA 和 ABI 完全匹配的 wheel。")
        case .pip: return LocalizedText(en: "no wheel fits, and pip's build has what it needs.", zh: "没有匹配的 wheel，而 pip 构建所需的条件都已具备。")
        case .source: return LocalizedText(en: "no wheel fits; a build for this GPU only is the shortest way.", zh: "没有匹配的 wheel；只针对本机 GPU 构建是最快的办法。")
        }
    }
}
