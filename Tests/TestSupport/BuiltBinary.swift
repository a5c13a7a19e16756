import Foundation
import SetupCore

/// The flash-attn-setup executable that `swift test` built, run as a user would run it.
public enum BuiltBinary {
    /// Beside the test bundle in the build products folder (the test target depends on the executable, so it is
    /// built first); FLASH_ATTN_SETUP_BINARY overrides.
    public static let path: String = {
        if let override = ProcessInfo.processInfo.environment["FLASH_ATTN_SETUP_BINARY"] { return override }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("flash-attn-setup").path
            if ExecutableSearch.isExecutableFile(candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/flash-attn-setup").path
        return fallback
    }()

    /// One run's status and output.
    public struct Run: Sendable {
        public var status: Int32?
        public var stdout: String
        public var stderr: String
        public var seconds: Double

        public init(status: Int32?, stdout: String, stderr: String, seconds: Double) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.seconds = seconds
        }

        /// stdout parsed as a JSON object.
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
                throw FixtureError("stdout is not a JSON object: \(stdout.prefix(300))")
            }
            return object
        }
    }

    public static func run(_ arguments: [String], environment: [String: String], timeout: Double = 120) throws -> Run {
        let outcome = try ChildProcess.run([path] + arguments, environment: environment, timeout: timeout)
        return Run(
            status: outcome.exitCode, stdout: String(decoding: outcome.stdout, as: UTF8.self),
            stderr: outcome.stderrText, seconds: outcome.seconds)
    }
}
