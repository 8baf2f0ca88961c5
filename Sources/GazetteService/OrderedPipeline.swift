import Foundation

/// Runs work items on several threads and hands their results back on the
/// calling thread in item order. Xapian's writer is single-threaded, so the
/// parallel part (reading, decoding, extraction, term generation) runs on
/// the workers while the caller writes.
enum OrderedPipeline {
    /// Calls `makeWorker` once on each of `workers` threads; the function it
    /// returns processes items there. `consume` sees every result, in order,
    /// on the calling thread. At most `window` items are in flight ahead of
    /// `consume`, which bounds memory. If `consume` throws, the workers stop
    /// and the error is rethrown once they have finished.
    static func run<Result>(count: Int, workers: Int, window: Int,
                            makeWorker: @escaping @Sendable () -> (Int) -> Result,
                            consume: (Int, Result) throws -> Void) throws {
        guard count > 0 else { return }
        let state = State<Result>(count: count)
        let workerCount = max(1, min(workers, count))
        let window = max(window, workerCount)
        for _ in 0..<workerCount {
            let thread = Thread {
                let work = makeWorker()
                while let index = state.claim(window: window) {
                    state.deliver(index, UncheckedBox(work(index)))
                }
                state.workerFinished()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer { state.stopAndJoin(workers: workerCount) }
        for index in 0..<count {
            let result = state.take(index)
            try consume(index, result.value)
        }
    }

    /// Shared between the threads; every field is guarded by `condition`.
    private final class State<Result>: @unchecked Sendable {
        let condition = NSCondition()
        var results: [UncheckedBox<Result>?]
        var nextToClaim = 0
        var consumed = 0
        var finishedWorkers = 0
        var stopped = false

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func claim(window: Int) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while !stopped && nextToClaim < results.count && nextToClaim >= consumed + window {
                condition.wait()
            }
            guard !stopped && nextToClaim < results.count else { return nil }
            nextToClaim += 1
            return nextToClaim - 1
        }

        func deliver(_ index: Int, _ result: UncheckedBox<Result>) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        func take(_ index: Int) -> UncheckedBox<Result> {
            condition.lock()
            defer { condition.unlock() }
            while results[index] == nil { condition.wait() }
            let result = results[index]!
            results[index] = nil
            consumed = index + 1
            condition.broadcast()
            return result
        }

        func workerFinished() {
            condition.lock()
            finishedWorkers += 1
            condition.broadcast()
            condition.unlock()
        }

        func stopAndJoin(workers: Int) {
            condition.lock()
            stopped = true
            condition.broadcast()
            while finishedWorkers < workers { condition.wait() }
            condition.unlock()
        }
    }
}

/// Carries a value that is handed from one thread to another, never shared.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
