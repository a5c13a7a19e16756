/// The box around every screen: the tool's name and the step indicator on top, the keys at the bottom.
public enum Frame {
    /// Draws the frame and returns the rectangle inside it for the screen's content.
    @discardableResult
    public static func draw<C: Canvas>(
        on canvas: inout C, title: String, indicator: String, keys: String, symbols: Symbols
    ) -> Rect {
        let width = canvas.columns
        let height = canvas.rows
        let (tl, tr, bl, br) = symbols.corners
        let horizontal = String(repeating: symbols.horizontal, count: max(0, width - 2))
        canvas.put(tl + horizontal + tr, row: 0, column: 0)
        for row in 1..<max(1, height - 1) {
            canvas.put(symbols.vertical, row: row, column: 0)
            canvas.put(symbols.vertical, row: row, column: width - 1)
        }
        canvas.put(bl + horizontal, row: height - 1, column: 0)
        // The screen's last cell: the curses backend inserts it rather than adds it, which would scroll.
        canvas.put(br, row: height - 1, column: width - 1)
        let head = " " + title + " "
        canvas.put(CellWidth.clip(head, to: width - 4), row: 0, column: 2, style: .bold)
        let right = " " + indicator + " "
        let rightWidth = CellWidth.of(right)
        if CellWidth.of(head) + rightWidth + 6 <= width {
            canvas.put(right, row: 0, column: width - 2 - rightWidth, style: .bold)
        }
        canvas.put(CellWidth.clip(" " + keys + " ", to: width - 4), row: height - 2, column: 2, style: .dim)
        return Rect(top: 2, left: 3, height: height - 5, width: width - 6)
    }
}

/// Draws wrapped text into a rectangle from a given row; returns the next free row.
public enum Paragraph {
    @discardableResult
    public static func draw<C: Canvas>(
        _ text: String, on canvas: inout C, in rect: Rect, row: Int, indent: Int = 0, style: CellStyle = .plain
    ) -> Int {
        var y = row
        for line in TextWrap.lines(text, width: rect.width - indent) {
            guard y < rect.bottom else { break }
            canvas.put(line, row: y, column: rect.left + indent, style: style)
            y += 1
        }
        return y
    }
}
