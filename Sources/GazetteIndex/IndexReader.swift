import Foundation
import GazetteEntities

/// What to search for and how to present it.
public struct SearchRequest: Sendable, Equatable {
    public enum Sort: String, Sendable, Codable, CaseIterable {
        case relevance
        /// Newest first; ties by relevance.
        case date
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

    public init(query: String, offset: Int = 0, limit: Int = 10, sort: Sort = .relevance,
                facets: [Facet] = [], facetLimit: Int = 10, snippets: Bool = true, snippetLength: Int = 200,
                locate: Bool = false) {
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
}

public struct SearchResult: Sendable {
    public let query: String
    /// Number of matching articles; exact when `totalIsExact`.
    public let total: Int
    public let totalIsExact: Bool
    public let hits: [SearchHit]
    /// Counts per requested facet, in request order, most frequent first.
    public let facets: [(facet: Facet, counts: [FacetCount])]
    /// How the facets were counted, and how their matches were found; nil when none were asked for.
    public let facetStrategy: FacetStrategy?
    public let facetSource: FacetMatchSource?
    /// Shards that did not answer: the result covers the others only.
    public var missingShards: [String] = []
}

/// Searches the index: parses queries (with the Schema table's fields),
/// ranks, counts facets and makes snippets; a MatchLocator finds hits in
/// their files. Not thread-safe: give each task or thread its own.
public final class IndexReader {
    public let path: String
    public private(set) var language: String
    private let group: ShardGroup
    private let gazetteer: Gazetteer
    private let facetCounting: FacetCounting
    private let columns: FacetColumnCache?
    private(set) var database: XapianDatabase
    private var parser: XapianQueryParser
    private var locator: MatchLocator
    private var facetCounter: FacetCounter

    /// Totals are exact at least up to this many matches.
    public static let exactTotalLimit = 100_000
    /// Queries longer than this are refused rather than parsed.
    public static let maxQueryBytes = 8192

    /// Opens the index at `path` (a database folder, or a stub listing local
    /// and remote shards; see ShardList), plus any further local `shards`,
    /// searched as one. Remote shards that do not answer within `timeouts`
    /// are set aside: searches then fail naming them, or answer from the
    /// others when allowed to. `facetCounting` limits how facets are counted
    /// (FacetStrategy); a `columns` cache, shared by the readers of one
    /// process, lets them count through in-memory columns.
    public init(path: String, shards: [String] = [], gazetteer: Gazetteer, facetCounting: FacetCounting = .automatic,
                columns: FacetColumnCache? = nil, timeouts: RemoteTimeouts = RemoteTimeouts()) throws(IndexError) {
        let list = try ShardList.resolve(path)
        let all = ShardList(shards: list.shards + shards.map { .local(path: $0) }, stub: list.stub)
        group = try ShardGroup(list: all, timeouts: timeouts)
        self.path = path
        self.gazetteer = gazetteer
        self.facetCounting = facetCounting
        self.columns = columns
        database = group.combined
        language = "english"
        (parser, locator, facetCounter) = try Self.attach(group, gazetteer: gazetteer, counting: facetCounting,
                                                          columns: columns, language: &language)
    }

    /// Parser, locator and facet counter over the shards that answer, in the index's language.
    private static func attach(_ group: ShardGroup, gazetteer: Gazetteer, counting: FacetCounting,
                               columns: FacetColumnCache?, language: inout String)
        throws(IndexError) -> (XapianQueryParser, MatchLocator, FacetCounter) {
        let database = group.combined
        try checkLayout(of: database)
        let stored = try database.metadata(Schema.languageKey)
        language = stored.isEmpty ? "english" : stored
        let lookup = FilterLookup(gazetteer: gazetteer, database: database)
        let hasRemote = group.list.shards.contains(where: \.isRemote)
        return (try XapianQueryParser.forSchema(language: language, database: database, lookup: lookup),
                MatchLocator(database: database, language: language, lookup: lookup),
                FacetCounter(database: database, counting: counting, columns: hasRemote ? nil : columns,
                             hasRemoteShards: hasRemote))
    }

    /// Refuses an index written in another layout: its facets and filters would be wrong.
    static func checkLayout(of database: XapianDatabase) throws(IndexError) {
        let layout = try database.metadata(Schema.schemaKey)
        guard !layout.isEmpty, layout != Schema.version else { return }
        throw IndexError(code: .versionMismatch,
                         message: "the index was written in layout \(layout); this Gazette reads layout \(Schema.version)",
                         context: database.path)
    }

    /// Builds the facet columns for the current revision now, so that the
    /// first search with facets does not wait for them. Nothing without a cache.
    public func prepareFacetColumns() throws(IndexError) {
        try retryingWhenModified { () throws(IndexError) in
            guard let columns = facetCounter.columns, try columns.columnsAvailable(for: database) else { return }
            for facet in Facet.all { _ = try columns.column(for: facet, database: database) }
        }
    }

    /// Searches the shards that answer now.
    private func reattach() throws(IndexError) {
        database = group.combined
        (parser, locator, facetCounter) = try Self.attach(group, gazetteer: gazetteer, counting: facetCounting,
                                                          columns: columns, language: &language)
    }

