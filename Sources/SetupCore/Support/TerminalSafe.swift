/// Text from outside (a log line, a release's asset name, a GPU's name, a node's title) as it may reach a terminal:
/// escape sequences removed, other control characters replaced by U+FFFD, so nothing read can clear the screen,
/// move the cursor, retitle the window or hide what follows it. Bidirectional overrides and isolates (U+202E and its
/// kin) are replaced too: they reorder what a terminal shows, so an asset name could read as another.
///
/// Colours and cursor moves (CSI), window titles and links (OSC, ended by BEL or ST) and two-character escapes
/// are dropped whole; a tab stays; a line break stays only where `keepingLineBreaks` is set.
public func terminalSafe(_ text: some StringProtocol, keepingLineBreaks: Bool = false) -> String {
    // Almost every line has no control character: find that out on the bytes, without allocating. C1 controls
    // (U+0080...U+009F) are encoded as 0xC2 followed by 0x80...0x9F; the bidirectional marks start with 0xE2 0x80,
    // 0xE2 0x81 or 0xD8 0x9C (a line with typographic punctuation, which shares them, takes the slower path).
    var previous: UInt8 = 0
    let clean = text.utf8.allSatisfy { byte in
        defer { previous = byte }
        return byte >= 0x20 && byte != 0x7F && !(previous == 0xC2 && (0x80...0x9F).contains(byte))
            && !(previous == 0xE2 && (byte == 0x80 || byte == 0x81)) && !(previous == 0xD8 && byte == 0x9C)
    }
    if clean { return String(text) }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
        let c = scalars[i]
        if c == "\u{1B}" {
            i = endOfEscape(scalars, from: i)
            continue
        }
        if c == "\t" || (keepingLineBreaks && c == "\n") {
            out.append(c)
        } else if isControl(c) {
            out.append("\u{FFFD}")
        } else {
            out.append(c)
        }
        i += 1
    }
    return String(out)
}

private func isControl(_ c: Unicode.Scalar) -> Bool {
    c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value) || isBidiControl(c)
}

/// LRM, RLM, ALM, the embeddings and overrides (U+202A...U+202E) and the isolates (U+2066...U+2069).
private func isBidiControl(_ c: Unicode.Scalar) -> Bool {
    [0x200E, 0x200F, 0x061C].contains(c.value) || (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value)
}

/// The index just after the escape sequence that starts at `start`.
private func endOfEscape(_ s: [Unicode.Scalar], from start: Int) -> Int {
    var i = start + 1
    guard i < s.count else { return i }
    switch s[i] {
    case "[":
        // CSI: parameters and intermediates, then one final byte in @...~.
        i += 1
        while i < s.count, !(0x40...0x7E).contains(s[i].value) { i += 1 }
        return min(i + 1, s.count)
    case "]", "P", "_", "^":
        // OSC, DCS, APC, PM: up to BEL or ESC \.
        i += 1
        while i < s.count {
            if s[i] == "\u{07}" { return i + 1 }
            if s[i] == "\u{1B}", i + 1 < s.count, s[i + 1] == "\\" { return i + 2 }
            i += 1
        }
        return i
    default:
        return i + 1
    }
}
