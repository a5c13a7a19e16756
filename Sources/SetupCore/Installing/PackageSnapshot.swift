import Foundation

/// The packages installed in the target, in the shape `pip list --format=json` reports them, and what changed between two.
public struct PackageSnapshot: Sendable, Hashable {
    /// Normalized name ("flash-attn") -> version.
    public var versions: [String: String]
    /// Normalized name -> a digest of its RECORD (every installed file with its hash): what tells a repaired
    /// install of the same version (a broken build replaced by a good one) from one that left it as it was.
    public var records: [String: String]
    /// What pip sets aside while it replaces a package ("~lash_attn", "~lash_attn-2.8.2.dist-info" in site-packages):
    /// present after pip only where it stopped half-way, so the package they belong to is in no usable state.
    public var stashed: [String]

    public init(versions: [String: String], records: [String: String] = [:], stashed: [String] = []) {
        self.versions = versions
        self.records = records
        self.stashed = stashed
    }

    /// Reads pip's JSON ([{"name": "torch", "version": "2.8.0"}]), with the listing's "record" digest where it has
    /// one and its entries marked "stash" (pip's set-aside folders) apart; nil where it is not that.
    public init?(pipListJSON data: Data) {
        struct Entry: Decodable { var name: String; var version: String; var record: String?; var stash: Bool? }
        guard let entries = try? JSONDecoder().decode([Entry].self, from: data) else { return nil }
        var versions: [String: String] = [:]
        var records: [String: String] = [:]
        var stashed: [String] = []
        for entry in entries {
            if entry.stash == true {
                stashed.append(terminalSafe(entry.name))
                continue
            }
            let name = Self.normalize(entry.name)
            versions[name] = entry.version
            records[name] = entry.record
        }
        self.init(versions: versions, records: records, stashed: stashed.sorted())
    }

    /// PEP 503: lowercase, runs of -_. as one "-".
    public static func normalize(_ name: String) -> String {
        name.lowercased().replacing(#/[-_.]+/#, with: "-")
    }

    /// One package's change: another version, added, removed, or the same version with other files.
    public struct Change: Sendable, Hashable, Codable {
        public var name: String
        public var before: String?
        public var after: String?
        /// The version stayed and its files were replaced (a reinstall that repaired a broken build).
        public var replaced: Bool

        public init(name: String, before: String?, after: String?, replaced: Bool = false) {
            self.name = name
            self.before = before
            self.after = after
            self.replaced = replaced
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try c.decode(String.self, forKey: .name), before: try c.decodeIfPresent(String.self, forKey: .before),
                after: try c.decodeIfPresent(String.self, forKey: .after),
                replaced: try c.decodeIfPresent(Bool.self, forKey: .replaced) ?? false)
        }

        /// "flash-attn 2.7.4 -> 2.8.3", or "flash-attn 2.8.3, reinstalled (same version, files replaced)".
        public var line: LocalizedText {
            if replaced, let after {
                return LocalizedText(en: "\(name) \(after), reinstalled (same version, files replaced)", zh: "\(name) \(after)，已重新安装（同一版本，文件已替换）")
            }
            let text = "\(name) \(before ?? "-") -> \(after ?? "-")"
            return LocalizedText(en: text, zh: text)
        }
    }

    public func changes(to after: PackageSnapshot) -> [Change] {
        Set(versions.keys).union(after.versions.keys).sorted().compactMap { name in
            let old = versions[name]
            let new = after.versions[name]
            if old != new { return Change(name: name, before: old, after: new) }
            // Both listings must carry the digest: one without it (an older listing) says nothing about files.
            if let was = records[name], let now = after.records[name], was != now {
                return Change(name: name, before: old, after: new, replaced: true)
            }
            return nil
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

    // A distribution whose folder starts with "~" is pip's stash of a package it is replacing (its uninstall moves
    // the old files aside and deletes them only once the new ones are in): it is not installed, and it is listed
    // apart, with every other "~" entry of the folders distributions live in.
    private static let listing = """
        import hashlib, json, os, re, importlib.metadata as m
        seen, out, folders = set(), [], set()
        for d in m.distributions():
            path = getattr(d, "_path", None)
            if path is not None:
                folders.add(os.path.dirname(str(path)))
                if os.path.basename(str(path)).startswith("~"):
                    continue
            name = d.metadata["Name"]
            if not name:
                continue
            key = re.sub(r"[-_.]+", "-", name).lower()
            if key not in seen:
                seen.add(key)
                try:
                    record = d.read_text("RECORD")
                except Exception:
                    record = None
                digest = hashlib.sha256(record.encode("utf-8", "replace")).hexdigest()[:16] if record else None
                out.append({"name": name, "version": d.version, "record": digest})
        for folder in sorted(folders):
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            out += [{"name": n, "version": "", "stash": True} for n in sorted(names) if n.startswith("~")]
        print(json.dumps(out))
        """
}
