/// What the target's own pip says the package index holds of one distribution: the versions it would install
/// from, with the target's index, find-links and proxy settings.
public struct IndexVersions: Sendable, Hashable {
    public var name: String
    /// nil where the index could not be asked (offline, an old pip); then nothing is claimed about it.
    public var versions: [String]?
    /// Why the versions are unknown, in pip's words.
    public var error: String?

    public init(name: String, versions: [String]?, error: String? = nil) {
        self.name = name
        self.versions = versions
        self.error = error
    }

    /// The newest version, pre-releases included where asked for.
    public func newest(includingPreReleases: Bool = false) -> String? {
        (versions ?? []).filter { includingPreReleases || !(PackageVersion($0)?.isPreRelease ?? true) }
            .max { comparePackageVersions($0, $1) == .orderedAscending }
    }
}

/// Asks the target's pip which versions of a distribution the index serves (`pip index versions NAME`).
public enum PackageIndexQuery {
    public static func versions(
        of name: String, python: String, preReleases: Bool, environment: [String: String], timeout: Double = 30
    ) -> IndexVersions {
        var argv = [python, "-m", "pip", "index", "versions", name, "--disable-pip-version-check"]
        if preReleases { argv.append("--pre") }
        do {
            let outcome = try ChildProcess.run(argv, environment: environment, timeout: timeout)
            if outcome.termination == .timedOut {
                return IndexVersions(name: name, versions: nil, error: "pip index versions did not answer within \(Int(timeout)) s")
            }
            let text = outcome.stdoutText ?? ""
            if let versions = parse(text) { return IndexVersions(name: name, versions: versions) }
            let said = (outcome.stderrText + "\n" + text).lastNonEmptyLine ?? "exit \(outcome.exitCode.map(String.init) ?? "?")"
            // "No matching distribution" is an answer: the index has none.
            if said.contains("No matching distribution") { return IndexVersions(name: name, versions: []) }
            return IndexVersions(name: name, versions: nil, error: String(said.prefix(300)))
        } catch {
            return IndexVersions(name: name, versions: nil, error: error.description)
        }
    }

    /// The versions from pip's "Available versions: 0.17.2, 0.17.1, ..." line.
    public static func parse(_ output: String) -> [String]? {
        for line in output.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingWhitespace()
            guard trimmed.hasPrefix("Available versions:") else { continue }
            return trimmed.dropFirst("Available versions:".count).split(separator: ",")
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        return nil
    }
}
