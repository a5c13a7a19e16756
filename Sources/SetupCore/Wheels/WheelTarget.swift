/// What a flash-attn wheel must have been built for to load in the target Python: the exact tags of its name.
public struct WheelTarget: Sendable, Hashable, Codable {
    public var pythonTag: String
    public var platform: String
    /// torch's full version, "2.8.0+cu128".
    public var torchVersion: String
    /// torch.version.cuda, "12.8".
    public var torchCUDA: String
    public var cxx11abi: Bool
    /// The target's glibc; nil where unknown (musl, or not reported).
    public var glibc: String?

    public init(pythonTag: String, platform: String, torchVersion: String, torchCUDA: String, cxx11abi: Bool, glibc: String?) {
        self.pythonTag = pythonTag
        self.platform = platform
        self.torchVersion = torchVersion
        self.torchCUDA = torchCUDA
        self.cxx11abi = cxx11abi
        self.glibc = glibc
    }

    /// The target of a probed environment; nil where it has no CUDA torch (the verdict says why).
    public init?(_ env: Environment) {
        guard let python = env.python, let torch = env.torch, let cuda = torch.cuda else { return nil }
        self.init(
            pythonTag: python.tag, platform: python.platform, torchVersion: torch.version, torchCUDA: cuda,
            cxx11abi: torch.cxx11abi ?? true, glibc: python.glibc)
    }

    /// Windows builds are MSVC's: no libstdc++ dual ABI, and a portable Python rather than a venv.
    public var isWindows: Bool { platform.hasPrefix("win") }

    var torchRelease: String { String(torchVersion.split(separator: "+").first ?? Substring(torchVersion)) }
    var torchMajorMinor: String { torchRelease.split(separator: ".").prefix(2).joined(separator: ".") }
    /// "128" for CUDA 12.8: the tag community builds use.
    var exactCUDATag: String { torchCUDA.split(separator: ".").prefix(2).joined() }
}
