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

    /// Draws the lines that end `scrollBack` lines before the newest, clipped to the rectangle.
    public func draw<C: Canvas>(on canvas: inout C, in rect: Rect, scrollBack: Int = 0) {
        let all = lines
        let end = max(0, all.count - scrollBack)
        let first = max(0, end - rect.height)
        for (i, line) in all[first..<end].enumerated() {
            canvas.put(CellWidth.clip(line, to: rect.width), row: rect.top + i, column: rect.left, style: .dim)
        }
    }
}
