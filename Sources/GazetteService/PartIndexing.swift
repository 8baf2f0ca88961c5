import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex

/// Large JSON Lines files and JSON arrays, read and indexed in parts: a bulk export of
/// thousands of articles is streamed (no worker holds more than a part) and
/// its parts are spread over the workers and shards like files. The file's
/// record (stamp, hash, ids) is written when its last part is.
extension Indexer {
    /// What a job reads.
    enum Work: Sendable {
        case whole
        /// Part `index` of `count`; `stamp` and `hash` are the whole file's.
        case part(Part)
        /// Known unchanged without reading it again (its hash was taken while splitting).
        case unchanged(FileRecord)
    }

    struct Part: Sendable {
        let range: RecordPart
        let index: Int
        let count: Int
        let stamp: FileStamp
        let hash: String
    }

    struct PartResult {
        let part: Part
        /// In the order they first appear in the part; the last article for each id.
        let ids: [String]
        let documents: [PreparedDocument]
        let warnings: [String]
    }

    /// `job` as parts when it is a JSON Lines file or a JSON array of
    /// articles over `options.partBytes` that changed (or `force`); as it is otherwise.
    static func inParts(_ job: Job, options: IndexingOptions) -> [Job] {
        let format = job.file.format
        guard format == .jsonLines || format == .json, options.partBytes > 0,
              let stamp = ArticleFiles.stamp(of: job.file.path), stamp.size > Int64(options.partBytes) else { return [job] }
        if !options.force, let previous = job.previous, previous.stamp == stamp { return [job] }
        // An unreadable file, or JSON that is not an array of articles, is left
        // whole: reading it fails with the reason, or finds its one article.
        let split: (parts: [RecordPart], hash: String)? = if format == .json {
            try? RecordParts.splitJSON(path: job.file.path, partBytes: options.partBytes)
        } else {
            try? RecordParts.split(path: job.file.path, partBytes: options.partBytes)
        }
        guard let (ranges, hash) = split else { return [job] }
        var unchanged = job
        if !options.force, let previous = job.previous, previous.hash == hash {
            unchanged.work = .unchanged(FileRecord(stamp: stamp, hash: hash, ids: previous.ids, fileKey: job.key))
            return [unchanged]
        }
        return ranges.enumerated().map { index, range in
            var part = job
            part.work = .part(Part(range: range, index: index, count: ranges.count, stamp: stamp, hash: hash))
            return part
        }
    }

    /// How many articles a job holds, about: a part's records, else 1.
    static func weight(_ job: Job) -> Int {
        guard case let .part(part) = job.work else { return 1 }
        return max(1, part.range.records)
    }

    /// Jobs in flight ahead of the writer: many small files, or parts up to about 16 MB.
    static func window(_ jobs: [Job], _ options: IndexingOptions) -> Int {
        guard jobs.contains(where: { if case .part = $0.work { true } else { false } }) else { return 512 }
        return max(2 * options.workers, min(512, (16 << 20) / max(1, options.partBytes)))
    }

    /// Runs on a worker thread: reads, parses and prepares one part.
    static func processPart(_ job: Job, _ part: Part, builder builderResult: Result<DocumentBuilder, IndexError>,
                            extractor: EntityExtractor) -> Outcome {
        let bytes: [UInt8]
        do {
            bytes = try RecordParts.read(part.range, of: job.file.path)
        } catch {
            return .failed(error.description, forget: false)
        }
        let builder: DocumentBuilder
        switch builderResult {
        case let .success(b): builder = b
        case let .failure(error): return .failed("cannot index: \(error)", forget: false)
        }
        let parsed = ArticleParser.parsePart(bytes: bytes, part: part.range, format: job.file.format, fileID: job.key)
        var warnings = parsed.warnings
        let (ids, documents) = prepare(parsed.articles, of: job, builder: builder, extractor: extractor,
                                       warnings: &warnings)
        return .part(PartResult(part: part, ids: ids, documents: documents, warnings: warnings))
    }

    /// Writes one part's articles; with the file's last part, its record,
    /// and the removal of its articles that are gone. Returns the articles written.
    static func recordPart(_ result: PartResult, of job: Job, in writer: IndexWriter, parts: PartAssembly,
                           report: inout IndexingReport) throws -> Int {
        for document in result.documents { try writer.replace(document) }
        report.articles += result.documents.count
        var warnings = result.warnings
        guard let ids = parts.add(result, file: job.key, writer: writer, warnings: &warnings) else {
            report.warnings += warnings.map { FileProblem(path: job.file.path, message: $0) }
            return result.documents.count
        }
        report.warnings += warnings.map { FileProblem(path: job.file.path, message: $0) }
        let stale = Set(job.previous?.ids ?? []).subtracting(ids)
        report.removed += try removeArticles(Array(stale), ofFile: job.file.path, in: writer)
        if ids.isEmpty {
            report.failed += 1
            report.failures.append(FileProblem(path: job.file.path,
                                               message: ArticleReadError.noArticles(reason: job.file.format == .json
                                                   ? "no element of its array is an article" : "no line is an article").description))
            try writer.setMetadata(FileRecord.key(job.key), "")
        } else {
            let record = FileRecord(stamp: result.part.stamp, hash: result.part.hash, ids: ids, fileKey: job.key)
            try writer.setMetadata(FileRecord.key(job.key), record.encoded())
            report.indexed += 1
        }
        return result.documents.count
    }
}

/// The parts of files being indexed, gathered as they are written (in any
/// order, from any thread): the ids of each file, and, in a parallel build,
/// which shard holds the later article of an id that two parts share.
final class PartAssembly: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: FileParts] = [:]
    /// Articles written into one shard that a later part of their file, in
    /// another shard, replaced; guarded by `lock`.
    private var superseded: [(id: String, writer: ObjectIdentifier)] = []

    private struct FileParts {
        var idsByPart: [[String]?]
        var done = 0
        /// Each id's latest part so far, and the writer that has it.
        var owners: [String: (part: Int, writer: ObjectIdentifier)] = [:]
    }

    /// Adds a written part. Returns the file's ids, in file order, once its
    /// last part is in; nil before. Ids met before in another part get a warning.
    func add(_ result: Indexer.PartResult, file: String, writer: IndexWriter, warnings: inout [String]) -> [String]? {
        let part = result.part
        let me = ObjectIdentifier(writer)
        return lock.withLock {
            var state = files[file] ?? FileParts(idsByPart: Array(repeating: nil, count: part.count))
            state.idsByPart[part.index] = result.ids
            state.done += 1
            for id in result.ids {
                guard let owner = state.owners[id] else {
                    state.owners[id] = (part.index, me)
                    continue
                }
                warnings.append("id \(id) appears twice in the file; the later article wins")
                if part.index > owner.part {
                    if owner.writer != me { superseded.append((id, owner.writer)) }
                    state.owners[id] = (part.index, me)
                } else if owner.writer != me {
                    superseded.append((id, me))
                }
            }
            guard state.done == part.count else {
                files[file] = state
                return nil
            }
            files[file] = nil
            var seen = Set<String>()
            return state.idsByPart.flatMap { $0 ?? [] }.filter { seen.insert($0).inserted }
        }
    }

    /// Ids to remove from the writer that holds them once all parts are in:
    /// a later part of their file wrote the article into another shard.
    func supersededArticles() -> [(id: String, writer: ObjectIdentifier)] {
        lock.withLock { superseded }
    }
}
