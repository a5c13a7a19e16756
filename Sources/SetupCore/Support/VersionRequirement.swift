/// A PEP 440 version specifier as Requires-Dist lines carry it ("kernels<0.19,>=0.18.2", ">=0.17.2,<0.18"):
/// the clauses ==, !=, >=, <=, >, < and ~=, and == with a trailing ".*".
public struct VersionRequirement: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        // Longest first, so that ">=" is not read as ">".
        case compatible = "~=", greaterOrEqual = ">=", lessOrEqual = "<=", equal = "==", notEqual = "!=",
            greater = ">", less = "<"
    }

    public struct Clause: Sendable, Hashable {
        public var op: Operator
        public var version: String
    }

    public var clauses: [Clause]

    /// Reads the specifier part; a leading distribution name ("kernels") and brackets or parentheses are dropped.
    /// nil where a clause cannot be read, so nothing is guessed.
    public init?(_ text: String) {
        var body = Substring(text.trimmingWhitespace())
        while let first = body.first, first.isLetter || first.isNumber || "-_.[]".contains(first) {
            if Operator.allCases.contains(where: { body.hasPrefix($0.rawValue) }) { break }
            body = body.dropFirst()
        }
        body = Substring(body.trimmingCharacters(in: ["(", ")", " "]))
        var clauses: [Clause] = []
        for part in body.split(separator: ",").map({ $0.trimmingWhitespace() }) where !part.isEmpty {
            guard let op = Operator.allCases.first(where: { part.hasPrefix($0.rawValue) }) else { return nil }
            let version = String(part.dropFirst(op.rawValue.count)).trimmingWhitespace()
            guard let first = version.first, first.isNumber else { return nil }
            clauses.append(Clause(op: op, version: version))
        }
        guard !clauses.isEmpty else { return nil }
        self.clauses = clauses
    }

    public func contains(_ version: String) -> Bool {
        clauses.allSatisfy { clause in
            if clause.version.hasSuffix(".*") {
                let prefix = String(clause.version.dropLast(2))
                let matches = version == prefix || version.hasPrefix(prefix + ".")
                switch clause.op {
                case .equal: return matches
                case .notEqual: return !matches
                default: return false
                }
            }
            let order = comparePackageVersions(version, clause.version)
            switch clause.op {
            case .equal: return order == .orderedSame
            case .notEqual: return order != .orderedSame
            case .greaterOrEqual: return order != .orderedAscending
            case .lessOrEqual: return order != .orderedDescending
            case .greater: return order == .orderedDescending
            case .less: return order == .orderedAscending
            case .compatible:
                // ~=X.Y.Z means >=X.Y.Z and ==X.Y.*
                var parts = clause.version.split(separator: ".").map(String.init)
                if parts.count > 1 { parts.removeLast() }
                let prefix = parts.joined(separator: ".")
                return order != .orderedAscending && (version == prefix || version.hasPrefix(prefix + "."))
            }
        }
    }

    /// The newest of these versions inside the requirement.
    public func newest(of versions: [String]) -> String? {
        versions.filter(contains).max { comparePackageVersions($0, $1) == .orderedAscending }
    }

    public var description: String { clauses.map { $0.op.rawValue + $0.version }.joined(separator: ",") }
}
