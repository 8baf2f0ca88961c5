import NIOConcurrencyHelpers

/// One request of a connection at a time. A request answered from a reader
/// thread ends there (`end`), while the connection's task is already waiting
/// for the next line; the task takes that line only once the reply is out,
/// so replies keep their order and each connection has at most one job
/// queued for the readers (which take the connections in turn).
final class RequestGate: @unchecked Sendable {
    private let lock = NIOLock()
    /// Guarded by `lock`.
    private var running = false
    private var waiter: CheckedContinuation<Void, Never>?

    func begin() {
        lock.withLock { running = true }
    }

    func end() {
        let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
            running = false
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }

    /// Returns at once when no request runs (a client usually waits for its
    /// reply before it sends more), else when it ends.
    func waitUntilIdle() async {
        guard lock.withLock({ running }) else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle: Bool = lock.withLock {
                guard running else { return true }
                waiter = continuation
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// The connection is over: a task still waiting goes on.
    func close() {
        end()
    }
}
