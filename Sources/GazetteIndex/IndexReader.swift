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
    /// Count matches per date bucket (`--facet date`): `.some(nil)` picks
    /// the bucket size from the span of the matches.
    public var timeline: DateGranularity??
    /// Count matches per UN M49 region, sub-region and country (`--facet region`).
    public var regions: Bool

    /// Rank by likeness to the article with this id (itself left out); with
    /// a query, among the query's matches.
    public var like: String?
    /// Dates as `YYYYMMDD`: only articles dated within (both included).
    public var since: String?
    public var until: String?
    /// One hit per story, its copies left out (stories must be on in the index).
    public var collapse: Bool
    /// Report the query with misspelt words corrected, when some are.
    public var suggest: Bool
    /// Report the query as Xapian runs it.
    public var explain: Bool
    /// Facets count each story once among the matches, not each article.
    public var facetsCountStories = false

    public init(query: String, offset: Int = 0, limit: Int = 10, sort: Sort = .relevance,
                facets: [Facet] = [], facetLimit: Int = 10, snippets: Bool = true, snippetLength: Int = 200,
                locate: Bool = false, like: String? = nil, since: String? = nil, until: String? = nil,
                collapse: Bool = true, suggest: Bool = true, explain: Bool = false,
                timeline: DateGranularity?? = nil, regions: Bool = false) {
        self.like = like
        self.since = since
        self.until = until
        self.collapse = collapse
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
        self.timeline = timeline
        self.regions = regions
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
    /// The article hits were ranked by likeness to.
    public let like: String?
    /// How the facets were counted, and how their matches were found; nil when none were asked for.
    public let facetStrategy: FacetStrategy?
    public let facetSource: FacetMatchSource?
    /// The facets counted stories, not articles.
    public let facetsCountStories: Bool
    /// Set when the request asked for a timeline.
    public internal(set) var timeline: TimelineCounts? = nil
    /// Set when the request asked for regions: most frequent first.
    public internal(set) var regions: [RegionCount]? = nil
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
    private let gazetteerSource: GazetteerSource
    private let facetCounting: FacetCounting
    private let columns: FacetColumnCache?
    /// Xapian's remote backend takes no MatchDecider, so searches over remote
    /// shards run without the CPU-time give-up (their exact-count limit stays).
    let hasRemoteShards: Bool
    private(set) var database: XapianDatabase
    private(set) var parser: XapianQueryParser
    private var lookup: FilterLookup
    private var locator: MatchLocator
    private(set) var facetCounter: FacetCounter
    let metadataOfView = ViewMetadata()
    /// Where free-text words find their synonyms.
    public var synonyms = SynonymSource.table(SynonymTable()) {
        didSet {
            if case .table(let table) = synonyms { tableCountryNames = table.countryNames.fingerprint }
        }
    }
    /// The fingerprint of a `.table` source's CountryNames, made once per table, not per search.
    private(set) var tableCountryNames = ""

    /// The synonyms a reader widens free-text words with.
    public enum SynonymSource: Sendable {
        /// The index's own synonym table, written from the sources at index time.
        case stored
        /// A table read from the sources (or made by the caller).
        case table(SynonymTable)
    }

    /// Whether queries read the index's own synonym table.
    public var usesStoredSynonyms: Bool {
        if case .stored = synonyms { return true }
        return false
    }

    /// Totals are exact at least up to this many matches.
    public static let exactTotalLimit = 100_000
    /// Queries longer than this are refused rather than parsed.
    public static let maxQueryBytes = 8192

    /// Opens the index at `path`, plus any further `shards` searched as one (see the init below).
    public convenience init(path: String, shards: [String] = [], gazetteer: Gazetteer, facetCounting: FacetCounting = .automatic,
                            columns: FacetColumnCache? = nil, timeouts: RemoteTimeouts = RemoteTimeouts()) throws(IndexError) {
        try self.init(path: path, shards: shards, gazetteerSource: { gazetteer }, facetCounting: facetCounting,
                      columns: columns, timeouts: timeouts)
    }

    /// Opens the index at `path` (a database folder, or a stub listing local
    /// and remote shards; see ShardList), plus any further local `shards`,
    /// searched as one. Remote shards that do not answer within `timeouts`
    /// are set aside: searches then fail naming them, or answer from the
    /// others when allowed to. The gazetteer is asked for only when a query
    /// first needs it (`country:`, `actor:`). `facetCounting` limits how
    /// facets are counted (FacetStrategy); a `columns` cache, shared by the
    /// readers of one process, lets them count through in-memory columns.
    public init(path: String, shards: [String] = [], gazetteerSource: @escaping GazetteerSource,
                facetCounting: FacetCounting = .automatic, columns: FacetColumnCache? = nil,
                timeouts: RemoteTimeouts = RemoteTimeouts()) throws(IndexError) {
        let list = try ShardList.resolve(path)
        let all = ShardList(shards: list.shards + shards.map { .local(path: $0) }, stub: list.stub)
        group = try ShardGroup(list: all, timeouts: timeouts)
        self.path = path
        self.gazetteerSource = gazetteerSource
        self.facetCounting = facetCounting
        self.columns = columns
        hasRemoteShards = all.shards.contains(where: \.isRemote)
        database = group.combined
        language = "english"
        (parser, lookup, locator, facetCounter) = try Self.attach(group, gazetteer: gazetteerSource, counting: facetCounting,
                                                                  columns: columns, language: &language)
    }

    /// Parser, locator and facet counter over the shards that answer, in the index's language.
    private static func attach(_ group: ShardGroup, gazetteer: @escaping GazetteerSource, counting: FacetCounting,
                               columns: FacetColumnCache?, language: inout String)
        throws(IndexError) -> (XapianQueryParser, FilterLookup, MatchLocator, FacetCounter) {
        let database = group.combined
        try checkLayout(of: database)
        let stored = try database.metadata(Schema.languageKey)
        language = stored.isEmpty ? "english" : stored
        let lookup = FilterLookup(gazetteer: gazetteer, database: database)
        let hasRemote = group.list.shards.contains(where: \.isRemote)
        return (try XapianQueryParser.forSchema(language: language, database: database, lookup: lookup),
                lookup,
                MatchLocator(database: database, language: language, lookup: lookup),
                FacetCounter(database: database, counting: counting, columns: hasRemote ? nil : columns,
                             hasRemoteShards: hasRemote))
    }

    /// Refuses an index written in another layout: its facets and filters would be wrong.
    static func checkLayout(of database: XapianDatabase) throws(IndexError) {
        let layout = try database.metadata(Schema.schemaKey)
        guard !layout.isEmpty, !Schema.readableVersions.contains(layout) else { return }
        throw IndexError(code: .versionMismatch,
                         message: "the index was written in layout \(layout); this Gazette reads layout \(Schema.version)",
                         context: database.path)
    }

    /// Builds the facet columns, and the column of stories that collapsed
    /// totals are counted with, for the current revision now, so that the
    /// first search after a commit does not wait for them. Nothing without a cache.
    public func prepareFacetColumns() throws(IndexError) {
        try retryingWhenModified { () throws(IndexError) in
            guard let columns = facetCounter.columns, try columns.columnsAvailable(for: database) else { return }
            for facet in Facet.all { _ = try columns.column(for: facet, database: database) }
            _ = try columns.column(slot: Schema.story.slot!, database: database)
        }
    }

    /// Searches the shards that answer now.
    private func reattach() throws(IndexError) {
        database = group.combined
        metadataOfView.values = [:]
        (parser, lookup, locator, facetCounter) = try Self.attach(group, gazetteer: gazetteerSource, counting: facetCounting,
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
        metadataOfView.values = [:]
        _ = try answering(allowPartial: true) { () throws(IndexError) in try database.reopen() }
    }

    public func documentCount() throws(IndexError) -> Int { try database.documentCount() }

    public func revision() throws(IndexError) -> UInt64 { try group.revision() }

    public func metadata(_ key: String) throws(IndexError) -> String { try database.metadata(key) }

    /// The lookup gazetteer, loaded on first use: its regions group the region facet.
    func lookupGazetteer() throws(IndexError) -> Gazetteer {
        if let gazetteer = lookup.gazetteer { return gazetteer }
        try lookup.checkLoaded()
        throw IndexError(code: .unknown, message: "the gazetteer could not be loaded", context: path)
    }

    /// Parses `text` as the search box would. Empty text matches every article.
    func parse(_ text: String, syntax: XapianQueryParser.Syntax = .standard) throws(IndexError) -> XapianQuery {
        try checkLength(text)
        if text.allSatisfy(\.isWhitespace) { return try XapianQuery.matchAll() }
        let query = try parser.parse(text, syntax: syntax)
        try lookup.checkLoaded()
        return query
    }

    /// Parses a saved search; `dependsOnIndex` when its reading looked at
    /// what the index holds, so that it may read otherwise after a commit.
    func parseForAlert(_ text: String) throws(IndexError) -> (query: XapianQuery, dependsOnIndex: Bool) {
        lookup.readIndex = false
        // The percolator matches stems against the words of the documents it checks.
        let query = try parse(text, syntax: [.standard, .keepingStems])
        return (query, lookup.readIndex)
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
    /// `allowPartial`: answer from the shards that answer, naming the others
    /// in `missingShards`, instead of failing.
    public func search(_ request: SearchRequest, allowPartial: Bool = false) throws(IndexError) -> SearchResult {
        var (result, missing) = try answering(allowPartial: allowPartial) { () throws(IndexError) in
            var result = try searchOnce(request)
            try addDerivedFacets(to: &result, request: request)
            return result
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
                metadataOfView.values = [:]
                try database.reopen()
            }
        }
    }

    private func searchOnce(_ request: SearchRequest) throws(IndexError) -> SearchResult {
        let started = SearchCost.threadCPUSeconds()
        let plan = try plan(request)
        let offset = max(0, request.offset)
        let limit = max(0, request.limit)
        var facets: [Facet] = []
        for facet in request.facets where !facets.contains(facet) { facets.append(facet) }
        // Counting sees every match, so it also gives the exact total of
        // articles, and the ranked pass needs to look no further than its hits.
        // Facets count articles, copies included: a value's count is the
        // total of the query filtered by it (or, asked to, stories: its collapsed total).
        let wholeIndex = request.query.allSatisfy(\.isWhitespace) && request.like == nil
            && request.since == nil && request.until == nil
        let tally = facets.isEmpty ? nil : try facetCounter.count(facets, query: plan.query, wholeIndex: wholeIndex,
                                                                  limit: max(0, request.facetLimit),
                                                                  byStory: request.facetsCountStories)

        var hits: [SearchHit] = []
        var (total, totalIsExact) = (tally?.total ?? 0, true)
        // A collapsed search runs even for no hits: its total counts stories.
        if tally == nil || limit > 0 || request.collapse {
            let enquire = try XapianEnquire(database: database)
            try enquire.setQuery(plan.query)
            try enquire.setTimeLimits(exactSeconds: SearchCost.exactCountSeconds, giveUpSeconds: hasRemoteShards ? 0 : SearchCost.giveUpSeconds)
            switch request.sort {
            case .relevance: break
            case .date: try enquire.sortByValue(slot: Schema.date.slot!, descending: true)
            case .oldest: try enquire.sortByValue(slot: Schema.date.slot!, descending: false)
            }
            // Xapian only bounds a collapsed total. The daemon counts stories through its column of them:
            // a boolean query of terms from its posting lists, any other in the ranked pass (rankCollapsing),
            // which otherwise looks no further than its hits; elsewhere a story counter sees every match.
            // Remote shards run no match spy of ours: there Xapian's own bounds stand.
            // Without collapsing, the daemon reads a boolean query's matches from posting lists.
            let column = request.collapse ? try facetCounter.storyColumn() : nil
            var stories: Int? = nil
            if let column { stories = try facetCounter.countStories(query: plan.query, column: column, matcher: false) }
            let matches = !request.collapse && tally == nil ? try facetCounter.countMatches(query: plan.query) : nil
            let storyCounter = request.collapse && column == nil && !hasRemoteShards
                ? try enquire.addStoryCounter(storySlot: Schema.story.slot!) : nil
            if request.collapse && column == nil { try enquire.collapse(onSlot: Schema.story.slot!) }
            let counted = column != nil || matches != nil || (tally != nil && !request.collapse)
            let checkAtLeast = counted ? offset + limit
                : max(tally == nil ? Self.exactTotalLimit : try database.documentCount(), offset + limit)
            let clock = ContinuousClock.now
            let mset: XapianMSet
            var picks: [Int]?
            if let column {
                let ranked = try rankCollapsing(enquire, column: column, offset: offset, limit: limit,
                                                countingStories: stories == nil)
                (mset, picks) = (ranked.mset, ranked.picks)
                stories = stories ?? ranked.stories
                if stories == nil {  // the ranked pass ran out of time before it saw every match
                    stories = try facetCounter.countStories(query: plan.query, column: column, matcher: true)
                }
            } else {
                mset = try enquire.run(first: offset, maxItems: limit, checkAtLeast: checkAtLeast)
            }
            if let matches {
                (total, totalIsExact) = (matches, true)
            } else if tally == nil {
                (total, totalIsExact) = (mset.matches.estimated, mset.matches.isExact)
            }
            if let storyCounter {
                let seen = try enquire.storyTotal(storyCounter)
                // Every match was seen when the count of articles says so, or when
                // fewer than `checkAtLeast` were seen before Xapian's time limit.
                let timeLimited = ContinuousClock.now - clock >= .seconds(SearchCost.exactCountSeconds)
                let allSeen = tally.map { seen.documents == $0.total } ?? (seen.documents < checkAtLeast && !timeLimited)
                (total, totalIsExact) = allSeen ? (seen.stories, true) : (mset.matches.estimated, false)
            } else if let stories {
                (total, totalIsExact) = (stories, true)
            } else if request.collapse {
                (total, totalIsExact) = (mset.matches.estimated, mset.matches.isExact)
            }
            hits = try self.hits(of: mset, picks: picks ?? Array(0..<mset.count), request: request,
                                 highlighting: plan.text, offset: offset, started: started)
        }
        return SearchResult(query: request.query, total: total, totalIsExact: totalIsExact,
                            hits: hits, facets: facets.map { ($0, tally?.counts[$0] ?? []) },
                            reading: plan.reading, collapsed: request.collapse, like: request.like,
                            facetStrategy: tally?.strategy, facetSource: tally?.source,
                            facetsCountStories: tally != nil && request.facetsCountStories)
    }

    /// The hits at `picks` (indexes in `mset`, in rank order).
    private func hits(of mset: XapianMSet, picks: [Int], request: SearchRequest, highlighting: String, offset: Int,
                      started: Double) throws(IndexError) -> [SearchHit] {
        var locating = request.locate && !picks.isEmpty ? locator.pass(query: highlighting, results: mset) : nil
        var hits: [SearchHit] = []
        // Looked up once: the column (when the daemon has one) says which hits have copies at all.
        let stories = picks.isEmpty ? nil : try facetCounter.storyColumn()
        let giveUpAt = started + SearchCost.giveUpSeconds
        for (position, index) in picks.enumerated() {
            if position % 16 == 15 && SearchCost.threadCPUSeconds() > giveUpAt {
                throw IndexError(code: .tooExpensive,
                                 message: "\(position) of \(picks.count) hits were ready after \(Int(SearchCost.giveUpSeconds * 1000)) ms of CPU time",
                                 context: request.query)
            }
            let (docid, weight) = try mset.hit(index)
            // A hit keeps what the reply shows, never an article's whole text.
            let article: StoredArticle
            var snippet: Snippet?
            if request.snippets {
                // The snippet is cut from the record's bytes in place: the body never becomes a String.
                let data = try mset.data(index)
                let body: Range<Int>
                (article, body) = try StoredArticle.hit(data: data) { () throws(IndexError) in
                    try mset.value(index, slot: Schema.summary.slot!)
                }
                snippet = try Snippet(of: body.isEmpty ? Array(article.title.utf8)[...] : data[body], in: mset,
                                      length: request.snippetLength, language: language)
            } else {
                // Without snippets a hit needs no body: read the summary value, not the data.
                let summary = try mset.value(index, slot: Schema.summary.slot!)
                article = summary.isEmpty ? try StoredArticle(decoding: mset.data(index), includeBody: false)
                    : try StoredArticle(decoding: summary)
            }
            var location: MatchLocation?
            var missing = false
            if locating != nil {
                (location, missing) = try locator.locate(article, in: &locating!)
            }
            hits.append(SearchHit(rank: offset + position + 1, docid: docid, score: weight, article: article,
                                  snippet: snippet, location: location, sourceMissing: missing,
                                  copies: try copies(ofHit: index, docid: docid, in: mset, stories: stories)))
        }
        return hits
    }

    /// The stored article with this id, or nil.
    public func article(id: String) throws(IndexError) -> StoredArticle? {
        try article(id: id, allowPartial: false).article
    }

    /// The stored article with this id, or nil; `allowPartial`: looked for
    /// in the shards that answer, the others named in `missingShards`.
    public func article(id: String, allowPartial: Bool) throws(IndexError)
        -> (article: StoredArticle?, missingShards: [String]) {
        try answering(allowPartial: allowPartial) { () throws(IndexError) -> StoredArticle? in
            guard let docid = try database.documentID(forTerm: Schema.idTerm(id)) else { return nil }
            return try StoredArticle(docid: docid, in: database)
        }
    }
}
