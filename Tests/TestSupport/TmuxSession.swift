import Foundation
import SetupCore

/// A terminal for end-to-end tests of the wizard: a tmux server on a private socket (in the run's scratch folder, so
/// nothing is left in /tmp/tmux-UID) running one command in a pane of a given size, driven with send-keys and read
/// with capture-pane.
public final class TmuxSession {
    public let socket: String
    public let session = "wizard"

    /// Starts `command` (argv, run by tmux through /bin/sh as a terminal would) with exactly `environment`.
    public init(_ argv: [String], environment: [String: String], columns: Int = 100, rows: Int = 30) throws {
        socket = Fixtures.temporaryDirectory("tmux") + "/socket"
        let assignments = environment.map { "\($0.key)=\(Self.quote($0.value))" }.sorted().joined(separator: " ")
        // The pane stays after the command ends so its last screen, its exit status and the terminal's icanon and
        // echo flags ("icanon echo" when restored, "-icanon -echo" when left raw) can be read.
        let shell = "env -i \(assignments) \(argv.map(Self.quote).joined(separator: " ")); echo \"EXIT=$?\"; "
            + "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; sleep 600"
        try tmux(["new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows), shell])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outcome = try ChildProcess.run(["/usr/bin/tmux", "-S", socket] + arguments, environment: ["PATH": "/usr/bin:/bin", "TERM": "xterm-256color"], timeout: 20)
        guard outcome.exitCode == 0 else { throw FixtureError("tmux \(arguments.first ?? ""): \(outcome.stderrText)") }
        return outcome.stdoutText ?? ""
    }

    public func send(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// Quits the wizard as a user does, q and then y, and waits for the shell line that prints its exit status
    /// (`EXIT=` followed by `status`, or any status where it is empty).
    @discardableResult
    public func quit(expectingExit status: String = "") throws -> String {
        try send("q")
        try send("y")
        return try waitFor("EXIT=" + status)
    }

    public func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    public func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(columns), "-y", String(rows)])
    }

    /// Waits until the screen shows `text`; returns the screen. Polls rather than sleeps (a fixed sleep flakes).
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 30) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw FixtureError("the screen never showed \"\(text)\"; it shows:\n\(last)")
    }

    /// Whether the pane is on the alternate screen (curses running) and shows the cursor.
    public func alternateScreenAndCursor() throws -> (alternate: Bool, cursor: Bool) {
        let text = try tmux(["display-message", "-p", "-t", session, "#{alternate_on} #{cursor_flag}"])
        let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return (parts.first == "1", parts.last == "1")
    }

    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: (socket as NSString).deletingLastPathComponent)
    }
}
