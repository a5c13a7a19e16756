/// Compute capabilities by GPU name, for drivers too old to report `compute_cap` (470.x) and for the /proc
/// fallback. A GPU found this way is marked `inferred`. Patterns are tried in order, most specific first.
public enum GPUNameTable {
    private static let entries: [(pattern: String, capability: ComputeCapability)] = [
        // Blackwell
        (#"\bGB?300\b|\bB300\b"#, .init(major: 10, minor: 3)),
        (#"\bGB?200\b|\bB200\b|\bB100\b"#, .init(major: 10, minor: 0)),
        (#"\bGB10\b|DGX Spark"#, .init(major: 12, minor: 1)),
        (#"\bRTX 50[5-9]0|\bRTX PRO \d{4} Blackwell|Blackwell"#, .init(major: 12, minor: 0)),
        // Hopper
        (#"\bGH200\b|\bH100\b|\bH200\b|\bH800\b|\bH20\b"#, .init(major: 9, minor: 0)),
        // Ada Lovelace
        (#"\bRTX 40[5-9]0|\bL40S?\b|\bL4\b|\bL20\b|\bRTX \d{4} Ada\b"#, .init(major: 8, minor: 9)),
        // Ampere
        (#"\bA100\b|\bA800\b|\bA30\b"#, .init(major: 8, minor: 0)),
        (#"Orin"#, .init(major: 8, minor: 7)),
        (#"\bRTX 30[5-9]0|\bRTX A\d{4}\b|\bA40\b|\bA10G?\b|\bA16\b|\bA2\b|\bA\d{4}\b"#, .init(major: 8, minor: 6)),
        // Turing
        (#"\bT4\b|\bRTX 20[6-8]0|\bGTX 16[5-6]0|\bTITAN RTX\b|\bQuadro RTX\b|\bT(400|600|1000|1200|2000)\b"#,
         .init(major: 7, minor: 5)),
        // Volta
        (#"Xavier"#, .init(major: 7, minor: 2)),
        (#"\bV100\b|\bTITAN V\b|\bGV100\b"#, .init(major: 7, minor: 0)),
        // Pascal
        (#"\bP100\b|\bGP100\b"#, .init(major: 6, minor: 0)),
        (#"\bGTX 10[5-8]0|\bP40\b|\bP4\b|\bP6000\b|\bTITAN Xp?\b"#, .init(major: 6, minor: 1)),
        // Maxwell and Kepler
        (#"\bGTX 9[5-8]0|\bM60\b|\bM40\b|\bM10\b"#, .init(major: 5, minor: 2)),
        (#"\bGTX 750\b"#, .init(major: 5, minor: 0)),
        (#"\bK80\b"#, .init(major: 3, minor: 7)),
        (#"\bK40\b|\bK20\b"#, .init(major: 3, minor: 5)),
    ]

    /// The compute capability a GPU of this marketing name has, or nil when the name is not in the table.
    public static func capability(forName name: String) -> ComputeCapability? {
        for entry in entries {
            guard let regex = try? Regex(entry.pattern) else { continue }
            if name.contains(regex) { return entry.capability }
        }
        return nil
    }
}
