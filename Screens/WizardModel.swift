import Foundation
import SetupCore
import TerminalUI

/// Work the wizard asks the core to do in the background; the app runs it and answers with a `WizardEvent`.
public enum WizardEffect: Sendable, Equatable {
    /// Probe the machine for this interpreter (nil: the default choice).
    case probe(python: String?)
    /// Prepare the plans of all three methods for the probed environment.
    case preparePlans
    case install(InstallMethod)
    case cancelInstall
    case verify(python: String)
    case quit
}

/// What background work reports back.
public enum WizardEvent: Sendable {
    case probed(Environment, [PythonCandidate])
    case plansPrepared([InstallMethod: PreparedPlan])
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

/// The wizard's whole state, and how keys and background events change it. Pure: it never runs anything, it
/// returns effects for the app to carry out, so every screen can be driven and drawn in tests.
public struct WizardModel: Sendable {
    public var language: Language
    public var symbols: Symbols
    public var screen: WizardScreen = .welcome
    /// The interpreter asked for with --python, shown before the probe answers.
    public var requestedPython: String?
    public var logDirectory: String

    public var probing = true
    public var environment: Environment?
    public var report: CompatibilityReport?
    public var candidates: [PythonCandidate] = []
    public var pythonSelection = 0
    /// The path being typed on the Target Python screen; nil when not typing.
    public var typedPath: String?

    public var plans: [InstallMethod: PreparedPlan] = [:]
    public var preparingPlans = false
    public var methodSelection = 0

    public var installing = false
    public var installTitle: LocalizedText?
    public var installStep: (index: Int, total: Int) = (0, 0)
    public var phase: InstallPhase?
    public var output = LogTail(capacity: 2000)
    public var liveFindings: [Finding] = []
    public var installLogPath: String?
    public var installStarted: Date?
    public var installEnded: Date?
    public var installOutcome: InstallOutcome?
    public var cancelling = false
    public var logFullHeight = false
    public var scrollBack = 0

    public var verifying = false
    public var verification: VerificationReport?

    /// Installs an earlier wizard left running without its terminal, to report on the welcome screen.
    public var detachedInstalls: [DetachedInstall] = []

    public var confirmingQuit = false
    public var confirmingCancel = false
    public var showingHelp = false
    public var ticks = 0
    public var now = Date()

    public init(language: Language, symbols: Symbols, requestedPython: String?, logDirectory: String) {
        self.language = language
        self.symbols = symbols
        self.requestedPython = requestedPython
        self.logDirectory = logDirectory
    }

    /// The method list in its fixed order.
    public static let methods: [InstallMethod] = [.wheel, .pip, .source]

    public var busy: Bool { probing || preparingPlans || installing || verifying }

    /// The method the wizard recommends: the first whose plan can run, in the order wheel, pip, source.
    public var recommendedMethod: InstallMethod? {
        Self.methods.first { plans[$0].map { $0.plan.blockers.isEmpty } ?? false }
    }

    public var chosenMethod: InstallMethod { Self.methods[methodSelection] }

    public var targetPython: String? { environment?.python?.executable ?? requestedPython }

    // MARK: - Keys

    public mutating func handle(_ key: Key) -> [WizardEffect] {
        if key == .resize { return [] }
        if confirmingQuit {
            if key == .character("y") || key == .character("Y") {
                return installing ? [.cancelInstall, .quit] : [.quit]
            }
            confirmingQuit = false
            return []
        }
        if confirmingCancel {
            confirmingCancel = false
            if key == .character("y") || key == .character("Y") {
                cancelling = true
                return [.cancelInstall]
            }
            return []
        }
        if showingHelp {
            showingHelp = false
            return []
        }
        if let typed = typedPath {
            switch key {
            case .escape: typedPath = nil
            case .backspace: typedPath = String(typed.dropLast())
            case .character(let c): typedPath = typed + String(c)
            case .enter:
                typedPath = nil
                let path = typed.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { return [] }
                probing = true
                requestedPython = path
                return [.probe(python: path)]
            default: break
            }
            return []
        }
        switch key {
        case .character("q"), .character("Q"):
            confirmingQuit = true
            return []
        case .character("?"):
            showingHelp = true
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
            if key == .enter, !probing { screen = .compatibility }
        case .compatibility:
            if key == .enter, let report, !probing {
                // With a blocker, or no visible GPU the kernels support (a Turing card), installing is pointless:
                // the summary gives the fallback.
                let worthInstalling = report.blockers.isEmpty && report.gpus.contains { $0.visible && $0.verdict == .supported }
                screen = worthInstalling ? .python : .summary
            }
        case .python:
            return handlePython(key)
        case .method:
            switch key {
            case .up: methodSelection = max(0, methodSelection - 1)
            case .down: methodSelection = min(Self.methods.count - 1, methodSelection + 1)
            case .enter where !preparingPlans && plans[chosenMethod] != nil: screen = .plan
            default: break
            }
        case .plan:
            if key == .enter, let prepared = plans[chosenMethod], prepared.plan.blockers.isEmpty {
                screen = .install
                installing = true
                installOutcome = nil
                output = LogTail(capacity: 2000)
                liveFindings = []
                phase = nil
                installStarted = now
                installEnded = nil
                return [.install(chosenMethod)]
            }
        case .install:
            return handleInstall(key)
        case .verification:
            if key == .enter, !verifying { screen = .summary }
        case .summary:
            if key == .enter { confirmingQuit = true }
        }
        return []
    }

