import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Something that happened during an install, for the face that shows it (plain lines, or the wizard's screen).
public enum InstallEvent: Sendable {
    case stepStarted(index: Int, total: Int, title: LocalizedText)
    case line(String)
    /// A line the tool itself wrote to the install log (a step's header, a download, an error): the wizard's log
    /// pane shows it beside the steps' output; the plain output says the same in sentences of its own.
    case logged(String)
    case phase(InstallPhase)
    /// A known failure recognised in the output as it came.
    case finding(Finding)
    case stepFinished(index: Int, succeeded: Bool)
    /// Cancelling: which signal went to the step's process group.
    case cancelling(signal: String)
    /// A cancel came while pip was changing files in the target: the step is let finish, and no step after it runs.
    case cancelWaits

    /// What `cancelWaits` tells the user.
    public static let cancelWaitsSentence = LocalizedText(
        en: "Cancelling: pip is replacing files in the target and cannot be stopped there without breaking it, so this step is let finish (seconds); nothing after it runs.",
        zh: "正在取消：pip 正在替换目标环境中的文件，此时中断会损坏环境，因此让这一步完成（几秒钟）；之后的步骤不再运行。")
}

/// How an install ended, what it changed, and where its log is.
public struct InstallOutcome: Sendable {
    public enum Result: Sendable, Equatable {
        case succeeded
        case failed(step: Int, reason: LocalizedText)
        case cancelled(step: Int)
        /// It did not start: the plan had blockers, or another install holds the target.
        case refused(LocalizedText)
    }

    public var result: Result
    /// Root cause first.
    public var findings: [Finding]
    public var changes: [PackageSnapshot.Change]
    public var torchBefore: String?
    public var torchAfter: String?
    public var logPath: String
    /// The exact commit a source build of a git ref built.
    public var sourceCommit: String?
    /// What pip left half-done in the target (its set-aside folders of a package it was replacing), as a sentence
    /// with the way to repair it; nil where the target is whole.
    public var halfDone: LocalizedText?

    public init(
        result: Result, findings: [Finding], changes: [PackageSnapshot.Change], torchBefore: String?, torchAfter: String?,
        logPath: String, sourceCommit: String? = nil, halfDone: LocalizedText? = nil
    ) {
        self.halfDone = halfDone
        self.result = result
        self.findings = findings
        self.changes = changes
        self.torchBefore = torchBefore
        self.torchAfter = torchAfter
        self.logPath = logPath
        self.sourceCommit = sourceCommit
    }
}

/// Runs a plan: each step as argv in its own session and process group, every output line streamed to the log and
/// to `onEvent`, progress and known failures recognised as they come, the target's packages recorded before and
/// after, and torch checked to be untouched.
public struct PlanRunner: Sendable {
    public var plan: InstallPlan
    /// The tool's own environment, which steps inherit (with each step's changes on top).
    public var environment: [String: String]
    public var log: InstallLog
    public var cancel: CancelRequest
    /// Where locks are kept.
    public var stateDirectory: String
    /// How long after SIGINT the group gets SIGTERM, and after that SIGKILL.
    public var gracePeriods: (term: Double, kill: Double) = (5, 10)

    public init(plan: InstallPlan, environment: [String: String], log: InstallLog, cancel: CancelRequest, stateDirectory: String) {
        self.plan = plan
        self.environment = environment
        self.log = log
        self.cancel = cancel
        self.stateDirectory = stateDirectory
    }

    /// Runs the plan: refuses it where it cannot start, holds the target's lock, writes the constraint, runs the
    /// steps, and compares the target before and after.
    public func run(onEvent: @escaping @Sendable (InstallEvent) -> Void) -> InstallOutcome {
        log.write("\(ToolBuild.versionLine) install, \(ISO8601DateFormatter().string(from: Date()))")
        log.write("target \(plan.python), torch \(plan.torchVersion), method \(plan.method.rawValue), installer \(plan.installer.rawValue)")
        func refused(_ reason: LocalizedText) -> InstallOutcome {
            InstallOutcome(result: .refused(reason), findings: [], changes: [], torchBefore: nil, torchAfter: nil, logPath: log.path)
        }
        if let reason = Self.refusal(of: plan) {
            log.write("refused: " + plan.blockers.map(\.message.en).joined(separator: " | "))
            return refused(reason)
        }
        let lock: InstallLock
        switch InstallLock.acquire(python: plan.python, directory: stateDirectory + "/locks") {
        case .success(let held): lock = held
        case .failure(let reason):
            log.write("refused: \(reason.en)")
            return refused(reason)
        }
        let marker = log.path + ".running"
        OwnedFile.replace(marker, with: RunningMarker(python: plan.python, log: log.path).json)
        defer {
            try? FileManager.default.removeItem(atPath: marker)
            withExtendedLifetime(lock) {}
        }
        if let reason = writeConstraint() { return refused(reason) }

        // The listing before runs beside the download, which changes nothing in the target; it is waited for
        // before the first step that can.
        let (python, environment) = (plan.python, self.environment)
        let listing = OnThread { PackageSnapshot.take(python: python, environment: environment) }
        let diagnosis = LiveDiagnosis()
        var (result, commit) = runSteps(diagnosis: diagnosis, beforeChanging: { _ = listing.value }, onEvent: onEvent)

        let before = listing.value
        keep(before.raw, beside: ".before.json")
        let after = PackageSnapshot.take(python: plan.python, environment: environment)
        keep(after.raw, beside: ".after.json")
        let comparison = TargetComparison(before: before.snapshot, after: after.snapshot)
        for change in comparison.changes { log.write("changed " + change.line.en) }
        if let reason = comparison.torchChange {
            log.write("error: \(reason.en)")
            result = .failed(step: plan.steps.count - 1, reason: reason)
        }
        let halfDone = comparison.halfDone(python: plan.python)
        if let halfDone {
            log.write("error: \(halfDone.en)")
            if result == .succeeded { result = .failed(step: plan.steps.count - 1, reason: halfDone) }
        }
        note("result: \(Self.describe(result))", onEvent)
        return InstallOutcome(
            result: result, findings: diagnosis.ordered, changes: comparison.changes, torchBefore: comparison.torchBefore,
            torchAfter: comparison.torchAfter, logPath: log.path, sourceCommit: commit, halfDone: halfDone)
    }

    /// Writes a companion of the log (`LOG.before.json`): where something the tool did not write sits at that name
    /// (a link someone planted), it is left alone and the log says so.
    func keep(_ data: Data, beside suffix: String) {
        if let refusal = OwnedFile.replace(log.path + suffix, with: data) {
            log.write("not written: \(log.path + suffix) (\(refusal))")
        }
    }

    /// The sentence where a downloaded file does not match the digest its page gives in another algorithm than
    /// SHA-256 (pip would refuse it too); nil where it matches.
    static func mismatch(_ digest: FileDigest, at path: String) -> LocalizedText? {
        let actual = try? digest.computed(ofFile: path)
        guard actual != digest.hex else { return nil }
        let name = (path as NSString).lastPathComponent
        let algorithm = digest.algorithm.rawValue
        return LocalizedText(
            en: "The downloaded \(name) does not match the \(algorithm) its source publishes (expected \(digest.hex), got \(actual ?? "unreadable")), so it was deleted and nothing was installed; the source serves a different file than its page names.",
            zh: "下载的 \(name) 与来源公布的 \(algorithm) 不一致（应为 \(digest.hex)，实为 \(actual ?? "无法读取")），已删除，没有安装任何东西；该来源提供的文件与其页面所列的不同。")
    }

    /// "1.23 s": how long a step took, for the log (where an install's time went).
    static func seconds(since start: ContinuousClock.Instant) -> String {
        String(format: "%.2f s", (ContinuousClock.now - start).inSeconds)
    }

    /// Why the plan may not start at all: its first blocker; nil where it may.
    static func refusal(of plan: InstallPlan) -> LocalizedText? { plan.blockers.first?.message }

    /// Writes the torch (and transformers) constraint every pip step reads; a sentence where it cannot.
    func writeConstraint() -> LocalizedText? {
        do {
            try FileManager.default.createDirectory(
                atPath: (plan.constraintsPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try plan.constraintsContent.write(toFile: plan.constraintsPath, atomically: true, encoding: .utf8)
        } catch {
            return LocalizedText(
                en: "Could not write the torch constraint \(plan.constraintsPath): \(error.localizedDescription)",
                zh: "无法写入 torch 约束文件 \(plan.constraintsPath)：\(error.localizedDescription)")
        }
        log.write("constraints \(plan.constraintsPath): \(plan.constraintsContent.trimmingWhitespace())")
        return nil
    }

    /// Runs the steps in order until one fails, is cancelled or loses its log; `beforeChanging` runs before the
    /// first step that can change the target. Returns how they ended and the commit a checkout came to.
    func runSteps(
        diagnosis: LiveDiagnosis, beforeChanging: () -> Void, onEvent: @escaping @Sendable (InstallEvent) -> Void
    ) -> (InstallOutcome.Result, commit: String?) {
        var commit: String? = nil
        for (index, step) in plan.steps.enumerated() {
            // A cancel that waited for a step changing the target to finish stops the install here.
            if cancel.isRequested { return (.cancelled(step: index), commit) }
            if case .fetch = step.action {} else { beforeChanging() }
            onEvent(.stepStarted(index: index, total: plan.steps.count, title: step.title))
            log.writeStep(index, step)
            onEvent(.logged("=== step \(index + 1): \(step.title.en)"))
            var stepResult = run(step, index: index, diagnosis: diagnosis, commit: &commit, onEvent: onEvent)
            if let broken = log.failure { stepResult = .failed(step: index, reason: broken) }
            onEvent(.stepFinished(index: index, succeeded: stepResult == nil))
            if let stepResult { return (stepResult, commit) }
        }
        return (.succeeded, commit)
    }

    /// A line for the log that the output pane shows too: what the log holds is on screen, not only in the file.
    private func note(_ line: String, _ onEvent: @Sendable (InstallEvent) -> Void) {
        log.write(line)
        onEvent(.logged(line))
    }

    /// Runs one step; nil when it succeeded.
    private func run(
        _ step: PlanStep, index: Int, diagnosis: LiveDiagnosis, commit: inout String?,
        onEvent: @escaping @Sendable (InstallEvent) -> Void
    ) -> InstallOutcome.Result? {
        let log = self.log
        let cancel = self.cancel
        switch step.action {
        case .fetch(let source, let destination, let sha256, let size, let otherDigest):
            try? FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            switch source {
            case .file(let path):
                do {
                    try? FileManager.default.removeItem(atPath: destination)
                    try FileManager.default.copyItem(atPath: path, toPath: destination)
                    if let sha256, try SHA256Hex.hex(ofFile: destination) != sha256.lowercased() {
                        try? FileManager.default.removeItem(atPath: destination)
                        return .failed(step: index, reason: LocalizedText(
                            en: "\(path) does not match its published SHA-256, so it was not installed.",
                            zh: "\(path) 与公布的 SHA-256 不一致，因此没有安装。"))
                    }
                } catch {
                    return .failed(step: index, reason: LocalizedText(
                        en: "Could not copy \(path): \(error.localizedDescription)", zh: "无法复制 \(path)：\(error.localizedDescription)"))
                }
                note("copied \(path) -> \(destination)", onEvent)
                if let notAWheel = WheelFileCheck.problem(at: destination, from: path) {
                    try? FileManager.default.removeItem(atPath: destination)
                    return .failed(step: index, reason: notAWheel)
                }
                return nil
            case .url(let url):
                guard let address = URL(string: url) else {
                    return .failed(step: index, reason: LocalizedText(en: "Not a URL: \(url)", zh: "不是有效的 URL：\(url)"))
                }
                let lastReport = Mutex<Date>(.distantPast)
                let started = ContinuousClock.now
                do {
                    try HTTPFetch.download(
                        address, to: destination, sha256: sha256, expectedSize: size, isCancelled: { cancel.isRequested },
                        progress: { progress in
                            // At most five progress events a second: the screen and the log need no more.
                            let due = lastReport.withLock { last in
                                if Date().timeIntervalSince(last) < 0.2 && progress.bytes != progress.total { return false }
                                last = Date()
                                return true
                            }
                            if due { onEvent(.phase(.download(bytes: progress.bytes, total: progress.total))) }
                        },
                        environment: environment)
                } catch {
                    note("download failed: \(error.message.en)", onEvent)
                    return error.kind == .cancelled ? .cancelled(step: index) : .failed(step: index, reason: error.message)
                }
                note("downloaded \(Redaction.url(url)) -> \(destination)" + (sha256.map { ", sha256 \($0) verified" } ?? "")
                    + " in " + Self.seconds(since: started), onEvent)
                if let notAWheel = WheelFileCheck.problem(at: destination, from: Redaction.url(url)) {
                    try? FileManager.default.removeItem(atPath: destination)
                    note("error: \(notAWheel.en)", onEvent)
                    return .failed(step: index, reason: notAWheel)
                }
                if let otherDigest, let mismatch = Self.mismatch(otherDigest, at: destination) {
                    try? FileManager.default.removeItem(atPath: destination)
                    note("error: \(mismatch.en)", onEvent)
                    return .failed(step: index, reason: mismatch)
                }
                return nil
            }

        case .run(let argv, let changes):
            return runArgv(argv, changes: changes, title: step.title, index: index, diagnosis: diagnosis, onEvent: onEvent)

        case .assembleCUDAHome(let root, let destination):
            do {
                let nvcc = try CUDAHomeLayout.assemble(nvidiaRoot: root, destination: destination)
                log.write("CUDA_HOME \(destination): links to \(root), nvcc \(nvcc)")
                onEvent(.line("CUDA_HOME \(destination) (nvcc \(nvcc))"))
                return nil
            } catch {
                note("error: \(error.message.en)", onEvent)
                return .failed(step: index, reason: error.message)
            }

        case .checkoutSource(let repository, let ref, let destination):
            return checkout(repository: repository, ref: ref, destination: destination, step: step, index: index,
                            diagnosis: diagnosis, commit: &commit, onEvent: onEvent)
        }
    }

    /// git init, a shallow fetch of the ref (a branch, tag or commit), a detached checkout, the submodules, and the
    /// commit it came to, each an argv streamed like any step.
    private func checkout(
        repository: String, ref: String, destination: String, step: PlanStep, index: Int, diagnosis: LiveDiagnosis,
        commit: inout String?, onEvent: @escaping @Sendable (InstallEvent) -> Void
    ) -> InstallOutcome.Result? {
        let git = ["git", "-C", destination]
        try? FileManager.default.removeItem(atPath: destination)
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            return .failed(step: index, reason: LocalizedText(
                en: "Could not make the source folder \(destination): \(error.localizedDescription)",
                zh: "无法创建源码目录 \(destination)：\(error.localizedDescription)"))
        }
        let commands: [[String]] = [
            git + ["init", "-q"],
            // "--" ends the options: a repository or ref can never be read as one (--upload-pack=...).
            git + ["fetch", "--depth", "1", "--", repository, ref],
            git + ["-c", "advice.detachedHead=false", "checkout", "-q", "--detach", "FETCH_HEAD"],
            git + ["submodule", "update", "--init", "--recursive", "--depth", "1"],
        ]
        for argv in commands {
            if let failed = runArgv(argv, changes: ["GIT_TERMINAL_PROMPT": "0"], title: step.title, index: index,
                                    diagnosis: diagnosis, onEvent: onEvent) {
                return failed
            }
        }
        let head = try? ChildProcess.run(git + ["rev-parse", "HEAD"], environment: environment, timeout: 30)
        guard let sha = head?.stdoutText?.trimmingWhitespace(), sha.count >= 7 else {
            return .failed(step: index, reason: LocalizedText(
                en: "git fetched \(ref) but its commit could not be read in \(destination).",
                zh: "git 已获取 \(ref)，但无法在 \(destination) 中读取其提交。"))
        }
        commit = sha
        log.write("source commit \(sha) (\(repository) \(ref))")
        onEvent(.line("source: \(repository) \(ref) = commit \(sha)"))
        return nil
    }

    /// Runs one argv in its own session, its merged output streamed; nil when it exited 0.
    private func runArgv(
        _ argv: [String], changes: [String: String], title: LocalizedText, index: Int, diagnosis: LiveDiagnosis,
        onEvent: @escaping @Sendable (InstallEvent) -> Void
    ) -> InstallOutcome.Result? {
        let log = self.log
        let cancel = self.cancel
        var env = environment.merging(changes) { _, new in new }
        env["PYTHONUNBUFFERED"] = "1"
        var lines = LineAssembler()
        // Once pip says it installs, it is moving files in the target (the old version set aside, the new one
        // unpacked) and does not roll back on a KeyboardInterrupt: a cancel from then on waits for the step to end.
        let changingTarget = Atomic<Bool>(false)
        let toldWaiting = Atomic<Bool>(false)
        let handle: (String) -> Void = { line in
            log.write(line)
            onEvent(.line(line))
            if let phase = InstallProgressParser.phase(of: line) {
                if phase == .install { changingTarget.store(true, ordering: .relaxed) }
                onEvent(.phase(phase))
            }
            if let finding = diagnosis.read(line) { onEvent(.finding(finding)) }
        }
        let stops: @Sendable () -> Bool = {
            if log.failure != nil { return true }
            guard cancel.isRequested else { return false }
            guard changingTarget.load(ordering: .relaxed) else { return true }
            if !toldWaiting.exchange(true, ordering: .relaxed) {
                log.write("=== cancel: pip is changing files in the target; the step is let finish")
                onEvent(.cancelWaits)
            }
            return false
        }
        let teardown = Teardown(
            isRequested: stops, wake: cancel.wakeDescriptors, term: gracePeriods.term, kill: gracePeriods.kill,
            onSignal: { name in
                log.write("=== cancel: \(name) to the step's process group")
                onEvent(.cancelling(signal: name))
            })
        let termination: ProcessOutcome.Termination
        let started = ContinuousClock.now
        do {
            termination = try ChildProcess.run(
                argv, environment: env, output: .streamed { bytes in lines.feed(bytes).forEach(handle) }, newSession: true,
                teardown: teardown
            ).termination
        } catch {
            log.write("could not start: \(error.description)")
            return .failed(step: index, reason: LocalizedText(
                en: "Could not start \(error.executable): \(error.description).", zh: "无法启动 \(error.executable)：\(error.description)。"))
        }
        lines.finish().forEach(handle)
        log.write("=== step \(index + 1) ended: \(termination) after " + Self.seconds(since: started))
        // A step that was let finish is judged by how it ended; the next one is not started.
        if cancel.isRequested, !toldWaiting.load(ordering: .relaxed) { return .cancelled(step: index) }
        if let broken = log.failure { return .failed(step: index, reason: broken) }
        if termination == .exited(0) { return nil }
        let first = diagnosis.ordered.first
        return .failed(step: index, reason: first.map { $0.cause.followed(by: $0.fix) } ?? LocalizedText(
            en: "\(title.en) failed (\(termination)); the log shows pip's own message.",
            zh: "\(title.zh)失败（\(termination)）；日志中有 pip 的原始信息。"))
    }

    static func describe(_ result: InstallOutcome.Result) -> String {
        switch result {
        case .succeeded: return "succeeded"
        case .failed(let step, let reason): return "failed at step \(step + 1): \(reason.en)"
        case .cancelled(let step): return "cancelled during step \(step + 1)"
        case .refused(let reason): return "refused: \(reason.en)"
        }
    }
}

/// What an install changed in the target, from its packages before and after, and whether torch moved although
/// every step pinned it.
struct TargetComparison: Equatable {
    var changes: [PackageSnapshot.Change]
    var torchBefore: String?
    var torchAfter: String?
    /// pip's set-aside folders in the target after the install.
    var stashed: [String]

    init(before: PackageSnapshot?, after: PackageSnapshot?) {
        changes = before.flatMap { old in after.map { old.changes(to: $0) } } ?? []
        stashed = after?.stashed ?? []
        torchBefore = before?.versions["torch"]
        torchAfter = after?.versions["torch"]
    }

    /// The sentence where pip left its set-aside folders in the target (it stopped while replacing a package), with
    /// how to make the package whole again.
    func halfDone(python: String) -> LocalizedText? {
        guard !stashed.isEmpty else { return nil }
        let names = stashed.joined(separator: ", ")
        let lost = changes.filter { $0.after == nil }.map { "\($0.name)==\($0.before ?? "")" }
        let repair = "\(python) -m pip install --force-reinstall --no-deps " + (lost.isEmpty ? "<package>" : lost.joined(separator: " "))
        return LocalizedText(
            en: "pip stopped in the middle of replacing a package: it left \(names) in site-packages (the old files it set aside), so what is installed there is incomplete. Reinstall it (\(repair)), or run this install again.",
            zh: "pip 在替换包的中途停止了：它在 site-packages 中留下了 \(names)（被移开的旧文件），因此那里安装的内容不完整。请重新安装（\(repair)），或再次运行本安装。")
    }

    /// The sentence where torch changed (or vanished); nil where it stayed, or was not there to begin with.
    var torchChange: LocalizedText? {
        guard let torchBefore, torchAfter != torchBefore else { return nil }
        return LocalizedText(
            en: "torch changed from \(torchBefore) to \(torchAfter ?? "nothing") although it was pinned; reinstall torch \(torchBefore) with the command pytorch.org gives, and report this.",
            zh: "torch 虽已固定，却从 \(torchBefore) 变成了 \(torchAfter ?? "无")；请按 pytorch.org 的命令重新安装 torch \(torchBefore)，并报告此问题。")
    }
}

/// The file beside a running install's log that says which process runs it, for `diagnose` and a second install.
struct RunningMarker: Codable, Equatable {
    var pid = getpid()
    var python: String
    var log: String

    var json: Data { (try? JSONEncoder().encode(self)).map { $0 + Data("\n".utf8) } ?? Data() }
}

/// A diagnosis shared between the output callback and the step's end.
final class LiveDiagnosis: Sendable {
    private let state = Mutex(Diagnosis())
    func read(_ line: String) -> Finding? { state.withLock { $0.read(line) } }
    var ordered: [Finding] { state.withLock { $0.ordered } }
}
