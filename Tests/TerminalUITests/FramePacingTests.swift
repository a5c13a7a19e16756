import Testing
@testable import TerminalUI

/// Frames during a flood of output: keys at once, everything else at most one frame an interval.
@Suite struct FramePacingTests {
    let start = ContinuousClock.now

    @Test func theFirstFrameIsDrawnAtOnceAndNothingIsDrawnWithoutAChange() {
        var pacing = FramePacing(interval: .milliseconds(30))
        #expect(pacing.shouldDraw(at: start))
        #expect(pacing.pollTimeout(at: start, idle: 100) == 0)
        pacing.drew(at: start)
        #expect(!pacing.shouldDraw(at: start + .seconds(5)))
        #expect(pacing.pollTimeout(at: start, idle: 100) == 100)
    }

    @Test func outputLinesWithinAnIntervalShareOneFrame() {
        var pacing = FramePacing(interval: .milliseconds(30))
        pacing.drew(at: start)
        var frames = 0
        // 1,000 lines in 100 ms, one wake-up each: a frame only when 30 ms have passed since the last.
        for line in 0..<1000 {
            let now = start + .microseconds(100 * line)
            pacing.changed()
            if pacing.shouldDraw(at: now) {
                pacing.drew(at: now)
                frames += 1
            }
        }
        #expect(frames == 3)
        #expect(pacing.pending)
        // The loop waits no longer than until the next frame is due, so the last lines are drawn too.
        let timeout = pacing.pollTimeout(at: start + .milliseconds(100), idle: 100)
        #expect(timeout > 0 && timeout <= 21)
    }

    @Test func aKeyIsDrawnAtOnceEvenInsideTheInterval() {
        var pacing = FramePacing(interval: .milliseconds(30))
        pacing.drew(at: start)
        pacing.changed()
        #expect(!pacing.shouldDraw(at: start + .milliseconds(1)))
        pacing.changed(urgent: true)
        #expect(pacing.shouldDraw(at: start + .milliseconds(1)))
        #expect(pacing.pollTimeout(at: start + .milliseconds(1), idle: 100) == 0)
        pacing.drew(at: start + .milliseconds(1))
        #expect(!pacing.pending)
    }
}
