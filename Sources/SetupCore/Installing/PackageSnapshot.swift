import Foundation

/// The packages installed in the target, in the shape `pip list --format=json` reports them, and what changed between two.
public struct PackageSnapshot: Sendable, Hashable {
    /// Normalized name ("flash-attn") -> version.
    public var versions: [String: String]

    public init(versions: [String: String]) { self.versions = versions }

    /// Reads pip's JSON ([{"name": "torch", "version": "2.8.0"}]); nil where it is not that.
    public init?(pipListJSON data: Data) {
        struct Entry: Decodable { var name: String; var version: String }
        guard let entries = try? JSONDecoder().decode([Entry].self, from: data) else { return nil }
        var versions: [String: String] = [:]
        for entry in entries { versions[Self.normalize(entry.name)] = entry.version }
        self.versions = versions
    }

    /// PEP 503: lowercase, runs of -_. as one "-".
    public static func normalize(_ name: String) -> String {
        name.lowercased().replacing(#/[-_.]+/#, with: "-")
    }

    /// One package's change.
    public struct Change: Sendable, Hashable, Codable {
        public var name: String
        public var before: String?
        public var after: String?
    }

    public func changes(to after: PackageSnapshot) -> [Change] {
        Set(versions.keys).union(after.versions.keys).sorted().compactMap { name in
            let old = versions[name]
            let new = after.versions[name]
            return old == new ? nil : Change(name: name, before: old, after: new)
        }
    }

    /// Lists the target's distributions as pip list's JSON, through importlib.metadata: the same names and versions
    /// (the first of a name on sys.path, as pip takes it) without importing pip, which made the listing cost most of
    /// a second, twice per install.
    public static func take(python: String, environment: [String: String]) -> (snapshot: PackageSnapshot?, raw: Data) {
        guard let outcome = try? ChildProcess.run([python, "-c", listing], environment: environment, timeout: 120),
            outcome.exitCode == 0
        else { return (nil, Data()) }
        let data = Data(outcome.stdout)
        return (PackageSnapshot(pipListJSON: data), data)
    }

    private static let listing = """
        import json, re, importlib.metadata as m
        seen, out = set(), []
        for d in m.distributions():
            name = d.metadata["Name"]
            if not name:
                continue
            key = re.sub(r"[-_.]+", "-", name).lower()
            if key not in seen:
                seen.add(key)
                out.append({"name": name, "version": d.version})
        print(json.dumps(out))
        """
}
