import Foundation
import SetupCore

#if canImport(Glibc)
import Glibc
#endif

/// The one folder a test process writes its temporary files in (`flash-attn-setup-tests.PID` in the system's
/// temporary folder): every fixture folder, venv, mirror and tmux socket is made inside it, TMPDIR points into it
/// for everything the tests start, and it is removed when the process exits, passed or failed. A run that was
/// killed leaves its folder behind; the next run removes the folders of processes that are gone.
public enum TestScratch {
    static let prefix = "flash-attn-setup-tests."

    /// The folder, made (and the leftovers of dead runs removed) on first use.
    public static let root: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        removeLeftovers(in: base)
        let path = (base as NSString).appendingPathComponent(prefix + String(getpid()))
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // Foundation's NSTemporaryDirectory, Python's tempfile and pip read TMPDIR; tmux reads TMUX_TMPDIR.
        setenv("TMPDIR", path, 1)
        setenv("TMUX_TMPDIR", path, 1)
        atexit { TestScratch.removeOwn() }
        return path
    }()

    /// Removes this process's folder; called at exit, when `root` has long been made.
    static func removeOwn() {
        if (try? FileManager.default.removeItem(atPath: root)) != nil { return }
        // A folder a test made read-only (a permission case) is made writable, then removed.
        _ = try? ChildProcess.run(["/bin/chmod", "-R", "u+rwX", root], environment: [:], timeout: 30)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The folders of earlier test processes that no longer run (a crash or a kill skips their exit handler).
    static func removeLeftovers(in base: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(atPath: (base as NSString).appendingPathComponent(name))
        }
    }
}
