import Testing
@testable import TerminalUI

@Suite struct CellWidthTests {
    @Test func measuresChineseAsTwoCellsAndMarksAsNone() {
        #expect(CellWidth.of("GPU 检测") == 8)
        #expect(CellWidth.of("显卡") == 4)
        #expect(CellWidth.of("ｆｕｌｌ") == 8)
        #expect(CellWidth.of("e\u{301}") == 1)
        #expect(CellWidth.of("✓ ! ✗") == 5)
        #expect(CellWidth.of("한국어") == 6)
    }

    @Test func neverCutsAWideCharacterInHalf() {
        #expect(CellWidth.clip("兼容性检查", to: 5) == "兼容")
        #expect(CellWidth.pad("兼容性检查", to: 5) == "兼容 ")
        #expect(CellWidth.pad("GPU", to: 6) == "GPU   ")
        #expect(CellWidth.of(CellWidth.pad("驱动", to: 12)) == 12)
    }
}

@Suite struct TextWrapTests {
    @Test func wrapsWordsAndNeverOverflows() {
        let lines = TextWrap.lines("The quick brown fox jumps over the lazy dog", width: 10)
        #expect(lines == ["The quick", "brown fox", "jumps over", "the lazy", "dog"])
        for width in 4...20 {
            for line in TextWrap.lines("兼容性检查：驱动支持 CUDA 12.4，torch 用 CUDA 12.8 构建。", width: width) {
                #expect(CellWidth.of(line) <= width)
            }
        }
    }

    @Test func closingPunctuationDoesNotStartALine() {
        let lines = TextWrap.lines("一二三四。五六", width: 8)
        #expect(lines == ["一二三", "四。五六"])
    }

    /// Seen on the Method screen at 80 columns: `（sdp` / `a）`, and a line beginning with `），`.
    @Test func punctuationKeepsTheWholeWordBesideItAndNoWordIsCut() {
        let text = "节点中选择：\"Flash Attention 2\"（attn_implementation=\"flash_attention_2\"），实际运行：flash_attn 包。回退（sdpa）可用。"
        let words = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.map(String.init)
        // The longest run that has no place to break: `（attn_implementation="flash_attention_2"），`.
        let unbreakable = CellWidth.of("（attn_implementation=\"flash_attention_2\"），")
        for width in 4...80 {
            let lines = TextWrap.lines(text, width: width)
            for line in lines { #expect(CellWidth.of(line) <= width) }
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "nothing lost at width \(width)")
            guard width >= unbreakable else { continue }
            for line in lines {
                if let first = line.first { #expect(!TextWrap.closingPunctuation.contains(first), "width \(width): \(lines)") }
                if let last = line.last { #expect(!TextWrap.openingPunctuation.contains(last), "width \(width): \(lines)") }
            }
            for word in words { #expect(lines.contains { $0.contains(word) }, "width \(width) cut \(word): \(lines)") }
        }
        #expect(TextWrap.lines("选择（sdpa）", width: 9) == ["选择", "（sdpa）"])
        #expect(TextWrap.lines("实现（sdpa）。", width: 10) == ["实现", "（sdpa）。"])
    }

    @Test func theInMemoryCanvasBlanksAWideCharacterHalfOverwritten() {
        var canvas = TextCanvas(rows: 1, columns: 8)
        canvas.put("显卡检测", row: 0, column: 0)
        canvas.put("x", row: 0, column: 1)
        #expect(canvas.render() == " x卡检测")
        canvas.put("ab", row: 0, column: 6)
        #expect(canvas.render() == " x卡检ab")
    }
}
