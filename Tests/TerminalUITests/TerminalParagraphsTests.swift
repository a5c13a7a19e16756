import Testing
@testable import TerminalUI

@Suite struct TerminalParagraphsTests {
    @Test func aLongLineBreaksAtSpacesWithItsContinuationIndented() {
        let line = "  ✗ wheel   impossible    No flash-attn release has a wheel for Python cp311, torch 2.15, CUDA 13.2, cxx11abi TRUE on linux_x86_64."
        let fitted = TerminalParagraphs.fit(line, width: 60).split(separator: "\n").map(String.init)
        #expect(fitted == [
            "  ✗ wheel   impossible    No flash-attn release has a wheel",
            "      for Python cp311, torch 2.15, CUDA 13.2, cxx11abi TRUE",
            "      on linux_x86_64.",
        ])
        #expect(fitted.allSatisfy { CellWidth.of($0) <= 60 })
        // No word is cut, and every word is kept in order.
        #expect(fitted.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
    }

    @Test func listItemsContinueUnderTheirTextAndShortLinesStayAsTheyAre() {
        let text = "Routes\n    - This plan needs github.com, which could not be reached from here (DNS error)\n\nend"
        #expect(TerminalParagraphs.fit(text, width: 40) == """
            Routes
                - This plan needs github.com, which
                  could not be reached from here
                  (DNS error)

            end
            """)
        #expect(TerminalParagraphs.fit(text, width: nil) == text)
    }

    @Test func colourEscapesTakeNoCellsAndChineseBreaksBetweenCharactersNotBeforeClosingPunctuation() {
        let bold = "\u{1B}[1m✓ kernels\u{1B}[0m ready now, nothing to compile here at all"
        let lines = TerminalParagraphs.fit(bold, width: 30).split(separator: "\n").map(String.init)
        #expect(lines.first == "\u{1B}[1m✓ kernels\u{1B}[0m ready now, nothing")
        #expect(lines.map(TerminalParagraphs.visibleWidth).allSatisfy { $0 <= 30 })
        let zh = "FlashAttention-2 目前还不能用，因此现在请在节点中选择（sdpa）。"
        let fitted = TerminalParagraphs.fit(zh, width: 29).split(separator: "\n").map(String.init)
        #expect(fitted.allSatisfy { CellWidth.of($0) <= 29 })
        #expect(fitted.dropFirst().allSatisfy { line in
            guard let first = line.drop(while: { $0 == " " }).first else { return true }
            return !TextWrap.closingPunctuation.contains(first)
        }, "\(fitted)")
        #expect(fitted.joined().replacingOccurrences(of: " ", with: "") == zh.replacingOccurrences(of: " ", with: ""))
    }

    @Test func aWordWiderThanTheTerminalIsBrokenRatherThanLooping() {
        let url = "see https://github.com/Dao-AILab/flash-attention/releases/download/v2.8.3/flash_attn-2.8.3.whl now"
        let lines = TerminalParagraphs.fit(url, width: 30).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { CellWidth.of($0) <= 30 })
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == url.replacingOccurrences(of: " ", with: ""))
    }
}
