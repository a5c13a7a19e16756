import ArgumentParser
import Foundation
import SetupCore

StandardStreams.reopenClosed()
if let missing = CommandLineWords.procMissing() {
    StandardStreams.writeError(missing.text(Language.fromLocale(ProcessInfo.processInfo.environment)) + "\n")
}
// ArgumentParser exits 64 (EX_USAGE) on a usage error; this tool's documented status for that is 2.
do {
    var command = try RootCommand.parseAsRoot(Array(CommandLineWords.arguments().dropFirst()))
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
