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
        var warnings = result.warnings
        // Claimed before they are written: an id a later part already holds is not written over.
        let claim = parts.add(result, file: job.key, writer: writer, warnings: &warnings)
        for document in result.documents where !claim.held.contains(document.id) { try writer.replace(document) }
        report.articles += result.documents.count
        report.warnings += warnings.map { FileProblem(path: job.file.path, message: $0) }
        guard let ids = claim.fileIDs else { return result.documents.count }
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
/// order, from any thread): the ids of each file, and which part's article
/// an id that two parts share keeps (the later part's, as one writer reading
/// the file in order would).
///
/// A part claims its ids before it writes them. A part that comes after a
/// later one holding an id leaves that id out. A later part that comes after
/// an earlier one holding an id is written at the end instead
/// (`heldBack()`): the earlier part, on another thread, may not have written
/// it yet, and in a sharded build (one writer shared by every thread) its
/// write would replace the later article. Ids that no other part shares are
/// written at once.
final class PartAssembly: @unchecked Sendable {
    private let lock = NSLock()
    /// Parts are recorded in file order (one writer in order): nothing needs holding back.
    private let inOrder: Bool
    private var files: [String: FileParts] = [:]
    /// The later article of each id two parts share, with the writer of its part; guarded by `lock`.
    private var held: [String: (document: PreparedDocument, writer: ObjectIdentifier)] = [:]

    private struct FileParts {
        var idsByPart: [[String]?]
        var done = 0
        /// Each id's latest part so far.
        var owners: [String: Int] = [:]
    }

    /// What a part may write now, and its file's ids once it is the last part in.
    struct Claim {
        /// Ids of the part not to write now: a later part has them, or they are held back.
        let held: Set<String>
        /// The file's ids, in file order, once its last part is in; nil before.
        let fileIDs: [String]?
    }

    init(inOrder: Bool = false) {
        self.inOrder = inOrder
    }

    /// Claims a part's ids before it is written. Ids met before in another part get a warning.
    func add(_ result: Indexer.PartResult, file: String, writer: IndexWriter, warnings: inout [String]) -> Claim {
        let part = result.part
        let me = ObjectIdentifier(writer)
        return lock.withLock {
            var state = files[file] ?? FileParts(idsByPart: Array(repeating: nil, count: part.count))
            state.idsByPart[part.index] = result.ids
            state.done += 1
            var skipped = Set<String>()
            for document in result.documents {
                let id = document.id
                guard let owner = state.owners[id] else {
                    state.owners[id] = part.index
                    continue
                }
                warnings.append("id \(id) appears twice in the file; the later article wins")
                if part.index > owner {
                    state.owners[id] = part.index
                    if !inOrder {
                        held[id] = (document, me)
                        skipped.insert(id)
                    }
                } else {
                    skipped.insert(id)
                }
            }
            guard state.done == part.count else {
                files[file] = state
                return Claim(held: skipped, fileIDs: nil)
            }
            files[file] = nil
            var seen = Set<String>()
            return Claim(held: skipped, fileIDs: state.idsByPart.flatMap { $0 ?? [] }.filter { seen.insert($0).inserted })
        }
    }

    /// The articles held back, to write once every part is in: each into
    /// the writer of its part, and removed from every other writer (an
    /// earlier part may have written the id into another scratch shard).
    func heldBack() -> [(document: PreparedDocument, writer: ObjectIdentifier)] {
        lock.withLock { Array(held.values) }
    }
}
