internal import CXapian

/// Where the query expander finds the other names of a span of words: a
/// table in memory, or the index's own synonym table.
public protocol SynonymLookup {
    associatedtype Failure: Error
    /// The most words any name has: the longest span worth looking up (0: no synonyms).
    var longestName: Int { get }
    /// The other names of every group that holds a name with these words,
    /// each once, in the UTF-8 order of their written form.
    func alternatives(to words: [String]) throws(Failure) -> [SynonymTable.Name]
    /// The terms that stand for every alternative of these words (CountryNames), or none.
    func canonicalTerms(for words: [String]) throws(Failure) -> [String]
}

extension SynonymTable: SynonymLookup {
    public typealias Failure = Never
}

/// The synonyms an index keeps in Xapian's synonym table, written by
/// `IndexWriter.storeSynonyms`: each name's words joined by spaces is a key,
/// and its synonyms are the other names as written. A query looks up only
/// its own spans, so it reads no synonym source and builds no table.
/// (Xapian's query parser is not asked to expand with them: it would take a
/// multi-word synonym for one term, and Gazette makes it a phrase.)
struct StoredSynonyms: SynonymLookup {
    typealias Failure = IndexError
    let database: XapianDatabase
    let longestName: Int
    let countryNames: String

    func alternatives(to words: [String]) throws(IndexError) -> [SynonymTable.Name] {
        guard !words.isEmpty, words.count <= longestName else { return [] }
        return try database.synonyms(of: StoredSynonyms.key(words)).map {
            SynonymTable.Name(written: $0, words: SynonymTable.words(of: $0))
        }
    }

    func canonicalTerms(for words: [String]) throws(IndexError) -> [String] {
        guard !words.isEmpty, words.count <= longestName else { return [] }
        return try database.synonyms(of: StoredSynonyms.canonicalKey(words))
    }

    /// The fingerprint of the CountryNames its canonical terms come from ("" when none).
    func countryNamesFingerprint() -> String { countryNames }

    static func key(_ words: [String]) -> String { words.joined(separator: " ") }
    /// Where a name's canonical terms are kept: no name's key holds a colon.
    static func canonicalKey(_ words: [String]) -> String { "canonical:" + key(words) }

    /// Metadata: the fingerprint of the sources the table was written from, and its longest name in words.
    static let fingerprintKey = "gazette.synonyms"
    static let longestKey = "gazette.synonyms-longest"
    /// The fingerprint of the table's CountryNames, whose terms its canonical entries name.
    static let countryNamesKey = "gazette.synonyms-country-names"
}

extension IndexReader {
    /// The fingerprint of the synonym sources the index's synonym table was
    /// written from; "" when it has none, or its shards are remote (Xapian's
    /// remote backend keeps no synonyms).
    public func storedSynonymsFingerprint() throws(IndexError) -> String {
        guard !hasRemoteShards else { return "" }
        return try viewMetadata(StoredSynonyms.fingerprintKey)
    }

    func storedSynonyms() throws(IndexError) -> StoredSynonyms {
        StoredSynonyms(database: database, longestName: Int(try viewMetadata(StoredSynonyms.longestKey)) ?? 0,
                       countryNames: try viewMetadata(StoredSynonyms.countryNamesKey))
    }

    /// Metadata as this view of the index has it, read once per view: a
    /// search reads a few keys, which change only with a commit, and the
    /// reader sees a commit only after reopening, which forgets them.
    func viewMetadata(_ key: String) throws(IndexError) -> String {
        if let value = metadataOfView.values[key] { return value }
        let value = try database.metadata(key)
        metadataOfView.values[key] = value
        return value
    }
}

/// The metadata an IndexReader has read from its current view of the index.
final class ViewMetadata {
    var values: [String: String] = [:]
}

extension XapianDatabase {
    /// The synonyms of `key` in Xapian's synonym table, in UTF-8 order.
    func synonyms(of key: String) throws(IndexError) -> [String] {
        let cKey = try cString(key, "the synonym key")
        return try checkStrings(key) { gz_database_synonyms(handle, cKey, $0, $1, $2, $3) }
    }

    /// Replaces the synonym table with `table`, and records its fingerprint.
    func storeSynonyms(_ table: SynonymTable, fingerprint: String) throws(IndexError) {
        try check("synonyms") { gz_database_clear_synonyms(handle, $0) }
        for words in table.keys {
            let cKey = try cString(StoredSynonyms.key(words), "a synonym")
            for name in table.alternatives(to: words) {
                let cName = try cString(name.written, "a synonym")
                try check(name.written) { gz_database_add_synonym(handle, cKey, cName, $0) }
            }
            let canonicalKey = try cString(StoredSynonyms.canonicalKey(words), "a synonym")
            for term in table.canonicalTerms(for: words) {
                let cTerm = try cString(term, "a canonical term")
                try check(term) { gz_database_add_synonym(handle, canonicalKey, cTerm, $0) }
            }
        }
        try setMetadata(StoredSynonyms.longestKey, String(table.longestName))
        try setMetadata(StoredSynonyms.countryNamesKey, table.countryNames.fingerprint)
        try setMetadata(StoredSynonyms.fingerprintKey, fingerprint)
    }
}
