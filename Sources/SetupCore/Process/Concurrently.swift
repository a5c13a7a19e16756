import Foundation
import Synchronization

/// Runs blocking work (each a child process with its own timeout) on threads of its own and waits for all of it.
///
/// Dedicated threads rather than Swift's cooperative pool: that pool has one thread per core (two on CI), and a
/// probe blocked in poll() there would hold up the others instead of overlapping with them.
public func concurrently<A: Sendable, B: Sendable, C: Sendable>(
    _ a: @escaping @Sendable () -> A,
    _ b: @escaping @Sendable () -> B,
    _ c: @escaping @Sendable () -> C
) -> (A, B, C) {
    let ra = OnThread(a)
    let rb = OnThread(b)
    let rc = OnThread(c)
    return (ra.value, rb.value, rc.value)
}

public func concurrently<A: Sendable, B: Sendable>(
    _ a: @escaping @Sendable () -> A,
    _ b: @escaping @Sendable () -> B
) -> (A, B) {
    let ra = OnThread(a)
    let rb = OnThread(b)
    return (ra.value, rb.value)
}

/// One piece of work started on a new thread at once; `value` waits for its result.
final class OnThread<T: Sendable>: Sendable {
    private let result = Mutex<T?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        let thread = Thread { self.finish(with: work()) }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func finish(with value: T) {
        result.withLock { $0 = value }
        done.signal()
    }

    var value: T {
        done.wait()
        done.signal()  // later reads must not block
        return result.withLock { $0! }
    }
}

/// The same work for each element, all at once, each on a thread of its own; results in the elements' order.
public func concurrentMap<Element: Sendable, T: Sendable>(_ elements: [Element], _ work: @escaping @Sendable (Element) -> T) -> [T] {
    elements.map { element in OnThread { work(element) } }.map(\.value)
}
