import ArgumentParser
import Foundation

// ArgumentParser exits 64 (EX_USAGE) on a usage error; this tool's documented status for that is 2.
do {
    var command = try RootCommand.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = RootCommand.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((RootCommand.fullMessage(for: error) + "\n").utf8))
        Foundation.exit(CommandStatus.usage.rawValue)
    }
    RootCommand.exit(withError: error)
}
