import Foundation

/// Where the tool keeps its files, by the XDG base directory rules: a cache (downloads, builds, GitHub's release
/// list) and a state folder (logs, locks).
public enum ToolDirectories {
    /// $XDG_CACHE_HOME/flash-attn-setup, ~/.cache/flash-attn-setup by default.
    public static func cache(_ environment: [String: String]) -> String {
        base(environment, variable: "XDG_CACHE_HOME", fallback: ".cache")
    }

    /// $XDG_STATE_HOME/flash-attn-setup, ~/.local/state/flash-attn-setup by default.
    public static func state(_ environment: [String: String]) -> String {
        base(environment, variable: "XDG_STATE_HOME", fallback: ".local/state")
    }

    private static func base(_ environment: [String: String], variable: String, fallback: String) -> String {
        let root = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/" + fallback
        return root + "/flash-attn-setup"
    }
}
