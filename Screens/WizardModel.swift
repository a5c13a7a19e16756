import Foundation
import SetupCore
import TerminalUI

/// Work the wizard asks the core to do in the background; the app runs it and answers with a `WizardEvent`.
public enum WizardEffect: Sendable, Equatable {
    /// Probe the machine for this interpreter (nil: the default choice).
    case probe(python: String?)
    /// Weigh every route for the probed environment: each method's plan and the recommendation.
    case prepareRoutes(allowTransformersChange: Bool)
    case install(RouteMethod)
    case cancelInstall
    /// Verify the route that was installed, in this interpreter.
    case verify(python: String, method: RouteMethod)
    case quit
}

/// What background work reports back.
public enum WizardEvent: Sendable {
    /// The facts, the interpreters to offer, and the ComfyUI installs found.
    case probed(Environment, [PythonCandidate], comfyUI: [ComfyUIInstall] = [])
    case routesPrepared(PreparedRoutes)
    case install(InstallEvent)
    case installStarted(logPath: String)
    case installFinished(InstallOutcome)
    case verified(VerificationReport)
    /// About ten times a second: spinners and elapsed time.
    case tick
}

/// Where the user is: the eight steps of DESIGN.md, then the summary.
public enum WizardScreen: Int, Sendable, CaseIterable {
    case welcome, gpu, compatibility, python, method, plan, install, verification, summary

    var step: WizardStep? { WizardStep(rawValue: rawValue + 1) }
}

/// What runs in the background now: one thing at a time.
public enum WizardActivity: Sendable, Equatable {
    case idle
    case probing
    case planning
    case installing
    /// The user cancelled; the step's process group is being stopped.
    case cancelling
    /// The user quit during an install: the screen stays alive (a spinner, the output) until the install has
    /// stopped, then the wizard exits.
    case quitting
    case verifying
    /// Nothing runs any more and the user said quit: the app leaves its loop.
    case exiting
}

/// A question or a panel over the screen, answered by the next key.
public enum WizardOverlay: Sendable, Equatable {
    case help, confirmQuit, confirmCancel
}

/// How the install output is shown.
public enum OutputView: Sendable, Equatable {
    case tail, fullHeight
}

/// The wizard's whole state, and how keys and background events change it. Pure: it never runs anything, it
/// returns effects for the app to carry out, so every screen can be driven and drawn in tests.
public struct WizardModel: Sendable {
    public var language: Language
    public var symbols: Symbols
    public var screen: WizardScreen = .welcome
    public var activity: WizardActivity = .probing
    public var overlay: WizardOverlay?
    /// The interpreter asked for with --python, shown before the probe answers.
    public var requestedPython: String?
    public var logDirectory: String

    public var environment: Environment?
    /// The verdict, computed once per probe; the routes are weighed from it.
    public var report: CompatibilityReport?
    public var candidates: [PythonCandidate] = []
    /// Every ComfyUI found, running ones first, with their attention nodes.
    public var comfyUI: [ComfyUIInstall] = []
    public var pythonSelection = 0
    /// The path being typed on the Target Python screen; nil when not typing.
    public var typedPath: String?

    public var routes: PreparedRoutes?
    /// An index into the route list as the Method screen shows it (ready first).
    public var routeSelection = 0

    public var installTitle: LocalizedText?
    public var installStep: (index: Int, total: Int) = (0, 0)
    public var phase: InstallPhase?
    public var output = LogTail(capacity: 2000)
    public var outputView: OutputView = .tail
    public var scrollBack = 0
    public var liveFindings: [Finding] = []
    public var installLogPath: String?
    public var installStarted: Date?
    public var installEnded: Date?
    public var installOutcome: InstallOutcome?
    /// The method that was installed, which verification then proves.
    public var installedMethod: RouteMethod?

    public var verification: VerificationReport?

    /// Installs an earlier wizard left running without its terminal, to report on the welcome screen.
    public var detachedInstalls: [DetachedInstall] = []

    public var ticks = 0
    public var now = Date()

    public init(language: Language, symbols: Symbols, requestedPython: String?, logDirectory: String) {
        self.language = language
        self.symbols = symbols
        self.requestedPython = requestedPython
        self.logDirectory = logDirectory
    }

    public var busy: Bool { activity != .idle && activity != .exiting }
    public var installing: Bool { [.installing, .cancelling, .quitting].contains(activity) }

    /// The routes in the order the Method screen lists them.
    public var listedRoutes: [Route] { routes?.table.ordered ?? [] }

    public var chosenRoute: Route? {
        let list = listedRoutes
        return list.indices.contains(routeSelection) ? list[routeSelection] : nil
    }

    /// The plan of the chosen route; nil for SDPA, which installs nothing.
    public var chosenPlan: PreparedPlan? {
        chosenRoute.flatMap { routes?.plans[$0.method] }
    }

