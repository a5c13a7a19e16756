import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps two installs off the same Python: an exclusive flock on the environment's own folder (so a second run with
/// another XDG_STATE_HOME is kept off too), and one on a file named after the target in the state folder, which
/// holds the pid for the sentence; both held while the install runs and released by the kernel if the process dies.
public final class InstallLock: Sendable {
    private let fd: Int32
    private let environmentFD: Int32
    public let path: String

    /// The environment an interpreter belongs to, whatever name it was given by: its folder with symbolic links
    /// resolved, so venv/bin/python and venv/bin/python3 (or a link to the venv) are one environment.
    public static func environmentKey(python: String) -> String {
        URL(fileURLWithPath: python).standardized.deletingLastPathComponent().resolvingSymlinksInPath().path
    }

    /// Takes the lock, or returns nil with the pid written by the holder.
    public static func acquire(python: String, directory: String) -> Result<InstallLock, LocalizedText> {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = SHA256Hex.hex(of: Array(environmentKey(python: python).utf8)).prefix(16)
        let path = directory + "/install-\(name).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            return .failure(LocalizedText(
                en: "Could not create the lock file \(path); check that \(directory) is writable.",
                zh: "无法创建锁文件 \(path)；请检查 \(directory) 是否可写。"))
        }
        // Read-only, so any user who can run the interpreter can take it; -1 (no lock there) where it cannot open.
        let environmentFD = open(environmentKey(python: python), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let heldHere = flock(fd, LOCK_EX | LOCK_NB) == 0
        let heldBoth = heldHere && (environmentFD < 0 || flock(environmentFD, LOCK_EX | LOCK_NB) == 0)
        guard heldBoth else {
            let holder = heldHere ? nil : (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingWhitespace()
            close(fd)
            if environmentFD >= 0 { close(environmentFD) }
            let who = holder.map { " (pid \($0))" } ?? ""
            let whoZh = holder.map { "（pid \($0)）" } ?? ""
            return .failure(LocalizedText(
                en: "Another flash-attn-setup install\(who) is running into \(python); wait for it to finish, then run this again.",
                zh: "另一个 flash-attn-setup 安装进程\(whoZh)正在安装到 \(python)；请等它完成后再运行。"))
        }
        _ = ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return .success(InstallLock(fd: fd, environmentFD: environmentFD, path: path))
    }

    private init(fd: Int32, environmentFD: Int32, path: String) {
        self.fd = fd
        self.environmentFD = environmentFD
        self.path = path
    }

    deinit {
        if environmentFD >= 0 {
            _ = flock(environmentFD, LOCK_UN)
            close(environmentFD)
        }
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}
