import TerminalUI

/// Where a command's text goes: stdout, fitted at word boundaries to the terminal's width where stdout is one, and
/// in whole lines where it is a pipe or a file.
enum TextOutput {
    static func write(_ text: String) {
        print(TerminalParagraphs.fit(text, width: TerminalParagraphs.columns()), terminator: "")
    }
}
