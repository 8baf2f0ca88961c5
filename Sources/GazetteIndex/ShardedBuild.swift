#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A first build of an index by several writers at once. Xapian's writer is
/// single-threaded and does most of the work of indexing, so one writer
/// cannot keep more than one core busy. Instead each thread writes its share
/// into scratch databases of its own (a shard of the build, written as a run
/// of segments); `finish()` merges every segment with Xapian's compactor and
/// moves the merged files into the index folder with the version file last,
/// so a reader sees either no index or the whole one.
///
/// A sharded index (a stub of local shard folders) is built the same way:
/// each segment is itself a stub of as many shards, its writer placing each
/// article in the shard its id picks, and `finish()` makes each shard of the
/// index the merge of that shard of every segment. The shards move in home
/// shard last, all of one generation: a crash between them leaves shards
/// ahead of the home shard, which the next writer marks for repair (as an
/// interrupted commit of a sharded index).
///
/// A shard's segments hold at most `segmentArticles` each: every flush
/// updates the posting lists of a segment's tables, and in tables of
/// hundreds of thousands of articles that costs more per article than in
/// small ones, so one growing database per thread made a million-article
/// build slower per article than a small one. The compactor merges small
/// segments once, at the end.
///
/// Shards may be written on different threads at once, each shard by one
/// thread at a time; `begin`, `openShards`, `forEachSegment` and `finish` run on one thread.
public final class ShardedBuild: @unchecked Sendable {
    public let indexPath: String
    /// The stemming language of the new index (an existing empty index keeps its own).
    public let language: String
    /// Where the merged databases go: the index folder, or each shard's folder (home shard first).
    private let destinations: [String]
    /// Keep other writers out until the merged files are in place, one per destination.
    private let locks: [XapianDatabase]
    /// The folder that holds the scratch folder: the index folder, or the stub's.
    private let scratchParent: String
    /// In the index folder, so the merged database can be renamed into it.
    private var scratch: String?
    /// A folder in RAM for the shards, when there was room.
    private var memoryFolder: String?
    /// Each shard's current segment, the one its thread writes into.
    private var shards: [Shard] = []
    /// Every segment's writer and database, in the order they were opened. The
    /// writers stay open to the end: an article held back (see PartAssembly)
    /// is written into the segment that holds it and removed from the others.
    private var segments: [(writer: IndexWriter, path: String)] = []
    private let segmentsLock = NSLock()
    private var segmentArticles = ShardedBuild.segmentArticles
    /// One story table for all segments: copies that land in different segments still meet.
    private let stories = StoryTable()
    private var features: IndexFeatures = []
    private var root = ""

    /// Takes the index's write lock (creating the index when missing) for a
    /// first build. Nil, with nothing written, when the index has articles:
    /// those are updated through the single writer.
    /// A sharded index must have local shards only (remote ones are written
    /// through their servers).
    public static func begin(indexPath: String, language: String) throws(IndexError) -> ShardedBuild? {
        let list = try ShardList.resolve(indexPath)
        var destinations: [String] = []
        for shard in list.shards {
            guard case let .local(folder) = shard else {
                throw IndexError(code: .invalidArgument, message: "a first build through scratch segments needs local shards, "
                                 + "not \(shard)", context: indexPath)
            }
            destinations.append(folder)
        }
        var locks: [XapianDatabase] = []
        for folder in destinations {
            try IndexFolder.create(folder, mode: 0o777)
            let lock = try XapianDatabase.openWritable(path: folder)
            lock.abandonOnClose()
            guard try lock.documentCount() == 0 else { return nil }
            locks.append(lock)
        }
        let stored = try locks[0].metadata(Schema.languageKey)
        return ShardedBuild(indexPath: indexPath, language: stored.isEmpty ? language : stored,
                            destinations: destinations, locks: locks,
                            scratchParent: list.stub.map { ($0 as NSString).deletingLastPathComponent } ?? indexPath)
    }

