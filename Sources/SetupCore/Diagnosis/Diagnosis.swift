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
    /// The route of this tool the fix sends the user to, where it names one.
    public var route: RouteMethod? = nil
}

/// Reads output for known failures: a whole saved log at once, or live, line by line, as an install runs.
public struct Diagnosis: Sendable {
    public private(set) var findings: [Finding] = []
    private var lineNumber = 0

    public init() {}

    /// Reads one more line; returns a finding when this line is the first evidence of a failure. `continuing` reads
    /// another part of the line before (what a progress bar overwrote after a carriage return), with its number.
    @discardableResult
    public mutating func read(_ line: String, continuing: Bool = false) -> Finding? {
        if !continuing { lineNumber += 1 }
        guard line.utf8.count < 4000 else { return nil }
        let utf8 = Array(line.utf8)
        for failure in FailureCatalog.all where failure.matches(line, utf8: utf8) {
            guard !findings.contains(where: { $0.id == failure.id }) else { continue }
            let finding = Finding(
                id: failure.id, cause: failure.cause, fix: failure.fix, line: lineNumber,
                evidence: terminalSafe(line.trimmingWhitespace()), rank: failure.rank, route: failure.route)
            findings.append(finding)
            return finding
        }
        return nil
    }

    /// Counts a line that is not read (longer than any the catalog matches), so later line numbers stay right.
    mutating func skipLine() { lineNumber += 1 }
    mutating func skipLines(_ count: Int) { lineNumber += count }

    /// The findings with the root cause first: by rank, then by where they appeared.
    public var ordered: [Finding] {
        findings.sorted { ($0.rank, $0.line ?? 0) < ($1.rank, $1.line ?? 0) }
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
