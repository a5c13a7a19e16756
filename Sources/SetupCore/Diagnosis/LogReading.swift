import Foundation

/// A saved log read for known failures, in bounded memory whatever its size: its beginning and its end are read
/// (a build's error is at the end of a log of hundreds of megabytes), and what lies between is only counted.
public struct LogReading: Sendable, Equatable {
    /// The findings, root cause first.
    public var findings: [Finding]
    /// The bytes that were not searched, where the log was longer than the limit: its middle.
    public var skipped: Range<Int>?
    /// Where reading stopped, for a stream that did not end (a pipe, a device) within the most that is read.
    public var stoppedAt: Int?

    /// Reads `handle` to its end: the first `limit / 2` bytes and the last `limit / 2` are searched, line by line,
    /// and every line in between is counted, so line numbers stay right. A stream is read at most `4 * limit`
    /// bytes. Lines end at \n; a \r inside a line (a progress bar redrawn) starts a part that is searched too. A log
    /// that starts with a UTF-16 byte-order mark (PowerShell's `>`) is read as UTF-16.
    public static func read(_ handle: FileHandle, limit: Int) throws -> LogReading {
        var reader = Reader(half: max(1, limit / 2))
        var total = 0
        var utf16: UTF16Order? = nil
        var first = true
        var carry: UInt8? = nil
        while total < 4 * limit, let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            total += chunk.count
            var bytes = [UInt8](chunk)
            if first {
                first = false
                utf16 = UTF16Order(bom: bytes)
                if utf16 != nil { bytes.removeFirst(2) }
            }
            if let order = utf16 {
                if let odd = carry { bytes.insert(odd, at: 0) }
                carry = bytes.count % 2 == 1 ? bytes.removeLast() : nil
                bytes = order.utf8(bytes)
            }
            reader.take(bytes)
        }
        let stopped = total >= 4 * limit ? total : nil
        return LogReading(findings: reader.finish(), skipped: reader.skipped, stoppedAt: stopped)
    }

    enum UTF16Order {
        case little, big

        init?(bom: [UInt8]) {
            guard bom.count >= 2 else { return nil }
            switch (bom[0], bom[1]) {
            case (0xFF, 0xFE): self = .little
            case (0xFE, 0xFF): self = .big
            default: return nil
            }
        }

        func utf8(_ bytes: [UInt8]) -> [UInt8] {
            let units = stride(from: 0, to: bytes.count - 1, by: 2).map { i -> UInt16 in
                self == .little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
    }

    /// The search itself: the head searched at once, the rest held back (at most `half` bytes) until it is known to
    /// be the tail; what falls out of that window is counted, not searched.
    struct Reader {
        let half: Int
        var diagnosis = Diagnosis()
        var line: [UInt8] = []
        var overlong = false
        /// The line being read already has its number (a part before a \r was read, or it was counted).
        var lineStarted = false
        var searched = 0
        var held: [[UInt8]] = []
        var heldBytes = 0
        var offset = 0
        var skipStart: Int?
        var skipEnd = 0

        init(half: Int) { self.half = half }

        var skipped: Range<Int>? { skipStart.map { $0..<skipEnd } }

        mutating func take(_ bytes: [UInt8]) {
            var rest = bytes[...]
            if searched < half {
                let head = rest.prefix(half - searched)
                search(head)
                searched += head.count
                offset += head.count
                rest = rest.dropFirst(head.count)
            }
            guard !rest.isEmpty else { return }
            held.append(Array(rest))
            heldBytes += rest.count
            while heldBytes - (held.first?.count ?? 0) >= half, !held.isEmpty {
                let oldest = held.removeFirst()
                heldBytes -= oldest.count
                count(oldest)
            }
        }

        mutating func finish() -> [Finding] {
            for piece in held { search(piece[...]) }
            held.removeAll()
            if !line.isEmpty || overlong { end(lineBreak: true) }
            return diagnosis.ordered
        }

        /// Counts the lines of bytes that are not searched; the line they end in is not searched either.
        mutating func count(_ bytes: [UInt8]) {
            if skipStart == nil { skipStart = offset }
            // memchr: a byte-by-byte loop over hundreds of megabytes costs seconds.
            var breaks = 0
            bytes.withUnsafeBufferPointer { buffer in
                guard var cursor = buffer.baseAddress else { return }
                let end = cursor + buffer.count
                while cursor < end, let hit = memchr(cursor, 0x0A, end - cursor) {
                    breaks += 1
                    cursor = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
            if breaks > 0, lineStarted {
                lineStarted = false
                breaks -= 1
            }
            diagnosis.skipLines(breaks)
            offset += bytes.count
            skipEnd = offset
            // The line these bytes end in is not searched: its beginning was not.
            line.removeAll(keepingCapacity: true)
            overlong = true
        }

        mutating func search(_ bytes: ArraySlice<UInt8>) {
            for (index, byte) in zip(bytes.indices, bytes) {
                switch byte {
                case 0x0A:
                    end(lineBreak: true)
                case 0x0D:
                    // \r\n is one line end; a \r alone is a redrawn progress bar: its part is searched on its own.
                    let next = bytes.index(after: index)
                    if next < bytes.endIndex, bytes[next] == 0x0A { continue }
                    end(lineBreak: false)
                default:
                    if line.count < 4000 { line.append(byte) } else { overlong = true }
                }
            }
        }

        mutating func end(lineBreak: Bool) {
            if overlong {
                if !lineStarted { diagnosis.skipLine() }
                lineStarted = true
            } else if !line.isEmpty || (lineBreak && !lineStarted) {
                diagnosis.read(String(decoding: line, as: UTF8.self), continuing: lineStarted)
                lineStarted = true
            }
            line.removeAll(keepingCapacity: true)
            overlong = false
            if lineBreak { lineStarted = false }
        }
    }
}
