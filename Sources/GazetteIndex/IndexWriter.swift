import Foundation
import GazetteArticles
import GazetteEntities

/// What an index keeps beside its articles' terms, each with a cost in
/// indexing time and size (README, Benchmarks/newsroom).
public struct IndexFeatures: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Headline and body words in Xapian's spelling table, for "did you mean".
    public static let spelling = IndexFeatures(rawValue: 1)
    /// Near-duplicate signatures and stories, for collapsing wire copies.
    public static let stories = IndexFeatures(rawValue: 2)
    public static let all: IndexFeatures = [.spelling, .stories]
}

/// An article made ready for the index: its terms, values and stored record.
/// Built off the writer's thread by a DocumentBuilder and written by
/// `IndexWriter.replace(_:)`; what Xapian keeps stays inside GazetteIndex.
public struct PreparedDocument {
    /// The article's id: re-indexing it replaces this document.
    public let id: String
    let document: XapianDocument
    /// Nil when the body is too short to sign, or stories are off.
    public let signature: StorySignature?
    /// The fingerprint of the CountryNames that gave it its terms; "" without any.
    let countryNames: String
}

/// Prepares articles for the index. Owns a term generator, so keep one per
/// thread; what it prepares can be handed to the writer's thread.
public final class DocumentBuilder {
    private let termGenerator: XapianTermGenerator
    public let language: String
    public let features: IndexFeatures
    /// Names whose articles get their country's canonical term (nil: none do).
    public let countryNames: CountryNames?

    public init(language: String, features: IndexFeatures = .all, countryNames: CountryNames? = nil) throws(IndexError) {
        termGenerator = try XapianTermGenerator(language: language)
        self.language = language
        self.features = features
        self.countryNames = countryNames
    }

    /// The document for `article`. Which file it came from is kept in the
    /// index's file records (by id), not in terms: nothing searches by file.
    public func prepare(_ article: StoredArticle) throws(IndexError) -> PreparedDocument {
        let document = try XapianDocument()
        try termGenerator.begin(document)
        try termGenerator.index(article.title, prefix: Schema.title.prefix)
        try termGenerator.skip(Schema.fieldGap)
        try termGenerator.index(article.title, wdfIncrement: Schema.titleWeight)
        try termGenerator.skip(Schema.fieldGap)
        try termGenerator.index(article.body)
        for (term, count) in countryNames?.occurrences(in: [article.title, article.body]) ?? [:] {
            try document.addTerm(term, wdfIncrement: UInt32(clamping: count))
        }

        try document.addBooleanTerm(Schema.idTerm(article.id))

        for field in Schema.fields {
            try addValues(of: field, from: article, to: document)
        }
        var seenWords = Set<String>()
        // The words of salient and of mentioned actors' names, for `actor:` and `mentioned:` by words.
        for (field, actors) in [(Schema.actor, article.actors), (Schema.mentioned, article.actorMentions)] {
            for actor in actors.prefix(field.facet!.cap) {
                for word in Schema.actorWordTerms(actor, field: field) where seenWords.insert(word).inserted {
                    try document.addBooleanTerm(word)
                }
            }
        }
        if let date = article.date {
            try document.setValue(date.compact, slot: Schema.date.slot!)
        }
        var summary = article
        summary.body = ""
        try document.setValue(summary.encoded(), slot: Schema.summary.slot!)
        try document.setData(article.encodedBody())
        let signature = features.contains(.stories)
            ? StorySignature(id: article.id, title: article.title, body: article.body) : nil
        if let signature { try document.setValue(signature.encoded(), slot: Schema.signature.slot!) }
        return PreparedDocument(id: article.id, document: document, signature: signature,
                                countryNames: countryNames?.fingerprint ?? "")
    }

    /// A field's values as filter terms and, for a facet, as entries: all
    /// of them in the packed slot, one entry term each.
    /// A facet keeps at most `cap` values, and so do its terms, so that a
    /// value is counted exactly when its filter finds the article.
    private func addValues(of field: Schema.Field, from article: StoredArticle,
                           to document: XapianDocument) throws(IndexError) {
        guard let read = field.values else { return }
        var seen = Set<String>()
        var values = read(article).filter { seen.insert($0.key).inserted }
        guard let layout = field.facet, let facet = Facet(named: field.name) else {
            for value in values { try document.addBooleanTerm(Schema.term(field.prefix, value.key)) }
            return
        }
        values = Array(values.prefix(layout.cap))
        var packed: [UInt8] = []
        for value in values {
            try document.addBooleanTerm(Schema.term(field.prefix, value.key))
            let entry = facet.entry(value)
            try document.addBooleanTerm(layout.entryPrefix + entry)
            if !packed.isEmpty { packed.append(0) }
            packed.append(contentsOf: entry.utf8)
        }
        if !packed.isEmpty { try document.setValue(packed, slot: layout.packedSlot) }
    }
}

