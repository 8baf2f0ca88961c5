import Foundation
import GazetteArticles
import GazetteIndex

// What an indexing run is asked to do, and what it reports.

public struct IndexingOptions: Sendable {
    /// Re-read and re-index files even when they look unchanged.
    public var force: Bool
    /// Remove the articles of files that disappeared from indexed folders.
    public var prune: Bool
    /// Threads that read files, find entities and build documents.
    public var workers: Int
    /// Commit after this many written articles, so a crash loses little.
    public var commitInterval: Int
    /// Build a new index on all workers at once (shards merged into one)
    /// when it has no articles yet.
    public var parallelBuild: Bool
    /// Globs given with this run's paths: folders named remember them (a
    /// folder named without any forgets its old ones); refreshing and
    /// watching use what each folder remembers.
    public var selection = FileSelection()
    /// Globs that apply to every folder (`[files]` in `Config/gazette.toml`).
    public var defaultSelection = FileSelection()
    /// What the index keeps beside terms (`[index]` in `Config/gazette.toml`).
    public var features = IndexFeatures.all
    /// Countries' names whose articles get their country's canonical term,
    /// for cheap country queries (the synonym table's; nil: none).
    public var countryNames: CountryNames?
    /// Split a new index into this many shards (an existing one must have as many).
    public var shards: Int?
    /// A JSON Lines file, or a JSON array of articles, larger than this is
    /// read and indexed in parts of about this size, spread over the workers like files.
    public var partBytes = 256 << 10
    /// Articles in each scratch segment of a first build on several threads
    /// (ShardedBuild); nil: GAZETTE_SEGMENT_ARTICLES when set, else ShardedBuild.segmentArticles.
    public var segmentArticles: Int?
    /// Asked to stop, the run ends at its next file or part (see IndexingStop).
    public var stop: IndexingStop?

    public init(force: Bool = false, prune: Bool = true,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, commitInterval: Int = 10_000,
                parallelBuild: Bool = true) {
        self.force = force
        self.prune = prune
        self.workers = max(1, workers)
        self.commitInterval = max(1, commitInterval)
        self.parallelBuild = parallelBuild
    }
}

/// Asks indexing runs to stop early: each ends at its next safe point (before
/// writing another file or part), commits what it wrote, and throws
/// `IndexingInterrupted`. The daemon asks when it is told to stop, so that a
/// long run does not hold up its exit.
public final class IndexingStop: @unchecked Sendable {
    private let lock = NSLock()
    private var reason: String?

    public init() {}

    /// Stops every run that checks this from now on; `why` is said in their errors.
    public func request(_ why: String) {
        lock.withLock { if reason == nil { reason = why } }
    }

    /// Why a stop was asked for; nil while none was.
    public var requested: String? { lock.withLock { reason } }
}

/// A run that stopped when asked: everything in `report` is committed; the
/// rest of its files are not indexed (a later run, or a refresh, does them).
public struct IndexingInterrupted: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public let report: IndexingReport

    public var description: String {
        "indexing interrupted (\(reason)) after \(report.summary); what was read is committed, the rest is not indexed"
    }
}

/// A file-level problem, named by path.
public struct FileProblem: Sendable, Codable, Equatable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

public struct IndexingReport: Sendable, Codable, Equatable {
    /// Files (or inline articles) read and written.
    public var indexed = 0
    /// Articles written (a JSON file can hold many).
    public var articles = 0
    public var unchanged = 0
    public var failed = 0
    /// Articles removed because their file changed or disappeared.
    public var removed = 0
    /// Files passed over: not an article type, binary, or left out by a glob.
    public var ignored = 0
    /// The first `maxListedIgnored` of them, with the reason.
    public var ignoredFiles: [FileProblem] = []
    public static let maxListedIgnored = 1_000
    public var seconds = 0.0
    public var failures: [FileProblem] = []
    public var warnings: [FileProblem] = []

    public init() {}

    /// Adds another run's counts and problems to this one.
    public mutating func merge(_ other: IndexingReport) {
        indexed += other.indexed
        articles += other.articles
        unchanged += other.unchanged
        failed += other.failed
        removed += other.removed
        ignored += other.ignored
        ignoredFiles += other.ignoredFiles.prefix(max(0, Self.maxListedIgnored - ignoredFiles.count))
        seconds += other.seconds
        failures += other.failures
        warnings += other.warnings
    }

    /// One line: what a run did.
    public var summary: String {
        var line = "indexed \(indexed), unchanged \(unchanged), failed \(failed)"
        if articles != indexed { line += ", articles \(articles)" }
        if removed > 0 { line += ", removed \(removed)" }
        if ignored > 0 { line += ", ignored \(ignored)" }
        line += String(format: " in %.2f s", seconds)
        return line
    }
}

public struct IndexingProgress: Sendable {
    public let done: Int
    public let total: Int
    public let articles: Int
    /// Scratch segments written into so far by a first build on several threads; 0 otherwise.
    public var segments = 0
}

