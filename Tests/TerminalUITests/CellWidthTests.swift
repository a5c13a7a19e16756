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