/// The one writer of an index: one database, or the shards a stub lists
/// (see ShardList). An article goes to the shard its id hashes to, so
/// replacing by id never duplicates across shards. The index's own records
/// (roots, file records, language) live in the first shard, the home shard.
/// Holds Xapian's write lock on every shard while it lives.
///
/// Thread safety: each shard has a lock of its own, so several threads may
/// write articles at once (the parallel build of a sharded index); commit
/// from one thread, with no writes running.
///
/// Crash safety across shards: Xapian commits each shard atomically, but not
/// several at once. `commit()` commits the other shards first and the home
/// shard last, each stamped with the commit's generation (one more than the
/// home shard's). A crash between the two leaves shards ahead of the home
/// shard's records, never behind: the files whose articles moved are still
/// recorded as they were, and re-reading them replaces the same ids again.
/// The next writer sees a shard with a newer generation than the home
/// shard, marks the index for repair, and the next refresh re-reads every
/// file (ignoring size, time and hash) before clearing the mark.
public final class IndexWriter: @unchecked Sendable {
    public let path: String
    /// The stemming language the index was created with.
    public let language: String
    public let shardList: ShardList
    let shards: [XapianDatabase]
    private var changed: [Bool]
    private let locks: [NSLock]
    /// The home shard: metadata lives here.
    var database: XapianDatabase { shards[0] }
    /// Whether anything changed since the last commit.
    public var hasChanges: Bool { locks.indices.contains { index in locks[index].withLock { changed[index] } } }
    /// A commit was interrupted between shards, and no full refresh has repaired it yet.
    public private(set) var needsRepair = false
    /// Tests: stop a commit after this many shards, as a crash would.
    var crashAfterShardCommits: Int?
    /// What this writer keeps beside the articles' terms.
    public var features: IndexFeatures = .all
    /// Loaded from the index on the first write; shared by a build's shards.
    private var stories: StoryTable?
    private let storiesLock = NSLock()
    /// Documents added or replaced since `takeWritten()` last ran, when tracked
    /// (ids of the index read as one, shards interleaved as Xapian numbers them).
    private var written: [UInt32] = []
    private let writtenLock = NSLock()
    /// Set by whoever checks saved searches against what is written (the daemon).
    public var tracksWrittenDocuments = false
    /// What `Schema.countryNamesKey` says at the next commit: the names every
    /// article got terms by, "" when some got none or others; nil while an
    /// empty index has no article yet.
    private var countryNamesMark: String?
    private let countryNamesLock = NSLock()

    static let shardKey = "gazette.shard"
    static let generationKey = "gazette.generation"
    static let repairKey = "gazette.repair"

    /// Opens the index at `path` (a folder, or a stub listing shards) for
    /// writing, creating a single database when nothing is there. An existing
    /// index keeps the language it was built with, so that indexing and
    /// searching always stem alike.
    public convenience init(path: String, language: String = "english",
                            timeouts: RemoteTimeouts = RemoteTimeouts()) throws(IndexError) {
        try self.init(path: path, language: language, options: [], timeouts: timeouts)
    }

    /// `options` are for scratch databases only (see ShardedBuild), as is a
    /// story table shared with other shards.
    init(path: String, language: String, options: XapianDatabase.WriteOptions,
         timeouts: RemoteTimeouts = RemoteTimeouts(), stories: StoryTable? = nil) throws(IndexError) {
        self.stories = stories
        let list = try ShardList.resolve(path)
        var opened: [XapianDatabase] = []
        for shard in list.shards {
            if case let .local(folder) = shard {
                try IndexFolder.create(folder, mode: 0o777)
                opened.append(try XapianDatabase.openWritable(path: folder, options: options))
            } else {
                opened.append(try XapianDatabase.open(shard, timeouts: timeouts, writable: true))
            }
        }
        self.path = path
        shardList = list
        shards = opened
        changed = Array(repeating: false, count: opened.count)
        locks = opened.map { _ in NSLock() }

        let schema = try opened[0].metadata(Schema.schemaKey)
        if schema.isEmpty {
            try opened[0].setMetadata(Schema.schemaKey, Schema.version)
            try opened[0].setMetadata(Schema.languageKey, language)
            self.language = language
            changed[0] = true
        } else if !Schema.readableVersions.contains(schema) {
            throw IndexError(code: .versionMismatch,
                             message: "the index uses layout \(schema); this Gazette writes layout \(Schema.version)",
                             context: path)
        } else {
            let stored = try opened[0].metadata(Schema.languageKey)
            self.language = stored.isEmpty ? language : stored
            if schema != Schema.version {
                // An older layout this one reads: the next commit stamps every shard with this one.
                for (index, shard) in opened.enumerated() where try !shard.metadata(Schema.schemaKey).isEmpty {
                    try shard.setMetadata(Schema.schemaKey, Schema.version)
                    changed[index] = true
                }
            }
        }
        if list.isSharded { try checkShards() }
        var articles = 0
        for shard in opened { articles += try shard.documentCount() }
        countryNamesMark = articles == 0 ? nil : try opened[0].metadata(Schema.countryNamesKey)
    }

