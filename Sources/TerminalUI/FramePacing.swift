/// When an event loop draws: at once after a key or a resize, otherwise at most one frame an interval, so a build
/// that prints thousands of lines a second costs a few dozen frames a second instead of one frame a line.
///
/// Measured with Benchmarks/wizard_flood_vs_devnull.py (200,000 lines, 2 cores): with a frame a wake-up the install
/// took 62 s and peaked at 39.6 MB; paced, 51-62 s and 35.3 MB. Keys were answered within 60 ms either way, which
/// is why a key still draws at once: pacing must not cost the user anything.
public struct FramePacing: Sendable {
    public let interval: Duration
    private var lastDraw: ContinuousClock.Instant?
    /// Something changed since the last frame.
    public private(set) var pending = true
    /// The change was the user's (a key, a resize): it is drawn without waiting for the interval.
    private var urgent = true

    public init(interval: Duration = .milliseconds(30)) { self.interval = interval }

    /// Marks the screen out of date; `urgent` for what the user did, which is answered at once.
    public mutating func changed(urgent: Bool = false) {
        pending = true
        if urgent { self.urgent = true }
    }

    public func shouldDraw(at now: ContinuousClock.Instant) -> Bool {
        guard pending else { return false }
        guard !urgent, let lastDraw else { return true }
        return now - lastDraw >= interval
    }

    public mutating func drew(at now: ContinuousClock.Instant) {
        lastDraw = now
        pending = false
        urgent = false
    }

    /// Milliseconds the loop may wait for input: until the next frame is due where a change waits, else `idle`.
    public func pollTimeout(at now: ContinuousClock.Instant, idle: Int32) -> Int32 {
        guard pending else { return idle }
        guard !urgent, let lastDraw else { return 0 }
        let left = interval - (now - lastDraw)
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, min(Int64(idle), milliseconds + (left > .zero ? 1 : 0))))
    }
}
