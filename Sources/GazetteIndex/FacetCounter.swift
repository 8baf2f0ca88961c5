import Foundation

/// A way of counting facets. Each counts every value of every match
/// exactly (the Schema keeps every value of an article in each layout they
/// read); they differ in cost and in where they can run.
public enum FacetStrategy: String, Sendable, CaseIterable {
    /// The whole index only: the frequencies of the facet's entry terms.
    /// Costs one term per distinct value; runs on any database, remote shards too.
    case termFrequencies = "term-frequencies"
    /// An unranked counting pass whose spy looks each match up in an
    /// in-memory column of every article's entries (FacetColumnCache, which
    /// the daemon keeps for the latest revision). A few array reads per match.
    case column
    /// An unranked counting pass whose spy reads each match's packed slot:
    /// one value per article and facet. In this process only (local shards too).
    case packedValues = "packed-values"
    /// An unranked counting pass with Xapian's own ValueCountMatchSpy on the
    /// packed slot: it counts each distinct set of entries an article has,
    /// which the shim splits into entries and adds up. The only spy the stock
    /// `xapian-tcpsrv` runs, so remote shards use it.
    case valueCounts = "value-counts"
}

/// Which strategies a reader may use.
public enum FacetCounting: Sendable, Equatable {
    /// The cheapest for each query: term frequencies for the whole index,
    /// else the column when a cache is given, else packed values; value
    /// counts when the index has remote shards.
    case automatic
    /// Only what remote shards can run: term frequencies for the whole index,
    /// value counts for any other query.
    case portable
    /// One strategy for every query (tests and benchmarks); term frequencies
    /// count the whole index only.
    case only(FacetStrategy)
}

/// How the matches were found for counting facets.
public enum FacetMatchSource: String, Sendable {
    /// None needed: counts over the whole index.
    case wholeIndex = "whole-index"
    /// Posting lists read directly: a boolean query of terms, counted through a column.
    case postingLists = "posting-lists"
    /// Xapian's matcher, unranked, every match.
    case matcher
}

/// Counts facets over the matches of a query, by the strategy the reader's
/// FacetCounting picks for it. The shim folds counted entries by key, so a
/// value's count is the number of matches its filter term finds, and ranks
/// them: most frequent first, ties by label.
struct FacetCounter {
    let database: XapianDatabase
    let counting: FacetCounting
    let columns: FacetColumnCache?
    /// The index has remote shards, which run none of the shim's own spies.
    let hasRemoteShards: Bool

    struct Tally {
        /// The first `limit` values per facet, most frequent first, ties by label.
        var counts: [Facet: [FacetCount]]
        /// The number of matches: exact, since counting saw them all.
        var total: Int
        var strategy: FacetStrategy
        var source: FacetMatchSource
    }

    /// With `byStory`, a value counts once per story among the matches (the
    /// shim's packed-value spy reading the story slot too): not over remote shards.
    func count(_ facets: [Facet], query: XapianQuery, wholeIndex: Bool, limit: Int,
               byStory: Bool = false) throws(IndexError) -> Tally {
        if byStory { return try countByStory(facets, query: query, limit: limit) }
        let strategy = try choose(wholeIndex: wholeIndex)
        var counts: [Facet: [FacetCount]] = [:]
        if wholeIndex && (strategy == .termFrequencies || strategy == .column) {
            for facet in facets {
                counts[facet] = strategy == .column
                    ? try column(facet).values(limit: limit)
                    : try database.facetTerms(prefix: facet.layout.entryPrefix, limit: limit)
            }
            return Tally(counts: counts, total: try database.documentCount(), strategy: strategy, source: .wholeIndex)
        }
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        try enquire.setUnranked()
        var counters: [Facet: Int] = [:]
        for facet in facets {
            switch strategy {
            case .column: counters[facet] = try enquire.addColumnCounter(column(facet))
            case .packedValues: counters[facet] = try enquire.addEntryCounter(slot: facet.layout.packedSlot)
            case .valueCounts, .termFrequencies: counters[facet] = try enquire.addValueCounter(slot: facet.layout.packedSlot)
            }
        }
        var source = FacetMatchSource.postingLists
        var total: Int
        if let walked = strategy == .column ? try enquire.countPostings() : nil {
            total = walked
        } else {
            source = .matcher
            total = try enquire.run(first: 0, maxItems: 0, checkAtLeast: try database.documentCount()).matches.upper
        }
        for (facet, counter) in counters { counts[facet] = try enquire.facetValues(counter, limit: limit) }
        return Tally(counts: counts, total: total, strategy: strategy, source: source)
    }