    /// Every shard must be the one the stub's line says, out of the same
    /// count: articles were placed by their id's hash modulo that count.
    private func checkShards() throws(IndexError) {
        var generations: [Int] = []
        for (index, shard) in shards.enumerated() {
            let expected = "\(index)/\(shards.count)"
            let recorded = try shard.metadata(Self.shardKey)
            let name = shardList.shards[index].description
            if recorded.isEmpty {
                guard try shard.documentCount() == 0 else {
                    throw IndexError(code: .invalidArgument,
                                     message: "\(name) holds articles but was not built as shard \(expected) of this index; "
                                         + "build a sharded index with gazette index PATH --index DIR --shards N",
                                     context: shardList.stub)
                }
                try shard.setMetadata(Self.shardKey, expected)
                if index > 0 {
                    try shard.setMetadata(Schema.schemaKey, Schema.version)
                    try shard.setMetadata(Schema.languageKey, language)
                }
                changed[index] = true
            } else if recorded != expected {
                throw IndexError(code: .invalidArgument,
                                 message: "\(name) was built as shard \(recorded) but the stub lists it as shard \(expected); "
                                     + "articles are placed by a hash of their id modulo the number of shards, so changing "
                                     + "the number or order of shards is a rebuild: index into a new folder with --shards N",
                                 context: shardList.stub)
            }
            generations.append(Int(try shard.metadata(Self.generationKey)) ?? 0)
        }
        needsRepair = !(try database.metadata(Self.repairKey)).isEmpty
        // Shards left alone by a commit keep an older generation; one newer than the home shard's was
        // committed by a run that stopped before the home shard.
        if generations.contains(where: { $0 > generations[0] }) && !needsRepair {
            // The last commit stopped between shards: remember it until a full refresh re-reads everything.
            try database.setMetadata(Self.repairKey, "interrupted commit")
            changed[0] = true
            needsRepair = true
        }
    }

    /// The shard that holds (or will hold) the article with `id`.
    private func shardIndex(of id: String) -> Int { ShardList.shard(for: id, count: shards.count) }

    /// Runs `body` on shard `index` under its lock.
    private func withShard<R>(_ index: Int, changing: Bool = false,
                              _ body: (XapianDatabase) throws(IndexError) -> R) throws(IndexError) -> R {
        locks[index].lock()
        defer { locks[index].unlock() }
        if changing { changed[index] = true }
        return try body(shards[index])
    }

    /// Adds the document, replacing any earlier one with the same id, on the
    /// shard its id hashes to. With stories on, it joins the story of its
    /// closest copy in the index (or founds its own); with spelling on, its
    /// words count for suggestions.
    public func replace(_ prepared: PreparedDocument) throws(IndexError) {
        if features.contains(.stories) {
            let table = try storyTable()
            if let signature = prepared.signature {
                let story = table.assign(signature, id: prepared.id)
                try prepared.document.setValue(story, slot: Schema.story.slot!)
                try prepared.document.addBooleanTerm(Schema.term(Schema.story.prefix, story))
            } else {
                table.remove(id: prepared.id)
            }
        }
        countryNamesLock.withLock {
            if countryNamesMark == nil { countryNamesMark = prepared.countryNames }
            if countryNamesMark != prepared.countryNames { countryNamesMark = "" }
        }
        let term = Schema.idTerm(prepared.id)
        let spelling = features.contains(.spelling)
        let index = shardIndex(of: prepared.id)
        let local = try withShard(index, changing: true) { (shard) throws(IndexError) in
            if spelling { try shard.collectSpelling(prepared.document) }
            return try shard.replace(prepared.document, uniqueTerm: term)
        }
        if tracksWrittenDocuments {
            // Xapian numbers the documents of several databases read as one in turn: shard by shard.
            let docid = (local - 1) * UInt32(shards.count) + UInt32(index) + 1
            writtenLock.withLock { written.append(docid) }
        }
    }

    /// Counts the words of every article for the spelling table at once, from
    /// each shard's terms and their frequencies (a first build); the next commit writes them.
    public func collectSpellingFromTerms() throws(IndexError) {
        for index in shards.indices {
            try withShard(index, changing: true) { (shard) throws(IndexError) in try shard.collectSpellingFromTerms() }
        }
    }

    /// The documents added or replaced since the last call, each once, in docid order.
    public func takeWritten() -> [UInt32] {
        writtenLock.withLock {
            defer { written = [] }
            return Array(Set(written)).sorted()
        }
    }

