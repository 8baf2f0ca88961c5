import Dispatch
import Foundation
import GazetteIndex
import GazetteService

/// Owns the index inside the daemon: the one writer, on its own serial
/// queue, and a pool of readers, each confined to its own serial queue.
/// Xapian objects are not thread-safe, so each is only ever touched from
/// its queue; searches never wait for the writer.
public final class IndexHost: @unchecked Sendable {
    public let local: LocalIndex
    private let writerQueue = DispatchQueue(label: "gazette.writer", qos: .userInitiated)
    /// Touched only on writerQueue.
    private var writer: IndexWriter?
    private let readers: [ReaderSlot]
    private let lock = NSLock()
    private var nextReader = 0
    private var revisionObservers: [UUID: @Sendable (UInt64, Int) -> Void] = [:]
    public let started = Date()

    /// Opens (or creates) the index and takes its write lock.
    public init(local: LocalIndex, readers: Int = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)) throws(ServiceError) {
        self.local = local
        writer = try local.openWriter()
        // A new index must exist on disk before readers can open it.
        if (try? writer?.revision()) == 0 {
            do { try writer?.commit() } catch { throw ServiceError.from(error, indexPath: local.path) }
        }
        self.readers = (0..<max(1, readers)).map { ReaderSlot(index: $0, local: local) }
    }

    /// Runs `body` with a reader brought up to the latest commit.
    public func read<T: Sendable>(_ body: @escaping @Sendable (IndexReader) throws(ServiceError) -> T) async throws(ServiceError) -> T {
        let slot = pickReader()
        let result: Result<T, ServiceError> = await withCheckedContinuation { continuation in
            slot.queue.async { [self] in
                let result = slot.run(body)
                finished(slot)
                continuation.resume(returning: result)
            }
        }
        return try result.get()
    }

    /// Runs `body` with the writer; writes are serialised in arrival order.
    public func write<T: Sendable>(_ body: @escaping @Sendable (IndexWriter) throws(ServiceError) -> T) async throws(ServiceError) -> T {
        let result: Result<T, ServiceError> = await withCheckedContinuation { continuation in
            writerQueue.async { [self] in
                guard let writer else {
                    continuation.resume(returning: .failure(ServiceError(.internalError, "the daemon is shutting down")))
                    return
                }
                let outcome: Result<T, ServiceError>
                do throws(ServiceError) {
                    outcome = .success(try body(writer))
                } catch {
                    outcome = .failure(error)
                }
                let revision = (try? writer.revision()) ?? 0
                let documents = (try? writer.documentCount()) ?? 0
                continuation.resume(returning: outcome)
                notify(revision: revision, documents: documents)
            }
        }
        return try result.get()
    }

    /// Commits and releases the write lock, after every queued write has run.
    public func close() {
        writerQueue.sync {
            try? writer?.commit()
            writer = nil
        }
    }

    // MARK: revision notifications

    private var lastNotified: UInt64 = 0

    /// Calls `observer` (on some queue) whenever a write moves the revision.
    public func observeRevisions(_ observer: @escaping @Sendable (UInt64, Int) -> Void) -> UUID {
        let id = UUID()
        lock.withLock { revisionObservers[id] = observer }
        return id
    }

    public func stopObserving(_ id: UUID) {
        lock.withLock { _ = revisionObservers.removeValue(forKey: id) }
    }

    private func notify(revision: UInt64, documents: Int) {
        let observers: [@Sendable (UInt64, Int) -> Void] = lock.withLock {
            guard revision != lastNotified else { return [] }
            lastNotified = revision
            return Array(revisionObservers.values)
        }
        for observer in observers { observer(revision, documents) }
    }

    private func pickReader() -> ReaderSlot {
        lock.withLock {
            // The least busy reader; ties go round-robin.
            var best = readers[nextReader % readers.count]
            for offset in 0..<readers.count {
                let slot = readers[(nextReader + offset) % readers.count]
                if slot.pending < best.pending { best = slot }
            }
            nextReader += 1
            best.pending += 1
            return best
        }
    }

    fileprivate func finished(_ slot: ReaderSlot) {
        lock.withLock { slot.pending -= 1 }
    }

    /// One reader and the queue it lives on.
    final class ReaderSlot: @unchecked Sendable {
        let queue: DispatchQueue
        let local: LocalIndex
        /// Touched only on `queue`.
        private var reader: IndexReader?
        /// Requests queued or running here; guarded by the host's lock.
        var pending = 0

        init(index: Int, local: LocalIndex) {
            queue = DispatchQueue(label: "gazette.reader.\(index)", qos: .userInitiated)
            self.local = local
        }

        func run<T>(_ body: (IndexReader) throws(ServiceError) -> T) -> Result<T, ServiceError> {
            do throws(ServiceError) {
                let reader: IndexReader
                if let existing = self.reader {
                    do {
                        try existing.refresh()
                    } catch {
                        throw ServiceError.from(error, indexPath: local.path)
                    }
                    reader = existing
                } else {
                    reader = try local.openReader()
                    self.reader = reader
                }
                return .success(try body(reader))
            } catch {
                return .failure(error)
            }
        }
    }
}
