#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The one registry of cancellation, in the shape of SwiftPM's Cancellator: every child process group running now,
/// so that however the tool ends none is left to pid 1; the signals the tool catches; and the cancel requests that
/// a caught signal, a key or a quit stops. The crash net (CTerminalSafety) stays apart, in C.
///
/// A signal handler may run only async-signal-safe code, so the one installed here does two things: it stores the
/// signal's number and writes one byte to a pipe, whose read end the waiting loops poll. Everything else (stopping
/// a step, restoring the terminal) is done by the thread that wakes.
public final class Cancellator: Sendable {
    /// The process's registry. It is made before any handler is installed (`catchSignals` touches it), so a handler
    /// never runs its first initialisation.
    public static let shared = Cancellator()

    private let groups = Mutex<Set<pid_t>>([])
    private let caught = Atomic<Int32>(0)
    private let signalPipe: (read: Int32, write: Int32)

    init() { signalPipe = Self.wakePipe() }

    // MARK: Children

    /// A child's process group, from its start until it has exited and its group was killed.
    func started(_ group: pid_t) { _ = groups.withLock { $0.insert(group) } }
    func ended(_ group: pid_t) { _ = groups.withLock { $0.remove(group) } }

    /// SIGKILL to every child group still running; for the moment the tool exits (the wizard quit while a probe or
    /// a verification ran).
    public func stopAll() {
        for group in groups.withLock({ $0 }) { kill(-group, SIGKILL) }
    }

    // MARK: Signals

    /// Catches `signals` (stored, and announced on `signalDescriptor`) and ignores `ignored` (SIGHUP for an install
    /// whose steps must outlive a dropped SSH connection, SIGPIPE for a reader that went away).
    public func catchSignals(_ signals: [Int32], ignoring ignored: [Int32] = []) {
        for number in signals {
            signal(number) { number in
                let registry = Cancellator.shared
                registry.caught.store(number, ordering: .relaxed)
                var byte: UInt8 = 1
                _ = write(registry.signalPipe.write, &byte, 1)
            }
        }
        for number in ignored { signal(number, SIG_IGN) }
    }

    /// The signal caught last (0 when none).
    public var pendingSignal: Int32 { caught.load(ordering: .relaxed) }

    /// Readable once a signal has been caught: for a loop's poll.
    public var signalDescriptor: Int32 { signalPipe.read }

    /// Forgets a signal once handled (the wizard goes on without a screen after SIGHUP), so the next still counts.
    public func clearSignal() { caught.store(0, ordering: .relaxed) }

    /// Dies of the signal the default way, after the terminal was restored, so the parent sees the real cause.
    public static func reraise(_ number: Int32) -> Never {
        signal(number, SIG_DFL)
        raise(number)
        exit(128 + number)
    }

    // MARK: Requests

    /// A new request to stop one piece of work; with `followingSignals`, a signal this registry catches stops it
    /// too (the command line's install: Ctrl-C or SIGTERM cancels the running step).
    public func request(followingSignals: Bool = false) -> CancelRequest {
        CancelRequest(following: followingSignals ? self : nil)
    }

    /// A non-blocking, close-on-exec pipe: a byte written to it wakes a poll on its read end.
    static func wakePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
        return (fds[0], fds[1])
    }
}

/// A request to stop one piece of work (an install's steps), set by a key, a quit or a caught signal, and read by
/// the running step.
///
/// `request()` is async-signal-safe: an atomic store and a write(2) of one byte to a pipe whose read end the running
/// step polls (`wakeDescriptors`), so a cancel is noticed at once instead of at the next tick.
public final class CancelRequest: Sendable {
    private let flag = Atomic<Bool>(false)
    private let ends: (read: Int32, write: Int32)
    /// The registry whose caught signals count as a request, where it follows them.
    private let following: Cancellator?

    /// A request that only its own `request()` sets; `Cancellator.request(followingSignals:)` makes one that signals
    /// set too.
    public convenience init() { self.init(following: nil) }

    init(following: Cancellator?) {
        ends = Cancellator.wakePipe()
        self.following = following
    }

    deinit {
        for fd in [ends.read, ends.write] where fd >= 0 { close(fd) }
    }

    public func request() {
        flag.store(true, ordering: .relaxed)
        var byte: UInt8 = 1
        if ends.write >= 0 { _ = write(ends.write, &byte, 1) }
    }

    public var isRequested: Bool { flag.load(ordering: .relaxed) || (following.map { $0.pendingSignal != 0 } ?? false) }

    /// Readable once a cancel has been requested (or a followed signal caught); never read from, so they stay so.
    public var wakeDescriptors: [Int32] {
        ([ends.read] + (following.map { [$0.signalDescriptor] } ?? [])).filter { $0 >= 0 }
    }
}
