/// Where an install stands, read from pip's and the build's output.
public enum InstallPhase: Sendable, Hashable {
    case resolve
    case download(bytes: Int64, total: Int64?)
    /// Compiling; `done` of `total` from ninja's "[k/N]" lines where they come.
    case build(done: Int?, total: Int?)
    case install
    case done
}

/// Turns one line of pip's (or setup.py's, or ninja's) output into the phase it shows, where it shows one.
/// Pure, so every wording is tested as text.
public enum InstallProgressParser {
    public static func phase(of line: String) -> InstallPhase? {
        let text = line.trimmingWhitespace()
        // Anchored matches only where the first characters allow one: a 4 KB compiler line is not searched.
        if text.hasPrefix("Progress "), let m = text.prefixMatch(of: #/Progress (\d+) of (\d+)/#) {
            // pip 24.1+ with --progress-bar=raw
            return .download(bytes: Int64(m.1) ?? 0, total: Int64(m.2))
        }
        if text.hasPrefix("["), let m = text.prefixMatch(of: #/\[(\d+)/(\d+)\]/#) {
            return .build(done: Int(m.1), total: Int(m.2))
        }
        if text.hasPrefix("Downloading ") || text.hasPrefix("Guessing wheel URL") {
            return .download(bytes: 0, total: downloadSize(text))
        }
        if text.hasPrefix("Building wheel for") || text.hasPrefix("Precompiled wheel not found")
            || text.hasPrefix("Running setup.py install") || text.hasPrefix("Building wheels for collected")
        {
            return .build(done: nil, total: nil)
        }
        if text.hasPrefix("Installing collected packages") { return .install }
        if text.hasPrefix("Successfully installed") { return .done }
        if text.hasPrefix("Collecting ") || text.hasPrefix("Processing ") || text.hasPrefix("Looking in ")
            || text.hasPrefix("Preparing metadata") || text.hasPrefix("Requirement already satisfied")
        {
            return .resolve
        }
        return nil
    }

    /// "Downloading flash_attn-2.8.3.post2.tar.gz (8.5 MB)" -> 8.5 MB in bytes.
    static func downloadSize(_ text: String) -> Int64? {
        guard let m = text.firstMatch(of: #/\((\d+(?:\.\d+)?) (kB|MB|GB)\)/#), let value = Double(m.1) else { return nil }
        let unit: Double = m.2 == "kB" ? 1e3 : m.2 == "MB" ? 1e6 : 1e9
        return Int64(wholePartOf: value * unit)
    }
}

/// Cuts a byte stream into lines: "\n" ends a line, a lone "\r" (a progress bar redrawing) replaces it, and
/// bytes that are not UTF-8 are shown as U+FFFD rather than dropped.
public struct LineAssembler: Sendable {
    private var pending: [UInt8] = []
    private var afterCarriageReturn = false

    public init() {}

    public mutating func feed(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            switch byte {
            case 0x0A:
                // The "\n" of "\r\n" ends a line the "\r" already ended.
                if !(afterCarriageReturn && pending.isEmpty) { lines.append(String(decoding: pending, as: UTF8.self)) }
                pending.removeAll(keepingCapacity: true)
            case 0x0D:
                // A bare "\r" rewinds the line (a progress bar redrawing): what came before it is complete.
                if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
                pending.removeAll(keepingCapacity: true)
            default:
                pending.append(byte)
            }
            afterCarriageReturn = byte == 0x0D
        }
        return lines.map(stripEscapes)
    }

    /// What is left when the stream ends.
    public mutating func finish() -> [String] {
        defer { pending.removeAll() }
        return pending.isEmpty ? [] : [stripEscapes(String(decoding: pending, as: UTF8.self))]
    }

    /// Removes escape sequences (colours, cursor moves, which pip's rich emits under a terminal) and other control
    /// characters: a step's output is shown on the user's terminal and must not be able to drive it.
    func stripEscapes(_ line: String) -> String { terminalSafe(line) }
}
