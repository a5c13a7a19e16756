import ArgumentParser
import Foundation

StandardStreams.reopenClosed()
// ArgumentParser exits 64 (EX_USAGE) on a usage error; this tool's documented status for that is 2.
do {
    var command = try RootCommand.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = RootCommand.exitCode(for: error)
    if code == .validationFailure {
        StandardStreams.writeError(RootCommand.fullMessage(for: error) + "\n")
        Foundation.exit(CommandStatus.usage.rawValue)
    }
    RootCommand.exit(withError: error)
}
