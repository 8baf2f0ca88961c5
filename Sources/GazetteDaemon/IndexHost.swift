import Dispatch
import Foundation
import GazetteIndex
import GazetteService

/// Owns the index inside the daemon: the one writer, on its own serial
/// queue, and a pool of readers. Xapian objects are not thread-safe: a
/// reader is checked out by one task at a time, and the writer is only
/// touched on its queue. Searches never wait for the writer.
public final class IndexHost: @unchecked Sendable {
    public let local: LocalIndex
    private let writerQueue = DispatchQueue(label: "gazette.writer", qos: .userInitiated)
    /// Touched only on writerQueue.
    private var writer: IndexWriter?
    private let lock = NSLock()
    /// Readers not in use, with the revision each last saw; guarded by `lock`.
    private var idleReaders: [(reader: IndexReader, revision: UInt64)] = []
    /// The revision of the last commit by the writer; guarded by `lock`.
    /// The daemon holds the write lock, so no commit happens that it does not see.
    private var committedRevision: UInt64 = 0
    private let keepReaders: Int
    private var revisionObservers: [UUID: @Sendable (UInt64, Int) -> Void] = [:]
    private var lastNotified: UInt64 = 0
    public let started = Date()
    /// Every article's facet values in memory, for the latest revision, shared by the readers.
    public let facetColumns = FacetColumnCache()
    /// Builds the columns after a commit, off the requests' path; one at a time.
    private let columnQueue = DispatchQueue(label: "gazette.facet-columns", qos: .utility)
    /// A rebuild is waiting on columnQueue; guarded by `lock`.
    private var columnsPending = false

    /// Opens (or creates) the index and takes its write lock. Up to
    /// `readers` readers are kept open between requests.
    public init(local: LocalIndex, readers: Int = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)) throws(ServiceError) {
        self.local = local
        keepReaders = max(1, readers)
        writer = try local.openWriter()
        // A new index must exist on disk before readers can open it.
        if (try? writer?.revision()) == 0 {
            do { try writer?.commit() } catch { throw ServiceError.from(error, indexPath: local.path) }
        }
        lastNotified = (try? writer?.revision()) ?? 0
        committedRevision = lastNotified
        // Load the gazetteers, open a reader and build the facet columns now, not on the first request.
        if let reader = try? local.openReader(columns: facetColumns) {
            try? reader.prepareFacetColumns()
            idleReaders.append((reader, (try? reader.revision()) ?? 0))
        }
    }

    /// Runs `body` with a reader brought up to the latest commit. A search
    /// is short CPU work on pages the kernel has cached, so it runs on the
    /// calling task: handing it to another thread and back cost more than
    /// the search itself.
    public func read<T: Sendable>(_ body: (IndexReader) throws(ServiceError) -> T) async throws(ServiceError) -> T {
        var (reader, seen, latest) = try checkOut()
        // Reopening costs system calls on every search; only do it when a commit happened since.
        if seen != latest {
            do {
                try reader.refresh()
                seen = try reader.revision()
            } catch {
                throw ServiceError.from(error, indexPath: local.path)
            }
        }
        defer { checkIn(reader, revision: seen) }
        return try body(reader)
    }

    private func checkOut() throws(ServiceError) -> (IndexReader, UInt64, UInt64) {
        let (idle, latest) = lock.withLock { (idleReaders.popLast(), committedRevision) }
        if let idle { return (idle.reader, idle.revision, latest) }
        let reader = try local.openReader(columns: facetColumns)
        return (reader, UInt64.max, latest)  // a fresh reader is current, but check once
    }

    private func checkIn(_ reader: IndexReader, revision: UInt64) {
        lock.withLock {
            if idleReaders.count < keepReaders { idleReaders.append((reader, revision)) }
        }
    }

    /// Runs `body` with the writer; writes are serialised in arrival order
    /// on the writer's own queue, since they can take minutes.
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
                lock.withLock { committedRevision = revision }
                continuation.resume(returning: outcome)
                notify(revision: revision, documents: documents)
                prepareFacetColumns()
            }
        }
        return try result.get()
    }

    /// Builds the facet columns for the latest commit in the background, so
    /// that the first search with facets after a change need not wait for
    /// them. A build already waiting covers any commit before it starts.
    private func prepareFacetColumns() {
        let start = lock.withLock { () -> Bool in
            if columnsPending { return false }
            columnsPending = true
            return true
        }
        guard start else { return }
        columnQueue.async { [self] in
            lock.withLock { columnsPending = false }
            guard let (reader, _, _) = try? checkOut() else { return }
            try? reader.refresh()
            try? reader.prepareFacetColumns()
            checkIn(reader, revision: (try? reader.revision()) ?? 0)
        }
    }

    /// Commits and releases the write lock, after every queued write has run.
    public func close() {
        writerQueue.sync {
            try? writer?.commit()
            writer = nil
        }
        columnQueue.sync {}
        lock.withLock { idleReaders.removeAll() }
    }

    // MARK: revision notifications

    /// Calls `observer` (on the writer's queue) whenever a write moves the revision.
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
}
