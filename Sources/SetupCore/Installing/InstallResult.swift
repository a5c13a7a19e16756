/// How `install` ended, as `install --json` prints it and a script (or the fleet report) branches on it.
public enum InstallResult: String, Sendable, Codable {
    case installed, failed, cancelled, refused, blocked, ready
    case dryRun = "dry-run"
    case noRoute = "no-route"

    /// An install that was tried and did not end well: someone has to look at the host.
    public var needsAttention: Bool { self == .failed || self == .cancelled || self == .refused }
}
