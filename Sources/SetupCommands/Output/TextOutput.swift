import TerminalUI

/// Where a command's text goes: stdout, fitted at word boundaries to the terminal's width where stdout is one, and
/// in whole lines where it is a pipe, a file, or an in-process run's capture.
enum TextOutput {
    static func write(_ text: String, session: CommandSession = .current) {
        let width = session.ownsProcess ? TerminalParagraphs.columns() : nil
        StandardStreams.write(TerminalParagraphs.fit(text, width: width), session: session)
    }
}
