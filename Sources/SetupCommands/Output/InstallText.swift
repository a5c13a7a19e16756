import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SetupCore
import Synchronization

/// Prints an install's events as plain lines: each step's title, pip's output indented, a phase line when the
/// phase changes (download progress at most every 2 s), and recognised failures as soon as they appear.
final class InstallPrinter: Sendable {
    private struct State {
        var lastPhase = ""
        var lastProgress = Date.distantPast
    }
    private let state = Mutex(State())
    let language: Language
    let style: OutputStyle
    /// Standard error instead of standard output: under `install --json` stdout carries the JSON alone.
    let toStandardError: Bool

    /// The session it was made in: events arrive on the install's own threads, which do not see the task's.
    let session: CommandSession

    init(language: Language, style: OutputStyle, toStandardError: Bool = false, session: CommandSession = .current) {
        self.language = language
        self.style = style
        self.toStandardError = toStandardError
        self.session = session
    }

    private func print(_ text: String) {
        if toStandardError {
            StandardStreams.writeError(text + "\n", session: session)
        } else {
            StandardStreams.writeLine(text, session: session)
        }
    }

    @Sendable func handle(_ event: InstallEvent) {
        let l = language
        switch event {
        case .stepStarted(let index, let total, let title):
            print("\n" + style.bold("[\(index + 1)/\(total)] " + title.text(l)))
        case .line(let line):
            print("    " + line)
        case .phase(let phase):
            let (kind, text) = describe(phase)
            let due: Bool = state.withLock { s in
                if kind == "download" {
                    if s.lastPhase == kind && Date().timeIntervalSince(s.lastProgress) < 2 { return false }
                    s.lastProgress = Date()
                } else if s.lastPhase == kind && kind != "build" {
                    return false
                }
                s.lastPhase = kind
                return true
            }
            if due, let text { print(style.dim("  -> " + text)) }
        case .finding(let finding):
            print(style.symbol(.limited) + " " + LocalizedText(en: "Recognised: ", zh: "识别到：").text(l) + finding.cause.text(l))
        case .stepFinished, .logged:
            break
        case .cancelling(let signal):
            print(style.symbol(.limited) + " " + LocalizedText(
                en: "Cancelling: \(signal) sent to the step's processes.", zh: "正在取消：已向该步骤的进程发送 \(signal)。").text(l))
        case .cancelWaits:
            print(style.symbol(.limited) + " " + InstallEvent.cancelWaitsSentence.text(l))
        }
        // Line by line even into a pipe (tee, a CI log): the output is the live view of the install.
        fflush(nil)
    }

    private func describe(_ phase: InstallPhase) -> (String, String?) {
        let l = language
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        switch phase {
        case .resolve: return ("resolve", t("resolving", "解析依赖"))
        case .download(let bytes, let total):
            let mb = String(format: "%.1f", Double(bytes) / 1e6)
            guard let total, total > 0 else { return ("download", t("downloading", "下载中") + (bytes > 0 ? " \(mb) MB" : "")) }
            let percent = Int(Double(bytes) * 100 / Double(total))
            return ("download", t("downloading", "下载中") + " \(mb) / \(String(format: "%.1f", Double(total) / 1e6)) MB (\(percent)%)")
        case .build(let done, let total):
            guard let done, let total else { return ("build", t("building", "构建中")) }
            // Ninja's lines come fast; show about every tenth.
            return ("build", done == total || done % max(1, total / 10) == 0 ? t("compiling", "编译中") + " \(done)/\(total)" : nil)
        case .install: return ("install", t("installing", "安装中"))
        case .done: return ("done", t("installed", "已安装"))
        }
    }
}

/// The end of an install as text: the result, what changed, torch untouched, the findings with fixes, the log.
enum InstallText {
    static func summary(_ outcome: InstallOutcome, plan: InstallPlan, language l: Language, style: OutputStyle) -> String {
        func t(_ en: String, _ zh: String) -> String { LocalizedText(en: en, zh: zh).text(l) }
        var out = "\n"
        switch outcome.result {
        case .succeeded:
            out += style.symbol(.supported) + " " + style.bold(t("Installed.", "安装完成。")) + "\n"
        case .failed(let step, let reason):
            out += style.symbol(.unsupported) + " " + style.bold(t("Step \(step + 1) failed: ", "第 \(step + 1) 步失败：")) + reason.text(l) + "\n"
        case .cancelled(let step):
            out += style.symbol(.limited) + " " + style.bold(t("Cancelled during step \(step + 1).", "已在第 \(step + 1) 步中取消。")) + " "
                + t("No process of it is left running; packages it had not finished installing are unchanged (see the changes below).",
                    "该步骤的进程已全部结束；尚未完成安装的包保持不变（见下方的变更）。") + "\n"
        case .refused(let reason):
            out += style.symbol(.unsupported) + " " + reason.text(l) + "\n"
        }
        if let halfDone = outcome.halfDone {
            // Said once: where it is the failure's own reason, the line above already said it.
            var said = false
            if case .failed(_, let reason) = outcome.result { said = reason == halfDone }
            if !said { out += style.symbol(.unsupported) + " " + halfDone.text(l) + "\n" }
        }
        if !outcome.changes.isEmpty {
            out += t("Changes in the target:", "目标环境中的变更：") + "\n"
            for change in outcome.changes {
                out += "    " + change.line.text(l) + "\n"
            }
        } else if !isRefused(outcome.result) {
            out += t("No package changed in the target.", "目标环境中没有包发生变化。") + "\n"
        }
        if let commit = outcome.sourceCommit {
            out += t("Built from commit \(commit).", "构建所用的提交：\(commit)。") + "\n"
        }
        if let before = outcome.torchBefore, outcome.torchAfter == before {
            out += t("torch is unchanged (\(before)).", "torch 未改变（\(before)）。") + "\n"
        }
        if !outcome.findings.isEmpty {
            out += FindingsText.render(outcome.findings, language: l, style: style)
        }
        if outcome.result == .succeeded {
            let next = "flash-attn-setup verify --python \(plan.python) --method \(plan.method.rawValue)"
            out += t("Next: \(next)", "下一步：\(next)") + "\n"
        }
        out += t("Log: ", "日志：") + outcome.logPath + "\n"
        return out
    }

    private static func isRefused(_ result: InstallOutcome.Result) -> Bool {
        if case .refused = result { return true }
        return false
    }
}
