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
}

/// Prepares articles for the index. Owns a term generator, so keep one per
/// thread; what it prepares can be handed to the writer's thread.
public final class DocumentBuilder {
    private let termGenerator: XapianTermGenerator
    public let language: String
    public let features: IndexFeatures

    public init(language: String, features: IndexFeatures = .all) throws(IndexError) {
        termGenerator = try XapianTermGenerator(language: language)
        self.language = language
        self.features = features
    }

    /// The document for `article`. `fileKey` and `root` tie it to the file
    /// and indexed folder it came from, so later runs can prune it.
    public func prepare(_ article: StoredArticle, fileKey: String? = nil,
                        root: String? = nil) throws(IndexError) -> PreparedDocument {
        let document = try XapianDocument()
        try termGenerator.begin(document)
        try termGenerator.index(article.title, prefix: Schema.title.prefix)
        try termGenerator.skip(Schema.fieldGap)
        try termGenerator.index(article.title, wdfIncrement: Schema.titleWeight)
        try termGenerator.skip(Schema.fieldGap)
        try termGenerator.index(article.body)

        try document.addBooleanTerm(Schema.idTerm(article.id))
        if let fileKey { try document.addBooleanTerm(Schema.term(Schema.file.prefix, fileKey)) }
        if let root { try document.addBooleanTerm(Schema.term(Schema.root.prefix, root)) }

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
        try document.setData(article.encoded())
        let signature = features.contains(.stories)
            ? StorySignature(id: article.id, title: article.title, body: article.body) : nil
        if let signature { try document.setValue(signature.encoded(), slot: Schema.signature.slot!) }
        return PreparedDocument(id: article.id, document: document, signature: signature)
    }

    /// A field's values as filter terms and, for a facet, as entries: all
    /// of them in the packed slot, one per rank slot, one entry term each.
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
        for (slot, value) in zip(layout.rankSlots, values) {
            try document.addBooleanTerm(Schema.term(field.prefix, value.key))
            let entry = facet.entry(value)
            try document.addBooleanTerm(layout.entryPrefix + entry)
            try document.setValue(entry, slot: slot)
            if !packed.isEmpty { packed.append(0) }
            packed.append(contentsOf: entry.utf8)
        }
        if !packed.isEmpty { try document.setValue(packed, slot: layout.packedSlot) }
    }
}

/// The one writer of an index. Holds Xapian's write lock while it lives;
/// confine it to one thread at a time.
public final class IndexWriter {
    public let path: String
    /// The stemming language the index was created with.
    public let language: String
    let database: XapianDatabase
    /// Whether anything changed since the last commit.
    public private(set) var hasChanges = false
    /// What this writer keeps beside the articles' terms.
    public var features: IndexFeatures = .all
    /// Loaded from the index on the first write; shared by a build's shards.
    private var stories: StoryTable?

    /// Opens the index at `path` for writing, creating it (and its parent
    /// folders) when missing. An existing index keeps the language it was
    /// built with, so that indexing and searching always stem alike.
    public convenience init(path: String, language: String = "english") throws(IndexError) {
        try self.init(path: path, language: language, options: [])
    }

    /// `options` are for scratch databases only (see ShardedBuild), as is a
    /// story table shared with other shards.
    init(path: String, language: String, options: XapianDatabase.WriteOptions,
         stories: StoryTable? = nil) throws(IndexError) {
        self.stories = stories
        try IndexFolder.create(path, mode: 0o777)
        database = try XapianDatabase.openWritable(path: path, options: options)
        self.path = path
        let schema = try database.metadata(Schema.schemaKey)
        if schema.isEmpty {
            try database.setMetadata(Schema.schemaKey, Schema.version)
            try database.setMetadata(Schema.languageKey, language)
            self.language = language
            hasChanges = true
        } else if schema != Schema.version {
            throw IndexError(code: .versionMismatch,
                             message: "the index uses layout \(schema); this Gazette writes layout \(Schema.version)",
                             context: path)
        } else {
            let stored = try database.metadata(Schema.languageKey)
            self.language = stored.isEmpty ? language : stored
        }
    }

    /// Adds the document, replacing any earlier one with the same id. With
    /// stories on, it joins the story of its closest copy in the index (or
    /// founds its own); with spelling on, its words count for suggestions.
    @discardableResult
    public func replace(_ prepared: PreparedDocument) throws(IndexError) -> UInt32 {
        hasChanges = true
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
        if features.contains(.spelling) { try database.collectSpelling(prepared.document) }
        return try database.replace(prepared.document, uniqueTerm: Schema.idTerm(prepared.id))
    }

    private func storyTable() throws(IndexError) -> StoryTable {
        if let stories { return stories }
        let loaded = try StoryTable.load(from: database)
        stories = loaded
        return loaded
    }

    /// Removes the article with this id; false when there was none.
    @discardableResult
    public func remove(id: String) throws(IndexError) -> Bool {
        let removed = try database.delete(uniqueTerm: Schema.idTerm(id))
        if removed {
            hasChanges = true
            stories?.remove(id: id)
        }
        return removed
    }

    /// Makes everything so far durable and visible to searches. Without
    /// changes it does nothing, so the revision only moves when the index does.
    public func commit() throws(IndexError) {
        guard hasChanges else { return }
        try database.setMetadata(Schema.lastCommitKey, ISO8601DateFormatter().string(from: Date()))
        try database.commit()
        hasChanges = false
    }

    public func documentCount() throws(IndexError) -> Int { try database.documentCount() }

    public func revision() throws(IndexError) -> UInt64 { try database.revision() }

    public func metadata(_ key: String) throws(IndexError) -> String { try database.metadata(key) }

    public func setMetadata(_ key: String, _ value: String) throws(IndexError) {
        hasChanges = true
        try database.setMetadata(key, value)
    }

    public func metadataKeys(prefix: String) throws(IndexError) -> [String] {
        try database.metadataKeys(prefix: prefix)
    }

    /// Ids of the documents holding `term` (for pruning by file or root).
    public func documents(withTerm term: String) throws(IndexError) -> [UInt32] {
        try database.postings(term)
    }

    public func storedArticle(docid: UInt32) throws(IndexError) -> StoredArticle {
        try StoredArticle(decoding: database.documentData(docid))
    }

    public func documentID(id: String) throws(IndexError) -> UInt32? {
        try database.documentID(forTerm: Schema.idTerm(id))
    }

    /// Whether an article with this id is in the index.
    public func contains(id: String) throws(IndexError) -> Bool {
        try database.documentID(forTerm: Schema.idTerm(id)) != nil
    }
}
