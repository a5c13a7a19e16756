/// A flash-attn wheel's file name, taken apart: the only place the build's CUDA, torch and C++ ABI are written
/// (the METADATA inside says just "Version: 2.8.3").
///
/// Official: `flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl` (also cu118/cu122/cu123
/// tags, and cp37m). Community: a full torch version (`torch2.8.0`, Windows builds), no ABI part
/// (mjun0812's builds), manylinux platform tags.
public struct WheelName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// "2.8.3", "2.7.4.post1"
    public var version: String
    /// The digits after "cu": "12", "118", "128".
    public var cudaTag: String
    /// torch as the name gives it: "2.8" officially, "2.8.0" in some community builds.
    public var torch: String
    /// nil where the name has no cxx11abi part.
    public var cxx11abi: Bool?
    /// "cp312"
    public var pythonTag: String
    /// "cp312", "cp37m"
    public var abiTag: String
    /// "linux_x86_64", "manylinux_2_28_x86_64", "win_amd64"
    public var platform: String

    public init(
        version: String, cudaTag: String, torch: String, cxx11abi: Bool?, pythonTag: String, abiTag: String,
        platform: String
    ) {
        self.version = version
        self.cudaTag = cudaTag
        self.torch = torch
        self.cxx11abi = cxx11abi
        self.pythonTag = pythonTag
        self.abiTag = abiTag
        self.platform = platform
    }

    /// The name as the release workflow writes it.
    public var description: String {
        let abi = cxx11abi.map { "cxx11abi" + ($0 ? "TRUE" : "FALSE") } ?? ""
        return "flash_attn-\(version)+cu\(cudaTag)torch\(torch)\(abi)-\(pythonTag)-\(abiTag)-\(platform).whl"
    }

    /// The name pip accepts for this file: without the +cu..torch.. label, which the wheel's METADATA does not carry
    /// (pip discards a file whose name and metadata versions differ: "has inconsistent version"). flash-attn's own
    /// setup.py renames its downloads the same way.
    public var installableFilename: String {
        "flash_attn-\(version)-\(pythonTag)-\(abiTag)-\(platform).whl"
    }

    /// torch's major.minor, whichever form the name used.
    public var torchMajorMinor: String {
        torch.split(separator: ".").prefix(2).joined(separator: ".")
    }

    // nonisolated(unsafe): a Regex is immutable once built but not marked Sendable; this one is never written.
    private nonisolated(unsafe) static let pattern =
        #/^flash_attn-(?<version>\d+(?:\.\d+)*(?:\.post\d+)?)\+cu(?<cuda>\d+)torch(?<torch>\d+\.\d+(?:\.\d+)?)(?:cxx11abi(?<abi>TRUE|FALSE))?-(?<py>(?:cp|pp)\d+)-(?<pyabi>(?:cp|pp)\d+m?|abi3|none)-(?<platform>[A-Za-z0-9_.]+)\.whl$/#

    /// Parses a file name; nil for anything that is not a flash-attn wheel name in one of the known forms (such a
    /// file is reported, never guessed at).
    public init?(_ filename: String) {
        guard let m = filename.wholeMatch(of: Self.pattern) else { return nil }
        self.init(
            version: String(m.output.version), cudaTag: String(m.output.cuda), torch: String(m.output.torch),
            cxx11abi: m.output.abi.map { $0 == "TRUE" }, pythonTag: String(m.output.py),
            abiTag: String(m.output.pyabi), platform: String(m.output.platform))
    }
}
