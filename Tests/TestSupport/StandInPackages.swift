import Foundation
import SetupCore
import Synchronization

/// The package index as the route tests see it: a find-links folder of stand-in wheels (kernels 0.17.x, as the
/// index served it in 2026-12; cuda-toolkit 13.2.2 whose [nvcc] extra brings nvidia-cuda-nvcc; flash-attn-4's
/// yanked placeholder and its beta), made once per run; and a git repository standing in for flash-attention's main.
public enum StandInPackages {
    private static let made = Mutex<String?>(nil)

    /// The find-links folder, made on first use.
    public static func findLinks() throws -> String {
        try made.withLock { folder in
            if let folder { return folder }
            let out = Fixtures.temporaryDirectory("find-links")
            let wheels: [[String]] = [
                ["kernels", "0.17.2", "--tree", "kernels"],
                ["kernels", "0.17.1", "--tree", "kernels"],
                ["nvidia-cuda-nvcc", "13.2.86", "--tree", "nvidia-cuda-nvcc"],
                ["cuda-toolkit", "13.2.2", "--extra", "nvcc:nvidia-cuda-nvcc==13.2.86"],
                ["flash-attn-4", "4.0.0b36"],
                ["flash-attn-4", "0.0.1"],
            ]
            for wheel in wheels {
                let outcome = try ChildProcess.run(
                    ["/usr/bin/python3", Fixtures.root + "/make_package.py", out] + wheel, environment: Fixtures.environment(), timeout: 60)
                guard outcome.exitCode == 0 else { throw FixtureError("make_package.py \(wheel) failed: \(outcome.stderrText)") }
            }
            folder = out
            return out
        }
    }

    private static let today = Mutex<String?>(nil)

    /// The index as it serves kernels on 2026-12-06: the find-links folder and, in a second folder beside it,
    /// kernels 0.19.1 (what transformers 5.25.0 requires); as PIP_FIND_LINKS, both separated by a space.
    public static func findLinksToday() throws -> String {
        let base = try findLinks()
        return try today.withLock { folder in
            if let folder { return folder }
            let out = Fixtures.temporaryDirectory("find-links-today")
            let outcome = try ChildProcess.run(
                ["/usr/bin/python3", Fixtures.root + "/make_package.py", out, "kernels", "0.19.1", "--tree", "kernels"],
                environment: Fixtures.environment(), timeout: 60)
            guard outcome.exitCode == 0 else { throw FixtureError("make_package.py kernels 0.19.1 failed: \(outcome.stderrText)") }
            folder = base + " " + out
            return base + " " + out
        }
    }

    /// The stand-in "hub" the stand-in kernels downloads from ($FAKE_KERNELS_HUB).
    public static var hub: String { Fixtures.root + "/standin-packages/hub" }

    /// A fresh git repository whose main branch is the stand-in checkout of flash-attention; returns its path and
    /// the commit main points at.
    public static func flashAttentionMain() throws -> (path: String, commit: String) {
        let repo = Fixtures.temporaryDirectory("flash-attention-main") + "/repo"
        let env = Fixtures.environment(extra: [
            "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@localhost", "GIT_COMMITTER_NAME": "test",
            "GIT_COMMITTER_EMAIL": "test@localhost",
        ])
        let steps: [[String]] = [
            ["/bin/cp", "-a", Fixtures.root + "/standin-packages/flash-attention-main", repo],
            ["git", "-C", repo, "init", "-q", "-b", "main"],
            ["git", "-C", repo, "add", "-A"],
            ["git", "-C", repo, "commit", "-q", "-m", "stand-in main"],
        ]
        for argv in steps {
            let outcome = try ChildProcess.run(argv, environment: env, timeout: 60)
            guard outcome.exitCode == 0 else { throw FixtureError("\(argv.joined(separator: " ")) failed: \(outcome.stderrText)") }
        }
        let head = try ChildProcess.run(["git", "-C", repo, "rev-parse", "HEAD"], environment: env, timeout: 30)
        return (repo, head.stdoutText?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }
}
