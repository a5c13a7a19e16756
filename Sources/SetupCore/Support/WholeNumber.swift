extension FixedWidthInteger {
    /// The whole part of a number read from another program's output, or nil where it is not finite or does not
    /// fit: `Int(Double)` traps on "1e400" or a 30-digit memory size, and such text is garbage, not a crash.
    init?(wholePartOf value: Double) {
        guard value.isFinite, let whole = Self(exactly: value.rounded(.towardZero)) else { return nil }
        self = whole
    }
}
