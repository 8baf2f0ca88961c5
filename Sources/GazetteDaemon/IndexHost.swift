import Foundation
import GazetteIndex
import GazetteService

/// Owns the index inside the daemon: the one writer, on a thread of its
/// own, and reader threads, each with its own reader. Xapian objects are
/// not thread-safe, so each stays on its thread. Searches never wait for
/// the writer, and the writer's thread (with the indexing threads it
/// starts, which inherit its priority) runs at a lower priority, so a
/// re-index takes the CPU the searches leave over rather than making them wait.
public final class IndexHost: @unchecked Sendable {
    public let local: LocalIndex
    /// Niceness of the writer's thread: searches come first, indexing takes what is left.
    static let writerNiceness: Int32 = 10
    private let readers: WorkerThreads<ReaderSlot>
    private let writerThread: WorkerThreads<Void>
    /// Touched only on the writer's thread.
    private var writer: IndexWriter?
    /// The reader that checks saved searches after each write; touched only on the writer's thread.
    private var alertSlot = ReaderSlot()
    /// The saved searches, parsed once and kept between commits; touched only on the writer's thread.
    private var alertMatcher = SavedSearchMatcher()
    private let lock = NSLock()
    /// The revision of the last commit by the writer; guarded by `lock`.
    /// The daemon holds the write lock, so no commit happens that it does not see.
    private var committedRevision: UInt64 = 0
    private var revisionObservers: [UUID: @Sendable (UInt64, Int) -> Void] = [:]
    /// Subscribers to alerts; guarded by `lock`.
    private var alertObservers: [UUID: @Sendable ([AlertMatch]) -> Void] = [:]
    private var lastNotified: UInt64 = 0
    public let started = Date()
    /// Every article's facet values in memory, for the latest revision, shared by the readers.
    public let facetColumns = FacetColumnCache()
    /// Builds the columns after a commit, off the requests' path; one at a time.
    private let columnQueue = DispatchQueue(label: "gazette.facet-columns", qos: .utility)
    /// A rebuild is waiting on columnQueue; guarded by `lock`.
    private var columnsPending = false
    /// The reader that builds the columns; used only on columnQueue.
    private var columnReader: IndexReader?

    /// A reader thread's reader and the revision it last saw.
    struct ReaderSlot {
        var reader: IndexReader?
        var revision: UInt64 = 0
    }

    /// Opens (or creates) the index and takes its write lock; `readers`
    /// threads answer searches.
    public init(local: LocalIndex, readers: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) throws(ServiceError) {
        self.local = local
        let writer = try local.openWriter()
        writer.tracksWrittenDocuments = true
        // A new index must exist on disk before readers can open it.
        if (try? writer.revision()) == 0 {
            do { try writer.commit() } catch { throw ServiceError.from(error, indexPath: local.path) }
        }
        // Each search checks the synonyms' sources: inotify tells when to look at them again.
        try? local.watchSynonymSources()
        // Synonyms into the index's table when their sources changed, so searches need not read them.
        _ = try? local.storeSynonyms(writer: writer)
        self.writer = writer
        lastNotified = (try? writer.revision()) ?? 0
        committedRevision = lastNotified
        // Load the lookup gazetteer, build the facet columns and open the readers now, not on the first request.
        _ = try? local.lookup
        self.readers = WorkerThreads(count: max(1, readers), name: "gazette-reader") { [facetColumns] in
            ReaderSlot(reader: try? local.openReader(columns: facetColumns), revision: 0)
        }
        writerThread = WorkerThreads(count: 1, name: "gazette-writer", niceness: Self.writerNiceness) {}
        prepareFacetColumns()
        columnQueue.sync {}
    }

    /// Runs `body` on a reader thread with a reader brought up to the latest
    /// commit. Jobs are taken in arrival order.
    public func read<T: Sendable>(_ body: @escaping @Sendable (IndexReader) throws(ServiceError) -> T) async throws(ServiceError) -> T {
        let result: Result<T, ServiceError> = await withCheckedContinuation { continuation in
            submitRead { reader in
                continuation.resume(returning: Result { () throws(ServiceError) -> T in try body(try reader.get()) })
            }
        }
        return try result.get()
    }

