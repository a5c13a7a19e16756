import Foundation

/// Where the target's pip looks for distributions: its index-url and extra-index-urls, read the way pip reads them
/// (PIP_* variables over the configuration files: PIP_CONFIG_FILE, global, user, then the environment's own
/// pip.conf; [install] over [global]) without starting pip, which costs half a second a call.
public struct PipIndexes: Sendable, Hashable {
    public static let pypi = URL(string: "https://pypi.org/simple/")!

    public var index: URL
    public var extra: [URL]
    /// --no-index / PIP_NO_INDEX: pip asks no index at all, so neither does the tool.
    public var noIndex: Bool
    /// find-links: folders and pages of files that pip looks in besides (or, with no-index, instead of) an index.
    public var findLinks: [String]

    public init(index: URL = PipIndexes.pypi, extra: [URL] = [], noIndex: Bool = false, findLinks: [String] = []) {
        self.index = index
        self.extra = extra
        self.noIndex = noIndex
        self.findLinks = findLinks
    }

    /// Every index pip would ask, its own first.
    public var all: [URL] { noIndex ? [] : [index] + extra.filter { $0 != index } }

    /// The configuration files pip reads on Linux, in the order later ones override earlier ones.
    static func configurationFiles(prefix: String?, environment: [String: String]) -> [String] {
        if environment["PIP_CONFIG_FILE"] == "/dev/null" { return [] }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdgDirs = (environment["XDG_CONFIG_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/xdg").split(separator: ":").map(String.init)
        let xdgHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        var files = environment["PIP_CONFIG_FILE"].map { [$0] } ?? []
        files += xdgDirs.map { $0 + "/pip/pip.conf" } + ["/etc/pip.conf"]
        files += [home + "/.pip/pip.conf", xdgHome + "/pip/pip.conf"]
        if let prefix { files.append(prefix + "/pip.conf") }
        return files
    }

    /// What the target's pip uses: its venv's or conda env's own pip.conf counts beside the user's and the system's.
    public static func read(for env: Environment, environment: [String: String]) -> PipIndexes {
        read(prefix: env.python.flatMap { $0.virtualEnv ?? $0.conda }, environment: environment)
    }

    /// From the files and variables; `prefix` is the target's sys.prefix where it is a venv or conda env.
    public static func read(prefix: String?, environment: [String: String]) -> PipIndexes {
        var values: [String: String] = [:]
        for file in configurationFiles(prefix: prefix, environment: environment) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            let sections = parseINI(text)
            for section in ["global", "install"] {
                for (key, value) in sections[section] ?? [:] { values[key] = value }
            }
        }
        for (variable, key) in [
            ("PIP_INDEX_URL", "index-url"), ("PIP_EXTRA_INDEX_URL", "extra-index-url"), ("PIP_NO_INDEX", "no-index"),
            ("PIP_FIND_LINKS", "find-links"),
        ] {
            if let value = environment[variable], !value.isEmpty { values[key] = value }
        }
        return from(values)
    }

    /// The settings as pip names them ("index-url", "extra-index-url", "no-index").
    static func from(_ values: [String: String]) -> PipIndexes {
        func urls(_ text: String?) -> [URL] {
            (text ?? "").split(whereSeparator: \.isWhitespace).compactMap { item in
                let text = String(item)
                guard text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("file://") else { return nil }
                return URL(string: text.hasSuffix("/") ? text : text + "/")
            }
        }
        let noIndex = ["1", "true", "yes", "on"].contains((values["no-index"] ?? "").lowercased())
        let links = (values["find-links"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        return PipIndexes(
            index: urls(values["index-url"]).first ?? pypi, extra: urls(values["extra-index-url"]), noIndex: noIndex,
            findLinks: links)
    }

    /// `[section]` and `key = value` lines, with indented lines continuing a value (as pip's configparser reads a
    /// list of URLs); `#` and `;` comment lines skipped.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var section = ""
        var lastKey: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if let first = raw.first, first == " " || first == "\t", let key = lastKey {
                sections[section, default: [:]][key, default: ""] += " " + line
                continue
            }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingWhitespace().lowercased()
                lastKey = nil
                continue
            }
            guard let sep = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<sep].trimmingWhitespace().lowercased().replacingOccurrences(of: "_", with: "-")
            let value = line[line.index(after: sep)...].trimmingWhitespace()
            sections[section, default: [:]][key] = value
            lastKey = key
        }
        return sections
    }
}
