extension Duration {
    /// The duration in seconds, for timings reported as a number (a child's run time, a step's in the log).
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
