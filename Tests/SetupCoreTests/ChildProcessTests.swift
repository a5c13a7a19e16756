import Foundation
import Synchronization
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

    /// The outcome names what ran, so a log line or an error can say it without the caller carrying argv beside it.
    @Test func theOutcomeCarriesItsArgv() throws {
        let outcome = try ChildProcess.run(["/bin/echo", "a b"], timeout: 10)
        #expect(outcome.argv == ["/bin/echo", "a b"])
    }

    /// One entry, two output modes: streamed merges stdout and stderr in the order written and hands them over as
    /// they come, leaving the outcome's own empty.
    @Test func streamedOutputIsMergedAndHandedOverAsItComes() throws {
        let chunks = Mutex<[UInt8]>([])
        let outcome = try ChildProcess.run(
            ["/bin/sh", "-c", "echo one; echo two >&2; echo three"], output: .streamed { bytes in chunks.withLock { $0 += bytes } },
            timeout: 10)
        #expect(outcome.exitCode == 0)
        #expect(String(decoding: chunks.withLock { $0 }, as: UTF8.self) == "one\ntwo\nthree\n")
        #expect(outcome.stdout.isEmpty && outcome.stderr.isEmpty)
    }

    /// A teardown stops a collected run too: SIGINT first, then SIGTERM to a child that ignores it.
    @Test func aTeardownStopsTheGroupOnItsSchedule() throws {
        let cancel = Cancellator.shared.request()
        let sent = Mutex<[String]>([])
        let teardown = Teardown(
            isRequested: { cancel.isRequested }, wake: cancel.wakeDescriptors, term: 0.3, kill: 5,
            onSignal: { name in sent.withLock { $0.append(name) } })
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            cancel.request()
        }
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "trap '' INT; sleep 30"], timeout: 20, teardown: teardown)
        #expect(outcome.termination == .signaled(SIGTERM))
        #expect(sent.withLock { $0 } == ["SIGINT", "SIGTERM"])
        #expect(outcome.seconds < 5)
    }

    /// The registry holds every running child's group: stopAll ends one that nothing else would.
    @Test func theCancellatorStopsEveryRunningChild() throws {
        // A registry of this test's own, so that no other test's child is stopped.
        let registry = Cancellator()
        let started = Date()
        let stopper = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            registry.stopAll()
        }
        stopper.start()
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "sleep 30 & sleep 30"], timeout: 20, registry: registry)
        #expect(outcome.termination == .signaled(SIGKILL))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// A request that follows signals is set by one the registry catches, and wakes a poll on its descriptors.
    @Test func aCaughtSignalSetsTheRequestsThatFollowSignals() throws {
        let follows = Cancellator.shared.request(followingSignals: true)
        let alone = Cancellator.shared.request()
        Cancellator.shared.catchSignals([SIGUSR2])
        defer {
            // Ignored, not defaulted: a SIGUSR2 still pending somewhere would otherwise end the test process.
            signal(SIGUSR2, SIG_IGN)
            Cancellator.shared.clearSignal()
        }
        #expect(!follows.isRequested)
        // To the process, as a user's kill sends it: a thread that does not block it takes it (the test's own
        // thread may block signals, as the cooperative pool's do).
        kill(getpid(), SIGUSR2)
        var fds = follows.wakeDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        #expect(poll(&fds, nfds_t(fds.count), 5000) > 0, "the signal woke no poll")
        #expect(follows.isRequested && !alone.isRequested)
        #expect(Cancellator.shared.pendingSignal == SIGUSR2)
    }

    private func temporaryMarkerPath() -> String {
        Fixtures.temporaryDirectory("grandchild") + "/marker"
    }
}
