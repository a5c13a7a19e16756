import Foundation

/// A known failure found in some output, with the line that shows it.
public struct Finding: Sendable, Hashable {
    public var id: String
    public var cause: LocalizedText
    public var fix: LocalizedText
    /// 1-based line number in the text read; nil where the text was a single message.
    public var line: Int?
    public var evidence: String
    var rank: Int
}

/// Reads output for known failures: a whole saved log at once, or live, line by line, as an install runs.
public struct Diagnosis: Sendable {
    public private(set) var findings: [Finding] = []
    private var lineNumber = 0

    public init() {}

    /// Reads one more line; returns a finding when this line is the first evidence of a failure.
    @discardableResult
    public mutating func read(_ line: String) -> Finding? {
        lineNumber += 1
        guard line.utf8.count < 4000 else { return nil }
        let utf8 = Array(line.utf8)
        for failure in FailureCatalog.all where failure.matches(line, utf8: utf8) {
            guard !findings.contains(where: { $0.id == failure.id }) else { continue }
            let finding = Finding(
                id: failure.id, cause: failure.cause, fix: failure.fix, line: lineNumber,
                evidence: terminalSafe(line.trimmingWhitespace()), rank: failure.rank)
            findings.append(finding)
            return finding
        }
        return nil
    }

    /// Counts a line that is not read (longer than any the catalog matches), so later line numbers stay right.
    mutating func skipLine() { lineNumber += 1 }

    /// The findings with the root cause first: by rank, then by where they appeared.
    public var ordered: [Finding] {
        findings.sorted { ($0.rank, $0.line ?? 0) < ($1.rank, $1.line ?? 0) }
    }

    /// Every finding in what `handle` holds, read a megabyte at a time and at most `limit` bytes, root cause first.
    /// Memory stays at a chunk and one line whatever the file: a line is kept only up to the length the catalog
    /// reads, so /dev/zero or a binary file with no line breaks cannot grow it.
    public static func of(reading handle: FileHandle, limit: Int) throws -> [Finding] {
        var diagnosis = Diagnosis()
        var line: [UInt8] = []
        var overlong = false
        var total = 0
        func end() {
            if line.last == 0x0D { line.removeLast() }
            if overlong { diagnosis.skipLine() } else { diagnosis.read(String(decoding: line, as: UTF8.self)) }
            line.removeAll(keepingCapacity: true)
            overlong = false
        }
        while total < limit, let chunk = try handle.read(upToCount: min(1 << 20, limit - total)), !chunk.isEmpty {
            total += chunk.count
            for byte in chunk {
                if byte == 0x0A {
                    end()
                } else if line.count < 4000 {
                    line.append(byte)
                } else {
                    overlong = true
                }
            }
        }
        if !line.isEmpty || overlong { end() }
        return diagnosis.ordered
    }

    /// Every finding in a whole text, root cause first.
    public static func of(_ text: String) -> [Finding] {
        var diagnosis = Diagnosis()
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            diagnosis.read(String(line))
        }
        return diagnosis.ordered
    }
}
