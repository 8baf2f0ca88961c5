#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex

/// Builds a new index on every core at once. Xapian's writer is
/// single-threaded and does most of the work of indexing, so one writer
/// cannot keep more than one core busy. Instead each thread reads, analyses
/// and writes its share of the files into a scratch database of its own;
/// Xapian's compactor then merges them, and the merged files are moved into
/// the index folder with the version file last, so a reader sees either no
/// index or the whole one, never half of it.
///
/// Used for the first build of an index (one with no articles yet); updates
/// to a populated index go through the single writer.
enum ParallelBuild {
    /// Below this many files a single writer is as fast.
    static let minimumFiles = 1_000

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Indexes `paths` into the empty index at `indexPath` with `shards`
    /// threads. Returns nil (having touched nothing) when the index already
    /// has articles or the run is too small to gain from it.
    static func run(paths: [String], indexPath: String, language: String, gazetteer: Gazetteer,
                    options: IndexingOptions, progress: ((IndexingProgress) -> Void)?) throws -> IndexingReport? {
        let started = Date()
        try FileManager.default.createDirectory(atPath: indexPath, withIntermediateDirectories: true)
        // Holding the write lock keeps other writers out until the new files are in place.
        let lock = try XapianDatabase.openWritable(path: indexPath)
        lock.abandonOnClose()
        guard try lock.documentCount() == 0 else { return nil }
        let stored = try lock.metadata(Schema.languageKey)
        let language = stored.isEmpty ? language : stored

        var report = IndexingReport()
        let plan = try Indexer.plan(paths: paths, registry: RootRegistry(), options: options, remember: true,
                                    report: &report, previous: { _ in nil })
        let shardCount = min(max(1, options.workers), max(1, plan.jobs.count / 500))
        guard plan.jobs.count >= minimumFiles, shardCount > 1 else { return nil }

        removeStaleScratch(in: indexPath)
        let scratch = indexPath + "/.gazette-build-\(getpid())"
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inputBytes = plan.jobs.reduce(Int64(0)) { $0 + (ArticleFiles.stamp(of: $1.file.path)?.size ?? 0) }
        let shardRoot = memoryScratch(needing: inputBytes * 4) ?? scratch
        defer { if shardRoot != scratch { try? FileManager.default.removeItem(atPath: shardRoot) } }

        let shards = (0..<shardCount).map { "\(shardRoot)/shard-\($0)" }
        let state = SharedProgress(total: plan.jobs.count)
        let extractor = EntityExtractor(gazetteer: gazetteer)
        let jobs = plan.jobs
        var writers = try openShards(shards, language: language)
        var threads: [Thread] = []
        for (shard, writer) in zip(shards, writers) {
            let box = UncheckedBox(writer)
            let thread = Thread {
                state.finish(shard: shard, with: Result {
                    try buildShard(box.value, jobs: jobs, language: language, extractor: extractor, state: state)
                })
            }
            thread.stackSize = 8 << 20
            threads.append(thread)
            thread.start()
        }
        state.waitForShards(shards.count) { done, articles in
            progress?(IndexingProgress(done: done, total: jobs.count, articles: articles))
        }
        for shard in shards {
            guard let result = state.results[shard] else { throw Failure(description: "a shard did not finish") }
            report.merge(try result.get())
        }
        // The roots and the layout go into the first shard; the compactor keeps them.
        try plan.registry.save(to: writers[0])
        try writers[0].commit()
        writers.removeAll()  // closes the scratch writers before they are merged

        let merged = scratch + "/merged"
        try XapianDatabase.compact(sources: shards, destination: merged)
        try moveIn(merged, to: indexPath)
        report.seconds = Date().timeIntervalSince(started)
        withExtendedLifetime(lock) {}
        return report
    }

    /// A folder in RAM (/dev/shm) for the scratch databases when there is
    /// room: Xapian rewrites their blocks many times while flushing, and on
    /// a disk that traffic, not the CPU, would set the pace. Folders left by
    /// builds that were killed are removed first.
    private static func memoryScratch(needing bytes: Int64) -> String? {
        let shm = "/dev/shm"
        var info = statvfs()
        guard statvfs(shm, &info) == 0 else { return nil }
        let free = Int64(info.f_bavail) * Int64(info.f_frsize)
        removeStaleScratch(in: shm)
        guard free > bytes + (256 << 20) else { return nil }
        let folder = "\(shm)/gazette-build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)) != nil,
              chmod(folder, 0o700) == 0 else { return nil }
        return folder
    }

