import Foundation
import GazetteEntities

/// What to search for and how to present it.
public struct SearchRequest: Sendable, Equatable {
    public enum Sort: String, Sendable, Codable, CaseIterable {
        case relevance
        /// Newest first; ties by relevance.
        case date
        /// Oldest first; ties by relevance.
        case oldest
    }

    /// What facet counts count when copies of a story are collapsed.
    public enum FacetUnit: String, Sendable, Codable, CaseIterable {
        /// Each story once, however many of its copies match.
        case stories
        /// Every matching article, copies included.
        case articles
    }

    public var query: String
    public var offset: Int
    public var limit: Int
    public var sort: Sort
    public var facets: [Facet]
    public var facetLimit: Int
    public var snippets: Bool
    /// Aim for snippets of about this many bytes.
    public var snippetLength: Int
    /// Find where each hit first matches in its file (line and column).
    public var locate: Bool
    /// Rank by likeness to the article with this id (itself left out); with
    /// a query, among the query's matches.
    public var like: String?
    /// Dates as `YYYYMMDD`: only articles dated within (both included).
    public var since: String?
    public var until: String?
    /// One hit per story, its copies left out (stories must be on in the index).
    public var collapse: Bool
    /// Nil: stories when collapsing, articles otherwise.
    public var facetUnit: FacetUnit?
    /// Report the query with misspelt words corrected, when some are.
    public var suggest: Bool
    /// Report the query as Xapian runs it.
    public var explain: Bool

    public init(query: String, offset: Int = 0, limit: Int = 10, sort: Sort = .relevance,
                facets: [Facet] = [], facetLimit: Int = 10, snippets: Bool = true, snippetLength: Int = 200,
                locate: Bool = false, like: String? = nil, since: String? = nil, until: String? = nil,
                collapse: Bool = true, facetUnit: FacetUnit? = nil, suggest: Bool = true, explain: Bool = false) {
        self.like = like
        self.since = since
        self.until = until
        self.collapse = collapse
        self.facetUnit = facetUnit
        self.suggest = suggest
        self.explain = explain
        self.query = query
        self.offset = offset
        self.limit = limit
        self.sort = sort
        self.facets = facets
        self.facetLimit = facetLimit
        self.snippets = snippets
        self.snippetLength = snippetLength
        self.locate = locate
    }
}

public struct FacetCount: Sendable, Equatable, Codable {
    public let value: String
    public let count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

public struct SearchHit: Sendable {
    /// 1-based position in the whole result list (offset included).
    public let rank: Int
    public let docid: UInt32
    /// BM25 weight.
    public let score: Double
    public let article: StoredArticle
    public let snippet: Snippet?
    /// Where the hit first matches in its file, when asked for.
    public let location: MatchLocation?
    /// Set when locations were asked for and the article's file is gone.
    public let sourceMissing: Bool
    /// The other copies of the hit's story in the index.
    public let copies: StoryCopies?
}

public struct SearchResult: Sendable {
    public let query: String
    /// Number of matching articles; exact when `totalIsExact`.
    public let total: Int
    public let totalIsExact: Bool
    public let hits: [SearchHit]
    /// Counts per requested facet, in request order, most frequent first.
    public let facets: [(facet: Facet, counts: [FacetCount])]
    /// How the query was read: synonyms, spelling, Xapian's form.
    public let reading: QueryReading
    /// Copies of a story were collapsed into one hit; totals count stories.
    public let collapsed: Bool
    /// What the facet counts count.
    public let facetUnit: SearchRequest.FacetUnit
    /// The article hits were ranked by likeness to.
    public let like: String?
}

/// Searches the index: parses queries (with the Schema table's fields),
/// ranks, counts facets and makes snippets; a MatchLocator finds hits in
/// their files. Not thread-safe: give each task or thread its own.
public final class IndexReader {
    public let path: String
    public let language: String
    let database: XapianDatabase
    let parser: XapianQueryParser
    private let locator: MatchLocator
    /// Widens free-text words with their synonyms.
    public var synonyms = SynonymTable()

    /// Totals are exact at least up to this many matches.
    public static let exactTotalLimit = 100_000
    /// Queries longer than this are refused rather than parsed.
    public static let maxQueryBytes = 8192

    /// Opens the index at `path`, plus any further `shards` searched as one.
    public init(path: String, shards: [String] = [], gazetteer: Gazetteer) throws(IndexError) {
        database = try XapianDatabase.open(path: path)
        for shard in shards { try database.addShard(path: shard) }
        self.path = path
        let stored = try database.metadata(Schema.languageKey)
        language = stored.isEmpty ? "english" : stored
        let lookup = FilterLookup(gazetteer: gazetteer, database: database)
        parser = try XapianQueryParser.forSchema(language: language, database: database, lookup: lookup)
        locator = MatchLocator(database: database, language: language, lookup: lookup)
    }

    /// Brings the reader up to the latest commit.
    public func refresh() throws(IndexError) {
        try database.reopen()
    }

    public func documentCount() throws(IndexError) -> Int { try database.documentCount() }

    public func revision() throws(IndexError) -> UInt64 { try database.revision() }

    public func metadata(_ key: String) throws(IndexError) -> String { try database.metadata(key) }

    /// Parses `text` as the search box would. Empty text matches every article.
    func parse(_ text: String) throws(IndexError) -> XapianQuery {
        try checkLength(text)
        if text.allSatisfy(\.isWhitespace) { return try XapianQuery.matchAll() }
        return try parser.parse(text)
    }