    private func storyTable() throws(IndexError) -> StoryTable {
        // Threads of a sharded build write through one writer: load the table once.
        storiesLock.lock()
        defer { storiesLock.unlock() }
        if let stories { return stories }
        let loaded = try StoryTable.load(from: shards)
        stories = loaded
        return loaded
    }

    /// Removes the article with this id; false when there was none.
    @discardableResult
    public func remove(id: String) throws(IndexError) -> Bool {
        let index = shardIndex(of: id)
        let removed = try withShard(index) { (shard) throws(IndexError) in try shard.delete(uniqueTerm: Schema.idTerm(id)) }
        if removed { locks[index].withLock { changed[index] = true } }
        if removed { storiesLock.withLock { stories }?.remove(id: id) }
        return removed
    }

    /// Makes everything so far durable and visible to searches: the other
    /// shards first, the home shard (with the records) last, all stamped
    /// with one generation. Without changes it does nothing, so the revision
    /// only moves when the index does.
    public func commit() throws(IndexError) {
        guard hasChanges else { return }
        if let mark = countryNamesLock.withLock({ countryNamesMark }), try database.metadata(Schema.countryNamesKey) != mark {
            try database.setMetadata(Schema.countryNamesKey, mark)
        }
        let generation = String((Int(try database.metadata(Self.generationKey)) ?? 0) + 1)
        var committed = 0
        for index in shards.indices.dropFirst() + [0] where changed[index] || index == 0 {
            if let crash = crashAfterShardCommits, committed >= crash {
                shards.forEach { $0.abandonOnClose() }
                throw IndexError(code: .databaseError, message: "simulated crash after \(committed) shard commits")
            }
            if shardList.isSharded { try shards[index].setMetadata(Self.generationKey, generation) }
            if index == 0 { try shards[0].setMetadata(Schema.lastCommitKey, ISO8601DateFormatter().string(from: Date())) }
            try shards[index].commit()
            changed[index] = false
            committed += 1
        }
    }

    /// After a full refresh re-read every file: the index is whole again.
    public func markRepaired() throws(IndexError) {
        guard needsRepair else { return }
        try setMetadata(Self.repairKey, "")
        needsRepair = false
    }

    public func documentCount() throws(IndexError) -> Int {
        var total = 0
        for index in shards.indices {
            total += try withShard(index) { (shard) throws(IndexError) in try shard.documentCount() }
        }
        return total
    }

    /// Xapian's revision; for a stub of shards, the commit generation (as IndexReader.revision()).
    public func revision() throws(IndexError) -> UInt64 {
        try withShard(0) { (home) throws(IndexError) in
            shardList.isSharded ? UInt64(try home.metadata(Self.generationKey)) ?? 0 : try home.revision()
        }
    }

    public func metadata(_ key: String) throws(IndexError) -> String {
        try withShard(0) { (home) throws(IndexError) in try home.metadata(key) }
    }

    public func setMetadata(_ key: String, _ value: String) throws(IndexError) {
        try withShard(0, changing: true) { (home) throws(IndexError) in try home.setMetadata(key, value) }
    }

    /// The fingerprint of the sources the index's synonym table was written from ("" when none was).
    public func storedSynonymsFingerprint() throws(IndexError) -> String { try metadata(StoredSynonyms.fingerprintKey) }

    /// Replaces the index's synonym table (in the home shard) with `table`,
    /// written from sources with this fingerprint; the next commit makes it visible.
    public func storeSynonyms(_ table: SynonymTable, fingerprint: String) throws(IndexError) {
        try withShard(0, changing: true) { (home) throws(IndexError) in try home.storeSynonyms(table, fingerprint: fingerprint) }
    }

    public func metadataKeys(prefix: String) throws(IndexError) -> [String] {
        try withShard(0) { (home) throws(IndexError) in try home.metadataKeys(prefix: prefix) }
    }

    /// The stored article with this id, or nil.
    public func storedArticle(id: String) throws(IndexError) -> StoredArticle? {
        try withShard(shardIndex(of: id)) { (shard) throws(IndexError) -> StoredArticle? in
            guard let docid = try shard.documentID(forTerm: Schema.idTerm(id)) else { return nil }
            return try StoredArticle(docid: docid, in: shard)
        }
    }

    /// Whether an article with this id is in the index.
    public func contains(id: String) throws(IndexError) -> Bool {
        try withShard(shardIndex(of: id)) { (shard) throws(IndexError) in
            try shard.documentID(forTerm: Schema.idTerm(id)) != nil
        }
    }

    /// Documents per shard, in the stub's order (one entry for a single database).
    public func shardCounts() throws(IndexError) -> [Int] {
        try shards.indices.map { (index) throws(IndexError) in
            try withShard(index) { (shard) throws(IndexError) in try shard.documentCount() }
        }
    }
}