    public var targetPython: String? { environment?.python?.executable ?? requestedPython }

    /// The ComfyUI that runs the target Python, where one does.
    public var targetComfyUI: ComfyUIInstall? {
        guard let python = targetPython else { return nil }
        return comfyUI.first { $0.python == python }
    }

    // MARK: - Keys

    public mutating func handle(_ key: Key) -> [WizardEffect] {
        if key == .resize { return [] }
        if let open = overlay {
            overlay = nil
            let yes = key == .character("y") || key == .character("Y")
            switch open {
            case .help: return []
            case .confirmQuit where yes:
                if installing {
                    activity = .quitting
                    return [.cancelInstall]
                }
                activity = .exiting
                return [.quit]
            case .confirmCancel where yes:
                activity = .cancelling
                return [.cancelInstall]
            default: return []
            }
        }
        if activity == .quitting { return [] }
        if let typed = typedPath {
            switch key {
            case .escape: typedPath = nil
            case .backspace: typedPath = String(typed.dropLast())
            case .character(let c): typedPath = typed + String(c)
            case .enter:
                typedPath = nil
                let path = typed.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { return [] }
                activity = .probing
                requestedPython = path
                return [.probe(python: path)]
            default: break
            }
            return []
        }
        switch key {
        case .character("q"), .character("Q"):
            overlay = .confirmQuit
            return []
        case .character("?"):
            overlay = .help
            return []
        case .escape:
            goBack()
            return []
        default:
            break
        }
        switch screen {
        case .welcome:
            if key == .enter { screen = .gpu }
        case .gpu:
            if key == .enter, activity != .probing { screen = .compatibility }
        case .compatibility:
            if key == .enter, let report, activity != .probing {
                // With a blocker, or no visible GPU the kernels support (a Turing card), installing is pointless:
                // the summary gives the fallback. The same rule the routes use: the report's, computed once.
                // A problem of the chosen Python (no torch, a system Python, an old one) is fixed by choosing another:
                // the Target Python screen. No usable GPU is not: the summary gives the fallback.
                screen = report.worthInstalling || !report.installBlockers.isEmpty ? .python : .summary
            }
        case .python:
            return handlePython(key)
        case .method:
            return handleMethod(key)
        case .plan:
            if key == .enter, activity == .idle, let route = chosenRoute, case let method = route.method,
                let prepared = routes?.plans[method], prepared.plan.canRun, prepared.plan.steps.isEmpty, let python = targetPython
            {
                // Ready already: nothing to install, straight to proving it.
                installedMethod = method
                screen = .verification
                activity = .verifying
                verification = nil
                return [.verify(python: python, method: method)]
            }
            if key == .character("i") || key == .character("I"), activity == .idle, let route = chosenRoute,
                case let method = route.method, let prepared = routes?.plans[method], prepared.plan.canRun,
                !prepared.plan.steps.isEmpty
            {
                screen = .install
                activity = .installing
                installOutcome = nil
                installedMethod = method
                output = LogTail(capacity: 2000)
                liveFindings = []
                phase = nil
                installStarted = now
                installEnded = nil
                return [.install(method)]
            }
        case .install:
            return handleInstall(key)
        case .verification:
            if key == .enter, activity != .verifying { screen = .summary }
        case .summary:
            if key == .enter { overlay = .confirmQuit }
        }
        return []
    }

    private mutating func handlePython(_ key: Key) -> [WizardEffect] {
        // The last entry of the list is "type a path".
        let count = candidates.count + 1
        switch key {
        case .up: pythonSelection = max(0, pythonSelection - 1)
        case .down: pythonSelection = min(count - 1, pythonSelection + 1)
        case .enter where activity != .probing:
            guard pythonSelection < candidates.count else {
                typedPath = ""
                return []
            }
            // One this user may not run (another user's) is never probed: the screen says why below the list.
            guard candidates[pythonSelection].refused == nil else { return [] }
            let chosen = candidates[pythonSelection].path
            // Only a Python that answered the probe goes on; another one (or one that failed) is probed first.
            if chosen == environment?.python?.executable {
                screen = .method
                activity = .planning
                routes = nil
                return [.prepareRoutes(allowTransformersChange: false)]
            }
            // Another interpreter: probe it, and stay to show what it has.
            activity = .probing
            requestedPython = chosen
            return [.probe(python: chosen)]
        default: break
        }
        return []
    }

