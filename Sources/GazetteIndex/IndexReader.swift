import Foundation
import GazetteArticles
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

/// The first line of a file on which a query matches.
public struct MatchLocation: Sendable, Equatable {
    /// 1-based line number.
    public let line: Int
    /// 1-based byte column of the first match on the line.
    public let column: Int
    /// The whole line, without its newline.
    public let text: String
    /// UTF-8 byte ranges of every match on the line, within `text`.
    public let ranges: [Range<Int>]
}

public struct SearchResult: Sendable {
    public let query: String
    /// Number of matching articles; exact when `totalIsExact`.
    public let total: Int
    public let totalIsExact: Bool
    public let hits: [SearchHit]
    /// Counts per requested facet, in request order, most frequent first.
    public let facets: [(facet: Facet, counts: [FacetCount])]
}

/// A reader of the index. Not thread-safe: give each task or thread its own.
public final class IndexReader {
    public let path: String
    public let language: String
    let database: XapianDatabase
    private let parser: XapianQueryParser
    private let gazetteer: Gazetteer
    /// Made on the first search that locates matches; see `locatingMSet`.
    private var locateParser: XapianQueryParser?

    /// Totals are exact at least up to this many matches.
    public static let exactTotalLimit = 100_000
    /// Queries longer than this are refused rather than parsed.
    public static let maxQueryBytes = 8192

    /// Opens the index at `path`, plus any further `shards` searched as one.
    public init(path: String, shards: [String] = [], gazetteer: Gazetteer) throws(IndexError) {
        database = try XapianDatabase.open(path: path)
        for shard in shards { try database.addShard(path: shard) }
        self.path = path
        self.gazetteer = gazetteer
        let stored = try database.metadata(Schema.languageKey)
        language = stored.isEmpty ? "english" : stored
        parser = try XapianQueryParser(language: language)
        try parser.setDatabase(database)
        try configureFields()
    }

    private func configureFields() throws(IndexError) {
        try parser.addPrefix(field: "title", prefix: Schema.titlePrefix)
        try parser.addDateRange(field: "date", slot: Schema.dateSlot)
        try parser.addFilter(field: "id") { FilterTerms(.all, [Schema.idTerm($0)]) }
        try parser.addFilter(field: "country") { [gazetteer] value in
            Self.countryFilter(value, gazetteer: gazetteer, prefix: Schema.countryPrefix)
        }
        try parser.addFilter(field: "mentions") { [gazetteer] value in
            Self.countryFilter(value, gazetteer: gazetteer, prefix: Schema.mentionPrefix)
        }
        try parser.addFilter(field: "actor") { [unowned self] value in self.actorFilter(value) }
    }

    static func countryFilter(_ value: String, gazetteer: Gazetteer, prefix: String) -> FilterTerms {
        let wanted = value.trimmingCharacters(in: .whitespaces)
        if let country = gazetteer.country(matching: wanted) {
            return FilterTerms(.all, [Schema.term(prefix, country.code.lowercased())])
        }
        // Not a name the gazetteer knows: take it as a code, which matches nothing if wrong.
        return FilterTerms(.all, [Schema.term(prefix, wanted.lowercased())])
    }

    /// `actor:` takes a canonical name or alias, else every actor whose name
    /// has all the given words (`actor:putin`, `actor:"james baker"`).
    func actorFilter(_ value: String) -> FilterTerms {
        let wanted = Schema.normalise(value)
        if let canonical = gazetteer.actor(matching: wanted) {
            return FilterTerms(.all, [Schema.actorTerm(canonical)])
        }
        let exact = Schema.actorTerm(wanted)
        if ((try? database.termFrequency(exact)) ?? 0) > 0 {
            return FilterTerms(.all, [exact])
        }
        return FilterTerms(.all, Schema.words(of: wanted).map { Schema.term(Schema.actorWordPrefix, $0) })
    }

    /// Brings the reader up to the latest commit.
    public func refresh() throws(IndexError) {
        try database.reopen()
    }

