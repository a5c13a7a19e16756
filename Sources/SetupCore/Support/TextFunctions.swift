import Foundation

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension String {
    /// The last non-empty line, the one that usually names an error in a Python traceback.
    var lastNonEmptyLine: String? {
        split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.last { !$0.isEmpty }
    }
}

/// Compares dotted version strings numerically ("12.10" > "12.9"), ignoring anything after a + label.
public func compareVersions(_ a: String, _ b: String) -> ComparisonResult {
    func numbers(_ s: String) -> [Int] {
        let release = s.split(separator: "+").first.map(String.init) ?? s
        return release.split(separator: ".").map { part in Int(part.prefix { $0.isNumber }) ?? 0 }
    }
    let x = numbers(a)
    let y = numbers(b)
    for i in 0..<max(x.count, y.count) {
        let l = i < x.count ? x[i] : 0
        let r = i < y.count ? y[i] : 0
        if l != r { return l < r ? .orderedAscending : .orderedDescending }
    }
    return .orderedSame
}
