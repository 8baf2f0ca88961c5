#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Threads of the daemon's own that run index work in arrival order, each
/// with a `State` of its own (a reader that stays on its thread, as Xapian
/// wants). Index work blocks for as long as it runs, so it stays off Swift's
/// cooperative pool, whose few threads must stay free to read requests and
/// write replies; and since each connection has at most one job queued, a
/// first-in first-out queue takes the connections in turn.
final class WorkerThreads<State>: @unchecked Sendable {
    typealias Job = (inout State) -> Void

    private let condition = NSCondition()
    /// Guarded by `condition`; jobs before `head` have been taken.
    private var jobs: [Job?] = []
    private var head = 0
    private var stopping = false
    private var running = 0

    /// `niceness` above 0 lowers the threads' priority (nice(1)): the
    /// scheduler then lets searches run first when both want the CPU.
    init(count: Int, name: String, niceness: Int32 = 0, makeState: @escaping @Sendable () -> State) {
        running = count
        for n in 0..<count {
            let thread = Thread { [self] in
                // Linux keeps a nice value per thread, and 0 names the calling one.
                if niceness > 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
                var state = makeState()
                while let job = next() { job(&state) }
                condition.withLock {
                    running -= 1
                    condition.broadcast()
                }
            }
            thread.name = count > 1 ? "\(name)-\(n)" : name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Queues `job`; false (and `job` dropped) once `stop()` was called.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        condition.withLock {
            guard !stopping else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }
    }

    /// Runs every job queued so far, then ends the threads; returns when they have ended.
    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
            while running > 0 { condition.wait() }
        }
    }

    /// Jobs waiting for a thread.
    var backlog: Int { condition.withLock { jobs.count - head } }

    private func next() -> Job? {
        condition.withLock {
            while head == jobs.count && !stopping { condition.wait() }
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            // Drop the taken slots now and then, so the array does not grow forever.
            if head == jobs.count || head >= 1024 {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}
