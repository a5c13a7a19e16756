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
