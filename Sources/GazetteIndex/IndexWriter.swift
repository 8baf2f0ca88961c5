import Foundation
import GazetteArticles
import GazetteEntities

/// An article made ready for the index: its terms, values and stored record.
/// Built off the writer's thread by a DocumentBuilder and written by
/// `IndexWriter.replace(_:)`; what Xapian keeps stays inside GazetteIndex.
public struct PreparedDocument {
    /// The article's id: re-indexing it replaces this document.
    public let id: String
    let document: XapianDocument
}

/// Prepares articles for the index. Owns a term generator, so keep one per
/// thread; what it prepares can be handed to the writer's thread.
public final class DocumentBuilder {
    private let termGenerator: XapianTermGenerator
    public let language: String

    public init(language: String) throws(IndexError) {
        termGenerator = try XapianTermGenerator(language: language)
        self.language = language
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
        return PreparedDocument(id: article.id, document: document)
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
    /// Documents added or replaced since `takeWritten()` last ran, when tracked.
    private var written: [UInt32] = []
    /// Set by whoever checks saved searches against what is written (the daemon).
    public var tracksWrittenDocuments = false

    /// Opens the index at `path` for writing, creating it (and its parent
    /// folders) when missing. An existing index keeps the language it was
    /// built with, so that indexing and searching always stem alike.
    public convenience init(path: String, language: String = "english") throws(IndexError) {
        try self.init(path: path, language: language, options: [])
    }

    /// `options` are for scratch databases only (see ShardedBuild).
    init(path: String, language: String, options: XapianDatabase.WriteOptions) throws(IndexError) {
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

    /// Adds the document, replacing any earlier one with the same id.
    @discardableResult
    public func replace(_ prepared: PreparedDocument) throws(IndexError) -> UInt32 {
        hasChanges = true
        let docid = try database.replace(prepared.document, uniqueTerm: Schema.idTerm(prepared.id))
        if tracksWrittenDocuments { written.append(docid) }
        return docid
    }

    /// The documents added or replaced since the last call, each once, in docid order.
    public func takeWritten() -> [UInt32] {
        defer { written = [] }
        return Array(Set(written)).sorted()
    }

    /// Removes the article with this id; false when there was none.
    @discardableResult
    public func remove(id: String) throws(IndexError) -> Bool {
        let removed = try database.delete(uniqueTerm: Schema.idTerm(id))
        if removed { hasChanges = true }
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
