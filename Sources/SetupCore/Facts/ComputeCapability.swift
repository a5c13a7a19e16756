/// A CUDA compute capability such as 8.9: what a GPU's kernels must be built for.
public struct ComputeCapability: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses "8.9" (nvidia-smi, the name table) or "89" is not accepted: digits must be dotted.
    public init?(_ text: String) {
        let parts = text.trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]),
            (0...99).contains(major), (0...9).contains(minor)
        else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The sm_ number nvcc builds for, e.g. "89".
    public var smNumber: String { "\(major)\(minor)" }

    /// The architecture a FlashAttention-2 build needs for this GPU: every 8.x card runs the sm_80 code.
    public var flashAttentionBuildArch: String { major == 8 ? "80" : smNumber }

    /// NVIDIA's name for the generation.
    public var architectureName: String {
        switch (major, minor) {
        case (..<3, _): return "Fermi or older"
        case (3, _): return "Kepler"
        case (5, _): return "Maxwell"
        case (6, _): return "Pascal"
        case (7, 0), (7, 2): return "Volta"
        case (7, 5): return "Turing"
        case (8, 0), (8, 6), (8, 7): return "Ampere"
        case (8, 9): return "Ada Lovelace"
        case (9, _): return "Hopper"
        case (10, _), (11, _), (12, _): return "Blackwell"
        default: return "unknown (\(major).\(minor))"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ComputeCapability(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a compute capability: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
