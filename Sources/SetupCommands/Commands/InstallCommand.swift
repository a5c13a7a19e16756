import ArgumentParser
import Foundation
import SetupCore
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// `install`: runs a plan after the user's yes, streaming pip's output, with the log on disk.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install flash-attn by a plan: shows it, asks (unless --yes), runs it with live output and a log.",
        discussion: """
            Without --yes on a terminal it asks first; without a terminal and without --yes it prints the plan and \
            exits 2. Ctrl-C cancels the running step (SIGINT, then SIGTERM after 5 s, SIGKILL after 10 s). Exit \
            status: 0 installed, 1 failed or refused, 2 usage, 3 the target could not be probed, 130 cancelled.
            """)

    @OptionGroup var options: CommonOptions
    @OptionGroup var planOptions: PlanOptions

    @Flag(name: .long, help: "Run the plan without asking.")
    var yes = false

    @Flag(name: .long, help: "Show the plan and stop; nothing is changed.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Write the log here instead of $XDG_STATE_HOME/flash-attn-setup/logs/.", valueName: "file"))
    var log: String?

    func validate() throws {
        if options.json && !yes && !dryRun {
            throw ValidationError("install --json needs --yes (or --dry-run): there is no prompt to answer beside JSON.")
        }
    }

    func run() throws {
        let language = options.language
        let style = OutputStyle(environment: options.environment)
        // Under --json every sentence goes to stderr and stdout carries one JSON object at the end.
        let json = options.json
        func show(_ text: String) {
            if json { StandardStreams.writeError(text) } else { StandardStreams.write(text) }
        }
        func say(_ text: LocalizedText) { show(text.text(language) + "\n") }
        let (env, routes) = planOptions.prepare(options, askingOnlyTheChosenMethod: true)
        let flashAttnBefore = env.flashAttn?.version
        func finish(_ routes: PreparedRoutes, _ prepared: PreparedPlan?, _ result: InstallResult,
                    outcome: InstallOutcome? = nil, status: CommandStatus? = nil) throws {
            if json {
                StandardStreams.writeLine(try JSONOutput.hostDocument(
                    InstallJSON(
                        routes: routes, shown: prepared, result: result, outcome: outcome,
                        flashAttnBefore: flashAttnBefore),
                    language: language))
            }
            if let status { throw status.exitCode }
        }
        guard let prepared = routes.plan(for: planOptions.method) else {
            // The recommended route is SDPA: there is nothing to install, and the table says why.
            show(RoutesText.render(routes.table, language: language, style: style))
            say(routes.table.recommended == nil ? LocalizedText(
                en: "Nothing was installed: nothing can run here yet; what to do first is above.",
                zh: "没有安装任何东西：这里目前什么都无法运行；需要先做的事见上。") : LocalizedText(
                en: "Nothing was installed: the route recommended here is SDPA, PyTorch's own attention, which needs nothing (why is above); to install a FlashAttention route anyway, choose it with --method.",
                zh: "没有安装任何东西：这里推荐的路线是 SDPA（PyTorch 自带的注意力，无需安装；原因见上）；如仍要安装某条 FlashAttention 路线，请用 --method 选择。"))
            return try finish(routes, nil, .noRoute, status: env.python == nil ? .environmentProblem : .failed)
        }
        if planOptions.method == nil, let recommended = routes.table.recommended {
            say(LocalizedText(en: "Route:", zh: "路线：").followed(by: recommended.title).followed(
                by: LocalizedText(en: "(recommended; --method chooses another)", zh: "（推荐；可用 --method 选择其他路线）")))
        }
        show(PlanText.render(prepared, language: language, style: style))
        if env.python == nil { return try finish(routes, prepared, .blocked, status: .environmentProblem) }
        if !prepared.plan.canRun { return try finish(routes, prepared, .blocked, status: .failed) }
        if prepared.plan.steps.isEmpty {
            // The route already works here (kernels in the window and its variant cached, say): nothing to run.
            say(LocalizedText(
                en: "Nothing to install: this route is ready. Next: flash-attn-setup verify --python \(prepared.plan.python) --method \(prepared.plan.method.rawValue)",
                zh: "无需安装：这条路线已就绪。下一步：flash-attn-setup verify --python \(prepared.plan.python) --method \(prepared.plan.method.rawValue)"))
            return try finish(routes, prepared, .ready)
        }
        if dryRun {
            say(LocalizedText(en: "Dry run: nothing was changed.", zh: "演练模式：没有做任何更改。"))
            return try finish(routes, prepared, .dryRun)
        }
        if !yes {
            guard CommandSession.current.ownsProcess, isatty(STDIN_FILENO) == 1 else {
                StandardStreams.writeError(LocalizedText(
                    en: "Nothing was installed: there is no terminal to ask on. Run again with --yes to install by this plan.",
                    zh: "没有安装任何东西：没有终端可以询问。如确认按此计划安装，请加 --yes 重新运行。").text(language) + "\n")
                throw CommandStatus.usage.exitCode
            }
            StandardStreams.write(LocalizedText(en: "Run this plan? [y/N] ", zh: "按此计划执行？[y/N] ").text(language))
            fflush(nil)
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard ["y", "yes", "是", "好"].contains(answer) else {
                say(LocalizedText(en: "Nothing was installed.", zh: "没有安装任何东西。"))
                throw CommandStatus.cancelled.exitCode
            }
        }

        let logPath = log ?? InstallLog.timestampedPath(in: InstallLog.defaultDirectory(environment: options.environment))
        let installLog: InstallLog
        do { installLog = try InstallLog(path: logPath) } catch {
            StandardStreams.writeError(error.message.text(language) + "\n")
            return try finish(routes, prepared, .refused, status: .environmentProblem)
        }
        say(LocalizedText(en: "Log: \(logPath)", zh: "日志：\(logPath)"))

        // Ctrl-C cancels the step instead of killing this process; a dropped SSH connection (SIGHUP) or a closed
        // pipe must not stop the install halfway: its steps run in their own session and their output keeps
        // going to the log.
        // Ctrl-C or SIGTERM: the running step's process group gets SIGINT, then SIGTERM, then SIGKILL. An in-process
        // run (the tests) leaves the signals of the process it runs in alone.
        let cancel = Cancellator.shared.request(followingSignals: CommandSession.current.ownsProcess)
        if CommandSession.current.ownsProcess {
            Cancellator.shared.catchSignals([SIGINT, SIGTERM], ignoring: [SIGHUP, SIGPIPE])
        }

        let printer = InstallPrinter(language: language, style: style, toStandardError: json)
        let runner = PlanRunner(
            plan: prepared.plan, environment: options.environment, log: installLog, cancel: cancel,
            stateDirectory: ToolDirectories.state(options.environment))
        let outcome = runner.run(onEvent: printer.handle)
        show(InstallText.summary(outcome, plan: prepared.plan, language: language, style: style))
        switch outcome.result {
        case .succeeded: try finish(routes, prepared, .installed, outcome: outcome)
        case .cancelled: try finish(routes, prepared, .cancelled, outcome: outcome, status: .cancelled)
        case .failed: try finish(routes, prepared, .failed, outcome: outcome, status: .failed)
        case .refused: try finish(routes, prepared, .refused, outcome: outcome, status: .failed)
        }
    }
}
