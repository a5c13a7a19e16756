import Foundation

/// What a flash-attention checkout says about itself, read from its files before a build of hours is planned: the
/// version its package declares and the C++ standard its setup.py compiles with.
public struct SourceCheckout: Sendable, Hashable {
    /// `__version__` of flash_attn/__init__.py; nil where it cannot be read.
    public var version: String?
    /// The C++ standards setup.py names (`-std=c++17`, `-std=c++20`): main chooses C++20 for torch 2.13 and later
    /// and C++17 before, so both are named there; a release names only C++17. Empty where none is named.
    public var cxxStandards: Set<Int>

    public init(version: String?, cxxStandards: Set<Int>) {
        self.version = version
        self.cxxStandards = cxxStandards
    }

    /// Reads the checkout at `path` (a missing or unreadable file reads as unknown).
    public static func read(_ path: String) -> SourceCheckout {
        let initFile = (try? String(contentsOfFile: path + "/flash_attn/__init__.py", encoding: .utf8)) ?? ""
        let setup = (try? String(contentsOfFile: path + "/setup.py", encoding: .utf8)) ?? ""
        return SourceCheckout(version: version(inInit: initFile), cxxStandards: standards(inSetup: setup))
    }

    static func version(inInit text: String) -> String? {
        guard let m = text.firstMatch(of: #/__version__\s*=\s*["']([0-9A-Za-z.+\-]+)["']/#) else { return nil }
        return String(m.1)
    }

    static func standards(inSetup text: String) -> Set<Int> {
        Set(text.matches(of: #/std=c\+\+(\d\d)/#).compactMap { Int($0.1) })
    }

    /// The release a ref names where it is a release tag ("v2.8.3", "2.8.3.post2"); nil for a branch or a commit.
    public static func release(namedBy ref: String) -> String? {
        guard let m = ref.wholeMatch(of: #/v?(\d+\.\d+\.\d+(?:\.post\d+)?)/#) else { return nil }
        return String(m.1)
    }
}