    /// Runs `body` over the shards that answer: when a shard stops answering
    /// mid-way, reconnects and runs it again once. Unless `allowPartial`, a
    /// shard that does not answer is an error naming it. Also returns the
    /// shards left out.
    private func answering<T>(allowPartial: Bool,
                              _ body: () throws(IndexError) -> T) throws(IndexError) -> (T, [String]) {
        if try group.retryMissing() { try reattach() }
        var retried = false
        while true {
            if !allowPartial, let error = group.unavailableError { throw error }
            do {
                return (try retryingWhenModified(body), group.missingNames)
            } catch where error.code == .network && !retried {
                retried = true
                try group.reconnect()
                try reattach()
            }
        }
    }

    /// Every shard with its document count, or why it does not answer.
    public func shardStates() -> [ShardState] { group.probe() }

    /// Whether the index is a stub of shards (even one).
    public var isSharded: Bool { group.list.isSharded }

    /// Brings the reader up to the latest commit.
    public func refresh() throws(IndexError) {
        _ = try answering(allowPartial: true) { () throws(IndexError) in try database.reopen() }
    }

    public func documentCount() throws(IndexError) -> Int { try database.documentCount() }

    public func revision() throws(IndexError) -> UInt64 { try group.revision() }

    public func metadata(_ key: String) throws(IndexError) -> String { try database.metadata(key) }

    /// Parses `text` as the search box would. Empty text matches every article.
    func parse(_ text: String) throws(IndexError) -> XapianQuery {
        guard text.utf8.count <= Self.maxQueryBytes else {
            throw IndexError(code: .querySyntax,
                             message: "query is \(text.utf8.count) bytes; the limit is \(Self.maxQueryBytes)",
                             context: String(text.prefix(80)) + "…")
        }
        if text.allSatisfy(\.isWhitespace) { return try XapianQuery.matchAll() }
        return try parser.parse(text)
    }

    /// Runs a search, retrying on a fresh view of the index when a writer's
    /// commit overtook it (Xapian's DatabaseModifiedError).
    /// `allowPartial`: answer from the shards that answer, naming the others
    /// in `missingShards`, instead of failing.
    public func search(_ request: SearchRequest, allowPartial: Bool = false) throws(IndexError) -> SearchResult {
        var (result, missing) = try answering(allowPartial: allowPartial) { () throws(IndexError) in
            try searchOnce(request)
        }
        result.missingShards = missing
        return result
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
        let query = try parse(request.query)
        let offset = max(0, request.offset)
        let limit = max(0, request.limit)
        var facets: [Facet] = []
        for facet in request.facets where !facets.contains(facet) { facets.append(facet) }
        // Counting sees every match, so it also gives the exact total, and the
        // ranked pass needs to look no further than the hits it returns.
        let tally = facets.isEmpty ? nil : try facetCounter.count(facets, query: query,
                                                                  wholeIndex: request.query.allSatisfy(\.isWhitespace),
                                                                  limit: max(0, request.facetLimit))

        var hits: [SearchHit] = []
        var matches = XapianMSet.Matches(lower: tally?.total ?? 0, estimated: tally?.total ?? 0, upper: tally?.total ?? 0)
        if tally == nil || limit > 0 {
            let enquire = try XapianEnquire(database: database)
            try enquire.setQuery(query)
            if request.sort == .date {
                try enquire.sortByValue(slot: Schema.date.slot!, descending: true)
            }
            let checkAtLeast = tally == nil ? max(Self.exactTotalLimit, offset + limit) : offset + limit
            let mset = try enquire.run(first: offset, maxItems: limit, checkAtLeast: checkAtLeast)
            if tally == nil { matches = mset.matches }
            hits = try self.hits(of: mset, request: request, offset: offset)
        }
        return SearchResult(query: request.query, total: matches.estimated, totalIsExact: matches.isExact,
                            hits: hits, facets: facets.map { ($0, tally?.counts[$0] ?? []) },
                            facetStrategy: tally?.strategy, facetSource: tally?.source)
    }

    private func hits(of mset: XapianMSet, request: SearchRequest, offset: Int) throws(IndexError) -> [SearchHit] {
        var locating = request.locate && mset.count > 0 ? locator.pass(query: request.query, results: mset) : nil
        var hits: [SearchHit] = []
        for index in 0..<mset.count {
            let (docid, weight) = try mset.hit(index)
            // Without snippets a hit needs no body: read the summary value, not the data.
            let summary = request.snippets ? [] : try mset.value(index, slot: Schema.summary.slot!)
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
                                  snippet: snippet, location: location, sourceMissing: missing))
        }
        return hits
    }

    /// The stored article with this id, or nil.
    public func article(id: String, allowPartial: Bool = false) throws(IndexError) -> StoredArticle? {
        try answering(allowPartial: allowPartial) { () throws(IndexError) -> StoredArticle? in
            guard let docid = try database.documentID(forTerm: Schema.idTerm(id)) else { return nil }
            return try StoredArticle(decoding: database.documentData(docid))
        }.0
    }
}