    /// Whether the index at `indexPath` exists and holds articles, read
    /// without taking its lock.
    public static func hasArticles(indexPath: String) -> Bool {
        guard FileManager.default.fileExists(atPath: indexPath + "/" + XapianFiles.version),
              let database = try? XapianDatabase.open(path: indexPath) else { return false }
        return ((try? database.documentCount()) ?? 0) > 0
    }

    private init(indexPath: String, language: String, destinations: [String], locks: [XapianDatabase],
                 scratchParent: String) {
        self.scratchParent = scratchParent
        self.indexPath = indexPath
        self.language = language
        self.destinations = destinations
        self.locks = locks
    }

    deinit {
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
        if let memoryFolder { try? FileManager.default.removeItem(atPath: memoryFolder) }
    }

    /// Documents a first build's writer buffers before it flushes. Xapian's
    /// default (10,000) suits one long-lived writer; for these short-lived ones
    /// a small buffer keeps Xapian's in-memory posting maps small, and measured
    /// on Reuters-21578 it cut the CPU time of a build by about a third (100 to
    /// 300 all did about as well).
    public static let flushThreshold = "200"

    /// Articles a segment holds before its shard moves on to a new one.
    /// Measured on generated corpora (Benchmarks/scale/segments.py, --trace):
    /// a database's cost per article was still rising between 10,000 and
    /// 30,000 articles, and ten segments of 2,000 cost no more per article
    /// than one of 9,500 (their merge: 1 s of CPU more in a 34 s build).
    public static let segmentArticles = 20_000

    /// Opens `count` shards, in RAM when `inputBytes` of articles fit there,
    /// each moving to a new segment after `segmentArticles` (see `segment(forShard:)`).
    /// They skip fsync and crash safety: they are merged (and the result
    /// synced) or thrown away. Their blocks are 16 KB: a flush reads and
    /// writes each block it changes, and with larger blocks fewer of them
    /// (Benchmarks/indexing/RESULTS.md, round 12); the merged index has Xapian's 8 KB.
    public func openShards(_ count: Int, inputBytes: Int64, features: IndexFeatures = .all,
                           segmentArticles: Int = ShardedBuild.segmentArticles) throws(IndexError) {
        guard segmentArticles > 0 else {
            throw IndexError(code: .invalidArgument, message: "a segment must hold at least one article", context: indexPath)
        }
        Self.removeStaleScratch(indexPath: scratchParent)
        let scratch = scratchParent + "/." + ScratchOwner.current.folderName
        try? FileManager.default.removeItem(atPath: scratch)
        guard mkdir(scratch, 0o700) == 0 else {
            throw IndexError(code: .folder, message: "cannot create a scratch folder in the index folder \(indexPath): "
                             + String(cString: strerror(errno)), context: scratch)
        }
        self.scratch = scratch
        self.features = features
        self.segmentArticles = segmentArticles
        // Segments add up to about what one database per shard would take.
        memoryFolder = Self.memoryScratch(needing: inputBytes * 4)
        root = memoryFolder ?? scratch
        shards = try (0..<count).map { (index) throws(IndexError) in
            Shard(current: try openSegment(shard: index, number: 0))
        }
    }

    /// One shard of the build: its thread alone moves it to a new segment.
    private final class Shard {
        var current: IndexWriter
        var opened = 1

        init(current: IndexWriter) { self.current = current }
    }

    /// Segment `number` of `shard`, opened on the thread that writes the shard:
    /// a stub of as many shards as the index has, when it has several.
    private func openSegment(shard: Int, number: Int) throws(IndexError) -> IndexWriter {
        let path = "\(root)/shard-\(shard)-segment-\(number)"
        if destinations.count > 1 { _ = try ShardList.create(in: path, count: destinations.count) }
        let writer = try Self.withSmallFlushes { () throws(IndexError) in
            try IndexWriter(path: path, language: language, options: [.noSync, .dangerous, .largeBlocks], stories: stories)
        }
        // Spelling counts come from the merged index's terms, once (finish()).
        writer.features = features.subtracting(.spelling)
        segmentsLock.withLock { segments.append((writer, path)) }
        return writer
    }

