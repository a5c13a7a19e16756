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

    @Test func theInMemoryCanvasBlanksAWideCharacterHalfOverwritten() {
        var canvas = TextCanvas(rows: 1, columns: 8)
        canvas.put("显卡检测", row: 0, column: 0)
        canvas.put("x", row: 0, column: 1)
        #expect(canvas.render() == " x卡检测")
        canvas.put("ab", row: 0, column: 6)
        #expect(canvas.render() == " x卡检ab")
    }
}
