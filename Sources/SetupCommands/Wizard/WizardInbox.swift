import Foundation
import Screens
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Events from background work, queued for the event loop, with a pipe that wakes the loop's poll when one comes.
final class WizardInbox: Sendable {
    private let queue = Mutex<[WizardEvent]>([])
    let wakeRead: Int32
    private let wakeWrite: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    @Sendable func post(_ event: WizardEvent) {
        // Only the event that finds the queue empty wakes the loop: the ones posted before the loop drains are taken
        // with it, so a flood of output lines costs one write to the pipe per drain, not one per line.
        let wasEmpty = queue.withLock { events in
            defer { events.append(event) }
            return events.isEmpty
        }
        guard wasEmpty else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// The pipe is emptied before the queue is taken: an event posted between the two is in the queue taken, and
    /// one posted after finds the queue empty and wakes the loop again.
    func drain() -> [WizardEvent] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
        return queue.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }
}