    /// The writer for shard `index`'s next articles: its current segment, or,
    /// when that holds `segmentArticles`, a new one (the full one committed).
    /// Call it from the thread that writes the shard, before each file or part.
    public func segment(forShard index: Int) throws(IndexError) -> IndexWriter {
        let shard = shards[index]
        guard try shard.current.documentCount() >= segmentArticles else { return shard.current }
        try shard.current.commit()
        shard.current = try openSegment(shard: index, number: shard.opened)
        shard.opened += 1
        return shard.current
    }

    /// How many segments the build has written into so far.
    public var segmentCount: Int { segmentsLock.withLock { segments.count } }

    /// Runs `body` with the writer of every segment of every shard, in the order they were opened.
    public func forEachSegment(_ body: (IndexWriter) throws -> Void) rethrows {
        for segment in segmentsLock.withLock({ segments }) { try body(segment.writer) }
    }

    /// Runs `body`, which opens the writers of a first build, with Xapian's
    /// flush threshold at `flushThreshold`: each writer then flushes every
    /// few hundred documents as it goes, instead of holding up to 10,000 of
    /// them in memory per database (per shard, for a sharded index) and
    /// writing them all in its last commit, on one thread. Xapian reads the
    /// threshold from the environment when a writer opens; the setting before
    /// is restored after.
    public static func withSmallFlushes<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        // Threads of one build open their segments when they need them: one at a time.
        environmentLock.lock()
        defer { environmentLock.unlock() }
        let variable = "XAPIAN_FLUSH_THRESHOLD"
        let previous = getenv(variable).map { String(cString: $0) }
        setenv(variable, flushThreshold, 1)
        defer {
            if let previous { setenv(variable, previous, 1) } else { unsetenv(variable) }
        }
        return try body()
    }

    private static let environmentLock = NSLock()

    /// Runs `body` with the current segment of shard `index` (from 0).
    @discardableResult
    public func withShard<R>(_ index: Int, _ body: (IndexWriter) throws -> R) rethrows -> R {
        try body(shards[index].current)
    }

    /// Commits and closes the segments, merges them, and moves the result into
    /// the index folder, the version file last.
    public func finish() throws(IndexError) {
        let paths = segments.map(\.path)
        for segment in segments { try segment.writer.commit() }
        // Closes the writers before their databases are merged.
        shards.removeAll()
        segments.removeAll()
        guard let scratch, !paths.isEmpty else {
            throw IndexError(code: .invalidArgument, message: "no shards were opened", context: indexPath)
        }
        guard destinations.count > 1 else {
            let merged = scratch + "/merged"
            BuildTrace.mark("segments committed: \(paths.count)")
            try XapianDatabase.compact(sources: paths, destination: merged)
            BuildTrace.mark("segments compacted")
            try settle(merged, generation: nil)
            BuildTrace.mark("spelling counted and written")
            return try Self.moveIn(merged, to: indexPath)
        }
        // Shard k of the index: shard k of every segment, merged.
        let merged = destinations.indices.map { scratch + "/merged-\($0)" }
        for (index, folder) in merged.enumerated() {
            try XapianDatabase.compact(sources: paths.map { $0 + "/" + ShardList.folderName(index) }, destination: folder)
            // Segments committed different numbers of times: the index starts at one generation.
            try settle(folder, generation: "1")
        }
        for index in destinations.indices.dropFirst() + [0] { try Self.moveIn(merged[index], to: destinations[index]) }
    }

    /// Counts spelling in a merged database from its terms, once, and stamps its generation.
    private func settle(_ merged: String, generation: String?) throws(IndexError) {
        guard features.contains(.spelling) || generation != nil else { return }
        let database = try XapianDatabase.openWritable(path: merged, mode: .existing)
        if let generation { try database.setMetadata(IndexWriter.generationKey, generation) }
        if features.contains(.spelling) { try database.collectSpellingFromTerms() }
        BuildTrace.mark("spelling counted")
        try database.commit()
    }

    /// Moves a finished database's files into the index folder, the version
    /// file last: until it lands, readers still see the old one.
    private static func moveIn(_ source: String, to destination: String) throws(IndexError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: source)
        } catch {
            throw IndexError(code: .databaseError, message: "cannot read the merged index: \(IndexFolder.cause(of: error))",
                             context: source)
        }
        let last = XapianFiles.version
        let ordered = names.filter { $0 != XapianFiles.lock }
            .sorted { ($0 == last ? 1 : 0, $0) < ($1 == last ? 1 : 0, $1) }
        for name in ordered {
            guard rename(source + "/" + name, destination + "/" + name) == 0 else {
                throw IndexError(code: .databaseError,
                                 message: "cannot move \(name) into \(destination): \(String(cString: strerror(errno)))",
                                 context: destination)
            }
        }
    }

    /// Where scratch shards go when there is room in RAM.
    static let memoryRoot = "/dev/shm"

    /// A folder in RAM (/dev/shm) for the shards when there is room: Xapian
    /// rewrites their blocks many times while flushing, and on a disk that
    /// traffic, not the CPU, would set the pace.
    private static func memoryScratch(needing bytes: Int64) -> String? {
        var info = statvfs()
        guard statvfs(memoryRoot, &info) == 0 else { return nil }
        let free = Int64(info.f_bavail) * Int64(info.f_frsize)
        guard free > bytes + (256 << 20) else { return nil }
        let folder = "\(memoryRoot)/\(ScratchOwner.current.folderName)-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(folder, 0o700) == 0 else { return nil }
        return folder
    }

    /// Removes the scratch folders of builds whose process is gone (a killed
    /// build leaves its shards, tens of megabytes in RAM): in /dev/shm and in
    /// the index folder. Every indexing run and the daemon call it first.
    /// Returns the folders removed.
    @discardableResult
    public static func removeStaleScratch(indexPath: String) -> [String] {
        removeStaleScratch(in: memoryRoot) + removeStaleScratch(in: indexPath)
    }

    static func removeStaleScratch(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let owner = ScratchOwner(folderName: name), !owner.isRunning else { continue }
            if (try? FileManager.default.removeItem(atPath: folder + "/" + name)) != nil { removed.append(folder + "/" + name) }
        }
        return removed
    }
}