    func checkLength(_ text: String) throws(IndexError) {
        guard text.utf8.count <= Self.maxQueryBytes else {
            throw IndexError(code: .querySyntax,
                             message: "query is \(text.utf8.count) bytes; the limit is \(Self.maxQueryBytes)",
                             context: String(text.prefix(80)) + "…")
        }
    }

    /// Runs a search, retrying on a fresh view of the index when a writer's
    /// commit overtook it (Xapian's DatabaseModifiedError).
    public func search(_ request: SearchRequest) throws(IndexError) -> SearchResult {
        try retryingWhenModified { () throws(IndexError) in try searchOnce(request) }
    }

    /// Runs `body`, reopening and running it again (up to three times) when a
    /// commit overtook the reader's view of the index.
    private func retryingWhenModified<T>(_ body: () throws(IndexError) -> T) throws(IndexError) -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch where error.code == .modified && attempt < 3 {
                attempt += 1
                try database.reopen()
            }
        }
    }

    private func searchOnce(_ request: SearchRequest) throws(IndexError) -> SearchResult {
        let plan = try plan(request)
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(plan.query)
        switch request.sort {
        case .relevance: break
        case .date: try enquire.sortByValue(slot: Schema.date.slot, descending: true)
        case .oldest: try enquire.sortByValue(slot: Schema.date.slot, descending: false)
        }
        // Xapian only bounds a collapsed total; a story counter over every match makes it exact.
        let storyTotal = request.collapse ? try enquire.addStoryCounter(slots: 0..<0, storySlot: Schema.story.slot) : nil
        if request.collapse { try enquire.collapse(onSlot: Schema.story.slot) }
        let facetUnit = request.facetUnit ?? (request.collapse ? .stories : .articles)
        var counters: [(Facet, [Int])] = []
        for facet in request.facets where !counters.contains(where: { $0.0 == facet }) {
            var spies: [Int] = []
            if facetUnit == .stories {
                spies.append(try enquire.addStoryCounter(slots: facet.slots, storySlot: Schema.story.slot))
            } else {
                for slot in facet.slots { spies.append(try enquire.addValueCounter(slot: slot)) }
            }
            counters.append((facet, spies))
        }
        let offset = max(0, request.offset)
        let limit = max(0, request.limit)
        // Facet counts must see every match; totals every match up to the limit.
        let checkAtLeast = counters.isEmpty
            ? max(Self.exactTotalLimit, offset + limit)
            : max(try database.documentCount(), offset + limit)
        let mset = try enquire.run(first: offset, maxItems: limit, checkAtLeast: checkAtLeast)
        var (total, totalIsExact) = (mset.matches.estimated, mset.matches.isExact)
        if let storyTotal {
            let seen = try enquire.storyTotal(storyTotal)
            // Every match was seen when fewer than `checkAtLeast` were, or when that was the whole index.
            if seen.documents < checkAtLeast || !counters.isEmpty { (total, totalIsExact) = (seen.stories, true) }
        }

        var locating = request.locate && mset.count > 0 ? locator.pass(query: plan.text, results: mset) : nil
        var hits: [SearchHit] = []
        for index in 0..<mset.count {
            let (docid, weight) = try mset.hit(index)
            // Without snippets a hit needs no body: read the summary value, not the data.
            let summary = request.snippets ? [] : try mset.value(index, slot: Schema.summary.slot)
            let article = summary.isEmpty
                ? try StoredArticle(decoding: mset.data(index), includeBody: request.snippets)
                : try StoredArticle(decoding: summary)
            var snippet: Snippet?
            if request.snippets {
                let text = article.body.isEmpty ? article.title : article.body
                let marked = try mset.snippet(of: text, length: request.snippetLength, language: language,
                                              start: MarkedText.start, end: MarkedText.end, omit: "…")
                snippet = Snippet(xapianSnippet: marked)
            }
            var location: MatchLocation?
            var missing = false
            if locating != nil {
                (location, missing) = try locator.locate(article, in: &locating!)
            }
            hits.append(SearchHit(rank: offset + index + 1, docid: docid, score: weight, article: article,
                                  snippet: snippet, location: location, sourceMissing: missing,
                                  copies: try copies(ofHit: index, docid: docid, in: mset)))
        }

        var facets: [(Facet, [FacetCount])] = []
        for (facet, spies) in counters {
            var totals: [String: Int] = [:]
            for spy in spies {
                let counts = facetUnit == .stories ? try enquire.storyCounts(spy) : try enquire.valueCounts(spy)
                for (value, count) in counts { totals[value, default: 0] += count }
            }
            let ranked = totals.map { FacetCount(value: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            facets.append((facet, Array(ranked.prefix(max(0, request.facetLimit)))))
        }
        return SearchResult(query: request.query, total: total, totalIsExact: totalIsExact,
                            hits: hits, facets: facets, reading: plan.reading, collapsed: request.collapse,
                            facetUnit: facetUnit, like: request.like)
    }

    /// The stored article with this id, or nil.
    public func article(id: String) throws(IndexError) -> StoredArticle? {
        try retryingWhenModified { () throws(IndexError) -> StoredArticle? in
            guard let docid = try database.documentID(forTerm: Schema.idTerm(id)) else { return nil }
            return try StoredArticle(decoding: database.documentData(docid))
        }
    }
}
