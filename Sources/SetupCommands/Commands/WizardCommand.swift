import ArgumentParser
import SetupCore
import TerminalUI

/// The default command: the wizard on a terminal. Where there is no usable terminal (a pipe, TERM unset or dumb)
/// it prints what `check` prints and how to go on with the plain commands, never a garbled screen.
struct WizardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "The step-by-step wizard (the default on a terminal).")

    @OptionGroup var options: CommonOptions

    @Option(
        name: .long, help: ArgumentHelp("github (default: official and community releases), official, community, a URL or a folder of wheels.", valueName: "github|URL|DIR"),
        transform: WheelSource.fromArgument)
    var wheelSource: WheelSource = .github

    func run() throws {
        let language = options.language
        // An in-process run's output is a capture, whatever the test process's own stdout is.
        let preflight = CommandSession.current.ownsProcess ? TerminalPreflight.check(environment: options.environment) : .notATerminal
        if options.json {
            // --json is for scripts: what `check --json` prints, with no sentence about screens around it.
            // Parsed, not made with init(): an option group made by hand has no values to read.
            var check = try CheckCommand.parse([])
            check.options = options
            return try check.run()
        }
        if preflight == .usable {
            let status = WizardApp(options: options, wheelSource: wheelSource).run()
            if status >= 0 {
                if status != 0 { throw ExitCode(status) }
                return
            }
        }
        let style = OutputStyle(environment: options.environment)
        StandardStreams.writeLine(style.dim(WizardText.whyPlain(preflight).text(language)))
        StandardStreams.writeLine()
        let report = CompatibilityRules.evaluate(options.probe())
        TextOutput.write(CheckText.render(report, language: language, style: style))
        StandardStreams.writeLine()
        StandardStreams.writeLine(WizardText.plainCommands.text(language))
        throw CheckCommand.status(of: report).exitCode
    }
}

/// The sentences the wizard command prints when it falls back to plain output.
enum WizardText {
    static func whyPlain(_ preflight: TerminalPreflight) -> LocalizedText {
        switch preflight {
        case .usable:
            return LocalizedText(
                en: "The screens could not be started on this terminal; here is what `check` finds.",
                zh: "无法在此终端上启动界面；以下是 `check` 的结果。")
        case .notATerminal:
            return LocalizedText(
                en: "Not running on a terminal, so no screens are drawn; here is what `check` finds.",
                zh: "当前不在终端中运行，因此不显示界面；以下是 `check` 的结果。")
        case .termUnset:
            return LocalizedText(
                en: "TERM is not set, so the screens cannot be drawn; here is what `check` finds.",
                zh: "未设置 TERM，无法显示界面；以下是 `check` 的结果。")
        case .termUnknown(let term):
            return LocalizedText(
                en: "The terminal type TERM=\(term) is unknown to this system, so the screens cannot be drawn; set TERM=xterm-256color to get them. Here is what `check` finds.",
                zh: "本系统不认识终端类型 TERM=\(term)，无法显示界面；设置 TERM=xterm-256color 即可。以下是 `check` 的结果。")
        case .termCannotAddressCursor(let term):
            return LocalizedText(
                en: "The terminal TERM=\(term) cannot move the cursor, so the screens cannot be drawn; here is what `check` finds.",
                zh: "终端 TERM=\(term) 不能移动光标，无法显示界面；以下是 `check` 的结果。")
        }
    }

    static let plainCommands = LocalizedText(
        en: """
            Plain commands:
              flash-attn-setup detect [--json]    the facts: GPUs, driver, Python, torch, toolchain
              flash-attn-setup check [--json]     this verdict, with exit status 0 when supported
              flash-attn-setup plan / install     the install plan, and running it (--yes)
              flash-attn-setup verify             prove an installation on the GPU
              flash-attn-setup --help             every command and option
            """,
        zh: """
            命令行用法：
              flash-attn-setup detect [--json]    检测信息：GPU、驱动、Python、torch、工具链
              flash-attn-setup check [--json]     兼容性结论，支持时退出码为 0
              flash-attn-setup plan / install     安装计划及执行（--yes）
              flash-attn-setup verify             在 GPU 上验证已安装的版本
              flash-attn-setup --help             所有命令和选项
            """)
}
