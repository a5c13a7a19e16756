/// One build variant of a hub kernel as its folder is named, in both of kernels' grammars: the legacy one
/// (`torch28-cxx11-cu128-x86_64-linux`, `torch-stable-abi210-cu130-x86_64-linux`) and the one kernels 0.19 brought
/// (`torch-2.10-cxx11-cuda-13.0-cpython-3.10-abi3-x86_64-linux`, `torch-stable-abi-2.11-cuda-13.0-...`).
///
/// Read from kernels 0.19.1's kernels/_internals/variants.py (parse_variant, checked 2026-12-06); it decides only
/// which cached variant this torch could load, so that an offline plan knows whether the hub is needed. A name in
/// neither grammar is nil: the cache is then taken to hold nothing usable, which costs a download, never a failure.
public struct KernelVariantName: Sendable, Hashable {
    public enum Framework: Sendable, Hashable {
        /// Built for one torch major.minor, with its C++ ABI where named.
        case torch(major: Int, minor: Int, cxx11: Bool?)
        /// Built against torch's stable ABI: loads on this torch and every newer one.
        case stableABI(major: Int, minor: Int)
        /// No compiled part: any torch.
        case noarch
    }

    public var framework: Framework
    /// "cuda", "rocm", "xpu", "cpu", "metal", ...
    public var backend: String
    /// The backend's major and minor ("13.0" -> 13, 0), where it has one.
    public var backendVersion: (major: Int, minor: Int)?
    /// The oldest Python it loads on (new grammar); legacy names are cpython 3.9 abi3.
    public var pythonAtLeast: (major: Int, minor: Int)
    /// abi3t builds are for free-threaded Pythons only.
    public var freeThreaded: Bool
    public var arch: String?
    public var os: String?

    public static func == (a: Self, b: Self) -> Bool {
        a.framework == b.framework && a.backend == b.backend && a.backendVersion?.major == b.backendVersion?.major
            && a.backendVersion?.minor == b.backendVersion?.minor && a.pythonAtLeast == b.pythonAtLeast
            && a.freeThreaded == b.freeThreaded && a.arch == b.arch && a.os == b.os
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(backend)
        hasher.combine(arch)
    }

    public init?(_ name: String) {
        var parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first else { return nil }
        let legacy: Bool
        if name.hasPrefix("torch-stable-abi") {
            legacy = !(parts.count > 3 && parts[2] == "abi")
            if legacy {
                guard let (major, minor) = Self.packed(parts[2].dropFirst(3)) else { return nil }
                framework = .stableABI(major: major, minor: minor)
                parts.removeFirst(3)
            } else {
                guard parts.count > 3, let (major, minor) = Self.dotted(parts[3]) else { return nil }
                framework = .stableABI(major: major, minor: minor)
                parts.removeFirst(4)
            }
        } else if first == "torch", parts.count >= 2, parts[1].first?.isNumber == true {
            legacy = false
            guard let (major, minor) = Self.dotted(parts[1]) else { return nil }
            parts.removeFirst(2)
            framework = .torch(major: major, minor: minor, cxx11: Self.takeABI(&parts))
        } else if first == "torch", parts.count == 2 {
            self.framework = .noarch
            backend = parts[1]
            backendVersion = nil
            pythonAtLeast = (3, 9)
            freeThreaded = false
            arch = nil
            os = nil
            return
        } else if first.hasPrefix("torch") {
            legacy = true
            guard let (major, minor) = Self.packed(first.dropFirst(5)) else { return nil }
            parts.removeFirst()
            framework = .torch(major: major, minor: minor, cxx11: Self.takeABI(&parts))
        } else {
            return nil
        }
        guard parts.count >= 3 else { return nil }
        os = parts.removeLast()
        arch = parts.removeLast()
        // "x86_64" has no dash; "aarch64" neither: the two last parts are the system.
        if legacy {
            guard parts.count == 1 else { return nil }
            let tag = parts[0]
            let letters = String(tag.prefix { $0.isLetter })
            let digits = tag.dropFirst(letters.count)
            backend = letters == "cu" ? "cuda" : letters
            if digits.isEmpty {
                backendVersion = nil
            } else if letters == "cu" || letters == "rocm", digits.count >= 2, let whole = Int(digits) {
                // cu128 -> 12.8, cu130 -> 13.0, rocm63 -> 6.3: the last digit is the minor.
                backendVersion = (whole / 10, whole % 10)
            } else {
                return nil
            }
            pythonAtLeast = (3, 9)
            freeThreaded = false
        } else {
            // ... {backend}[-{x.y}]-cpython-{x.y}-{abi3|abi3t}: nothing may follow the ABI.
            guard let marker = parts.firstIndex(of: "cpython"), marker >= 1, parts.count == marker + 3,
                let python = Self.dotted(parts[marker + 1])
            else { return nil }
            let abi = parts[marker + 2]
            guard abi == "abi3" || abi == "abi3t" else { return nil }
            pythonAtLeast = python
            freeThreaded = abi == "abi3t"
            let backendParts = Array(parts[..<marker])
            backend = backendParts[0]
            if backendParts.count == 2 {
                guard let version = Self.dotted(backendParts[1]) else { return nil }
                backendVersion = version
            } else if backendParts.count == 1 {
                backendVersion = nil
            } else {
                return nil
            }
        }
    }

    /// Whether this torch, Python and processor would load it, by the rules kernels applies.
    public func loads(torch: Torch, python: PythonEnvironment?, arch hostArch: String) -> Bool {
        if let arch, arch != hostArch { return false }
        if let os, os != "linux" { return false }
        if freeThreaded { return false }
        if let (major, minor) = python?.majorMinor, (major, minor) < pythonAtLeast { return false }
        let release = torch.release.split(separator: ".").compactMap { Int($0) }
        guard release.count >= 2 else { return false }
        switch framework {
        case .torch(let major, let minor, let cxx11):
            guard release[0] == major, release[1] == minor else { return false }
            if let cxx11, let abi = torch.cxx11abi, cxx11 != abi { return false }
        case .stableABI(let major, let minor):
            guard (release[0], release[1]) >= (major, minor) else { return false }
        case .noarch:
            break
        }
        switch backend {
        case "cuda":
            guard let cuda = torch.cuda, let torchMajor = Int(cuda.split(separator: ".").first ?? "") else { return false }
            return backendVersion.map { $0.major == torchMajor } ?? true
        case "rocm":
            return torch.hip != nil
        case "cpu":
            return true
        default:
            return false
        }
    }

    private static func takeABI(_ parts: inout [String]) -> Bool? {
        guard let first = parts.first, first == "cxx11" || first == "cxx98" else { return nil }
        parts.removeFirst()
        return first == "cxx11"
    }

    /// "2.10" -> (2, 10).
    private static func dotted(_ text: String) -> (Int, Int)? {
        let pieces = text.split(separator: ".")
        guard pieces.count == 2, let a = Int(pieces[0]), let b = Int(pieces[1]) else { return nil }
        return (a, b)
    }

    /// "28" -> (2, 8), "210" -> (2, 10): the first digit is the major (torch has had one-digit majors only).
    private static func packed(_ text: Substring) -> (Int, Int)? {
        guard text.count >= 2, text.allSatisfy(\.isNumber), let major = Int(text.prefix(1)), let minor = Int(text.dropFirst())
        else { return nil }
        return (major, minor)
    }
}