    /// Queues `body` for a reader thread, which calls it with a reader brought
    /// up to the latest commit (or why there is none); no one waits for it.
    /// When the daemon is shutting down, `body` is told so at once, here.
    public func submitRead(_ body: @escaping @Sendable (Result<IndexReader, ServiceError>) -> Void) {
        let queued = readers.submit { [self] slot in
            body(Result { () throws(ServiceError) -> IndexReader in try current(&slot) })
        }
        if !queued { body(.failure(ServiceError(.internalError, "the daemon is shutting down"))) }
    }

    /// The slot's reader, opened or reopened when a commit happened since it last looked
    /// (reopening costs system calls, so it is not done on every search).
    private func current(_ slot: inout ReaderSlot) throws(ServiceError) -> IndexReader {
        let latest = lock.withLock { committedRevision }
        if let reader = slot.reader, slot.revision == latest { return reader }
        do {
            if let reader = slot.reader {
                try reader.refresh()
            } else {
                slot.reader = try local.openReader(columns: facetColumns)
            }
            slot.revision = try slot.reader!.revision()
        } catch let error as ServiceError {
            throw error
        } catch let error as IndexError {
            slot.reader = nil  // opened afresh next time
            throw ServiceError.from(error, indexPath: local.path)
        } catch {
            throw ServiceError(.internalError, "\(error)")
        }
        return slot.reader!
    }

    /// Runs `body` with the writer; writes are serialised in arrival order
    /// on the writer's own thread, since they can take minutes.
    public func write<T: Sendable>(_ body: @escaping @Sendable (IndexWriter) throws(ServiceError) -> T) async throws(ServiceError) -> T {
        let result: Result<T, ServiceError> = await withCheckedContinuation { continuation in
            let queued = writerThread.submit { [self] _ in
                guard let writer else {
                    continuation.resume(returning: .failure(ServiceError(.internalError, "the daemon is shutting down")))
                    return
                }
                let outcome = Result { () throws(ServiceError) -> T in try body(writer) }
                let revision = (try? writer.revision()) ?? 0
                let documents = (try? writer.documentCount()) ?? 0
                let written = writer.takeWritten()
                lock.withLock { committedRevision = revision }
                continuation.resume(returning: outcome)
                notify(revision: revision, documents: documents)
                checkAlerts(written)
                prepareFacetColumns()
            }
            if !queued { continuation.resume(returning: .failure(ServiceError(.internalError, "the daemon is shutting down"))) }
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
            do {
                if let reader = columnReader { try reader.refresh() } else { columnReader = try local.openReader(columns: facetColumns) }
                try columnReader?.prepareFacetColumns()
            } catch {
                columnReader = nil  // opened afresh for the next commit
            }
        }
    }

    /// Commits and releases the write lock, after every queued write has run.
    public func close() {
        writerThread.submit { [self] _ in
            try? writer?.commit()
            writer = nil
            alertSlot = ReaderSlot()
            alertMatcher = SavedSearchMatcher()
        }
        writerThread.stop()
        readers.stop()
        columnQueue.sync {}
        columnReader = nil
    }

    // MARK: alerts

    /// Calls `observer` (on the writer's queue) with the saved searches that
    /// the articles of each write match.
    public func observeAlerts(_ observer: @escaping @Sendable ([AlertMatch]) -> Void) -> UUID {
        let id = UUID()
        lock.withLock { alertObservers[id] = observer }
        return id
    }

    public func stopObservingAlerts(_ id: UUID) {
        lock.withLock { _ = alertObservers.removeValue(forKey: id) }
    }

    /// Checks what a write committed against every saved search, on the
    /// writer's queue so that alerts arrive in commit order; nothing to do
    /// when no one listens. A failure is the log's business, not the write's.
    private func checkAlerts(_ written: [UInt32]) {
        let observers = lock.withLock { Array(alertObservers.values) }
        guard !written.isEmpty, !observers.isEmpty else { return }
        let matches: [AlertMatch]
        do {
            let reader = try current(&alertSlot)
            matches = try ServiceError.wrap(indexPath: local.path) { try alertMatcher.matches(among: written, reader: reader) }
        } catch {
            alertFailure?(error)
            return
        }
        guard !matches.isEmpty else { return }
        for observer in observers { observer(matches) }
    }

    /// Told when checking alerts fails (the daemon logs it).
    public var alertFailure: (@Sendable (ServiceError) -> Void)?

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
