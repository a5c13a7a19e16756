import Foundation
import SetupCore
import TerminalUI

/// Step 7: the phase, a progress bar, elapsed time, the live tail of pip's output, the log path, and failures as
/// soon as they are recognised.
enum InstallScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        if model.outputView == .tail {
            let elapsed = model.installStarted.map { Int((model.installEnded ?? model.now).timeIntervalSince($0)) } ?? 0
            let stepText = model.installStep.total > 0
                ? "[\(model.installStep.index + 1)/\(model.installStep.total)] " + (model.installTitle?.text(l) ?? "") : ""
            let status: String
            if model.installing {
                status = WizardView.spinner(model) + " " + stepText
            } else if let outcome = model.installOutcome {
                status = result(outcome, model.symbols).text(l)
            } else {
                status = ""
            }
            let clock = String(format: "%d:%02d", elapsed / 60, elapsed % 60)
            canvas.put(clock, row: y, column: rect.left + rect.width - CellWidth.of(clock))
            if let outcome = model.installOutcome, !model.installing, outcome.result != .succeeded {
                y = drawFailure(outcome, status: status, model, on: &canvas, in: rect, row: y)
            } else {
                canvas.put(CellWidth.clip(status, to: rect.width - 10), row: y, column: rect.left, style: .bold)
                y += 1
                canvas.put(phaseLine(model), row: y, column: rect.left)
                y += 1
                for finding in model.liveFindings.suffix(2) {
                    canvas.put(CellWidth.clip(model.symbols.warning + " [\(finding.id)] " + finding.cause.text(l), to: rect.width),
                               row: y, column: rect.left, style: CellStyle(color: .yellow))
                    y += 1
                }
            }
            if let path = model.installLogPath {
                y = Paragraph.draw(LocalizedText(en: "Log: ", zh: "日志：").text(l) + path, on: &canvas, in: rect, row: y, style: .dim)
            }
            y += 1
        }
        model.output.draw(
            on: &canvas, in: Rect(top: y, left: rect.left, height: rect.bottom - y, width: rect.width), scrollBack: model.scrollBack,
            wrap: model.outputView == .fullHeight)
    }

    /// An install that ended without installing, said whole where it happened: the failed step's sentence, what
    /// was recognised in its output with the fix for each, what pip left half-done, and where to go from here. Only
    /// the output pane below gives way to it.
    static func drawFailure<C: Canvas>(
        _ outcome: InstallOutcome, status: String, _ model: WizardModel, on canvas: inout C, in rect: Rect, row: Int
    ) -> Int {
        let l = model.language
        // Clear of the clock at the end of the first row.
        var y = Paragraph.draw(status, on: &canvas, in: Rect(top: row, left: rect.left, height: rect.bottom - row, width: rect.width - 8),
                               row: row, style: CellStyle(bold: true, color: .red))
        for finding in outcome.findings.prefix(2) {
            y = Paragraph.draw(model.symbols.warning + " [\(finding.id)] " + finding.cause.text(l) + " " + finding.fix.text(l),
                               on: &canvas, in: rect, row: y, indent: 2, style: CellStyle(color: .yellow))
        }
        if let halfDone = outcome.halfDone {
            y = Paragraph.draw(halfDone.text(l), on: &canvas, in: rect, row: y, indent: 2, style: CellStyle(color: .yellow))
        }
        let after: LocalizedText
        switch outcome.result {
        case .failed(let step, _):
            after = LocalizedText(en: "No step after step \(step + 1) ran.", zh: "第 \(step + 1) 步之后的步骤都没有运行。")
        case .succeeded, .cancelled, .refused:
            after = LocalizedText(en: "", zh: "")
        }
        return Paragraph.draw(after.followed(by: LocalizedText(
            en: "Enter: the summary, with what still works. l: this install's log.",
            zh: "Enter：查看总结（含仍然可用的方案）。l：本次安装的日志。")).text(l).trimmingCharacters(in: .whitespaces),
            on: &canvas, in: rect, row: y, style: .dim)
    }

    static func phaseLine(_ model: WizardModel) -> String {
        let l = model.language
        let width = 40
        switch model.phase {
        case .download(let bytes, let total)?:
            guard let total, total > 0 else { return LocalizedText(en: "Downloading", zh: "下载中").text(l) }
            return LocalizedText(en: "Downloading ", zh: "下载中 ").text(l) + ProgressBar.text(fraction: Double(bytes) / Double(total), width: width)
                + String(format: "  %.1f/%.1f MB", Double(bytes) / 1e6, Double(total) / 1e6)
        case .build(let done, let total)?:
            guard let done, let total, total > 0 else { return LocalizedText(en: "Building (compiling)", zh: "构建中（编译）").text(l) }
            return LocalizedText(en: "Compiling ", zh: "编译中 ").text(l) + ProgressBar.text(fraction: Double(done) / Double(total), width: width) + "  \(done)/\(total)"
        case .resolve?: return LocalizedText(en: "Resolving", zh: "解析依赖").text(l)
        case .install?: return LocalizedText(en: "Installing", zh: "安装中").text(l)
        case .done?: return LocalizedText(en: "Installed", zh: "已安装").text(l)
        case nil: return ""
        }
    }

    static func result(_ outcome: InstallOutcome, _ symbols: Symbols) -> LocalizedText {
        switch outcome.result {
        case .succeeded:
            return LocalizedText(en: "\(symbols.ok) Installed. Press Enter to verify.", zh: "\(symbols.ok) 安装完成。按 Enter 进行验证。")
        case .failed(let step, let reason):
            return LocalizedText(en: "\(symbols.failure) Step \(step + 1) failed:", zh: "\(symbols.failure) 第 \(step + 1) 步失败：").followed(by: reason)
        case .cancelled:
            return LocalizedText(en: "\(symbols.warning) Cancelled; no process of it is left running.", zh: "\(symbols.warning) 已取消；相关进程已全部结束。")
        case .refused(let reason):
            return LocalizedText(en: "\(symbols.failure) ", zh: "\(symbols.failure) ").followed(by: reason)
        }
    }
}
