import GazetteArticles

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

/// Finds where a hit first matches inside its file, for editors that jump
/// to it: reads the file again and asks Xapian to highlight the query in it.
/// Not thread-safe, like the reader that owns it.
final class MatchLocator {
    private let database: XapianDatabase
    private let language: String
    private let lookup: FilterLookup
    /// Made on first use: most searches locate nothing.
    private var parser: XapianQueryParser?

    init(database: XapianDatabase, language: String, lookup: FilterLookup) {
        self.database = database
        self.language = language
        self.lookup = lookup
    }

    /// Locating the hits of one search.
    struct Pass {
        /// Highlights with this result set's query.
        fileprivate let mset: XapianMSet
        /// Each JSON file's record spans, read once per search.
        fileprivate var spans: [String: RecordSpans?] = [:]
    }

    /// Starts locating the hits of `query`, whose results are `results`.
    func pass(query: String, results: XapianMSet) -> Pass {
        Pass(mset: highlightingMSet(query) ?? results)
    }

    /// Where `article` first matches in its file; `missing` when the file is gone.
    func locate(_ article: StoredArticle, in pass: inout Pass) throws(IndexError) -> (location: MatchLocation?, missing: Bool) {
        guard let path = article.path else { return (nil, false) }
        guard let text = Self.fileText(path) else { return (nil, true) }
        // In a file of several articles (JSON, a feed, a mailbox), only this article's record counts.
        if pass.spans[path] == nil { pass.spans[path] = RecordSpans(text: text, path: path) }
        let span = pass.spans[path]??.bytes(ofArticle: article.id)
        return (try locate(in: text, within: span, mset: pass.mset), false)
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
    private func highlightingMSet(_ query: String) -> XapianMSet? {
        do {
            guard !query.allSatisfy(\.isWhitespace), query.utf8.count <= IndexReader.maxQueryBytes else {
                return nil
            }
            let parser = try self.parser ?? XapianQueryParser.forSchema(language: language, database: database,
                                                                         lookup: lookup, articleWordsAsText: true)
            self.parser = parser
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
                                      start: MarkedText.start, end: MarkedText.end, omit: "")
        // Xapian returns the text itself (escaped, maybe without trailing
        // punctuation), so offsets in it are offsets in the file's text.
        var ranges: [Range<Int>] = []
        var offset = span.lowerBound
        var start: Int?
        MarkedText.scan(marked) { piece in
            switch piece {
            case .open: start = offset
            case .close:
                if let s = start, s < offset { ranges.append(s..<offset) }
                start = nil
            case .byte: offset += 1
            }
        }
        // The line holding `position`, with the ranges that fall on it.
        func location(at position: Int, ranges: [Range<Int>]) -> MatchLocation {
            var lower = position
            while lower > 0 && textBytes[lower - 1] != 0x0A { lower -= 1 }
            var upper = position
            while upper < textBytes.count && textBytes[upper] != 0x0A { upper += 1 }
            let lineNumber = textBytes[..<position].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let onLine = ranges.filter { $0.lowerBound >= lower && $0.upperBound <= upper }
                .map { ($0.lowerBound - lower)..<($0.upperBound - lower) }
            return MatchLocation(line: lineNumber, column: position - lower + 1,
                                 text: String(decoding: textBytes[lower..<upper], as: UTF8.self), ranges: onLine)
        }
        guard let first = ranges.first(where: { $0.upperBound <= textBytes.count }) else {
            // Nothing to point at (the text changed since indexing): the record's first line.
            return location(at: span.lowerBound, ranges: [])
        }
        return location(at: first.lowerBound, ranges: ranges)
    }
}