    /// Documents a scratch writer buffers before it flushes. Xapian's default
    /// (10,000) suits one long-lived writer; for these short-lived ones a small
    /// buffer keeps Xapian's in-memory posting maps small, and measured on
    /// Reuters-21578 it cut the CPU time of a build by about a third (100 to
    /// 300 all did about as well).
    static let flushThreshold = "200"

    /// Opens the scratch databases: no fsync and no crash safety, since they
    /// are merged (and the result synced) or thrown away.
    private static func openShards(_ paths: [String], language: String) throws -> [IndexWriter] {
        // Xapian reads its flush threshold from the environment when a writer opens.
        let previous = getenv("XAPIAN_FLUSH_THRESHOLD").map { String(cString: $0) }
        setenv("XAPIAN_FLUSH_THRESHOLD", flushThreshold, 1)
        defer {
            if let previous { setenv("XAPIAN_FLUSH_THRESHOLD", previous, 1) } else { unsetenv("XAPIAN_FLUSH_THRESHOLD") }
        }
        return try paths.map { try IndexWriter(path: $0, language: language, options: [.noSync, .dangerous]) }
    }

    /// Removes scratch folders ("gazette-build-PID…", hidden or not) whose
    /// build process no longer runs: what a killed build leaves behind.
    static func removeStaleScratch(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
            guard bare.hasPrefix("gazette-build-") else { continue }
            let pid = pid_t(bare.dropFirst("gazette-build-".count).prefix(while: \.isNumber)) ?? 0
            if pid > 0 && kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }

    /// One thread's share: claims files until none are left and writes them
    /// into its own scratch database.
    private static func buildShard(_ writer: IndexWriter, jobs: [Indexer.Job], language: String,
                                   extractor: EntityExtractor, state: SharedProgress) throws -> IndexingReport {
        let builder: Result<DocumentBuilder, IndexError>
        do throws(IndexError) {
            builder = .success(try DocumentBuilder(language: language))
        } catch {
            builder = .failure(error)
        }
        var report = IndexingReport()
        while let index = state.claim() {
            let outcome = Indexer.process(jobs[index], builder: builder, extractor: extractor, force: true)
            let written = try Indexer.record(outcome, of: jobs[index], in: writer, report: &report)
            state.advance(articles: written)
        }
        try writer.commit()
        return report
    }

    /// Moves a finished database's files into the index folder, the version
    /// file (`iamglass`) last: until it lands, readers still see the old one.
    private static func moveIn(_ source: String, to destination: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: source)
            .filter { $0 != "flintlock" }
            .sorted { ($0 == "iamglass" ? 1 : 0, $0) < ($1 == "iamglass" ? 1 : 0, $1) }
        for name in names {
            guard rename(source + "/" + name, destination + "/" + name) == 0 else {
                throw Failure(description: "cannot move \(name) into \(destination): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Work claimed and done across the shard threads.
    private final class SharedProgress: @unchecked Sendable {
        private let condition = NSCondition()
        private let total: Int
        private var next = 0
        private var done = 0
        private var articles = 0
        private var failed = false
        private(set) var results: [String: Result<IndexingReport, Error>] = [:]

        init(total: Int) { self.total = total }

        func claim() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard !failed, next < total else { return nil }
            next += 1
            return next - 1
        }

        func advance(articles written: Int) {
            condition.lock()
            done += 1
            articles += written
            condition.unlock()
        }

        func finish(shard: String, with result: Result<IndexingReport, Error>) {
            condition.lock()
            results[shard] = result
            if case .failure = result { failed = true }  // the other shards stop early
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for every shard, reporting progress about ten times a second.
        func waitForShards(_ count: Int, progress: (Int, Int) -> Void) {
            condition.lock()
            while results.count < count {
                _ = condition.wait(until: Date().addingTimeInterval(0.1))
                let (d, a) = (done, articles)
                condition.unlock()
                progress(d, a)
                condition.lock()
            }
            condition.unlock()
        }
    }
}
