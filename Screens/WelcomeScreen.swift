import SetupCore
import TerminalUI

/// Step 1: what will happen, the target Python, and where the log goes.
enum WelcomeScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        canvas.put(LocalizedText(en: "Get FlashAttention-2 working, and prove it.", zh: "安装 FlashAttention-2，并证明它能用。").text(l),
                   row: y, column: rect.left, style: .bold)
        y += 2
        let steps = LocalizedText(
            en: "This wizard looks at your GPUs, driver, Python and torch; tells you whether FlashAttention-2 can work here and why; picks the install that fits (a prebuilt wheel where one exists); shows the exact commands; installs only after your yes, with pip's output live; then checks the result on the GPU against PyTorch's SDPA.",
            zh: "本向导会检查你的 GPU、驱动、Python 和 torch；告诉你 FlashAttention-2 能否在这里运行及原因；选择合适的安装方式（有预编译 wheel 时优先使用）；列出将要执行的确切命令；只有在你确认后才安装，并实时显示 pip 的输出；最后在 GPU 上与 PyTorch 的 SDPA 对比验证结果。").text(l)
        y = Paragraph.draw(steps, on: &canvas, in: rect, row: y) + 1
        let python = model.targetPython ?? LocalizedText(en: "(looking…)", zh: "（查找中…）").text(l)
        y = KeyValueTable.draw([
            (LocalizedText(en: "Target Python", zh: "目标 Python").text(l), python),
            (LocalizedText(en: "Log folder", zh: "日志目录").text(l), model.logDirectory),
        ], on: &canvas, in: rect, row: y) + 1
        for detached in model.detachedInstalls.prefix(2) where y < rect.bottom - 3 {
            let text: LocalizedText
            if let pid = detached.runningPID {
                text = LocalizedText(
                    en: "An install started by an earlier session lost its terminal and is still running (pid \(pid)); its log: \(detached.logPath)",
                    zh: "之前会话启动的安装失去了终端，仍在运行（pid \(pid)）；日志：\(detached.logPath)")
            } else {
                let result = detached.result ?? "?"
                text = LocalizedText(
                    en: "An install that lost its terminal has ended: \(result). Its log: \(detached.logPath)",
                    zh: "之前失去终端的安装已结束：\(result)。日志：\(detached.logPath)")
            }
            y = Paragraph.draw(model.symbols.warning + " " + text.text(l), on: &canvas, in: rect, row: y, style: CellStyle(bold: true, color: .yellow)) + 1
        }
        let note = LocalizedText(
            en: "Nothing is installed or changed without your yes, and torch is never replaced.",
            zh: "未经你确认不会安装或更改任何东西，也绝不会替换 torch。").text(l)
        Paragraph.draw(note, on: &canvas, in: rect, row: y, style: .dim)
        if model.activity == .probing {
            canvas.put(WizardView.spinner(model) + " " + LocalizedText(en: "Looking at this machine…", zh: "正在检查本机…").text(l),
                       row: rect.bottom - 1, column: rect.left, style: .dim)
        }
    }
}