    private mutating func handleMethod(_ key: Key) -> [WizardEffect] {
        guard activity != .planning else { return [] }
        switch key {
        case .up: routeSelection = max(0, routeSelection - 1)
        case .down: routeSelection = min(max(0, listedRoutes.count - 1), routeSelection + 1)
        case .character("t") where offersTransformersChange:
            // The user's explicit yes to planning a change of transformers for the hub kernel.
            activity = .planning
            routes = nil
            return [.prepareRoutes(allowTransformersChange: true)]
        case .enter:
            guard let route = chosenRoute else { break }
            // SDPA installs nothing: the summary says what to choose. Where not even SDPA can run (no CUDA torch),
            // there is nothing to choose yet: the screen says what to do first, and Esc goes back to the Pythons.
            if route.method == .sdpa, route.status == .impossible { break }
            screen = route.method == .sdpa ? .summary : .plan
        default: break
        }
        return []
    }

    /// The wizard's exit status, from how its work ended (README, "The wizard's exit status"): 130 for a cancelled
    /// install; 1 for an install or a verification that failed; else 0 where a verification passed or an install
    /// succeeded; and, where neither ran, what `check` would exit with: 0 for a supported verdict, 1 otherwise.
    public var exitStatus: Int32 {
        switch installOutcome?.result {
        case .cancelled?: return 130
        case .failed?, .refused?: return 1
        case .succeeded?, nil: break
        }
        if let verification { return verification.ok ? 0 : 1 }
        if case .succeeded? = installOutcome?.result { return 0 }
        return report?.verdict == .supported ? 0 : 1
    }

    /// True where the chosen route is the hub kernel, refused only because this transformers pins a kernels window
    /// the index cannot serve, and another transformers would pair.
    public var offersTransformersChange: Bool {
        guard let route = chosenRoute, route.status == .impossible else { return false }
        return route.plan?.offeredTransformersChange != nil
    }

    private mutating func handleInstall(_ key: Key) -> [WizardEffect] {
        switch key {
        case .character("c") where activity == .installing:
            overlay = .confirmCancel
        case .character("l"):
            outputView = outputView == .tail ? .fullHeight : .tail
        case .pageUp:
            scrollBack = min(max(0, output.lines.count - 5), scrollBack + 10)
        case .pageDown:
            scrollBack = max(0, scrollBack - 10)
        case .home:
            scrollBack = max(0, output.lines.count - 5)
        case .end:
            scrollBack = 0
        case .enter where !installing:
            if case .succeeded = installOutcome?.result, let python = targetPython, let method = installedMethod {
                screen = .verification
                activity = .verifying
                verification = nil
                return [.verify(python: python, method: method)]
            }
            screen = .summary
        default:
            break
        }
        return []
    }

    /// Esc: one step back, wherever nothing is running.
    private mutating func goBack() {
        guard !busy else { return }
        switch screen {
        case .welcome, .install, .verification: return
        case .summary:
            if installOutcome != nil { screen = .verification }
            else if routes != nil { screen = .method }
            else { screen = .compatibility }
        default: screen = WizardScreen(rawValue: screen.rawValue - 1) ?? .welcome
        }
    }

    // MARK: - Background events

    public mutating func apply(_ event: WizardEvent) {
        switch event {
        case .tick:
            ticks += 1
            now = Date()
        case .probed(let env, let found, let installs):
            activity = .idle
            comfyUI = installs
            environment = env
            report = CompatibilityRules.evaluate(env)
            var list = found
            // What was listed before stays: a typed path that fails must not take the --python entry (or any
            // other that worked) off the list.
            for earlier in candidates where !list.contains(where: { $0.path == earlier.path }) { list.append(earlier) }
            if let current = env.python?.executable, !list.contains(where: { $0.path == current }) {
                list.insert(PythonCandidate(kind: .argument, path: current), at: 0)
            }
            candidates = list
            pythonSelection = list.firstIndex { $0.path == env.python?.executable } ?? 0
        case .routesPrepared(let prepared):
            activity = .idle
            routes = prepared
            routeSelection = prepared.table.ordered.firstIndex { $0.method == prepared.table.recommended } ?? 0
        case .installStarted(let path):
            installLogPath = path
        case .install(let installEvent):
            switch installEvent {
            case .stepStarted(let index, let total, let title):
                installStep = (index, total)
                installTitle = title
                phase = nil
            case .line(let line), .logged(let line):
                output.append(line)
            case .phase(let newPhase):
                phase = newPhase
            case .finding(let finding):
                liveFindings.append(finding)
            case .stepFinished:
                break
            case .cancelling(let signal):
                output.append("=== cancel: \(signal)")
            case .cancelWaits:
                output.append("=== " + InstallEvent.cancelWaitsSentence.text(language))
            }
        case .installFinished(let outcome):
            activity = activity == .quitting ? .exiting : .idle
            installEnded = now
            installOutcome = outcome
            installLogPath = outcome.logPath
        case .verified(let report):
            activity = .idle
            verification = report
        }
    }
}
