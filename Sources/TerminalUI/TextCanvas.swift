/// An in-memory grid of cells with the same rules as a terminal: a wide character takes its cell and the next,
/// and overwriting either half blanks the whole character, as curses does. Tests draw screens into it and compare
/// `render()` with snapshots.
public struct TextCanvas: Canvas, Sendable {
    private enum Cell: Sendable, Equatable {
        case blank
        case character(Character, CellStyle)
        /// The right half of the wide character to its left.
        case continuation
    }

    public let rows: Int
    public let columns: Int
    private var cells: [[Cell]]

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    public mutating func clear() {
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle) {
        guard row >= 0, row < rows else { return }
        var x = column
        for character in text {
            let width = CellWidth.of(character)
            if width == 0 { continue }
            if x < 0 { x += width; continue }
            if x + width > columns { break }
            erase(row, x)
            if width == 2 { erase(row, x + 1) }
            cells[row][x] = .character(character, style)
            if width == 2 { cells[row][x + 1] = .continuation }
            x += width
        }
    }

    /// Blanks the character occupying (row, x), both halves of a wide one.
    private mutating func erase(_ row: Int, _ x: Int) {
        switch cells[row][x] {
        case .continuation:
            cells[row][x] = .blank
            if x > 0 { cells[row][x - 1] = .blank }
        case .character(let c, _) where CellWidth.of(c) == 2 && x + 1 < columns:
            cells[row][x] = .blank
            cells[row][x + 1] = .blank
        default:
            cells[row][x] = .blank
        }
    }

    /// The text of every row, trailing blanks removed, rows joined with newlines.
    public func render() -> String {
        cells.map { row in
            var line = ""
            for cell in row {
                switch cell {
                case .blank: line.append(" ")
                case .character(let c, _): line.append(c)
                case .continuation: break
                }
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// One character per cell: "#" where the style passes `test`, "." elsewhere (a wide character's two cells both).
    public func renderMask(_ test: (CellStyle) -> Bool) -> String {
        cells.map { row in
            var line = ""
            var previous = false
            for cell in row {
                switch cell {
                case .blank: line.append("."); previous = false
                case .character(_, let style): previous = test(style); line.append(previous ? "#" : ".")
                case .continuation: line.append(previous ? "#" : ".")
                }
            }
            return line
        }.joined(separator: "\n")
    }
}
