import Foundation
import SetupCommands
import TestSupport

/// A command run in this process as `BuiltBinary.run` runs the binary, with the same result: for the tests whose
/// command needs no process of its own (no terminal, no signal, no namespace), so that they start none.
enum InProcess {
    static func run(_ arguments: [String], environment: [String: String]) throws -> BuiltBinary.Run {
        let clock = ContinuousClock()
        let start = clock.now
        let run = Entrypoint.run(arguments, environment: environment)
        let elapsed = clock.now - start
        return BuiltBinary.Run(
            status: run.status, stdout: run.stdout, stderr: run.stderr,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
