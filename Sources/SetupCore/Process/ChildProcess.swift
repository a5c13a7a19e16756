#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CChildSpawn
import Foundation
import Synchronization

/// How a finished child process ended, with what it was started as and everything it wrote.
public struct ProcessOutcome: Sendable, Equatable {
    /// Why the process stopped.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Killed by us after the timeout passed.
        case timedOut
    }

    /// The program and its arguments, as run: what a log line or an error names.
    public var argv: [String]
    public var termination: Termination
    /// Empty where the output was streamed (it went to the caller as it came).
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var seconds: Double

    public init(argv: [String] = [], termination: Termination, stdout: [UInt8], stderr: [UInt8], seconds: Double) {
        self.argv = argv
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
    }

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

/// How a step is stopped once `isRequested` says so: SIGINT to its process group at once, SIGTERM after `term`
/// seconds, SIGKILL after `kill` seconds, each signal reported to `onSignal` as it is sent. `isRequested` is asked
/// whenever output arrives and whenever one of `wake` (a CancelRequest's descriptors) becomes readable.
public struct Teardown: Sendable {
    public var isRequested: @Sendable () -> Bool
    public var wake: [Int32]
    public var term: Double
    public var kill: Double
    public var onSignal: @Sendable (String) -> Void

    public init(isRequested: @escaping @Sendable () -> Bool, wake: [Int32] = [], term: Double = 5, kill: Double = 10,
                onSignal: @escaping @Sendable (String) -> Void = { _ in }) {
        self.isRequested = isRequested
        self.wake = wake
        self.term = term
        self.kill = kill
        self.onSignal = onSignal
    }
}

/// Runs one program as an argv array (never through a shell), in its own process group, with stdin from
/// /dev/null, and kills the whole group when it must stop.
///
/// posix_spawn and poll on one thread: the notes in TUI-NOTES.md found Foundation's Process can hang when a
/// grandchild keeps the pipe open, so the end of a run is the child's exit (its pidfd), not EOF. Every descriptor
/// from 3 up is closed in the child, so no socket or log the tool holds reaches a step.
///
/// Written here rather than on swift-subprocess 1.0.2, which was tried: each of its runs starts an unstructured
/// task on the global executor (and keeps a one-second Task.sleep loop going for cancellation), so the core's
/// synchronous probes, bridged to it, deadlocked as soon as every thread of the cooperative pool (two on a
/// two-core machine, as Swift Testing's parallel tests fill it) waited on one. Using it means an async core from
/// the commands down, a change of its own.
public enum ChildProcess {
    /// What becomes of a child's output.
    public enum Output {
        /// stdout and stderr kept apart, each up to `limit` bytes, and returned in the outcome: for probes.
        case collected(limit: Int = 16 << 20)
        /// stdout and stderr merged into one stream, every chunk handed to the closure as it arrives (the outcome's
        /// stdout and stderr stay empty): for installs.
        case streamed(([UInt8]) -> Void)
    }