    private mutating func handlePython(_ key: Key) -> [WizardEffect] {
        // The last entry of the list is "type a path".
        let count = candidates.count + 1
        switch key {
        case .up: pythonSelection = max(0, pythonSelection - 1)
        case .down: pythonSelection = min(count - 1, pythonSelection + 1)
        case .enter where !probing:
            guard pythonSelection < candidates.count else {
                typedPath = ""
                return []
            }
            let chosen = candidates[pythonSelection].path
            // Only a Python that answered the probe goes on; another one (or one that failed) is probed first.
            if chosen == environment?.python?.executable {
                screen = .method
                preparingPlans = true
                plans = [:]
                return [.preparePlans]
            }
            // Another interpreter: probe it, and stay to show what it has.
            probing = true
            requestedPython = chosen
            return [.probe(python: chosen)]
        default: break
        }
        return []
    }

    private mutating func handleInstall(_ key: Key) -> [WizardEffect] {
        switch key {
        case .character("c") where installing && !cancelling:
            confirmingCancel = true
        case .character("l"):
            logFullHeight.toggle()
        case .pageUp:
            scrollBack = min(max(0, output.lines.count - 5), scrollBack + 10)
        case .pageDown:
            scrollBack = max(0, scrollBack - 10)
        case .home:
            scrollBack = max(0, output.lines.count - 5)
        case .end:
            scrollBack = 0
        case .enter where !installing:
            if case .succeeded = installOutcome?.result, let python = targetPython {
                screen = .verification
                verifying = true
                verification = nil
                return [.verify(python: python)]
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
        case .summary: screen = installOutcome == nil ? .compatibility : .verification
        default: screen = WizardScreen(rawValue: screen.rawValue - 1) ?? .welcome
        }
    }

    // MARK: - Background events

    public mutating func apply(_ event: WizardEvent) {
        switch event {
        case .tick:
            ticks += 1
            now = Date()
        case .probed(let env, let found):
            probing = false
            environment = env
            report = CompatibilityRules.evaluate(env)
            var list = found
            if let current = env.python?.executable, !list.contains(where: { $0.path == current }) {
                list.insert(PythonCandidate(kind: "argument", path: current), at: 0)
            }
            candidates = list
            pythonSelection = list.firstIndex { $0.path == env.python?.executable } ?? 0
        case .plansPrepared(let prepared):
            preparingPlans = false
            plans = prepared
            methodSelection = Self.methods.firstIndex(of: recommendedMethod ?? .wheel) ?? 0
        case .installStarted(let path):
            installLogPath = path
        case .install(let installEvent):
            switch installEvent {
            case .stepStarted(let index, let total, let title):
                installStep = (index, total)
                installTitle = title
                phase = nil
            case .line(let line):
                output.append(line)
            case .phase(let newPhase):
                phase = newPhase
            case .finding(let finding):
                liveFindings.append(finding)
            case .stepFinished:
                break
            case .cancelling(let signal):
                output.append("=== cancel: \(signal)")
            }
        case .installFinished(let outcome):
            installing = false
            installEnded = now
            cancelling = false
            installOutcome = outcome
            installLogPath = outcome.logPath
        case .verified(let report):
            verifying = false
            verification = report
        }
    }
}
