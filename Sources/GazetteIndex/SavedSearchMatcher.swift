import Foundation

/// Checks the articles a commit wrote against every saved search, as a
/// percolator: the searches are parsed once and kept between commits
/// (parsed again only when the saved searches or the index's language
/// change), and each check reads the new articles' terms once, skips the
/// searches whose required terms none of them holds, decides boolean ones
/// from those terms and runs Xapian's matcher, narrowed to the new
/// articles, only for phrases, ranges and wildcards (`gz_percolator_match`).
///
/// A search whose reading depends on what the index holds (an actor the
/// gazetteer does not know, looked up among the indexed names) is parsed
/// again at every check, so it reads as a search typed now would.
/// Not thread-safe: the daemon keeps one on its writer's thread.
public final class SavedSearchMatcher {
    /// What the last check did, for tests and logs.
    public struct Work: Sendable, Equatable {
        /// Saved searches that parse.
        public var searches = 0
        /// Searches parsed during the check (all of them after a change, else
        /// those that depend on the index).
        public var parsed = 0
        /// Searches whose required terms the new articles hold.
        public var candidates = 0
        /// Candidates that needed Xapian's matcher.
        public var matcherRuns = 0
    }

    private var searches: [SavedSearch] = []
    private var language: String?
    private var percolator: XapianPercolator?
    /// The saved search (index into `searches`) of each percolator query.
    private var owners: [Int] = []
    /// Percolator queries parsed again at every check.
    private var volatile: [Int] = []
    public private(set) var lastWork = Work()

    public init() {}

    /// The saved searches each of `documents` (docids the writer gave out,
    /// for an index of one database) matches, in the order of the searches'
    /// names and then of the documents. A search that no longer parses is skipped.
    public func matches(among documents: [UInt32], reader: IndexReader) throws(IndexError) -> [AlertMatch] {
        let current = try reader.savedSearches()
        var work = Work()
        if current != searches || reader.language != language || percolator == nil {
            try prepare(current, reader: reader)
            work.parsed = owners.count
        } else {
            for index in volatile {
                let search = searches[owners[index]]
                if let parsed = try? reader.parseForAlert(search.query) { try percolator!.set(index, to: parsed.query) }
            }
            work.parsed = volatile.count
        }
        work.searches = owners.count
        defer { lastWork = work }
        guard let percolator, !documents.isEmpty, !owners.isEmpty else { return [] }
        let (found, done) = try percolator.match(documents, in: reader.database)
        (work.candidates, work.matcherRuns) = (done.candidates, done.matcherRuns)
        var articles: [UInt32: StoredArticle] = [:]
        var out: [AlertMatch] = []
        out.reserveCapacity(found.count)
        for (query, docid) in found {
            let article: StoredArticle
            if let known = articles[docid] {
                article = known
            } else {
                article = try Self.summary(of: docid, in: reader.database)
                articles[docid] = article
            }
            out.append(AlertMatch(alert: searches[owners[query]].name, id: article.id, title: article.title, path: article.path))
        }
        return out
    }

    /// Parses every search into a new percolator.
    private func prepare(_ current: [SavedSearch], reader: IndexReader) throws(IndexError) {
        let fresh = try XapianPercolator(language: reader.language)
        var owners: [Int] = []
        var volatile: [Int] = []
        for (position, search) in current.enumerated() {
            guard let parsed = try? reader.parseForAlert(search.query) else { continue }
            if parsed.dependsOnIndex { volatile.append(owners.count) }
            try fresh.set(owners.count, to: parsed.query)
            owners.append(position)
        }
        (searches, language, percolator, self.owners, self.volatile) = (current, reader.language, fresh, owners, volatile)
    }

    /// The article as a hit shows it: its summary value, else its whole record.
    private static func summary(of docid: UInt32, in database: XapianDatabase) throws(IndexError) -> StoredArticle {
        let summary = try database.value(docid, slot: Schema.summary.slot!)
        return summary.isEmpty ? try StoredArticle(decoding: database.documentData(docid), includeBody: false)
                               : try StoredArticle(decoding: Array(summary.utf8))
    }
}
