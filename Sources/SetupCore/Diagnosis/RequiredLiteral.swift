/// The longest run of plain text a regular expression requires in every match, read from the pattern's source:
/// the diagnosis searches for it before it runs the expression.
///
/// Only the top level counts: text inside a group or a class, or before a quantifier, may be absent from a match,
/// and a top-level alternation requires nothing in common, so such patterns give nil (the expression alone decides).
enum RequiredLiteral {
    static func of(_ pattern: String) -> String? {
        // An inline flag (case-insensitive, say) changes what the text must look like.
        if pattern.contains("(?i") || pattern.contains("(?x") { return nil }
        var best = "", run = ""
        var depth = 0, inClass = false
        var characters = Array(pattern)[...]
        func endRun() {
            if run.count > best.count { best = run }
            run = ""
        }
        while let c = characters.popFirst() {
            if inClass {
                if c == "\\" { _ = characters.popFirst() } else if c == "]" { inClass = false }
                continue
            }
            switch c {
            case "\\":
                guard let next = characters.popFirst() else { return nil }
                if depth == 0, "\\.^$|?*+()[]{}-/'\"` :=_,<>!@#%&~".contains(next) {
                    run.append(next)
                } else {
                    endRun()
                }
            case "(":
                depth += 1
                endRun()
            case ")":
                depth -= 1
                endRun()
            case "[":
                inClass = true
                endRun()
            case "|":
                if depth == 0 { return nil }
            case "?", "*", "{":
                // The character before is optional (or repeated from zero): it is not required.
                if depth == 0, !run.isEmpty { run.removeLast() }
                endRun()
                if c == "{" { while let skipped = characters.popFirst(), skipped != "}" {} }
            case "+":
                endRun()
            case ".", "^", "$":
                endRun()
            default:
                if depth == 0 { run.append(c) } else { endRun() }
            }
        }
        endRun()
        return best.count >= 3 ? best : nil
    }

    /// Whether `needle` occurs in `haystack`: a first-byte scan with memcmp-like comparison.
    static func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