    public func documentCount() throws(IndexError) -> Int { try database.documentCount() }

    public func revision() throws(IndexError) -> UInt64 { try database.revision() }

    public func metadata(_ key: String) throws(IndexError) -> String { try database.metadata(key) }

    /// Parses `text` as the search box would. Empty text matches every article.
    public func parse(_ text: String) throws(IndexError) -> XapianQuery {
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
        let query = try parse(request.query)
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        if request.sort == .date {
            try enquire.sortByValue(slot: Schema.dateSlot, descending: true)
        }
        var counters: [(Facet, [Int])] = []
        for facet in request.facets where !counters.contains(where: { $0.0 == facet }) {
            var spies: [Int] = []
            for slot in facet.slots { spies.append(try enquire.addValueCounter(slot: slot)) }
            counters.append((facet, spies))
        }
        let offset = max(0, request.offset)
        let limit = max(0, request.limit)
        // Facet counts must see every match; totals every match up to the limit.
        let checkAtLeast = counters.isEmpty
            ? max(Self.exactTotalLimit, offset + limit)
            : max(try database.documentCount(), offset + limit)
        let mset = try enquire.run(first: offset, maxItems: limit, checkAtLeast: checkAtLeast)
        let matches = mset.matches

        // Highlight with the located form of the query when it parses, else the query itself.
        let locator = request.locate && mset.count > 0 ? locatingMSet(request.query) ?? mset : mset
        var hits: [SearchHit] = []
        var spans: [String: RecordSpans?] = [:]
        for index in 0..<mset.count {
            let (docid, weight) = try mset.hit(index)
            // Without snippets a hit needs no body: read the summary value, not the data.
            let summary = request.snippets ? [] : try mset.value(index, slot: Schema.summarySlot)
            let article = summary.isEmpty
                ? try StoredArticle(decoding: mset.data(index), includeBody: request.snippets)
                : try StoredArticle(decoding: summary)
            var snippet: Snippet?
            if request.snippets {
                let text = article.body.isEmpty ? article.title : article.body
                let marked = try mset.snippet(of: text, length: request.snippetLength, language: language,
                                              start: Snippet.startMarker, end: Snippet.endMarker, omit: "…")
                snippet = Snippet(xapianSnippet: marked)
            }
            var location: MatchLocation?
            var missing = false
            if request.locate, let path = article.path {
                switch Self.fileText(path) {
                case let text?:
                    // In a file of several articles (JSON, a feed, a mailbox), only this article's record counts.
                    if spans[path] == nil { spans[path] = RecordSpans(text: text, path: path) }
                    let span = spans[path]??.bytes(ofArticle: article.id)
                    location = try locate(in: text, within: span, mset: locator)
                case nil: missing = true
                }
            }
            hits.append(SearchHit(rank: offset + index + 1, docid: docid, score: weight, article: article,
                                  snippet: snippet, location: location, sourceMissing: missing))
        }

        var facets: [(Facet, [FacetCount])] = []
        for (facet, spies) in counters {
            var totals: [String: Int] = [:]
            for spy in spies {
                for (value, count) in try enquire.valueCounts(spy) { totals[value, default: 0] += count }
            }
            let ranked = totals.map { FacetCount(value: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            facets.append((facet, Array(ranked.prefix(max(0, request.facetLimit)))))
        }
        return SearchResult(query: request.query, total: matches.estimated, totalIsExact: matches.isExact,
                            hits: hits, facets: facets)
    }

    /// The text of an article's file as the indexer read it, or nil when it is gone.
    static func fileText(_ path: String) -> String? {
        guard let bytes = try? ArticleFiles.readBytes(path) else { return nil }
        return TextDecoder.decode(bytes).text
    }

    /// A result set (with no hits) for `query` parsed with its fields as plain
    /// words, only to highlight text: Xapian highlights unprefixed terms only,
    /// so `title:attack` or `actor:putin` would otherwise point at nothing.
    /// Nil when that parse fails; the caller then highlights with the query itself.
    func locatingMSet(_ query: String) -> XapianMSet? {
        do {
            let parser: XapianQueryParser
            if let made = locateParser {
                parser = made
            } else {
                parser = try XapianQueryParser(language: language)
                try parser.setDatabase(database)
                for field in ["title", "actor", "country", "mentions"] {
                    try parser.addPrefix(field: field, prefix: "")
                }
                try parser.addDateRange(field: "date", slot: Schema.dateSlot)
                try parser.addFilter(field: "id") { FilterTerms(.all, [Schema.idTerm($0)]) }
                locateParser = parser
            }
            guard !query.allSatisfy(\.isWhitespace), query.utf8.count <= Self.maxQueryBytes else { return nil }
            let enquire = try XapianEnquire(database: database)
            try enquire.setQuery(try parser.parse(query))
            return try enquire.run(first: 0, maxItems: 0, checkAtLeast: 0)
        } catch {
            return nil
        }
    }

    /// Asks Xapian to highlight the text (or the byte range `span` of it) for
    /// this result set's query (phrases as one run), and returns the line of
    /// the first highlight.
    func locate(in text: String, within span: Range<Int>?, mset: XapianMSet) throws(IndexError) -> MatchLocation {
        let textBytes = Array(text.utf8)
        let span = span.map { $0.clamped(to: 0..<textBytes.count) } ?? 0..<textBytes.count
        let searched = span.count == textBytes.count ? text : String(decoding: textBytes[span], as: UTF8.self)
        let marked = try mset.snippet(of: searched, length: searched.utf8.count + 64, language: language,
                                      start: Snippet.startMarker, end: Snippet.endMarker, omit: "")
        // Xapian returns the text itself (escaped, maybe without trailing
        // punctuation), so offsets in it are offsets in the file's text.
        var ranges: [Range<Int>] = []
        var offset = span.lowerBound
        var start: Int?
        let bytes = Array(marked.utf8)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x01: start = offset; i += 1
            case 0x02:
                if let s = start, s < offset { ranges.append(s..<offset) }
                start = nil
                i += 1
            case 0x26:
                for (entity, length) in [("&lt;", 4), ("&gt;", 4), ("&amp;", 5)] where bytes[i...].starts(with: entity.utf8) {
                    i += length - 1
                    break
                }
                offset += 1
                i += 1
            default:
                offset += 1
                i += 1
            }
        }
        // Line starts, to turn byte offsets into line and column.
        func lineRange(containing position: Int) -> Range<Int> {
            var lower = position
            while lower > 0 && textBytes[lower - 1] != 0x0A { lower -= 1 }
            var upper = position
            while upper < textBytes.count && textBytes[upper] != 0x0A { upper += 1 }
            return lower..<upper
        }
        guard let first = ranges.first(where: { $0.upperBound <= textBytes.count }) else {
            // Nothing to point at (the text changed since indexing): the record's first line.
            let line = lineRange(containing: span.lowerBound)
            let lineNumber = textBytes[..<span.lowerBound].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            return MatchLocation(line: lineNumber, column: span.lowerBound - line.lowerBound + 1,
                                 text: String(decoding: textBytes[line], as: UTF8.self), ranges: [])
        }
        let line = lineRange(containing: first.lowerBound)
        let lineNumber = textBytes[..<first.lowerBound].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let onLine = ranges.filter { $0.lowerBound >= line.lowerBound && $0.upperBound <= line.upperBound }
            .map { ($0.lowerBound - line.lowerBound)..<($0.upperBound - line.lowerBound) }
        return MatchLocation(line: lineNumber, column: first.lowerBound - line.lowerBound + 1,
                             text: String(decoding: textBytes[line], as: UTF8.self), ranges: onLine)
    }

    /// The stored article with this id, or nil.
    public func article(id: String) throws(IndexError) -> StoredArticle? {
        try retryingWhenModified { () throws(IndexError) -> StoredArticle? in
            guard let docid = try database.documentID(forTerm: Schema.idTerm(id)) else { return nil }
            return try StoredArticle(decoding: database.documentData(docid))
        }
    }
}
