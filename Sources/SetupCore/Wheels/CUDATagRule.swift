/// How a flash-attn release's setup.py turns torch's CUDA version into the wheel's "cu" tag: the wheel it guesses
/// is the one that release means for that torch, so the resolver asks for the same.
public enum CUDATagRule: Sendable, Hashable, Codable {
    /// The exact CUDA major and minor: torch 12.1 -> "121" (up to 2.2.3.post1).
    case exact
    /// The major alone: 12.4 -> "12" (2.7.0 to 2.8.3).
    case major
    /// A fixed tag per major, and one for every other major: 11 -> "118", else "122" (2.2.3.post2 to 2.6.3);
    /// 11 -> "11", 12 -> "12", else "13" (2.8.3.post1 on).
    case mapped(byMajor: [String: String], otherwise: String)

    /// The tag for torch.version.cuda ("12.4"), or nil where that is not a CUDA version.
    public func tag(forTorchCUDA cuda: String) -> String? {
        let parts = cuda.split(separator: ".")
        guard let majorText = parts.first, Int(majorText) != nil else { return nil }
        let major = String(majorText)
        switch self {
        case .exact:
            guard parts.count >= 2 else { return nil }
            return major + parts[1]
        case .major:
            return major
        case .mapped(let byMajor, let otherwise):
            return byMajor[major] ?? otherwise
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, byMajor, otherwise }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "exact": self = .exact
        case "major": self = .major
        case "mapped":
            self = .mapped(
                byMajor: try c.decode([String: String].self, forKey: .byMajor),
                otherwise: try c.decode(String.self, forKey: .otherwise))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown rule \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exact: try c.encode("exact", forKey: .kind)
        case .major: try c.encode("major", forKey: .kind)
        case .mapped(let byMajor, let otherwise):
            try c.encode("mapped", forKey: .kind)
            try c.encode(byMajor, forKey: .byMajor)
            try c.encode(otherwise, forKey: .otherwise)
        }
    }
}
