import Foundation
import Synchronization
import Testing
import TestSupport
@testable import SetupCore

/// PlanRunner's parts on their own: the steps in order, the comparison of the target, the constraint, the marker.
@Suite struct PlanRunnerTests {
    func runner(_ steps: [PlanStep], blockers: [PlanReason] = []) throws -> PlanRunner {
        let folder = Fixtures.temporaryDirectory("runner")
        let plan = InstallPlan(
            method: .wheel, installer: .pip, python: "/bin/true", torchVersion: "2.8.0+cu128",
            constraintsPath: folder + "/work/torch-constraint.txt", constraintsContent: "torch==2.8.0+cu128\n", steps: steps,
            estimates: PlanEstimates(diskGiB: 0.1, minutesLow: 0, minutesHigh: 1), notes: [], blockers: blockers)
        return PlanRunner(
            plan: plan, environment: ["PATH": "/usr/bin:/bin"], log: try InstallLog(path: folder + "/install.log"),
            cancel: CancelRequest(), stateDirectory: folder + "/state")
    }

    func step(_ argv: [String]) -> PlanStep {
        PlanStep(title: LocalizedText(en: argv.joined(separator: " "), zh: argv.joined(separator: " ")), action: .run(argv: argv, environment: [:]))
    }

    @Test func stepsRunInOrderUntilOneFailsAndTheTargetIsReadBeforeTheFirstThatCanChangeIt() throws {
        let runner = try runner([step(["/bin/echo", "one"]), step(["/bin/sh", "-c", "echo two; exit 4"]), step(["/bin/echo", "three"])])
        let events = Mutex<[String]>([])
        var readBefore = 0
        let (result, commit) = runner.runSteps(diagnosis: LiveDiagnosis(), beforeChanging: { readBefore += 1 }) { event in
            if case .line(let line) = event { events.withLock { $0.append(line) } }
        }
        guard case .failed(let index, _) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(index == 1)
        #expect(commit == nil)
        #expect(events.withLock { $0 } == ["one", "two"])
        #expect(readBefore == 2)
        let log = try String(contentsOfFile: runner.log.path, encoding: .utf8)
        #expect(log.contains("=== step 2 ended: exited(4)"))
        #expect(!log.contains("three"))
    }

    @Test func aPlanWithABlockerIsRefusedWithItsSentence() throws {
        let blocker = PlanReason(.diskTooLow, en: "Only 0.1 GiB is free.", zh: "只剩 0.1 GiB。")
        let runner = try runner([step(["/bin/echo", "never"])], blockers: [blocker])
        #expect(PlanRunner.refusal(of: runner.plan)?.en == "Only 0.1 GiB is free.")
        let outcome = runner.run { _ in }
        #expect(outcome.result == .refused(blocker.message))
        #expect(!(try String(contentsOfFile: runner.log.path, encoding: .utf8)).contains("never"))
    }

    @Test func theLogsCompanionsAreNeverWrittenThroughALinkSomeonePlanted() throws {
        let runner = try runner([step(["/bin/echo", "one"])])
        let folder = (runner.log.path as NSString).deletingLastPathComponent
        let victim = folder + "/victim"
        try "not the tool's\n".write(toFile: victim, atomically: true, encoding: .utf8)
        for suffix in [".before.json", ".after.json", ".running"] {
            try FileManager.default.createSymbolicLink(atPath: runner.log.path + suffix, withDestinationPath: victim)
        }
        _ = runner.run { _ in }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "not the tool's\n")
        let kind = try FileManager.default.attributesOfItem(atPath: runner.log.path + ".before.json")[.type] as? FileAttributeType
        #expect(kind == .typeSymbolicLink)
        let log = try String(contentsOfFile: runner.log.path, encoding: .utf8)
        #expect(log.contains("not written: \(runner.log.path).before.json (notARegularFile)"))
        #expect(log.contains("not written: \(runner.log.path).after.json (notARegularFile)"))
    }

    @Test func anOwnedFileIsReplacedOnlyWhereTheToolCouldHaveWrittenIt() throws {
        let folder = Fixtures.temporaryDirectory("owned")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mine = folder + "/mine.json"
        #expect(OwnedFile.replace(mine, with: Data("1".utf8)) == nil)
        #expect(OwnedFile.replace(mine, with: Data("2".utf8)) == nil)
        #expect(FileManager.default.contents(atPath: mine) == Data("2".utf8))
        // A second name for the file (a hard link someone made to a file of theirs) is refused, and so is a FIFO,
        // which must not hang the open.
        let other = folder + "/other"
        try "theirs".write(toFile: other, atomically: true, encoding: .utf8)
        #expect(link(other, folder + "/hard.json") == 0)
        #expect(OwnedFile.replace(folder + "/hard.json", with: Data("x".utf8)) == .notOurs)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "theirs")
        #expect(mkfifo(folder + "/fifo.part", 0o600) == 0)
        guard case .failure(.notARegularFile) = OwnedFile.update(folder + "/fifo.part") else {
            Issue.record("a FIFO was opened as a download's part"); return
        }
        guard case .failure(.notARegularFile) = OwnedFile.update(folder) else { Issue.record("a folder was opened"); return }
    }

    @Test func theConstraintIsWrittenWhereThePlanSays() throws {
        let runner = try runner([])
        #expect(runner.writeConstraint() == nil)
        #expect(try String(contentsOfFile: runner.plan.constraintsPath, encoding: .utf8) == "torch==2.8.0+cu128\n")
    }

    @Test func theComparisonNamesWhatChangedAndATorchThatMoved() {
        let before = PackageSnapshot(versions: ["torch": "2.8.0+cu128", "einops": "0.8.0"])
        let installed = TargetComparison(before: before, after: PackageSnapshot(versions: ["torch": "2.8.0+cu128", "einops": "0.8.0", "flash-attn": "2.8.3"]))
        #expect(installed.changes == [PackageSnapshot.Change(name: "flash-attn", before: nil, after: "2.8.3")])
        #expect(installed.torchChange == nil)
        let moved = TargetComparison(before: before, after: PackageSnapshot(versions: ["torch": "2.9.0"]))
        #expect(moved.torchChange?.en.contains("torch changed from 2.8.0+cu128 to 2.9.0") == true)
        let unread = TargetComparison(before: nil, after: nil)
        #expect(unread.changes.isEmpty && unread.torchChange == nil)
    }

    @Test func theRunningMarkerIsJSONThatDetachedInstallsRead() throws {
        let marker = RunningMarker(python: "/venv/bin/python \"quoted\"", log: "/logs/install.log")
        let decoded = try JSONDecoder().decode(RunningMarker.self, from: marker.json)
        #expect(decoded == marker)
    }
}