/// The process a scratch folder belongs to, written into its name
/// (`gazette-build-PID-sSTART`, hidden in the index folder): its id and when
/// it started, so that a later process given the same id (after a reboot,
/// say) is not taken for the build that made the folder.
struct ScratchOwner: Equatable {
    static let prefix = "gazette-build-"

    let pid: pid_t
    /// Clock ticks from boot to the process's start (/proc/PID/stat, field 22); nil in names of older builds.
    let started: UInt64?

    static let current = ScratchOwner(pid: getpid(), started: startTime(of: getpid()))

    /// The start time is marked with "s": names of older builds carry a random
    /// number in that place, which must not be read as a start time (a live
    /// build of an older binary would look dead and lose its shards).
    var folderName: String { "\(Self.prefix)\(pid)" + (started.map { "-s\($0)" } ?? "") }

    init(pid: pid_t, started: UInt64?) {
        self.pid = pid
        self.started = started
    }

    /// Reads a scratch folder's name (hidden or not, with a random suffix or not).
    init?(folderName name: String) {
        let bare = name.hasPrefix(".") ? name.dropFirst() : Substring(name)
        guard bare.hasPrefix(Self.prefix) else { return nil }
        let fields = bare.dropFirst(Self.prefix.count).split(separator: "-")
        guard let first = fields.first, let pid = pid_t(first), pid > 0 else { return nil }
        let marked = fields.count > 1 && fields[1].hasPrefix("s") ? UInt64(fields[1].dropFirst()) : nil
        self.init(pid: pid, started: marked)
    }

    /// Whether the process that made the folder still runs.
    var isRunning: Bool {
        guard let now = Self.startTime(of: pid) else { return false }
        // An older name without a start time: the id alone has to do.
        return started.map { $0 == now } ?? true
    }

    static func startTime(of pid: pid_t) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the command name (in brackets, which may hold spaces): field 3 onwards.
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}
