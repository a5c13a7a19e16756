import SetupCore
import TerminalUI

/// How plain text output marks things: colour only on a terminal and never with NO_COLOR, and symbols that read
/// without colour (✓ ! ✗, or [ok] [!!] [xx] where the locale is not UTF-8).
struct OutputStyle {
    var color: Bool
    var symbols: Symbols

    init(environment: [String: String], session: CommandSession = .current) {
        // A capture is not a terminal, whatever the process's own stdout is.
        color = session.ownsProcess && TerminalPreflight.wantsColor(environment: environment)
        symbols = Symbols.forLocale(environment)
    }

    func symbol(_ verdict: Verdict) -> String {
        switch verdict {
        case .supported: return paint(symbols.ok, code: "32")
        case .limited: return paint(symbols.warning, code: "33")
        case .unsupported: return paint(symbols.failure, code: "31")
        }
    }

    func verdict(_ verdict: Verdict, language: Language) -> String {
        let code = verdict == .supported ? "32" : verdict == .limited ? "33" : "31"
        return symbol(verdict) + " " + paint(verdict.label.text(language), code: "1;" + code)
    }

    func bold(_ text: String) -> String { paint(text, code: "1") }
    func dim(_ text: String) -> String { paint(text, code: "2") }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
