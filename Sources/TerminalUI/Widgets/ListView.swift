/// A selectable list: the selected line drawn reversed (and marked with ">" so it reads without attributes),
/// scrolled so the selection stays in view.
public enum ListView {
    @discardableResult
    public static func draw<C: Canvas>(
        _ items: [String], selected: Int, on canvas: inout C, in rect: Rect, row: Int, maxRows: Int? = nil
    ) -> Int {
        let visible = min(maxRows ?? rect.bottom - row, rect.bottom - row)
        guard visible > 0 else { return row }
        let first = max(0, min(selected - visible + 1, items.count - visible))
        var y = row
        for index in first..<min(items.count, first + visible) {
            let marker = index == selected ? "> " : "  "
            let text = CellWidth.pad(marker + items[index], to: rect.width)
            canvas.put(text, row: y, column: rect.left, style: index == selected ? .selected : .plain)
            y += 1
        }
        return y
    }
}

/// Labelled values in two columns, labels padded in cells so Chinese labels line up too; long values wrap.
public enum KeyValueTable {
    @discardableResult
    public static func draw<C: Canvas>(
        _ rows: [(String, String)], on canvas: inout C, in rect: Rect, row: Int
    ) -> Int {
        let labelWidth = min((rows.map { CellWidth.of($0.0) }.max() ?? 0) + 2, rect.width / 3)
        var y = row
        for (label, value) in rows {
            guard y < rect.bottom else { break }
            canvas.put(CellWidth.clip(label, to: labelWidth - 1), row: y, column: rect.left, style: .bold)
            for line in TextWrap.lines(value, width: rect.width - labelWidth) {
                guard y < rect.bottom else { break }
                canvas.put(line, row: y, column: rect.left + labelWidth)
                y += 1
            }
        }
        return y
    }
}

/// A bar with its percentage: "[#########-----------]  45%".
public enum ProgressBar {
    public static func text(fraction: Double, width: Int) -> String {
        let clamped = min(1, max(0, fraction))
        let inner = max(1, width - 7)
        let filled = Int((clamped * Double(inner)).rounded(.down))
        let percent = String(Int((clamped * 100).rounded(.down)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: inner - filled) + "] "
            + String(repeating: " ", count: max(0, 3 - percent.count)) + percent + "%"
    }
}

/// A question in a box over the screen; answered with y or n.
public enum ConfirmDialog {
    public static func draw<C: Canvas>(_ question: String, hint: String, on canvas: inout C, symbols: Symbols) {
        let width = min(canvas.columns - 8, max(CellWidth.of(hint) + 6, 50))
        let lines = TextWrap.lines(question, width: width - 4)
        let height = lines.count + 4
        let top = max(1, (canvas.rows - height) / 2)
        let left = (canvas.columns - width) / 2
        let (tl, tr, bl, br) = symbols.corners
        let horizontal = String(repeating: symbols.horizontal, count: width - 2)
        canvas.put(tl + horizontal + tr, row: top, column: left, style: .bold)
        for i in 1..<height - 1 {
            canvas.put(symbols.vertical + String(repeating: " ", count: width - 2) + symbols.vertical, row: top + i, column: left, style: .bold)
        }
        canvas.put(bl + horizontal + br, row: top + height - 1, column: left, style: .bold)
        for (i, line) in lines.enumerated() { canvas.put(line, row: top + 1 + i, column: left + 2, style: .bold) }
        canvas.put(CellWidth.clip(hint, to: width - 4), row: top + height - 2, column: left + 2, style: .dim)
    }
}
