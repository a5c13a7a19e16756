import Foundation
import Screens
import SetupCore
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// Runs the wizard on the terminal: one event loop over keys, signals, a 10 Hz tick and the core's background
/// work. Screens only draw and return effects; this carries the effects out through the core.
struct WizardApp {
    var options: CommonOptions
    var wheelSource: WheelSource

    /// Runs until the user quits; returns the exit status.
    func run() -> Int32 {
        let env = options.environment
        // Quit signals are blocked in this thread before any worker starts, so workers inherit the block and a
        // signal never interrupts a download or a probe; this thread takes them while it waits in poll.
        var loopSignals = sigset_t()
        sigemptyset(&loopSignals)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&loopSignals, signal) }
        pthread_sigmask(SIG_BLOCK, &loopSignals, nil)
        defer { pthread_sigmask(SIG_UNBLOCK, &loopSignals, nil) }
        TerminalSession.prepareLocale()
        Cancellator.shared.catchSignals([SIGINT, SIGTERM, SIGHUP, SIGQUIT], ignoring: [SIGPIPE])
        guard let terminal = CursesTerminal(useColor: env["NO_COLOR"].map { $0.isEmpty } ?? true) else { return -1 }
        var model = WizardModel(
            language: options.language, symbols: Symbols.forLocale(env), requestedPython: options.python,
            logDirectory: InstallLog.defaultDirectory(environment: env))
        model.detachedInstalls = DetachedInstall.find(in: model.logDirectory)
        for finished in model.detachedInstalls where finished.runningPID == nil { DetachedInstall.acknowledge(finished) }
        let inbox = WizardInbox()
        var work = BackgroundWork(options: options, wheelSource: wheelSource, inbox: inbox, cancel: Cancellator.shared.request())
        work.perform(.probe(python: options.python), model: model)

        var screenGone = false
        var lastTick = Date()
        var pacing = FramePacing()
        loop: while true {
            if !screenGone, pacing.shouldDraw(at: .now) {
                var canvas = terminal
                WizardView.draw(model, on: &canvas)
                terminal.refresh()
                pacing.drew(at: .now)
            }
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: Cancellator.shared.signalDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inbox.wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            pthread_sigmask(SIG_UNBLOCK, &loopSignals, nil)
            _ = poll(&fds, screenGone ? 0 : 3, pacing.pollTimeout(at: .now, idle: 100))
            pthread_sigmask(SIG_BLOCK, &loopSignals, nil)

            let signal = Cancellator.shared.pendingSignal
            if signal == SIGHUP {
                // The terminal is gone (a dropped SSH connection): no more drawing, but a running install goes on,
                // its output drained into the log, until it ends.
                Cancellator.shared.clearSignal()
                screenGone = true
                // Restore what can be restored: on a terminal that is really gone the writes fail harmlessly;
                // where it is still there (a HUP sent by hand), it is left usable.
                terminal.stop()
                if !model.installing { break loop }
                if let log = model.installLogPath { DetachedInstall.mark(logPath: log) }
            } else if signal != 0 {
                if model.installing {
                    // The install's own request (each install makes a new one), so the running step is stopped.
                    work.cancel.request()
                    model.activity = .quitting
                    while model.installing {
                        Self.waitForEvents(inbox, into: &model)
                        var canvas = terminal
                        WizardView.draw(model, on: &canvas)
                        terminal.refresh()
                    }
                }
                terminal.stop()
                Cancellator.shared.stopAll()
                Cancellator.reraise(signal)
            }

            if !screenGone {
                if terminal.resizedSinceLastCheck() {
                    _ = model.handle(.resize)
                    pacing.changed(urgent: true)
                }
                while let key = terminal.readKey() {
                    // Quitting during an install cancels it and keeps this loop (and the screen) going until the
                    // install has stopped: its steps must not outlive the reader of their output.
                    for effect in model.handle(key) where effect != .quit { work.perform(effect, model: model) }
                    pacing.changed(urgent: true)
                }
            }
            let events = inbox.drain()
            for event in events { model.apply(event) }
            if !events.isEmpty { pacing.changed() }
            if model.activity == .exiting { break loop }
            if screenGone && !model.installing { break loop }
            if Date().timeIntervalSince(lastTick) >= 0.1 {
                model.apply(.tick)
                lastTick = Date()
                pacing.changed()
            }
        }
        if !screenGone { terminal.stop() }
        // A probe or a verification still running (the user quit while it ran) ends with the wizard.
        Cancellator.shared.stopAll()
        return model.exitStatus
    }

    private static func waitForEvents(_ inbox: WizardInbox, into model: inout WizardModel) {
        var fds = [pollfd(fd: inbox.wakeRead, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 1, 100)
        for event in inbox.drain() { model.apply(event) }
    }
}

