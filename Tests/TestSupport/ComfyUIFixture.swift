import Foundation
import SetupCore

#if canImport(Glibc)
import Glibc
#endif

/// ComfyUI checkouts made by the tests: main.py (a stand-in that stays up until stopped), a comfy/ package, the
/// custom nodes of Tests/Fixtures/comfyui-nodes, and a venv copied from a test venv; and a running ComfyUI process.
public enum ComfyUIFixture {
    /// Makes a checkout at `path` with these node packages (folder names under comfyui-nodes) and, where given,
    /// a copy of that venv as its venv/.
    public static func make(at path: String, nodes: [String], venvFrom python: String? = nil) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: path + "/comfy", withIntermediateDirectories: true)
        try files.createDirectory(atPath: path + "/custom_nodes", withIntermediateDirectories: true)
        _ = files.createFile(atPath: path + "/comfy/__init__.py", contents: Data())
        try? files.removeItem(atPath: path + "/main.py")
        try files.copyItem(atPath: Fixtures.root + "/comfyui-main.py", toPath: path + "/main.py")
        for node in nodes {
            try files.copyItem(atPath: Fixtures.root + "/comfyui-nodes/" + node, toPath: path + "/custom_nodes/" + node)
        }
        if let python = python {
            let venv = ((python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            let outcome = try ChildProcess.run(["/bin/cp", "-a", venv, path + "/venv"], environment: Fixtures.environment(), timeout: 60)
            guard outcome.exitCode == 0 else { throw FixtureError("cp -a failed: \(outcome.stderrText)") }
        }
    }

    /// A ComfyUI running: `python main.py --port PORT` started in the checkout, as a user starts it; stopped when
    /// the value goes away.
    public final class Running {
        public let pid: pid_t
        private let process: Process

        /// With `user`, started as that uid (through setpriv, which then is the interpreter: its argv is python's).
        public init(checkout: String, python: String, port: Int, user: uid_t? = nil) throws {
            process = Process()
            if let user {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", python, "main.py", "--port", String(port)]
            } else {
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = ["main.py", "--port", String(port)]
            }
            process.currentDirectoryURL = URL(fileURLWithPath: checkout)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            pid = process.processIdentifier
            // Until its command line is readable in /proc.
            for _ in 0..<50 where (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()).isEmpty {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        deinit { kill(pid, SIGKILL) }
    }
}
