#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain command output fitted to the terminal it is printed on: each line too wide for the terminal is broken at a
/// space (or between two CJK characters, never before closing punctuation), and its continuation lines are indented
/// under it, instead of the terminal cutting words in two at its edge. Colour escapes take no cells. Output to a
/// pipe or a file is never fitted: it keeps its whole lines for the reader, the log and grep.
public enum TerminalParagraphs {
    /// The columns of the terminal that `descriptor` is, or nil where it is none (a pipe, a file) or says none.
    public static func columns(of descriptor: Int32 = STDOUT_FILENO) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// `text` for a terminal of `width` columns; nil width: unchanged.
    public static func fit(_ text: String, width: Int?) -> String {
        guard let width, width >= 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { fitLine(String($0), width: width).joined(separator: "\n") }
            .joined(separator: "\n")
    }

    /// How far a line's continuations are indented: under its text for a list item ("- "), a little deeper than
    /// the line itself otherwise, and never so deep that little room is left.
    static func continuationIndent(_ line: String, width: Int) -> Int {
        let visible = stripped(line)
        let leading = visible.prefix { $0 == " " }.count
        let rest = visible.dropFirst(leading)
        let indent = leading + (rest.hasPrefix("- ") ? 2 : 4)
        return indent <= width / 3 ? indent : 2
    }

    static func fitLine(_ line: String, width: Int) -> [String] {
        guard visibleWidth(line) > width else { return [line] }
        let indent = String(repeating: " ", count: continuationIndent(line, width: width))
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        // Where the current line may be broken: the index after which it ends, and the width up to there.
        var breakAt: (index: String.Index, width: Int)? = nil
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\u{1B}" {
                let end = escapeEnd(line, from: index)
                current += line[index..<end]
                index = end
                continue
            }
            let cells = CellWidth.of(character)
            if character == " " {
                breakAt = (current.endIndex, currentWidth)
            } else if cells == 2, !TextWrap.closingPunctuation.contains(character), currentWidth > 0 {
                breakAt = (current.endIndex, currentWidth)
            }
            if currentWidth + cells > width, currentWidth > indent.count {
                let (cut, _) = breakAt.flatMap { $0.width > indent.count ? $0 : nil } ?? (current.endIndex, currentWidth)
                lines.append(String(current[..<cut].reversed().drop { $0 == " " }.reversed()))
                let carried = String(current[cut...].drop { $0 == " " })
                current = indent + carried
                currentWidth = indent.count + visibleWidth(carried)
                breakAt = nil
                if character == " " {
                    index = line.index(after: index)
                    continue
                }
            }
            current.append(character)
            currentWidth += cells
            index = line.index(after: index)
        }
        lines.append(current)
        return lines
    }

    /// The end of the escape sequence that starts at `start` (CSI: ESC [ parameters final byte; others: two
    /// characters).
    static func escapeEnd(_ text: String, from start: String.Index) -> String.Index {
        var index = text.index(after: start)
        guard index < text.endIndex else { return index }
        guard text[index] == "[" else { return text.index(after: index) }
        index = text.index(after: index)
        while index < text.endIndex {
            let scalar = text[index].unicodeScalars.first?.value ?? 0
            index = text.index(after: index)
            if (0x40...0x7E).contains(scalar) { break }
        }
        return index
    }

    static func stripped(_ text: String) -> String {
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\u{1B}" {
                index = escapeEnd(text, from: index)
            } else {
                out.append(text[index])
                index = text.index(after: index)
            }
        }
        return out
    }

    static func visibleWidth(_ text: String) -> Int { CellWidth.of(stripped(text)) }
}
