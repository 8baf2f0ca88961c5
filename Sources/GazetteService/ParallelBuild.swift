import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex

/// Builds a new index on every core at once: each thread reads, analyses
/// and writes its share of the files into a shard of a ShardedBuild, which
/// merges them into the index when all are done.
///
/// Used for the first build of an index (one with no articles yet); updates
/// to a populated index go through the single writer.
enum ParallelBuild {
    /// Below this many files (or articles, in parts of large files) a single writer is as fast.
    static let minimumFiles = 1_000

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Indexes `paths` into the empty index at `indexPath` with `shards`
    /// threads. Returns nil (having written nothing) when the index already
    /// has articles or the run is too small to gain from it.
    static func run(paths: [String], indexPath: String, language: String, gazetteer: Gazetteer,
                    options: IndexingOptions, progress: ((IndexingProgress) -> Void)?) throws -> IndexingReport? {
        let started = Date()
        guard let build = try ShardedBuild.begin(indexPath: indexPath, language: language) else { return nil }

        var report = IndexingReport()
        let plan = try Indexer.plan(paths: paths, registry: RootRegistry(), options: options, remember: true,
                                    report: &report, previous: { _ in nil })
        // A part of a large JSON Lines file counts for the articles it holds.
        let weight = plan.jobs.reduce(0) { $0 + Indexer.weight($1) }
        let shardCount = min(max(1, options.workers), max(1, weight / 500))
        guard weight >= minimumFiles, shardCount > 1 else { return nil }

        let inputBytes = plan.jobs.reduce(Int64(0)) { $0 + (ArticleFiles.stamp(of: $1.file.path)?.size ?? 0) }
        try build.openShards(shardCount, inputBytes: inputBytes, features: options.features)
        let state = SharedProgress(total: plan.jobs.count)
        let extractor = EntityExtractor(gazetteer: gazetteer)
        let jobs = plan.jobs
        let language = build.language
        let parts = PartAssembly()
        for shard in 0..<shardCount {
            // Unowned: a finished thread must not keep the build (and the index's lock) alive.
            let thread = Thread { [unowned build] in
                state.finish(shard: shard, with: Result {
                    try build.withShard(shard) { writer in
                        try buildShard(writer, jobs: jobs, language: language, features: options.features,
                                       extractor: extractor, parts: parts, state: state)
                    }
                })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        state.waitForShards(shardCount) { done, articles in
            progress?(IndexingProgress(done: done, total: jobs.count, articles: articles))
        }
        for shard in 0..<shardCount {
            guard let result = state.results[shard] else { throw Failure(description: "a shard did not finish") }
            report.merge(try result.get())
        }
        // An id two parts of a file share: the later part's article stays, in its shard only.
        for (id, holder) in parts.supersededArticles() {
            for shard in 0..<shardCount {
                try build.withShard(shard) { writer in
                    if ObjectIdentifier(writer) == holder { _ = try writer.remove(id: id) }
                }
            }
        }
        // The roots go into the first shard; the merge keeps them.
        try build.withShard(0) { try plan.registry.save(to: $0) }
        try build.finish()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// One thread's share: claims files until none are left and writes them
    /// into its own shard.
    private static func buildShard(_ writer: IndexWriter, jobs: [Indexer.Job], language: String,
                                   features: IndexFeatures, extractor: EntityExtractor, parts: PartAssembly,
                                   state: SharedProgress) throws -> IndexingReport {
        let builder: Result<DocumentBuilder, IndexError>
        do throws(IndexError) {
            builder = .success(try DocumentBuilder(language: language, features: features))
        } catch {
            builder = .failure(error)
        }
        var report = IndexingReport()
        while let index = state.claim() {
            let outcome = Indexer.process(jobs[index], builder: builder, extractor: extractor, force: true)
            let written = try Indexer.record(outcome, of: jobs[index], in: writer, parts: parts, report: &report)
            state.advance(articles: written)
        }
        try writer.commit()
        return report
    }

    /// Work claimed and done across the shard threads.
    private final class SharedProgress: @unchecked Sendable {
        private let condition = NSCondition()
        private let total: Int
        private var next = 0
        private var done = 0
        private var articles = 0
        private var failed = false
        private(set) var results: [Int: Result<IndexingReport, Error>] = [:]

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

        func finish(shard: Int, with result: Result<IndexingReport, Error>) {
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
