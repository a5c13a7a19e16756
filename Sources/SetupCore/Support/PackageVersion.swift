import Foundation

/// A Python package version ordered as PEP 440 orders the forms the package index serves here: a release
/// ("0.18.2", equal to "0.18.2.0"), a pre-release ("4.0.0b36" < "4.0.0"), a post-release ("2.8.3.post2") and a
/// dev release; a local label ("+cu132") is ignored.
public struct PackageVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var release: [Int]
    /// (0 for a, 1 for b, 2 for rc, number); nil for a final release.
    public var pre: (kind: Int, number: Int)?
    public var post: Int?
    public var dev: Int?
    public var description: String

    public init?(_ text: String) {
        let lowered = text.trimmingWhitespace().lowercased()
        let plain = lowered.split(separator: "+").first.map(String.init) ?? lowered
        guard let match = plain.wholeMatch(of: #/v?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|rc|alpha|beta|c)[-_.]?(\d*))?(?:[-_.]?post[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?/#) else {
            return nil
        }
        var numbers = match.1.split(separator: ".").compactMap { Int($0) }
        while numbers.count > 1, numbers.last == 0 { numbers.removeLast() }
        release = numbers
        if let kind = match.2 {
            let rank = ["a": 0, "alpha": 0, "b": 1, "beta": 1, "rc": 2, "c": 2][String(kind)] ?? 0
            pre = (rank, Int(match.3 ?? "") ?? 0)
        }
        post = match.4.map { Int($0) ?? 0 }
        dev = match.5.map { Int($0) ?? 0 }
        description = text
    }

    public var isPreRelease: Bool { pre != nil || dev != nil }

    public static func == (a: PackageVersion, b: PackageVersion) -> Bool { !(a < b) && !(b < a) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(release)
        hasher.combine(pre?.kind)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
    }

    public static func < (a: PackageVersion, b: PackageVersion) -> Bool {
        if a.release != b.release { return a.release.lexicographicallyPrecedes(b.release) }
        // Within one release: dev < pre-releases < the release < post-releases.
        func key(_ v: PackageVersion) -> [Int] {
            let phase: [Int]
            if let pre = v.pre { phase = [1, pre.kind, pre.number] }
            else if v.dev != nil && v.post == nil { phase = [0, 0, 0] }
            else { phase = [2, 0, 0] }
            return phase + [v.post ?? -1, v.dev ?? Int.max]
        }
        return key(a).lexicographicallyPrecedes(key(b))
    }
}

/// Orders two version strings as PEP 440 does; a string that is no version sorts below every version.
public func comparePackageVersions(_ a: String, _ b: String) -> ComparisonResult {
    switch (PackageVersion(a), PackageVersion(b)) {
    case let (x?, y?): return x < y ? .orderedAscending : (y < x ? .orderedDescending : .orderedSame)
    case (nil, _?): return .orderedAscending
    case (_?, nil): return .orderedDescending
    case (nil, nil): return .orderedSame
    }
}
