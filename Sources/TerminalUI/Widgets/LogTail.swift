/// The last lines of a long output, kept in a bounded ring (the whole output is in the log file on disk).
public struct LogTail: Sendable {
    public let capacity: Int
    private var storage: [String] = []
    private var start = 0
    /// Lines ever appended, including those the ring has dropped.
    public private(set) var total = 0

    public init(capacity: Int = 2000) {
        self.capacity = max(1, capacity)
    }

    public mutating func append(_ line: String) {
        total += 1
        if storage.count < capacity {
            storage.append(line)
        } else {
            storage[start] = line
            start = (start + 1) % capacity
        }
    }

    /// The kept lines, oldest first.
    public var lines: [String] {
        Array(storage[start...] + storage[..<start])
    }

    /// Draws the lines that end `scrollBack` lines before the newest, as many of the newest as fit: each cut at the
    /// rectangle's edge (a live tail, a line a row), or with `wrap` whole over as many rows as it takes (the full
    /// log, where a failure's sentence is read to its end).
    public func draw<C: Canvas>(on canvas: inout C, in rect: Rect, scrollBack: Int = 0, wrap: Bool = false) {
        guard rect.height > 0, rect.width > 0 else { return }
        let all = lines
        var index = max(0, all.count - scrollBack)
        var rows: [String] = []
        while index > 0, rows.count < rect.height {
            index -= 1
            rows.insert(contentsOf: wrap ? TextWrap.lines(all[index], width: rect.width) : [CellWidth.clip(all[index], to: rect.width)], at: 0)
        }
        for (i, row) in rows.suffix(rect.height).enumerated() {
            canvas.put(row, row: rect.top + i, column: rect.left, style: .dim)
        }
    }
}
