import Foundation
import GazetteService
import Logging

/// Keeps the index in step with its folders while the daemon runs: watches
/// every indexed folder, applies each batch of changes through the writer
/// (one commit per batch), and catches up at start with what changed while
/// no daemon was running.
final class RootWatcher: @unchecked Sendable {
    private let host: IndexHost
    private let logger: Logger
    private let lock = NSLock()
    private var watcher: FolderWatcher?
    private var watched = Set<String>()

    init(host: IndexHost, logger: Logger) {
        self.host = host
        self.logger = logger
    }

    func start() {
        do {
            let watcher = try FolderWatcher { [weak self] batch in self?.apply(batch) }
            lock.withLock { self.watcher = watcher }
        } catch {
            logger.error("cannot watch folders: \(error)")
            return
        }
        Task {
            await watchRoots()
            do {
                let report = try await host.write { [host] writer throws(ServiceError) in
                    try host.local.refresh(writer: writer)
                }
                logger.info("caught up with the folders", metadata: ["summary": "\(report.summary)"])
            } catch {
                logger.error("could not catch up with the folders: \(error)")
            }
        }
    }

    /// Watches indexed folders not yet watched (after an `index` request added
    /// one), then re-reads them once: a file written between the indexing
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
        guard !added.isEmpty else { return }
        let batch = FolderWatcher.Batch(changed: Set(added))
        apply(batch)
    }

    private func apply(_ batch: FolderWatcher.Batch) {
        Task {
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
    }

    func stop() {
        let watcher = lock.withLock { self.watcher }
        watcher?.stop()
    }
}