/// Carries out the wizard's effects on background threads through the core, posting what they find.
struct BackgroundWork {
    var options: CommonOptions
    var wheelSource: WheelSource
    var inbox: WizardInbox
    var cancel: CancelRequest

    mutating func perform(_ effect: WizardEffect, model: WizardModel) {
        let options = self.options
        let inbox = self.inbox
        let env = options.environment
        switch effect {
        case .probe(let python):
            Thread.detachNewThread {
                let directory = FileManager.default.currentDirectoryPath
                let discovery = ComfyUIDiscovery(environment: env, currentDirectory: directory)
                // A running ComfyUI's Python is the default target: a quick scan of /proc decides it, and the folder
                // walk runs beside the probe.
                let running = discovery.running()
                let target = PythonTarget.choose(explicit: python, environment: env, runningComfyUI: running)
                let probe = EnvironmentProbe(
                    interpreter: target.path, environment: env, probeTimeout: options.probeTimeout,
                    pythonTimeout: options.pythonTimeout)
                let (facts, comfyUI) = concurrently({ probe.run() }, { discovery.run(running: running) })
                let candidates = PythonTarget.candidates(environment: env, currentDirectory: directory, comfyUI: comfyUI)
                inbox.post(.probed(facts, candidates, comfyUI: comfyUI))
            }
        case .prepareRoutes(let allowTransformersChange):
            guard let facts = model.environment, let report = model.report else { return }
            let source = wheelSource
            Thread.detachNewThread {
                var request = PlanRequest(
                    method: .wheel, workDirectory: PlanPreparation.defaultWorkDirectory(environment: env),
                    inheritedPath: env["PATH"] ?? "/usr/bin:/bin")
                request.allowTransformersChange = allowTransformersChange
                inbox.post(.routesPrepared(PlanPreparation.prepareRoutes(
                    request, environment: facts, report: report, source: source, processEnvironment: env)))
            }
        case .install(let method):
            guard let prepared = model.routes?.plans[method] else { return }
            let cancel = Cancellator.shared.request()
            self.cancel = cancel
            Thread.detachNewThread {
                let path = InstallLog.timestampedPath(in: InstallLog.defaultDirectory(environment: env))
                guard let log = try? InstallLog(path: path) else {
                    inbox.post(.installFinished(InstallOutcome(
                        result: .refused(LocalizedText(en: "Cannot write the log \(path).", zh: "无法写入日志 \(path)。")),
                        findings: [], changes: [], torchBefore: nil, torchAfter: nil, logPath: path)))
                    return
                }
                inbox.post(.installStarted(logPath: path))
                let runner = PlanRunner(
                    plan: prepared.plan, environment: env, log: log, cancel: cancel,
                    stateDirectory: ToolDirectories.state(env))
                let outcome = runner.run { inbox.post(.install($0)) }
                inbox.post(.installFinished(outcome))
            }
        case .cancelInstall:
            cancel.request()
        case .verify(let python, let method):
            guard let facts = model.environment else { return }
            let route = VerifyRoute.after(method, environment: facts) ?? VerifyRoute.present(in: facts)
            Thread.detachNewThread {
                inbox.post(.verified(Verifier(python: python, route: route, environment: env).run()))
            }
        case .quit:
            break
        }
    }
}
