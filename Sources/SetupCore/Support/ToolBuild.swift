/// Which flash-attn-setup this is: the version people quote and the commit it was built from, for `--version`, the
/// install log and the User-Agent a mirror's log shows.
public enum ToolBuild {
    /// The release this source tree will be published as.
    public static let version = "0.4.0"

    /// The commit, where the build was made by scripts/release from `git archive` of it (BuildCommit.swift is
    /// rewritten there); nil in a development build, whose tree may differ from any commit.
    public static let commit: String? = buildCommit

    /// `flash-attn-setup 0.4.0 (commit 0123abcd…)`, or `(development build)` without one.
    public static var versionLine: String {
        "flash-attn-setup \(version) (" + (commit.map { "commit \($0)" } ?? "development build, no commit recorded") + ")"
    }

    /// What HTTP requests name themselves with.
    public static var userAgent: String { "flash-attn-setup/\(version)" }
}