    /// The stories among the matches of `query`, counted through `column`,
    /// the in-memory column of every article's story (the daemon's):
    /// posting lists read into it, or (with `matcher`) an unranked pass whose
    /// spy reads it, instead of a spy that reads each match's story value.
    /// Exact: a match with no story (indexed before stories, with them off,
    /// or too short for a signature) is a story of its own, as the story
    /// counter counts it. Nil when the query needs the matcher and `matcher`
    /// is false: the ranked pass then counts them (rankCollapsing).
    func countStories(query: XapianQuery, column: XapianFacetColumn, matcher: Bool) throws(IndexError) -> Int? {
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        try enquire.setUnranked()
        let counter = try enquire.addColumnCounter(column)
        if try enquire.countPostings() == nil {
            guard matcher else { return nil }
            _ = try enquire.run(first: 0, maxItems: 0, checkAtLeast: try database.documentCount())
        }
        return try enquire.columnStories(counter).stories
    }

    /// The in-memory column of every article's story, when the daemon's columns can serve the database.
    func storyColumn() throws(IndexError) -> XapianFacetColumn? {
        guard let columns = usableColumns else { return nil }
        return try columns.column(slot: Schema.story.slot!, database: database)
    }

    /// The number of matches of `query`, read from posting lists when it
    /// is a boolean query of terms (in the daemon's process, where the
    /// columns are: a single database): nil otherwise, and the ranked pass counts.
    func countMatches(query: XapianQuery) throws(IndexError) -> Int? {
        guard usableColumns != nil else { return nil }
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        return try enquire.countPostings()
    }

    private func countByStory(_ facets: [Facet], query: XapianQuery, limit: Int) throws(IndexError) -> Tally {
        guard !hasRemoteShards else {
            throw IndexError(code: .invalidArgument,
                             message: "facets cannot count stories over remote shards (xapian-tcpsrv runs only Xapian's own counters); count articles")
        }
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        try enquire.setUnranked()
        var counters: [Facet: Int] = [:]
        for facet in facets {
            counters[facet] = try enquire.addEntryCounter(slot: facet.layout.packedSlot, storySlot: Schema.story.slot!)
        }
        let total = try enquire.run(first: 0, maxItems: 0, checkAtLeast: try database.documentCount()).matches.upper
        var counts: [Facet: [FacetCount]] = [:]
        for (facet, counter) in counters { counts[facet] = try enquire.facetValues(counter, limit: limit) }
        return Tally(counts: counts, total: total, strategy: .packedValues, source: .matcher)
    }

    private func choose(wholeIndex: Bool) throws(IndexError) -> FacetStrategy {
        switch counting {
        case .only(.termFrequencies) where !wholeIndex:
            throw IndexError(code: .invalidArgument, message: "term frequencies count the whole index only")
        case .only(let strategy):
            return strategy
        case .portable:
            return wholeIndex ? .termFrequencies : .valueCounts
        case .automatic:
            if usableColumns != nil { return .column }
            if wholeIndex { return .termFrequencies }
            return hasRemoteShards ? .valueCounts : .packedValues
        }
    }

    /// The column cache when it can serve the database as it is now: a
    /// single database in this process (sharded ones have no single revision
    /// for a column to be valid at), no older than its columns. Nil otherwise.
    private var usableColumns: FacetColumnCache? {
        guard !hasRemoteShards, let columns, (try? columns.columnsAvailable(for: database)) == true else { return nil }
        return columns
    }

    private func column(_ facet: Facet) throws(IndexError) -> XapianFacetColumn {
        guard let columns else {
            throw IndexError(code: .invalidArgument, message: "counting by column needs a FacetColumnCache")
        }
        return try columns.column(for: facet, database: database)
    }
}
