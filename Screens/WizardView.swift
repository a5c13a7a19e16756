import SetupCore
import TerminalUI

/// Draws the wizard's current screen, with its frame, overlays (help, confirm) and the too-small message.
public enum WizardView {
    public static let minimumColumns = 80
    public static let minimumRows = 24

    public static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C) {
        canvas.clear()
        let l = model.language
        if canvas.columns < minimumColumns || canvas.rows < minimumRows {
            let message = LocalizedText(
                en: "Please enlarge the terminal to at least 80x24 (it is \(canvas.columns)x\(canvas.rows) now).",
                zh: "请把终端放大到至少 80x24（当前为 \(canvas.columns)x\(canvas.rows)）。").text(l)
            let lines = TextWrap.lines(message, width: max(10, canvas.columns - 2))
            for (i, line) in lines.enumerated() { canvas.put(line, row: canvas.rows / 2 - 1 + i, column: 1, style: .bold) }
            return
        }
        let title = "flash-attn-setup"
        let indicator = model.screen.step.map { $0.indicator.text(l) + (l == .zh ? "：" : ": ") + $0.title.text(l) }
            ?? LocalizedText(en: "Summary", zh: "总结").text(l)
        let rect = Frame.draw(on: &canvas, title: title, indicator: indicator, keys: keys(model).text(l), symbols: model.symbols)
        switch model.screen {
        case .welcome: WelcomeScreen.draw(model, on: &canvas, in: rect)
        case .gpu: GPUScreen.draw(model, on: &canvas, in: rect)
        case .compatibility: CompatibilityScreen.draw(model, on: &canvas, in: rect)
        case .python: PythonScreen.draw(model, on: &canvas, in: rect)
        case .method: MethodScreen.draw(model, on: &canvas, in: rect)
        case .plan: PlanScreen.draw(model, on: &canvas, in: rect)
        case .install: InstallScreen.draw(model, on: &canvas, in: rect)
        case .verification: VerificationScreen.draw(model, on: &canvas, in: rect)
        case .summary: SummaryScreen.draw(model, on: &canvas, in: rect)
        }
        if model.activity == .quitting {
            ConfirmDialog.draw(
                spinner(model) + " " + LocalizedText(en: "Stopping the install before quitting…", zh: "正在停止安装，随后退出…").text(l),
                hint: LocalizedText(en: "The running step gets SIGINT, then SIGTERM, then SIGKILL.", zh: "正在运行的步骤会依次收到 SIGINT、SIGTERM、SIGKILL。").text(l),
                on: &canvas, symbols: model.symbols)
        } else if model.overlay == .help {
            ConfirmDialog.draw(help.text(l), hint: LocalizedText(en: "Any key closes this.", zh: "按任意键关闭。").text(l),
                               on: &canvas, symbols: model.symbols)
        } else if model.overlay == .confirmQuit {
            let question = model.installing
                ? LocalizedText(en: "Quit? The install running now will be cancelled.", zh: "退出？正在进行的安装将被取消。")
                : LocalizedText(en: "Quit flash-attn-setup?", zh: "退出 flash-attn-setup？")
            ConfirmDialog.draw(question.text(l), hint: yesNo.text(l), on: &canvas, symbols: model.symbols)
        } else if model.overlay == .confirmCancel {
            ConfirmDialog.draw(
                LocalizedText(en: "Cancel the install? The running step is stopped; what it finished stays installed.",
                              zh: "取消安装？正在运行的步骤将被停止；已完成的部分会保留。").text(l),
                hint: yesNo.text(l), on: &canvas, symbols: model.symbols)
        }
    }

    static let yesNo = LocalizedText(en: "y: yes   n: no", zh: "y：是   n：否")

    static let help = LocalizedText(
        en: "Enter: next step   i: install by the plan shown   Esc: back (when nothing runs)   Up/Down: choose   PgUp/PgDn, Home/End: scroll the output   l: full-height output   c: cancel the install   q: quit   ?: these keys",
        zh: "Enter：下一步   i：按显示的计划安装   Esc：返回（无任务运行时）   上/下：选择   PgUp/PgDn、Home/End：滚动输出   l：全高显示输出   c：取消安装   q：退出   ?：显示按键说明")

    /// The key bar of each screen: only the keys that do something there.
    static func keys(_ model: WizardModel) -> LocalizedText {
        switch model.screen {
        case .welcome, .gpu, .compatibility, .verification:
            return LocalizedText(en: "Enter next  Esc back  q quit  ? keys", zh: "Enter 下一步  Esc 返回  q 退出  ? 按键")
        case .method where model.offersTransformersChange:
            return LocalizedText(en: "Up/Down choose  t change transformers  Esc back  q quit", zh: "上/下 选择  t 更换 transformers  Esc 返回  q 退出")
        case .python, .method:
            return LocalizedText(en: "Up/Down choose  Enter select  Esc back  q quit  ? keys", zh: "上/下 选择  Enter 确定  Esc 返回  q 退出  ? 按键")
        case .plan:
            return LocalizedText(en: "i install by this plan  Esc back  q quit  ? keys", zh: "i 按此计划安装  Esc 返回  q 退出  ? 按键")
        case .install:
            return model.installing
                ? LocalizedText(en: "c cancel  l full log  PgUp/PgDn scroll  q quit  ? keys", zh: "c 取消  l 完整日志  PgUp/PgDn 滚动  q 退出  ? 按键")
                : LocalizedText(en: "Enter next  l full log  PgUp/PgDn scroll  q quit", zh: "Enter 下一步  l 完整日志  PgUp/PgDn 滚动  q 退出")
        case .summary:
            return LocalizedText(en: "Enter quit  Esc back  q quit", zh: "Enter 退出  Esc 返回  q 退出")
        }
    }

    /// The spinner's current frame.
    static func spinner(_ model: WizardModel) -> String {
        model.symbols.spinner[model.ticks % model.symbols.spinner.count]
    }

    static func mark(_ verdict: Verdict, _ symbols: Symbols) -> (String, CellStyle) {
        switch verdict {
        case .supported: return (symbols.ok, CellStyle(bold: true, color: .green))
        case .limited: return (symbols.warning, CellStyle(bold: true, color: .yellow))
        case .unsupported: return (symbols.failure, CellStyle(bold: true, color: .red))
        }
    }
}
