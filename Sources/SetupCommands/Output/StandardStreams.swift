import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// stdin, stdout and stderr as this process found them, made safe to use: a stream the caller closed is opened on
/// /dev/null, and a write to stderr that fails is dropped instead of trapping.
enum StandardStreams {
    /// Opens /dev/null on each of fds 0, 1 and 2 that is closed. Without this the first file the tool opens (the
    /// log, the lock) would get fd 2, and every sentence meant for stderr would be written into it.
    static func reopenClosed() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if opened >= 0, opened != fd {
                _ = dup2(opened, fd)
                close(opened)
            }
        }
        // A reader that went away (`| head`) makes writes fail with EPIPE instead of killing the tool mid-install.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to stdout as it is (no newline added), or to the session's capture.
    static func write(_ text: String, session: CommandSession = .current) {
        if let capture = session.capture { return capture.append(text, error: false) }
        print(text, terminator: "")
    }

    /// Writes `text` and a newline to stdout, as print does.
    static func writeLine(_ text: String = "", session: CommandSession = .current) { write(text + "\n", session: session) }

    /// Writes `text` to stderr. A failure (stderr on a full disk, a closed pipe) loses the text and nothing else:
    /// what stderr carries is also in the log or on stdout, and FileHandle.write would trap on it.
    static func writeError(_ text: String, session: CommandSession = .current) {
        if let capture = session.capture { return capture.append(text, error: true) }
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                sent += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
