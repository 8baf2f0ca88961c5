#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `search`: ranked articles for a query, with snippets and facet counts.
/// The result is also exactly what `gazette search --format json` prints.
public struct SearchParams: Codable, Sendable, Equatable {
    public var query: String
    public var limit: Int?
    public var offset: Int?
    /// Facet names to count over the whole match set: "actor", "country".
    public var facets: [String]?
    public var facetLimit: Int?
    /// "relevance" (default), "date" (newest first) or "oldest".
    public var sort: String?
    /// Include snippets (default true).
    public var snippets: Bool?
    /// Include each hit's first match in its file: line, column, line text (default false).
    public var locate: Bool?
    /// Rank by likeness to the article with this id, itself and its copies left out (with a
    /// query: among its matches).
    public var like: String?
    /// Only articles dated on or after this day: YYYY-MM-DD, YYYY-MM, YYYY,
    /// today, yesterday, or an age such as 7d, 2w, 3m, 1y.
    public var since: String?
    /// Only articles dated on or before this day (same forms; YYYY-MM is its last day).
    public var until: String?
    /// One hit per story, its copies left out (default true).
    public var collapse: Bool?
    /// Include Xapian's description of the query it ran (default false).
    public var explain: Bool?
    /// What facet values count: "articles" (default; a value's count is then
    /// the total of the query filtered by it, without collapsing) or "stories"
    /// (each story once, however many of its copies match).
    public var facetCount: String?
    /// On a sharded index, answer from the shards that answer when some do
    /// not (flagged `partial`), instead of failing (default false).
    public var allowPartial: Bool?

    public init(query: String, limit: Int? = nil, offset: Int? = nil, facets: [String]? = nil,
                facetLimit: Int? = nil, sort: String? = nil, snippets: Bool? = nil, locate: Bool? = nil,
                like: String? = nil, since: String? = nil, until: String? = nil, collapse: Bool? = nil,
                explain: Bool? = nil, allowPartial: Bool? = nil, facetCount: String? = nil) {
        self.allowPartial = allowPartial
        self.facetCount = facetCount
        self.query = query
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.facetLimit = facetLimit
        self.sort = sort
        self.snippets = snippets
        self.locate = locate
        self.like = like
        self.since = since
        self.until = until
        self.collapse = collapse
        self.explain = explain
    }

    enum CodingKeys: String, CodingKey {
        case query, limit, offset, facets, sort, snippets, locate, like, since, until, collapse, explain
        case facetLimit = "facet_limit"
        case allowPartial = "allow_partial"
        case facetCount = "facet_count"
    }

    /// What `facetCount` may be.
    public static let facetCountUnits = ["articles", "stories"]
}

/// How a span of the query was widened by synonyms.
public struct QueryExpansion: Codable, Sendable, Equatable {
    /// The words as typed.
    public var words: String
    /// What else they now match.
    public var synonyms: [String]

    public init(words: String, synonyms: [String]) {
        self.words = words
        self.synonyms = synonyms
    }
}

public struct SearchResponse: Codable, Sendable, Equatable {
    public var query: String
    /// Matching articles: exact up to at least 100,000, else an estimate.
    public var total: Int
    public var totalExact: Bool
    public var hits: [SearchHit]
    /// Present when facets were asked for: facet name to values, most frequent first.
    public var facets: [String: [FacetValue]]?
    /// Present when `date` was among the facets.
    public var timeline: Timeline?

    /// True when copies of a story were collapsed into one hit: `total` then counts stories.
    public var collapsed: Bool?
    /// The query with misspelt words corrected, when some are ("did you
    /// mean"); the hits are always those of the query as typed.
    public var correctedQuery: String?
    /// Spans of the query that synonyms widened.
    public var expansions: [QueryExpansion]?
    /// The query as Xapian ran it, when `explain` was asked for.
    public var explanation: String?
    /// The article the hits are ranked by likeness to (`like`, `similar`).
    public var like: String?
    /// What the facet counts count, "articles" or "stories": present when facets were counted.
    public var facetCount: String?
    /// Present (true) when some shards did not answer and the answer covers the others only.
    public var partial: Bool?
    /// The shards that did not answer, when `partial`.
    public var missingShards: [String]?

    public init(query: String, total: Int, totalExact: Bool, hits: [SearchHit], facets: [String: [FacetValue]]?,
                collapsed: Bool? = nil, correctedQuery: String? = nil,
                expansions: [QueryExpansion]? = nil, explanation: String? = nil, like: String? = nil,
                missingShards: [String] = [], timeline: Timeline? = nil, facetCount: String? = nil) {
        self.timeline = timeline
        self.facetCount = facetCount
        self.like = like
        (partial, self.missingShards) = PartialAnswer.flags(missingShards)
        self.query = query
        self.total = total
        self.totalExact = totalExact
        self.hits = hits
        self.facets = facets
        self.collapsed = collapsed
        self.correctedQuery = correctedQuery
        self.expansions = expansions
        self.explanation = explanation
    }

