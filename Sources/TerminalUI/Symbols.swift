/// The marks that carry meaning without colour: ✓ ! ✗ and a spinner, or ASCII where the locale is not UTF-8.
public struct Symbols: Sendable {
    public var ok: String
    public var warning: String
    public var failure: String
    public var spinner: [String]
    public var horizontal: String
    public var vertical: String
    public var corners: (String, String, String, String)

    public static let unicode = Symbols(
        ok: "✓", warning: "!", failure: "✗", spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        horizontal: "─", vertical: "│", corners: ("┌", "┐", "└", "┘"))
    public static let ascii = Symbols(
        ok: "[ok]", warning: "[!!]", failure: "[xx]", spinner: ["|", "/", "-", "\\"],
        horizontal: "-", vertical: "|", corners: ("+", "+", "+", "+"))

    /// UTF-8 in LC_ALL, LC_CTYPE or LANG (the first set) gives the Unicode marks.
    public static func forLocale(_ environment: [String: String]) -> Symbols {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8") ? .unicode : .ascii
    }
}
