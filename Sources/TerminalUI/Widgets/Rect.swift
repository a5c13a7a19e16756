/// A rectangle of cells on a canvas: where a widget may draw.
public struct Rect: Sendable, Hashable {
    public var top: Int
    public var left: Int
    public var height: Int
    public var width: Int

    public init(top: Int, left: Int, height: Int, width: Int) {
        self.top = top
        self.left = left
        self.height = max(0, height)
        self.width = max(0, width)
    }

    public var bottom: Int { top + height }
}

/// Word wrap measured in cells: breaks at spaces where it can, anywhere inside a run of CJK (which has no spaces),
/// and never splits a wide character. As Chinese typesetting has it (kinsoku), closing punctuation never begins a line
/// and opening punctuation never ends one: each keeps the whole word beside it, so `（sdpa）` is never cut into
/// `（sdp` / `a）`.
public enum TextWrap {
    /// Chinese punctuation that may not begin a line.
    static let closingPunctuation: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "…", "”", "’"]
    /// Chinese punctuation that may not end a line.
    static let openingPunctuation: Set<Character> = ["（", "「", "『", "【", "《", "“", "‘"]

    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            var pending = units(of: paragraph)[...]
            while let piece = pending.popFirst() {
                var unit = piece
                var unitWidth = CellWidth.of(unit)
                if lineWidth + unitWidth > width, lineWidth > 0 {
                    result.append(String(line.reversed().drop { $0 == " " }.reversed()))
                    line = ""
                    lineWidth = 0
                    unit = String(unit.drop { $0 == " " })
                    unitWidth = CellWidth.of(unit)
                }
                // A unit wider than the whole line lets go of its closing punctuation first, and only then is cut at
                // the width.
                if unitWidth > width, case let loose = units(of: Substring(unit), keepingPunctuation: false), loose.count > 1 {
                    pending = loose[...] + pending
                    continue
                }
                while unitWidth > width {
                    let head = CellWidth.clip(unit, to: width)
                    result.append(head)
                    unit = String(unit.dropFirst(head.count))
                    unitWidth = CellWidth.of(unit)
                }
                line += unit
                lineWidth += unitWidth
            }
            result.append(line)
        }
        return result
    }

    /// The paragraph cut where a line may break: before a space (a unit carries the spaces before it), and on
    /// either side of a wide character, except before closing punctuation and after opening punctuation.
    static func units(of paragraph: Substring, keepingPunctuation: Bool = true) -> [String] {
        var units: [String] = []
        var current = ""
        var previous: Character?
        for character in paragraph {
            if let before = previous, mayBreak(between: before, and: character, keepingPunctuation: keepingPunctuation), !current.isEmpty {
                units.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { units.append(current) }
        return units
    }

    static func mayBreak(between before: Character, and after: Character, keepingPunctuation: Bool) -> Bool {
        if after == " " { return before != " " }
        if before == " " { return false }
        // Loosened (a unit wider than the line), a closing mark may begin a line; an opening one still never ends one.
        if openingPunctuation.contains(before) || (keepingPunctuation && closingPunctuation.contains(after)) { return false }
        return CellWidth.of(after) == 2 || CellWidth.of(before) == 2
    }
}
