import Foundation

/// `search`: ranked articles for a query, with snippets and facet counts.
/// The result is also exactly what `gazette search --format json` prints.
public struct SearchParams: Codable, Sendable, Equatable {
    public var query: String
    public var limit: Int?
    public var offset: Int?
    /// Facet names to count over the whole match set: "actor", "country".
    public var facets: [String]?
    public var facetLimit: Int?
    /// "relevance" (default) or "date" (newest first).
    public var sort: String?
    /// Include snippets (default true).
    public var snippets: Bool?
    /// Include each hit's first match in its file: line, column, line text (default false).
    public var locate: Bool?
    /// On a sharded index, answer from the shards that answer when some do
    /// not (flagged `partial`), instead of failing (default false).
    public var allowPartial: Bool?

    public init(query: String, limit: Int? = nil, offset: Int? = nil, facets: [String]? = nil,
                facetLimit: Int? = nil, sort: String? = nil, snippets: Bool? = nil, locate: Bool? = nil,
                allowPartial: Bool? = nil) {
        self.allowPartial = allowPartial
        self.query = query
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.facetLimit = facetLimit
        self.sort = sort
        self.snippets = snippets
        self.locate = locate
    }

    enum CodingKeys: String, CodingKey {
        case query, limit, offset, facets, sort, snippets, locate
        case facetLimit = "facet_limit"
        case allowPartial = "allow_partial"
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
    /// Present (true) when some shards did not answer and the answer covers the others only.
    public var partial: Bool?
    /// The shards that did not answer, when `partial`.
    public var missingShards: [String]?

    public init(query: String, total: Int, totalExact: Bool, hits: [SearchHit], facets: [String: [FacetValue]]?,
                missingShards: [String] = []) {
        self.partial = missingShards.isEmpty ? nil : true
        self.missingShards = missingShards.isEmpty ? nil : missingShards
        self.query = query
        self.total = total
        self.totalExact = totalExact
        self.hits = hits
        self.facets = facets
    }

    enum CodingKeys: String, CodingKey {
        case query, total, hits, facets, partial
        case totalExact = "total_exact"
        case missingShards = "missing_shards"
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

    public init(rank: Int, id: String, path: String?, title: String, date: String?, score: Double,
                snippet: String?, highlights: [[Int]]?, actors: [String], countries: [String],
                match: MatchLine? = nil, sourceMissing: Bool? = nil) {
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
        case rank, id, path, title, date, score, snippet, highlights, actors, countries, match
        case sourceMissing = "source_missing"
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
    /// Number of matching articles with this value.
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}
