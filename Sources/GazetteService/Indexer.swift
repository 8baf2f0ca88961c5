import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex

/// Reads article files and writes them through the one IndexWriter.
public final class Indexer {
    public let writer: IndexWriter
    let extractor: EntityExtractor
    let options: IndexingOptions

    public init(writer: IndexWriter, gazetteer: Gazetteer, options: IndexingOptions = IndexingOptions()) {
        self.writer = writer
        self.extractor = EntityExtractor(gazetteer: gazetteer)
        var options = options
        // A commit interrupted between shards: re-read files whatever their records say (see IndexWriter).
        if writer.needsRepair { options.force = true }
        self.options = options
    }

    enum Outcome {
        case unchanged(FileRecord)
        case indexed(FileRecord, [PreparedDocument], warnings: [String])
        /// `forget`: the file's old articles are gone too (it is empty now).
        case failed(String, forget: Bool)
        /// One part of a file read in parts; the file's record comes with its last.
        case part(PartResult)
    }

    struct Job: Sendable {
        let file: ArticleFile
        let key: String
        let previous: FileRecord?
        /// The whole file, or one part of it (see RecordParts).
        var work = Work.whole
    }

    /// Indexes files and folders (recursively), then commits.
    public func index(paths: [String], progress: ((IndexingProgress) -> Void)? = nil) throws -> IndexingReport {
        let started = Date()
        var report = IndexingReport()
        try stoppable(&report, started: started) { report in
            try index(paths: paths, into: &report, remember: true, progress: progress)
        }
        try writer.commit()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Thrown inside a run when `options.stop` asks it to end.
    struct Stopped: Error {
        let reason: String
    }

    /// Throws `Stopped` once a stop is asked for; called before each file or part is written.
    func checkStop() throws {
        if let reason = options.stop?.requested { throw Stopped(reason: reason) }
    }

    /// Runs `body`; when it stops at a stop's request, what it wrote is
    /// committed (each file's articles and record go in together, so the
    /// index is consistent) and `IndexingInterrupted` says what was done.
    private func stoppable(_ report: inout IndexingReport, started: Date,
                           _ body: (inout IndexingReport) throws -> Void) throws {
        do {
            try body(&report)
        } catch let stopped as Stopped {
            try writer.commit()
            report.seconds = Date().timeIntervalSince(started)
            throw IndexingInterrupted(reason: stopped.reason, report: report)
        }
    }

    /// Brings every indexed folder and file up to date (what `gazette index`
    /// with no path does). A root that is gone is reported; its articles are
    /// kept, since it may only be unmounted.
    public func refresh(progress: ((IndexingProgress) -> Void)? = nil) throws -> IndexingReport {
        let started = Date()
        var report = IndexingReport()
        var present: [String] = []
        for root in try RootRegistry.load(from: writer).roots {
            if ArticleFiles.kind(of: root.path) == .missing {
                report.failed += 1
                report.failures.append(FileProblem(path: root.path,
                    message: "indexed \(root.kind.rawValue) is gone; its articles are kept (gazette remove IDS drops them)"))
            } else {
                present.append(root.path)
            }
        }
        try stoppable(&report, started: started) { report in
            try index(paths: present, into: &report, remember: false, progress: progress)
        }
        // Every root was re-read: an interrupted commit is repaired (a missing root stays as it was).
        if report.failed == 0 { try writer.markRepaired() }
        try writer.commit()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The paths of every indexed root (folders and single files).
    public func roots() throws -> [String] {
        try RootRegistry.load(from: writer).roots.filter { $0.kind == .folder }.map(\.path)
    }

    /// Applies what a FolderWatcher saw, in one commit: paths that exist are
    /// (re)indexed, paths that are gone lose their articles.
    public func apply(_ batch: FolderWatcher.Batch) throws -> IndexingReport {
        if batch.overflowed { return try refresh() }
        let started = Date()
        var report = IndexingReport()
        let touched = batch.changed.union(batch.removed).sorted()
        let existing = touched.filter { ArticleFiles.kind(of: $0) != .missing }
        let gone = touched.filter { ArticleFiles.kind(of: $0) == .missing }
        // Skip paths inside a folder that is itself in the batch: the folder covers them.
        let folders = Set(existing.filter { ArticleFiles.kind(of: $0) == .directory })
        let toIndex = existing.filter { path in !folders.contains { path.hasPrefix($0 + "/") } }
        try stoppable(&report, started: started) { report in
            if !toIndex.isEmpty { try index(paths: toIndex, into: &report, remember: false, progress: nil) }
        }
        report.removed += try forget(gone)
        try writer.commit()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Removes the articles of files (or whole folders) that are gone. Not committed.
    func forget(_ paths: [String]) throws -> Int {
        let registry = try RootRegistry.load(from: writer)
        var removed = 0
        for path in paths {
            guard let scope = registry.existingScope(for: path) else { continue }
            let exact = scope.keyPrefix
            removed += try removeFiles(under: exact) { $0 == exact || $0.hasPrefix(exact + "/") }
        }
        return removed
    }

    /// What a run will do: the files to read, and the folders to prune after.
    struct Plan {
        var registry: RootRegistry
        var jobs: [Job] = []
        var pruneScopes: [(scope: RootRegistry.Scope, seen: Set<String>)] = []
    }

    /// Walks `paths` and pairs each article file with its id and what the index
    /// last recorded of it (`previous`). Problems and ignored files go into
    /// `report`. `remember`: the paths were named by the user, so folders
    /// remember `options.selection` and named files are read whatever they are;
    /// otherwise (refreshing, watching) folders use the globs they remember.
    static func plan(paths: [String], registry: RootRegistry, options: IndexingOptions, remember: Bool,
                     report: inout IndexingReport, previous: (String) throws -> FileRecord?) throws -> Plan {
        var plan = Plan(registry: registry)
        func ignore(_ path: String, _ reason: String) {
            report.ignored += 1
            if report.ignoredFiles.count < IndexingReport.maxListedIgnored {
                report.ignoredFiles.append(FileProblem(path: path, message: reason))
            }
        }
        for argument in paths {
            let path = ArticleFiles.absolute(argument)
            switch ArticleFiles.kind(of: path) {
            case .directory:
                let scope = plan.registry.scope(for: path, isFolder: true)
                if remember && plan.registry.folderRoot(holding: path)?.path == path {
                    plan.registry.remember(options.selection, forFolder: path)
                }
                let given = remember && !options.selection.isEmpty ? options.selection
                    : plan.registry.folderRoot(holding: path)?.selection ?? FileSelection()
                let walk = ArticleFiles.walk(root: path, selection: options.defaultSelection.adding(given),
                                             within: scope.inside)
                for file in walk.ignored { ignore(file.path, file.reason) }
                for problem in walk.problems {
                    report.failed += 1
                    report.failures.append(FileProblem(path: problem.path, message: problem.reason))
                }
                var seen = Set<String>()
                for file in walk.files {
                    let key = scope.fileKey(relativeToScope: file.relativePath)
                    seen.insert(key)
                    plan.jobs.append(Job(file: file, key: key, previous: try previous(key)))
                }
                // A folder that could not be listed is not pruned: its files are not known to be gone.
                if walk.problems.isEmpty { plan.pruneScopes.append((scope, seen)) }
            case .file:
                // A file in an indexed folder that the user did not name follows the folder's choice.
                let folder = remember ? nil : plan.registry.folderRoot(holding: path)
                let scope = plan.registry.scope(for: path, isFolder: false)
                let name = (path as NSString).lastPathComponent
                let selection = folder.map { options.defaultSelection.adding($0.selection) }
                switch ArticleFiles.choose(path: path, relativePath: name, selection: selection, globPath: scope.inside) {
                case let .read(file):
                    let key = scope.fileKey(relativeToScope: "")
                    plan.jobs.append(Job(file: file, key: key, previous: try previous(key)))
                case let .ignored(reason):
                    ignore(path, reason)
                case let .failed(reason):
                    report.failed += 1
                    report.failures.append(FileProblem(path: path, message: reason))
                }
            case .missing:
                report.failed += 1
                report.failures.append(FileProblem(path: path, message: "no such file or folder"))
            case .other:
                report.failed += 1
                report.failures.append(FileProblem(path: path, message: "not a regular file or folder"))
            }
        }
        plan.jobs = plan.jobs.flatMap { inParts($0, options: options) }
        return plan
    }

    private func index(paths: [String], into report: inout IndexingReport, remember: Bool,
                       progress: ((IndexingProgress) -> Void)?) throws {
        try checkStop()
        let storedRegistry = try RootRegistry.load(from: writer)
        let plan = try Self.plan(paths: paths, registry: storedRegistry, options: options, remember: remember,
                                 report: &report, previous: previousRecord)
        if plan.registry != storedRegistry { try plan.registry.save(to: writer) }

        try run(plan.jobs, report: &report, progress: progress)
        if options.prune {
            for (scope, seen) in plan.pruneScopes {
                try prune(scope: scope, keeping: seen, report: &report)
            }
        }
    }

    private func previousRecord(_ key: String) throws -> FileRecord? {
        let text = try writer.metadata(FileRecord.key(key))
        return text.isEmpty ? nil : FileRecord(encoded: text)
    }

    private func run(_ jobs: [Job], report: inout IndexingReport,
                     progress: ((IndexingProgress) -> Void)?) throws {
        let extractor = self.extractor
        let force = options.force
        let language = writer.language
        let features = options.features
        let countryNames = options.countryNames
        var sinceCommit = 0
        var lastProgress = Date.distantPast
        let parts = PartAssembly(inOrder: true)  // the pipeline hands results over in job order
        try OrderedPipeline.run(count: jobs.count, workers: options.workers, window: Self.window(jobs, options),
                                makeWorker: {
            let builder: Result<DocumentBuilder, IndexError>
            do throws(IndexError) {
                builder = .success(try DocumentBuilder(language: language, features: features, countryNames: countryNames))
            } catch {
                builder = .failure(error)
            }
            return { index -> Outcome in
                Self.process(jobs[index], builder: builder, extractor: extractor, force: force)
            }
        }, consume: { (index: Int, outcome: Outcome) in
            try checkStop()
            sinceCommit += try Self.record(outcome, of: jobs[index], in: writer, parts: parts, report: &report)
            if sinceCommit >= options.commitInterval {
                try writer.commit()
                sinceCommit = 0
            }
            if let progress, index + 1 == jobs.count || Date().timeIntervalSince(lastProgress) > 0.1 {
                lastProgress = Date()
                progress(IndexingProgress(done: index + 1, total: jobs.count, articles: report.articles))
            }
        })
    }

    /// Runs on a worker thread: everything but the write.
    static func process(_ job: Job, builder builderResult: Result<DocumentBuilder, IndexError>,
                                extractor: EntityExtractor, force: Bool) -> Outcome {
        switch job.work {
        case .whole: break
        case let .unchanged(record): return .unchanged(record)
        case let .part(part): return processPart(job, part, builder: builderResult, extractor: extractor)
        }
        guard let stamp = ArticleFiles.stamp(of: job.file.path) else {
            return .failed("cannot read: the file disappeared", forget: false)
        }
        if !force, let previous = job.previous, previous.stamp == stamp {
            return .unchanged(previous)
        }
        let bytes: [UInt8]
        do {
            bytes = try ArticleFiles.readBytes(of: job.file)
        } catch {
            return .failed(error.description, forget: false)
        }
        // Tells a touched file from a changed one; hashed over the buffer (a
        // generic loop over the array's elements took 2.5 % of a first build).
        var hasher = StreamingHash()
        bytes.withUnsafeBytes { hasher.add($0) }
        let hash = hasher.hex
        if !force, let previous = job.previous, previous.hash == hash {
            return .unchanged(FileRecord(stamp: stamp, hash: hash, ids: previous.ids, fileKey: job.key))
        }
        let parsed: ParsedFile
        do {
            parsed = try ArticleParser.parse(bytes: bytes, format: job.file.format, fileID: job.key)
        } catch {
            // An emptied file's articles are gone; an unreadable one's may come back.
            switch error {
            case .empty, .noArticles, .binary: return .failed(error.description, forget: true)
            default: return .failed(error.description, forget: false)
            }
        }
        let builder: DocumentBuilder
        switch builderResult {
        case let .success(b): builder = b
        case let .failure(error): return .failed("cannot index: \(error)", forget: false)
        }
        var warnings = parsed.warnings
        let (order, documents) = prepare(parsed.articles, of: job, builder: builder, extractor: extractor,
                                         warnings: &warnings)
        let record = FileRecord(stamp: stamp, hash: hash, ids: order, fileKey: job.key)
        return .indexed(record, documents, warnings: warnings)
    }

    /// Finds the entities of `articles` and prepares their documents: the
    /// last article for each id, in the order their ids first appear.
    static func prepare(_ articles: [Article], of job: Job, builder: DocumentBuilder, extractor: EntityExtractor,
                        warnings: inout [String]) -> (ids: [String], documents: [PreparedDocument]) {
        var documents: [PreparedDocument] = []
        var ids = Set<String>()
        for article in articles {
            guard ids.insert(article.id).inserted else {
                warnings.append("id \(article.id) appears twice in the file; the later article wins")
                continue
            }
            let entities = extractor.extract(title: article.title, body: article.body, source: article.source,
                                             url: article.url, path: job.file.path)
            let stored = StoredArticle(article: article, path: job.file.path, entities: entities)
            do {
                documents.append(try builder.prepare(stored))
            } catch {
                warnings.append("article \(article.id) not indexed: \(error)")
            }
        }
        var order: [String] = []
        var latest: [String: PreparedDocument] = [:]
        for document in documents {
            if latest[document.id] == nil { order.append(document.id) }
            latest[document.id] = document
        }
        return (order, order.map { latest[$0]! })
    }

    /// Writes what processing a file gave: its articles, its record, or its
    /// failure. Returns the number of articles written.
    static func record(_ outcome: Outcome, of job: Job, in writer: IndexWriter, parts: PartAssembly,
                       report: inout IndexingReport) throws -> Int {
        switch outcome {
        case let .part(result):
            return try recordPart(result, of: job, in: writer, parts: parts, report: &report)
        case let .unchanged(record):
            report.unchanged += 1
            if record != job.previous { try writer.setMetadata(FileRecord.key(job.key), record.encoded()) }
            return 0
        case let .indexed(record, documents, warnings):
            for document in documents { try writer.replace(document) }
            let stale = Set(job.previous?.ids ?? []).subtracting(record.ids)
            report.removed += try removeArticles(Array(stale), ofFile: job.file.path, in: writer)
            try writer.setMetadata(FileRecord.key(job.key), record.encoded())
            report.indexed += 1
            report.articles += documents.count
            report.warnings += warnings.map { FileProblem(path: job.file.path, message: $0) }
            return documents.count
        case let .failed(reason, forget):
            report.failed += 1
            report.failures.append(FileProblem(path: job.file.path, message: reason))
            if forget, let previous = job.previous {
                report.removed += try removeArticles(previous.ids, ofFile: job.file.path, in: writer)
                try writer.setMetadata(FileRecord.key(job.key), "")
            }
            return 0
        }
    }

    /// Removes articles that came from `path` (an id now held by another
    /// file's article is left alone).
    static func removeArticles(_ ids: [String], ofFile path: String, in writer: IndexWriter) throws -> Int {
        var removed = 0
        for id in ids {
            if let stored = try? writer.storedArticle(id: id), stored.path != path { continue }
            if try writer.remove(id: id) { removed += 1 }
        }
        return removed
    }

    private func prune(scope: RootRegistry.Scope, keeping seen: Set<String>, report: inout IndexingReport) throws {
        let below = scope.keyPrefix + "/"
        report.removed += try removeFiles(under: below) { $0.hasPrefix(below) && !seen.contains($0) }
    }

    /// Removes the articles and records of the files whose key starts with
    /// `prefix` and passes `chosen`. Returns the number of articles removed.
    private func removeFiles(under prefix: String, where chosen: (String) -> Bool) throws -> Int {
        var removed = 0
        for metadataKey in try writer.metadataKeys(prefix: FileRecord.scanPrefix(prefix)) {
            let record = FileRecord(encoded: try writer.metadata(metadataKey))
            let fileKey = record?.fileKey(metadataKey: metadataKey)
                ?? String(metadataKey.dropFirst(FileRecord.keyPrefix.count))
            guard chosen(fileKey) else { continue }
            for id in record?.ids ?? [] where try writer.remove(id: id) { removed += 1 }
            try writer.setMetadata(metadataKey, "")
        }
        return removed
    }

    /// Indexes articles sent inline (no file behind them), then commits.
    public func index(articles: [Article]) throws -> IndexingReport {
        let started = Date()
        var report = IndexingReport()
        let builder = try DocumentBuilder(language: writer.language, features: options.features,
                                          countryNames: options.countryNames)
        for article in articles {
            let entities = extractor.extract(title: article.title, body: article.body, source: article.source, url: article.url)
            let stored = StoredArticle(article: article, path: nil, entities: entities)
            try writer.replace(try builder.prepare(stored))
            report.indexed += 1
            report.articles += 1
        }
        try writer.commit()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Removes articles by id, then commits. Returns the ids that were not there.
    public func remove(ids: [String]) throws -> (removed: Int, missing: [String]) {
        var removed = 0
        var missing: [String] = []
        for id in ids {
            if try writer.remove(id: id) { removed += 1 } else { missing.append(id) }
        }
        try writer.commit()
        return (removed, missing)
    }
}
