import CNcursesw

#if canImport(Glibc)
import Glibc
#endif

/// Whether this process can draw a full-screen wizard, and if not, why: checked before curses is started, because
/// curses started on a pipe writes escape codes into it, and on TERM=dumb draws garbage.
public enum TerminalPreflight: Equatable, Sendable {
    case usable
    case notATerminal
    case termUnset
    case termUnknown(String)
    case termCannotAddressCursor(String)

    public static func check(environment: [String: String]) -> TerminalPreflight {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return .notATerminal }
        guard let term = environment["TERM"], !term.isEmpty else { return .termUnset }
        var why: Int32 = 0
        if cn_probe_terminal(STDOUT_FILENO, &why) == 1 { return .usable }
        return why == -2 ? .termCannotAddressCursor(term) : .termUnknown(term)
    }

    /// True where stdout is a terminal and colour is not refused (https://no-color.org: NO_COLOR set to anything).
    public static func wantsColor(environment: [String: String]) -> Bool {
        guard isatty(STDOUT_FILENO) == 1 else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}
