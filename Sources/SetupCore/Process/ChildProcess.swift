#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How a finished child process ended, with everything it wrote.
public struct ProcessOutcome: Sendable, Equatable {
    /// Why the process stopped.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Killed by us after the timeout passed.
        case timedOut
    }

    public var termination: Termination
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var seconds: Double

    public var exitCode: Int32? {
        if case .exited(let code) = termination { return code }
        return nil
    }

    /// stdout decoded as UTF-8, or nil where the bytes are not UTF-8.
    public var stdoutText: String? { String(validating: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// A program could not be started at all.
public struct LaunchFailure: Error, Sendable, Equatable {
    public var executable: String
    public var errno: Int32
    public var description: String { "\(executable): \(String(cString: strerror(errno)))" }
}

/// Runs one program as an argv array (never through a shell), in its own process group, with stdin
/// from /dev/null, collecting stdout and stderr apart, and killing the whole group at the timeout.
///
/// posix_spawn and poll on one thread: the notes in TUI-NOTES.md found Foundation's Process can hang
/// when a grandchild keeps the pipe open, so the end of a run is the child's exit, not EOF.
public enum ChildProcess {
    public static func run(
        _ argv: [String],
        environment: [String: String]? = nil,
        timeout: Double,
        outputLimit: Int = 16 << 20
    ) throws(LaunchFailure) -> ProcessOutcome {
        precondition(!argv.isEmpty, "argv needs a program")
        let start = Date()
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw LaunchFailure(executable: argv[0], errno: errno) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw LaunchFailure(executable: argv[0], errno: errno)
        }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let envList = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawnResult = withCStrings(argv) { argvPointers in
            withCStrings(envList) { envPointers in
                // posix_spawnp so that a bare name is looked up on PATH, like execvp.
                posix_spawnp(&pid, argv[0], &actions, &attributes, argvPointers, envPointers)
            }
        }
        close(outPipe[1])
        close(errPipe[1])
        guard spawnResult == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw LaunchFailure(executable: argv[0], errno: spawnResult)
        }

        var out = PipeReader(fd: outPipe[0], limit: outputLimit)
        var err = PipeReader(fd: errPipe[0], limit: outputLimit)
        defer { out.close(); err.close() }
        let deadline = start.addingTimeInterval(timeout)
        var status: Int32 = 0
        var exited = false
        var timedOut = false

        while !exited {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                timedOut = true
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            var fds = [out, err].filter { $0.isOpen }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            // Wake at least every 50 ms to notice an exit whose grandchildren still hold the pipes.
            let wait = Int32(min(remaining, 0.05) * 1000) + 1
            if fds.isEmpty {
                usleep(useconds_t(wait) * 1000)
            } else {
                _ = poll(&fds, nfds_t(fds.count), wait)
            }
            out.drain()
            err.drain()
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { exited = true }
        }
        // Anything the group left behind (a stray grandchild) goes with it.
        kill(-pid, SIGKILL)
        out.drain()
        err.drain()

        let termination: ProcessOutcome.Termination
        if timedOut {
            termination = .timedOut
        } else if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            termination = .signaled(status & 0x7f)
        }
        return ProcessOutcome(
            termination: termination, stdout: out.bytes, stderr: err.bytes,
            seconds: Date().timeIntervalSince(start))
    }
}

/// Non-blocking reads from one pipe end until EAGAIN, keeping at most `limit` bytes.
private struct PipeReader {
    var fd: Int32
    var limit: Int
    var bytes: [UInt8] = []
    var isOpen: Bool { fd >= 0 }

    init(fd: Int32, limit: Int) {
        self.fd = fd
        self.limit = limit
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    mutating func drain() {
        guard fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if bytes.count < limit { bytes.append(contentsOf: buffer[0..<min(n, limit - bytes.count)]) }
            } else if n == 0 {
                close()
                return
            } else {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK { close() }
                return
            }
        }
    }

    mutating func close() {
        if fd >= 0 { closeDescriptor(fd) }
        fd = -1
    }
}

private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
