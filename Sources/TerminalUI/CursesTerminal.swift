import CNcursesw
import CTerminalSafety
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through ncursesw: the one place that calls curses. It is a `Canvas` the screens draw on,
/// and the source of key presses.
public final class CursesTerminal: Canvas {
    private var screen: OpaquePointer?
    private let window: UnsafeMutablePointer<WINDOW>
    private let colors: Bool

    public private(set) var rows: Int
    public private(set) var columns: Int

    /// Starts curses on stdin/stdout; nil when it cannot (the caller then prints plain text). The locale must be set
    /// (see `TerminalSession.prepareLocale`) before this.
    public init?(useColor: Bool) {
        // Resizes are found by asking the kernel each turn of the loop (`resizedSinceLastCheck`), not through
        // ncurses' SIGWINCH handler, so no handler runs in whichever thread the kernel picks (a worker downloading
        // or spawning). Ignored before newterm, ncurses leaves it alone.
        signal(SIGWINCH, SIG_IGN)
        // Saved before curses changes the modes, so a crash can put them back.
        fas_install_crash_restore(nil)
        guard let screen = cn_newterm_stdio() else {
            fas_remove_crash_restore()
            return nil
        }
        self.screen = screen
        window = cn_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        var hasColors = false
        if useColor && has_colors() {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_GREEN), -1)
            init_pair(2, Int16(COLOR_YELLOW), -1)
            init_pair(3, Int16(COLOR_RED), -1)
            init_pair(4, Int16(COLOR_CYAN), -1)
            hasColors = true
        }
        colors = hasColors
        // The terminal's own strings for leaving the alternate screen, showing the cursor, plain attributes.
        let restore = ["rmcup", "cnorm", "sgr0"].compactMap { name -> String? in
            guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
            return String(cString: value)
        }.joined()
        fas_set_restore_sequence(restore)
        rows = Int(getmaxy(window))
        columns = Int(getmaxx(window))
    }

    public func clear() {
        werase(window)
        rows = Int(getmaxy(window))
        columns = Int(getmaxx(window))
    }

    public func put(_ text: String, row: Int, column: Int, style: CellStyle) {
        guard row >= 0, row < rows, column >= 0, column < columns else { return }
        var clipped = CellWidth.clip(text, to: columns - column)
        guard !clipped.isEmpty else { return }
        let attributes = attributes(for: style)
        wattr_on(window, attributes, nil)
        defer { wattr_off(window, attributes, nil) }
        // The screen's last cell takes an insert: adding a character there makes curses scroll.
        var last: Character? = nil
        if row == rows - 1, column + CellWidth.of(clipped) == columns {
            last = clipped.removeLast()
        }
        if !clipped.isEmpty {
            _ = mvwaddwstr(window, Int32(row), Int32(column), Self.wide(clipped))
        }
        if let last {
            _ = mvwins_nwstr(window, Int32(row), Int32(columns - CellWidth.of(last)), Self.wide(String(last)), -1)
        }
    }

    private static func wide(_ text: String) -> [wchar_t] {
        text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
    }

    private func attributes(for style: CellStyle) -> attr_t {
        var value: attr_t = 0
        if style.bold { value |= cn_a_bold() }
        if style.reverse { value |= cn_a_reverse() }
        if style.dim { value |= cn_a_dim() }
        if colors {
            switch style.color {
            case .green: value |= cn_color_pair(1)
            case .yellow: value |= cn_color_pair(2)
            case .red: value |= cn_color_pair(3)
            case .cyan: value |= cn_color_pair(4)
            case .none: break
            }
        }
        return value
    }

    /// True when the terminal's size changed since the last call; curses is told the new size.
    public func resizedSinceLastCheck() -> Bool {
        var newRows: Int32 = 0
        var newColumns: Int32 = 0
        guard cn_terminal_size(STDOUT_FILENO, &newRows, &newColumns) == 0,
            Int(newRows) != rows || Int(newColumns) != columns
        else { return false }
        resizeterm(newRows, newColumns)
        rows = Int(newRows)
        columns = Int(newColumns)
        return true
    }

    public func refresh() {
        wnoutrefresh(window)
        doupdate()
    }

    /// The next key, or nil when none is waiting.
    public func readKey() -> Key? {
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_ENTER: return .enter
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BACKSPACE: return .backspace
            case KEY_BTAB: return .backTab
            case KEY_RESIZE:
                rows = Int(getmaxy(window))
                columns = Int(getmaxx(window))
                return .resize
            default: return nil
            }
        }
        switch character {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 127, 8: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Gives the terminal back: cursor, echo, the main screen.
    public func stop() {
        guard let screen else { return }
        curs_set(1)
        endwin()
        delscreen(screen)
        self.screen = nil
        fas_remove_crash_restore()
    }

    deinit { stop() }
}

/// Process-wide terminal matters: the locale curses needs for wide characters. The quit signals, caught so that the
/// wizard always restores the terminal (ncurses alone leaves it raw on SIGHUP and SIGQUIT), are SetupCore's
/// Cancellator's, with every other cancel.
public enum TerminalSession {
    /// Sets the locale from the environment, falling back on C.UTF-8 where that gives no UTF-8 (LANG unset), since
    /// wide characters drawn under the C locale come out blank.
    public static func prepareLocale() {
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
    }
}

