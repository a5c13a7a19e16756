import Foundation
import Screens
@testable import SetupCore
import TerminalUI
import Testing

/// Every screen drawn into the in-memory grid, in English and Chinese, at 80x24 and 120x40, compared with the
/// checked-in text in Snapshots/. RECORD_SNAPSHOTS=1 swift test --filter ScreenSnapshotTests writes them anew.
@Suite struct ScreenSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots").path

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var screen: WizardScreen
        var turing = false
        var overlay: String? = nil
        /// torch 2.15 + CUDA 13 (no official wheel) with transformers 5.24 instead of the 2.8 environment.
        var torch215 = false
        /// The index's default environment of 2026-12-06: torch 2.15, transformers 5.25, kernels 0.19.1.
        var today = false
        var noTorch = false
        var downloadFails = false
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "welcome", screen: .welcome), Case(name: "gpu", screen: .gpu),
        Case(name: "compatibility", screen: .compatibility), Case(name: "compatibility-turing-cpu-torch", screen: .compatibility, turing: true),
        Case(name: "python", screen: .python), Case(name: "method", screen: .method), Case(name: "plan", screen: .plan),
        Case(name: "method-torch215", screen: .method, torch215: true), Case(name: "plan-torch215", screen: .plan, torch215: true),
        Case(name: "method-today", screen: .method, today: true), Case(name: "plan-today", screen: .plan, today: true),
        Case(name: "install", screen: .install), Case(name: "verification", screen: .verification),
        Case(name: "summary", screen: .summary), Case(name: "summary-fallback", screen: .summary, turing: true),
        Case(name: "method-no-torch", screen: .method, noTorch: true),
        Case(name: "install-failed", screen: .install, downloadFails: true), Case(name: "summary-failed", screen: .summary, downloadFails: true),
        Case(name: "quit-confirm", screen: .install, overlay: "quit"), Case(name: "help", screen: .gpu, overlay: "help"),
    ]

    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: cases, Language.allCases)
    func screenMatchesItsSnapshot(_ c: Case, _ language: Language) throws {
        for (columns, rows) in Self.sizes {
            var model = ScreenFixtures.model(
                c.screen, language: language, turing: c.turing,
                environment: c.today ? ScreenFixtures.todaysEnvironment : c.torch215 ? ScreenFixtures.torch215Environment
                    : c.noTorch ? ScreenFixtures.noTorchEnvironment : nil,
                downloadFails: c.downloadFails)
            if c.overlay == "quit" { model.overlay = .confirmQuit }
            if c.overlay == "help" { model.overlay = .help }
            var canvas = TextCanvas(rows: rows, columns: columns)
            WizardView.draw(model, on: &canvas)
            let text = canvas.render()
            try checkLayout(text, columns: columns, rows: rows)
            try compare(text, to: "\(c.name)-\(language.rawValue)-\(columns)x\(rows)")
        }
    }

    @Test func aSmallTerminalAsksToBeEnlargedInTheUsersLanguage() {
        for (language, words) in [(Language.en, "Please enlarge the terminal to at least 80x24"), (.zh, "请把终端放大到至少 80x24")] {
            var canvas = TextCanvas(rows: 20, columns: 70)
            WizardView.draw(ScreenFixtures.model(.gpu, language: language), on: &canvas)
            #expect(canvas.render().contains(words))
        }
    }

    @Test func theSelectionReadsWithoutColour() {
        var canvas = TextCanvas(rows: 24, columns: 80)
        WizardView.draw(ScreenFixtures.model(.method, language: .en), on: &canvas)
        let text = canvas.render().split(separator: "\n", omittingEmptySubsequences: false)
        let mask = canvas.renderMask { $0.reverse }.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try! #require(text.firstIndex { $0.contains("> ✓ Official prebuilt wheel") })
        #expect(mask[row].contains("#"))
        #expect(!mask[row + 1].contains("#"))
    }

    /// Each row is exactly as wide as the screen and the right border stands in its column: what a wide character
    /// drawn at the wrong width would break.
    func checkLayout(_ text: String, columns: Int, rows: Int) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == rows)
        for (i, line) in lines.enumerated() where i > 0 && i < rows - 1 {
            #expect(CellWidth.of(line) == columns, "row \(i) is \(CellWidth.of(line)) cells: \(line)")
            #expect(line.hasSuffix("│"), "row \(i) lost its border: \(line)")
        }
    }

    func compare(_ text: String, to name: String) throws {
        let path = Self.snapshots + "/\(name).txt"
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no snapshot \(name).txt; record it with RECORD_SNAPSHOTS=1 swift test --filter ScreenSnapshotTests")
            return
        }
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        let got = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard Array(want) != got else { return }
        var diff = "\(name) differs (- snapshot, + drawn):\n"
        for i in 0..<max(want.count, got.count) {
            let w = i < want.count ? want[i] : "<none>"
            let g = i < got.count ? got[i] : "<none>"
            if w != g { diff += String(format: "%3d - %@\n%3d + %@\n", i, w, i, g) }
        }
        Issue.record(Comment(rawValue: diff))
    }
}
