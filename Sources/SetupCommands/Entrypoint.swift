import ArgumentParser
import Foundation
import SetupCore

/// The command line as one function: the binary's main.swift calls `main()`, and the tests call `run(_:environment:)`
/// in-process, with their own environment and a capture of what the command writes.
public enum Entrypoint {
    /// What the binary does: streams made safe, a word where /proc is missing, the command, its exit status.
    public static func main() -> Never {
        StandardStreams.reopenClosed()
        if let missing = CommandLineWords.procMissing() {
            StandardStreams.writeError(missing.text(Language.fromLocale(CommandSession.current.environment)) + "\n")
        }
        exit(status(of: Array(CommandLineWords.arguments().dropFirst())))
    }

    /// One run of the commands in this process, as the binary would run them with `arguments` (the program's name
    /// left out) in `environment`: the exit status and what was written to stdout and stderr.
    public static func run(_ arguments: [String], environment: [String: String]) -> CommandRun {
        let capture = OutputCapture()
        let status = CommandSession.$current.withValue(CommandSession(environment: environment, capture: capture)) {
            Self.status(of: arguments)
        }
        return CommandRun(status: status, stdout: capture.stdout, stderr: capture.stderr)
    }

    /// Parses and runs; every way out is an exit status. ArgumentParser's own status for a usage error is 64
    /// (EX_USAGE); this tool's documented one is 2.
    static func status(of arguments: [String]) -> Int32 {
        do {
            var command = try RootCommand.parseAsRoot(arguments)
            try command.run()
            return CommandStatus.success.rawValue
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = RootCommand.exitCode(for: error)
            let message = RootCommand.fullMessage(for: error)
            if code == .validationFailure {
                StandardStreams.writeError(message + "\n")
                return CommandStatus.usage.rawValue
            }
            // As ArgumentParser's exit(withError:) says it: help and the version on stdout, anything else on stderr.
            if !message.isEmpty {
                if code == .success { StandardStreams.write(message + "\n") } else { StandardStreams.writeError(message + "\n") }
            }
            return code.rawValue
        }
    }
}

/// One in-process run's exit status and output.
public struct CommandRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// stdout parsed as a JSON object, nil where it is not one.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}
