import Foundation
import Synchronization

/// Where a command reads its environment and writes its text: the process's own for the binary, or the ones an
/// in-process run gives (`Entrypoint.run`), bound to the task so that tests running side by side do not share them.
/// A thread a command starts does not see the binding: what it writes is handed the session it was made with.
struct CommandSession: Sendable {
    var environment: [String: String]
    /// nil: stdout and stderr themselves.
    var capture: OutputCapture?

    /// True for the binary (nothing captured): install catches Ctrl-C and ignores SIGHUP, and asks its question on
    /// the terminal. An in-process run leaves the signals of the process it runs in as they are, and has no terminal
    /// to ask on, draw on or colour.
    var ownsProcess: Bool { capture == nil }

    @TaskLocal static var current = CommandSession(environment: ProcessInfo.processInfo.environment, capture: nil)
}

/// What an in-process run wrote, kept apart as stdout and stderr.
final class OutputCapture: Sendable {
    private let written = Mutex<(stdout: String, stderr: String)>(("", ""))

    func append(_ text: String, error: Bool) {
        written.withLock { if error { $0.stderr += text } else { $0.stdout += text } }
    }

    var stdout: String { written.withLock { $0.stdout } }
    var stderr: String { written.withLock { $0.stderr } }
}
