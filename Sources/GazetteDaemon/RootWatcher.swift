import Foundation
import GazetteService
import Logging

/// Keeps the index in step with its folders while the daemon runs: watches
/// every indexed folder, applies each batch of changes through the writer
/// (one commit per batch), and catches up at start with what changed while
/// no daemon was running. `run()` is a child task of the daemon's, so its
/// work ends with the daemon's and is done in the order the changes came.
final class RootWatcher: @unchecked Sendable {
    private let host: IndexHost
    private let logger: Logger
    private let lock = NSLock()
    private var watcher: FolderWatcher?
    private var watched = Set<String>()
    private var stopped = false
    private let batches: AsyncStream<FolderWatcher.Batch>
    private let pending: AsyncStream<FolderWatcher.Batch>.Continuation

    init(host: IndexHost, logger: Logger) {
        self.host = host
        self.logger = logger
        (batches, pending) = AsyncStream.makeStream()
    }

    /// Watches the indexed folders, catches up with them, then applies the
    /// changes the watcher reports until `stop()`.
    func run() async {
        do {
            let watcher = try FolderWatcher { [pending] batch in pending.yield(batch) }
            let late = lock.withLock {
                self.watcher = watcher
                return stopped
            }
            if late {
                watcher.stop()
                return
            }
        } catch {
            logger.error("cannot watch folders: \(error)")
            return
        }
        await watchRoots()
        do {
            let report = try await host.write { [host] writer throws(ServiceError) in
                try host.local.refresh(writer: writer)
            }
            logger.info("caught up with the folders", metadata: ["summary": "\(report.summary)"])
        } catch {
            logger.error("could not catch up with the folders: \(error)")
        }
        for await batch in batches { await apply(batch) }
    }

    /// Watches indexed folders not yet watched (after an `index` request added
    /// one), then has them read once more: a file written between the indexing
    /// walk and the start of watching would otherwise wait for the next change.
    func watchRoots() async {
        let roots: [String]
        do {
            roots = try await host.write { [host] writer throws(ServiceError) in
                try ServiceError.wrap(indexPath: host.local.path) {
                    try Indexer(writer: writer, gazetteer: host.local.gazetteer).roots()
                }
            }
        } catch {
            logger.error("cannot read the indexed folders: \(error)")
            return
        }
        var added: [String] = []
        for root in roots {
            let (watcher, isNew) = lock.withLock { (self.watcher, watched.insert(root).inserted) }
            guard isNew, let watcher else { continue }
            for problem in watcher.watch(root) {
                logger.warning("not watching a folder", metadata: ["problem": "\(problem)"])
            }
            added.append(root)
            logger.info("watching", metadata: ["folder": "\(root)", "folders": "\(watcher.watchedFolders)"])
        }
        if !added.isEmpty { pending.yield(FolderWatcher.Batch(changed: Set(added))) }
    }

    private func apply(_ batch: FolderWatcher.Batch) async {
        do {
            let report = try await host.write { [host] writer throws(ServiceError) in
                try host.local.apply(batch, writer: writer)
            }
            logger.info("applied folder changes", metadata: ["summary": "\(report.summary)"])
            for failure in report.failures {
                logger.warning("could not index", metadata: ["path": "\(failure.path)", "reason": "\(failure.message)"])
            }
        } catch {
            logger.error("could not apply folder changes: \(error)")
        }
    }

    /// Stops watching; `run()` returns once the batch in hand is applied.
    func stop() {
        let watcher = lock.withLock {
            stopped = true
            return self.watcher
        }
        watcher?.stop()
        pending.finish()
    }
}
