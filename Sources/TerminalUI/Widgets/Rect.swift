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
/// and never splits a wide character.
public enum TextWrap {
    /// Chinese punctuation that may not begin a line.
    static let closingPunctuation: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "…"]

    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            var word = ""
            var wordWidth = 0
            func flushWord() {
                if lineWidth + wordWidth > width && !line.isEmpty {
                    result.append(String(line.reversed().drop { $0 == " " }.reversed()))
                    line = ""
                    lineWidth = 0
                    word = String(word.drop { $0 == " " })
                    wordWidth = CellWidth.of(word)
                }
                while wordWidth > width {
                    let head = CellWidth.clip(word, to: width)
                    result.append(head)
                    word = String(word.dropFirst(head.count))
                    wordWidth = CellWidth.of(word)
                }
                line += word
                lineWidth += wordWidth
                word = ""
                wordWidth = 0
            }
            for character in paragraph {
                let w = CellWidth.of(character)
                if character == " " {
                    flushWord()
                    word = " "
                    wordWidth = 1
                } else if w == 2 {
                    // Each wide character is a word of its own: CJK lines break between any two, except that
                    // closing punctuation never starts a line: it takes the character before it along.
                    flushWord()
                    word = String(character)
                    wordWidth = 2
                    if closingPunctuation.contains(character), lineWidth + 2 > width, let previous = line.last, previous != " " {
                        line.removeLast()
                        lineWidth -= CellWidth.of(previous)
                        word = String(previous) + word
                        wordWidth += CellWidth.of(previous)
                    }
                    flushWord()
                } else {
                    word.append(character)
                    wordWidth += w
                }
            }
            flushWord()
            result.append(line)
        }
        return result
    }
}