    enum CodingKeys: String, CodingKey {
        case query, total, hits, facets, collapsed, expansions, explanation, like, partial, timeline
        case totalExact = "total_exact"
        case correctedQuery = "corrected_query"
        case missingShards = "missing_shards"
        case facetCount = "facet_count"
    }
}

public struct SearchHit: Codable, Sendable, Equatable {
    /// 1-based rank in the whole result list.
    public var rank: Int
    public var id: String
    /// Absolute path of the article's file; absent for articles sent inline.
    public var path: String?
    public var title: String
    /// YYYY-MM-DD when known.
    public var date: String?
    /// BM25 weight: comparable within one result list only.
    public var score: Double
    /// Plain text around the matches; absent when snippets were not asked for.
    public var snippet: String?
    /// UTF-8 byte ranges `[start, end)` of the matched words in `snippet`.
    public var highlights: [[Int]]?
    public var actors: [String]
    public var countries: [String]
    /// The first line of the file on which the query matches (when `locate` was asked for).
    public var match: MatchLine?
    /// True when `locate` was asked for and the article's file is gone.
    public var sourceMissing: Bool?
    /// How many other copies of this story the index holds (absent when none).
    public var copies: Int?
    /// The ids of those copies (the first 20).
    public var copyIDs: [String]?

    public init(rank: Int, id: String, path: String?, title: String, date: String?, score: Double,
                snippet: String?, highlights: [[Int]]?, actors: [String], countries: [String],
                match: MatchLine? = nil, sourceMissing: Bool? = nil, copies: Int? = nil, copyIDs: [String]? = nil) {
        self.copies = copies
        self.copyIDs = copyIDs
        self.rank = rank
        self.id = id
        self.path = path
        self.title = title
        self.date = date
        self.score = score
        self.snippet = snippet
        self.highlights = highlights
        self.actors = actors
        self.countries = countries
        self.match = match
        self.sourceMissing = sourceMissing
    }

    enum CodingKeys: String, CodingKey {
        case rank, id, path, title, date, score, snippet, highlights, actors, countries, match, copies
        case sourceMissing = "source_missing"
        case copyIDs = "copy_ids"
    }
}

/// Where a query first matches in a file.
public struct MatchLine: Codable, Sendable, Equatable {
    /// 1-based line number.
    public var line: Int
    /// 1-based byte column of the first match.
    public var column: Int
    /// The line, without its newline.
    public var text: String
    /// UTF-8 byte ranges `[start, end)` of every match within `text`.
    public var ranges: [[Int]]

    public init(line: Int, column: Int, text: String, ranges: [[Int]]) {
        self.line = line
        self.column = column
        self.text = text
        self.ranges = ranges
    }
}

public struct FacetValue: Codable, Sendable, Equatable {
    public var value: String
    /// Number of matching articles (or stories, see `facet_count`) with this value.
    public var count: Int
    /// The value's parts, each counted the same way: a region's sub-regions,
    /// a sub-region's countries. Absent for a flat facet.
    public var children: [FacetValue]?

    public init(value: String, count: Int, children: [FacetValue]? = nil) {
        self.value = value
        self.count = count
        self.children = children
    }
}

/// `--facet date`: matching articles per day, month or year, in date order.
public struct Timeline: Codable, Sendable, Equatable {
    /// "day", "month" or "year".
    public var granularity: String
    public var buckets: [TimelineBucket]
    /// Matching articles without a date.
    public var undated: Int

    public init(granularity: String, buckets: [TimelineBucket], undated: Int) {
        self.granularity = granularity
        self.buckets = buckets
        self.undated = undated
    }
}

public struct TimelineBucket: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var label: String
    /// First and last day, `YYYY-MM-DD`: `date:from..to` finds the bucket's articles.
    public var from: String
    public var to: String
    public var count: Int

    public init(label: String, from: String, to: String, count: Int) {
        self.label = label
        self.from = from
        self.to = to
        self.count = count
    }
}

/// Facet names a search accepts beside the index's flat facets.
public enum DerivedFacetNames {
    /// The timeline, with its bucket size chosen from the span of the matches.
    public static let date = "date"
    /// The timeline with a fixed bucket size: "date:day", "date:month", "date:year".
    public static let datePrefix = "date:"
    /// Regions, sub-regions and countries (UN M49).
    public static let region = "region"
}
