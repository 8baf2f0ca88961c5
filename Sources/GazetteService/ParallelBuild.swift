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
    /// has articles or the run is too small to gain from it. `gazetteer` is
    /// asked for once the files are listed (it may still be loading meanwhile).
    static func run(paths: [String], indexPath: String, language: String, gazetteer: () throws -> Gazetteer,
                    options: IndexingOptions, openWriter: () throws -> IndexWriter,
                    progress: ((IndexingProgress) -> Void)?) throws -> IndexingReport? {
        if try ShardList.resolve(indexPath).shards.contains(where: \.isRemote) {
            // Each shard flushes as it goes: not all of them holding every article in memory until one commit.
            let writer = try ShardedBuild.withSmallFlushes(openWriter)
            return try runSharded(paths: paths, writer: writer, gazetteer: try gazetteer(), options: options,
                                  progress: progress)
        }
        let started = Date()
        // Everything that can turn the build down is decided before the lock
        // is taken: a lock let go and taken again at once by the single writer
        // can still be held by a child another thread of this process is
        // starting (it shares the lock's open file until it runs its program).
        guard !ShardedBuild.hasArticles(indexPath: indexPath) else { return nil }
        var report = IndexingReport()
        let plan = try Indexer.plan(paths: paths, registry: RootRegistry(), options: options, remember: true,
                                    report: &report, previous: { _ in nil })
        // A part of a large JSON Lines file counts for the articles it holds.
        let weight = plan.jobs.reduce(0) { $0 + Indexer.weight($1) }
        let shardCount = min(max(1, options.workers), max(1, weight / 500))
        guard weight >= minimumFiles, shardCount > 1 else { return nil }
        let segmentArticles = try options.segmentArticles ?? segmentArticlesFromEnvironment()
        guard let build = try ShardedBuild.begin(indexPath: indexPath, language: language) else { return nil }
        BuildTrace.mark("files listed: \(plan.jobs.count) jobs")

        let inputBytes = plan.jobs.reduce(Int64(0)) { $0 + (ArticleFiles.stamp(of: $1.file.path)?.size ?? 0) }
        try build.openShards(shardCount, inputBytes: inputBytes, features: options.features,
                             segmentArticles: segmentArticles)
        let language = build.language
        let extractor = EntityExtractor(gazetteer: try gazetteer())
        BuildTrace.mark("gazetteer ready")
        let jobs = plan.jobs
        let parts = PartAssembly()
        // Unowned, here and below: a finished thread must not keep the build (and the index's lock) alive.
        let counted: ((IndexingProgress) -> Void)? = progress.map { show in
            { [unowned build] step in
                var step = step
                step.segments = build.segmentCount
                show(step)
            }
        }
        report.merge(try spread(plan.jobs, threads: shardCount, progress: counted) { [unowned build] shard, state in
            let report = try buildShare({ () throws(IndexError) in try build.segment(forShard: shard) }, jobs: jobs,
                                        language: language, features: options.features,
                                        countryNames: options.countryNames, extractor: extractor, parts: parts, state: state)
            try build.withShard(shard) { try $0.commit() }  // on the shard's own thread, beside the others
            BuildTrace.mark("thread \(shard) done")
            return report
        })
        // An id two parts of a file share: the later part's article stays, in its segment only.
        for (document, holder) in parts.heldBack() {
            try build.forEachSegment { writer in
                if ObjectIdentifier(writer) == holder { try writer.replace(document) } else { _ = try writer.remove(id: document.id) }
            }
        }
        // The roots go into the first shard's segment; the merge keeps them.
        try build.withShard(0) { try plan.registry.save(to: $0) }
        try build.finish()
        BuildTrace.mark("merged index moved in")
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The first build of a sharded index with remote shards: their servers
    /// write them, so there is nothing to merge (local shards are built
    /// through scratch segments, as one index is). Every thread reads and analyses files and writes
    /// each article into the shard its id picks (IndexWriter locks each shard
    /// on its own); one commit at the end, the home shard last.
    private static func runSharded(paths: [String], writer: IndexWriter, gazetteer: Gazetteer,
                                   options: IndexingOptions, progress: ((IndexingProgress) -> Void)?) throws -> IndexingReport? {
        let started = Date()
        guard try writer.documentCount() == 0 else { return nil }
        var report = IndexingReport()
        let plan = try Indexer.plan(paths: paths, registry: RootRegistry(), options: options, remember: true,
                                    report: &report, previous: { _ in nil })
        let weight = plan.jobs.reduce(0) { $0 + Indexer.weight($1) }
        let threads = min(max(1, options.workers), max(1, weight / 500))
        guard weight >= minimumFiles, threads > 1 else { return nil }
        let extractor = EntityExtractor(gazetteer: gazetteer)
        let language = writer.language
        let jobs = plan.jobs
        let parts = PartAssembly()
        // Spelling counts come from each shard's words once all are written, not article by article.
        let spelling = writer.features.contains(.spelling)
        writer.features.remove(.spelling)
        report.merge(try spread(jobs, threads: threads, progress: progress) { _, state in
            try buildShare({ writer }, jobs: jobs, language: language, features: options.features,
                           countryNames: options.countryNames, extractor: extractor, parts: parts, state: state)
        })
        // An id two parts of a file share: the later part's article, written last (the writer picks its shard).
        for (document, _) in parts.heldBack() { try writer.replace(document) }
        try plan.registry.save(to: writer)
        try writer.commit()
        if spelling {
            try writer.collectSpellingFromTerms()
            try writer.commit()
            writer.features.insert(.spelling)
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Benchmarks and tests may set the size of a first build's scratch
    /// segments in the environment, to measure or exercise other sizes.
    static let segmentVariable = "GAZETTE_SEGMENT_ARTICLES"

    static func segmentArticlesFromEnvironment() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment[segmentVariable] else { return ShardedBuild.segmentArticles }
        guard let value = Int(text), value > 0 else {
            throw Failure(description: "\(segmentVariable) must be a whole number of articles above 0, not \"\(text)\"")
        }
        return value
    }

    /// Runs `body` on `threads` threads at once (each claims jobs from the
    /// shared state until none are left) and adds up their reports.
    private static func spread(_ jobs: [Indexer.Job], threads: Int, progress: ((IndexingProgress) -> Void)?,
                               _ body: @escaping @Sendable (Int, SharedProgress) throws -> IndexingReport) throws -> IndexingReport {
        let state = SharedProgress(total: jobs.count)
        for index in 0..<threads {
            let thread = Thread { state.finish(shard: index, with: Result { try body(index, state) }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        state.waitForShards(threads) { done, articles in
            progress?(IndexingProgress(done: done, total: jobs.count, articles: articles))
        }
        var report = IndexingReport()
        for index in 0..<threads {
            guard let result = state.results[index] else { throw Failure(description: "a build thread did not finish") }
            report.merge(try result.get())
        }
        return report
    }

    /// One thread's share: claims files until none are left and writes each
    /// through the writer `writer()` gives for it (its shard's current scratch
    /// segment, or the sharded index's one writer).
    private static func buildShare(_ writer: () throws(IndexError) -> IndexWriter, jobs: [Indexer.Job], language: String,
                                   features: IndexFeatures, countryNames: CountryNames?, extractor: EntityExtractor, parts: PartAssembly,
                                   state: SharedProgress) throws -> IndexingReport {
        let builder: Result<DocumentBuilder, IndexError>
        do throws(IndexError) {
            builder = .success(try DocumentBuilder(language: language, features: features, countryNames: countryNames))
        } catch {
            builder = .failure(error)
        }
        var report = IndexingReport()
        while let index = state.claim() {
            let outcome = Indexer.process(jobs[index], builder: builder, extractor: extractor, force: true)
            let written = try Indexer.record(outcome, of: jobs[index], in: try writer(), parts: parts, report: &report)
            state.advance(articles: written)
        }
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
