import Foundation
import Testing
import TestSupport
@testable import SetupCore

@Suite struct ChildProcessTests {
    @Test func collectsStdoutAndStderrApartWithTheExitStatus() throws {
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], timeout: 10)
        #expect(outcome.exitCode == 3)
        #expect(outcome.stdoutText == "out\n")
        #expect(outcome.stderrText == "err\n")
    }

    @Test func passesArgumentsWithoutAShell() throws {
        let outcome = try ChildProcess.run(["/bin/echo", "a b", "$HOME", "; rm -rf /"], timeout: 10)
        #expect(outcome.stdoutText == "a b $HOME ; rm -rf /\n")
    }

    @Test func killsTheWholeGroupAtTheTimeout() throws {
        let marker = temporaryMarkerPath()
        // The grandchild would write the marker after 3 s if it survived the kill.
        let outcome = try ChildProcess.run(
            ["/bin/sh", "-c", "(sleep 3; touch \(marker)) & sleep 60"], timeout: 0.5)
        #expect(outcome.termination == .timedOut)
        #expect(outcome.seconds < 3)
        Thread.sleep(forTimeInterval: 3.5)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func endsWhenTheChildExitsEvenIfAGrandchildHoldsThePipe() throws {
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "sleep 30 & echo done"], timeout: 20)
        #expect(outcome.exitCode == 0)
        #expect(outcome.seconds < 5)
        #expect(outcome.stdoutText?.contains("done") == true)
    }

    @Test func reportsASignal() throws {
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "kill -SEGV $$"], timeout: 10)
        #expect(outcome.termination == .signaled(SIGSEGV))
    }

    @Test func reportsAProgramThatDoesNotExist() {
        #expect(throws: LaunchFailure.self) {
            try ChildProcess.run(["/nonexistent/program"], timeout: 10)
        }
    }

    @Test func runsWithTheGivenEnvironmentOnly() throws {
        let outcome = try ChildProcess.run(["/usr/bin/env"], environment: ["ONLY": "this"], timeout: 10)
        #expect(outcome.stdoutText == "ONLY=this\n")
    }

    private func temporaryMarkerPath() -> String {
        Fixtures.temporaryDirectory("grandchild") + "/marker"
    }
}