    /// Runs `argv` to its end, its timeout or its teardown. With `newSession` (setsid) the child gets no SIGHUP
    /// when the user's terminal goes away; once `teardown` says stop, its signals go to the child's process group
    /// on its schedule; past `timeout` the group is killed and the outcome says `.timedOut`. The child is held in
    /// `registry` while it runs.
    public static func run(
        _ argv: [String],
        environment: [String: String]? = nil,
        output: Output = .collected(),
        timeout: Double? = nil,
        newSession: Bool = false,
        teardown: Teardown? = nil,
        registry: Cancellator = .shared
    ) throws(LaunchFailure) -> ProcessOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let program = try program(of: argv)
        var readers: [PipeReader]
        let pid: pid_t
        switch output {
        case .collected(let limit):
            let out = try Pipe(program)
            let err: Pipe
            do { err = try Pipe(program) } catch { out.closeBoth(); throw error }
            pid = try spawn(argv, environment: environment, stdout: out.write, stderr: err.write, newSession: newSession)
            out.closeWrite()
            err.closeWrite()
            readers = [PipeReader(fd: out.read, limit: limit), PipeReader(fd: err.read, limit: limit)]
        case .streamed:
            let merged = try Pipe(program)
            pid = try spawn(argv, environment: environment, stdout: merged.write, stderr: merged.write, newSession: newSession)
            merged.closeWrite()
            readers = [PipeReader(fd: merged.read, limit: 0)]
        }
        let deadline = timeout.map { start.advanced(by: .seconds(max(0, $0))) }
        var timedOut = false
        let schedule: [(after: Double, signal: Int32, name: String)] = teardown.map {
            [(0, SIGINT, "SIGINT"), ($0.term, SIGTERM, "SIGTERM"), ($0.kill, SIGKILL, "SIGKILL")]
        } ?? []
        var stopping: ContinuousClock.Instant? = nil
        var sent = 0
        let onBytes: (Int, [UInt8]) -> Void
        if case .streamed(let onOutput) = output { onBytes = { _, bytes in onOutput(bytes) } } else { onBytes = { _, _ in } }
        let status = waitLoop(pid: pid, registry: registry, readers: &readers, wake: teardown?.wake ?? [], onBytes: onBytes) {
            if let deadline, clock.now >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                return nil
            }
            var next = deadline
            if let teardown {
                if stopping == nil, teardown.isRequested() { stopping = clock.now }
                if let started = stopping {
                    while sent < schedule.count, clock.now >= started.advanced(by: .seconds(schedule[sent].after)) {
                        kill(-pid, schedule[sent].signal)
                        teardown.onSignal(schedule[sent].name)
                        sent += 1
                    }
                    if sent < schedule.count {
                        let due = started.advanced(by: .seconds(schedule[sent].after))
                        next = next.map { min($0, due) } ?? due
                    }
                }
            }
            return next
        }
        for i in readers.indices { readers[i].close() }
        let collected: Bool
        if case .collected = output { collected = true } else { collected = false }
        return ProcessOutcome(
            argv: argv, termination: timedOut ? .timedOut : decode(status), stdout: collected ? readers[0].bytes : [],
            stderr: collected ? readers[1].bytes : [], seconds: (clock.now - start).inSeconds)
    }

    /// Polls the readers, the child's exit descriptor and `wake`, and ends when the child has exited; the group
    /// is killed after, so no stray grandchild outlives the step, and the pipes are drained once more. `check` runs
    /// after every wake-up and returns when it next needs to run (nil: only when something happens).
    private static func waitLoop(
        pid: pid_t, registry: Cancellator, readers: inout [PipeReader], wake: [Int32], onBytes: (Int, [UInt8]) -> Void,
        check: () -> ContinuousClock.Instant?
    ) -> Int32 {
        registry.started(pid)
        defer { registry.ended(pid) }
        let exit = child_exit_descriptor(pid)
        defer { if exit >= 0 { closeDescriptor(exit) } }
        var status: Int32 = 0
        var next = check()
        // Once readable a wake descriptor stays so: each is watched until it fires, then no more.
        var wake = wake
        while true {
            var fds = readers.filter(\.isOpen).map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if exit >= 0 { fds.append(pollfd(fd: exit, events: Int16(POLLIN), revents: 0)) }
            fds += wake.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            // Without a pidfd (a kernel before 5.3) the exit is noticed by asking waitpid every 50 ms.
            var wait: Int32 = exit >= 0 ? -1 : 50
            if let next {
                let left = next - ContinuousClock.now
                let ms = Int32(clamping: max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1))
                wait = wait < 0 ? ms : min(wait, ms)
            }
            _ = poll(&fds, nfds_t(fds.count), wait)
            wake.removeAll { watched in fds.contains { $0.fd == watched && $0.revents != 0 } }
            for i in readers.indices { if let bytes = readers[i].drain() { onBytes(i, bytes) } }
            if waitpid(pid, &status, WNOHANG) == pid { break }
            next = check()
        }
        kill(-pid, SIGKILL)
        for i in readers.indices { if let bytes = readers[i].drain() { onBytes(i, bytes) } }
        return status
    }

    private static func decode(_ status: Int32) -> ProcessOutcome.Termination {
        // WIFEXITED and friends are macros Swift cannot import.
        status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }

    /// argv's program; an empty argv is refused as "no such program" (EINVAL), never a trap.
    private static func program(of argv: [String]) throws(LaunchFailure) -> String {
        guard let program = argv.first, !program.isEmpty else { throw LaunchFailure(executable: "(no program)", errno: EINVAL) }
        return program
    }

    private static func spawn(
        _ argv: [String], environment: [String: String]?, stdout: Int32, stderr: Int32, newSession: Bool
    ) throws(LaunchFailure) -> pid_t {
        let program = try program(of: argv)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Where the C library cannot close the rest (glibc before 2.34), the tool's own descriptors are opened
        // close-on-exec and only those of other libraries could leak.
        _ = child_spawn_close_from_three(&actions)

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
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession, child_spawn_setsid_flag() != 0 {
            // A new session is also a new process group whose id is the child's pid.
            flags |= Int32(child_spawn_setsid_flag())
        } else {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let envList = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointers in
            withCStrings(envList) { envPointers in
                // posix_spawnp so that a bare name is looked up on PATH, like execvp.
                posix_spawnp(&pid, program, &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard result == 0 else { throw LaunchFailure(executable: program, errno: result) }
        return pid
    }
}

/// Both ends of a pipe, close-on-exec so no other child inherits them.
private struct Pipe {
    var read: Int32
    var write: Int32

    init(_ program: String) throws(LaunchFailure) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw LaunchFailure(executable: program, errno: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        read = fds[0]
        write = fds[1]
    }

    func closeWrite() { closeDescriptor(write) }
    func closeBoth() { closeDescriptor(read); closeDescriptor(write) }
}

/// Non-blocking reads from one pipe end until EAGAIN, keeping at most `limit` bytes (0: keep none, hand them on).
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

    /// Reads what is there; returns it (nil when nothing came).
    mutating func drain() -> [UInt8]? {
        guard fd >= 0 else { return nil }
        var fresh: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                fresh.append(contentsOf: buffer[0..<n])
            } else if n == 0 {
                close()
                break
            } else {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK { close() }
                break
            }
        }
        if limit > 0, bytes.count < limit { bytes.append(contentsOf: fresh.prefix(limit - bytes.count)) }
        return fresh.isEmpty ? nil : fresh
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
