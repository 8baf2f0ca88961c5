import Foundation
import GazetteArticles
@testable import GazetteIndex
import Testing

/// Gazette makes its snippets with a generator of its own (the shim's
/// snippet.cpp), which must give exactly what Xapian's MSet::snippet gives:
/// the same passage, marks, entities and omission marks. Compared here over
/// real news and over seeded texts full of the tokenizer's corner cases.
@Suite struct OwnSnippetTests {
    /// The benchmark's queries and more: phrases, stems, acronyms, joined words, fields, non-ASCII.
    static func queries() throws -> [String] {
        let path = TemporaryIndex.repository + "/Benchmarks/daemon/queries.txt"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        return lines.filter { !$0.isEmpty && !$0.hasPrefix("#") } + [
            "u.s. trade", "U.S.A", "at&t", "c++", "\"new york\" stock", "1,000 tonnes", "dollar's",
            "\"bank of england\"", "oil NEAR prices", "said", "the mln", "café naïve", "日本", "\"u.s. trade\"",
            "\"oil prices\" OR \"crude oil\" OR \"bank of england\"", "istanbul", "under_score", "title:oil prices",
        ]
    }

    /// Both generators' snippets of `text`; `own` is nil where Gazette's leaves it to Xapian.
    func both(_ mset: XapianMSet, _ text: String, length: Int, omit: String, language: String)
        throws -> (own: String?, xapian: String) {
        let own = try mset.snippet(of: text, length: length, language: language, start: MarkedText.start,
                                   end: MarkedText.end, omit: omit, maker: .own)
        let xapian = try mset.snippet(of: text, length: length, language: language, start: MarkedText.start,
                                      end: MarkedText.end, omit: omit, maker: .xapian)
        return (own, try #require(xapian))
    }

    /// Compares the generators on `texts` for every query; returns how many snippets Gazette's made.
    func compare(_ texts: [String], reader: IndexReader, queries: [String], lengths: [Int]) throws -> (own: Int, all: Int) {
        var own = 0
        var all = 0
        for query in queries {
            let enquire = try XapianEnquire(database: reader.database)
            try enquire.setQuery(try reader.plan(SearchRequest(query: query)).query)
            // A ranked result set, and one with no hits (as match locations use).
            for mset in [try enquire.run(first: 0, maxItems: 10, checkAtLeast: 0),
                         try enquire.run(first: 0, maxItems: 0, checkAtLeast: 0)] {
                for text in texts {
                    for length in lengths + [text.utf8.count + 64] {
                        let omit = length > text.utf8.count ? "" : "…"
                        let (mine, xapian) = try both(mset, text, length: length, omit: omit, language: reader.language)
                        all += 1
                        guard let mine else { continue }
                        own += 1
                        #expect(mine == xapian, "\(query) at \(length): \(text.debugDescription)")
                        if mine != xapian { return (own, all) }
                    }
                }
            }
        }
        return (own, all)
    }

    @Test func ownSnippetsOfNewsAreXapians() throws {
        let path = TemporaryIndex.repository + "/../shared/corpora/reuters/articles.jsonl"
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n")).prefix(1200)
        let parsed = try ArticleParser.parse(bytes: Array(lines.joined(separator: [UInt8(ascii: "\n")])),
                                             format: .jsonLines, fileID: "reuters.jsonl")
        let index = try TemporaryIndex()
        try index.write(parsed.articles.map { article($0.id, $0.title, $0.body) })
        let reader = try index.reader()
        // Every 8th article's body and title: the queries' hits and articles they miss alike.
        let texts = parsed.articles.enumerated().filter { $0.offset % 8 == 0 }.flatMap { [$0.element.body, $0.element.title] }
        let plain = try Self.queries().filter { !$0.contains("*") }
        let (own, all) = try compare(texts, reader: reader, queries: plain, lengths: [200, 40])
        // Without wildcards every snippet is Gazette's own.
        #expect(own == all && all > 10_000)
    }

    @Test func ownSnippetsOfOddTextsAreXapians() throws {
        let index = try TemporaryIndex()
        let pieces = ["oil", "Oil", "OIL", "prices", "price", "U.S.", "U.S.A.", "U.N", "A.B.C", "at&t", "AT&T", "don't",
                      "dollar’s", "1,000", "3.5", "2;3", "c++", "C++++", "C#", "fish+chips", "x#y", " ", "  ", "\n", "\t",
                      ".", "...", "?!", "!", ",", ";", ":", "(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "«", "»",
                      "$", "£", "€", "%", "-", "—", "/", "\\", "@", "~", "`", "<", ">", "&", "#", "+", "é", "café",
                      "naïve", "Ünïcödé", "ß", "İstanbul", "ǅ", "日本", "中国語", "Ελλάδα", "русский", "\u{200B}",
                      "a\u{200B}b", "12\u{200B}34", String(repeating: "x", count: 70), "interest", "rates", "trade",
                      "new", "york", "crude", "said", "the", "bank", "of", "England", "\u{A0}", "١٢٣", "5\u{66B}5",
                      "ａｂｃ", "½", "_under_score", "\r\n", "¿", "¡", "§", ")\"'’»", "--/", "...\"", "(«“", "$£€"]
        try index.write([article("a", "Oil", "Oil prices rose in New York as the U.S. trade deficit narrowed.")])
        let reader = try index.reader()
        var seed: UInt64 = 0x5A1E
        func next() -> Int {
            // A seeded sequence, so a failure reads the same each run.
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33)
        }
        var texts: [String] = []
        for _ in 0..<600 {
            var text = ""
            for _ in 0..<(1 + next() % 60) {
                text += pieces[next() % pieces.count]
                if next() % 10 < 5 { text += [" ", " ", "\n", ". ", ", ", ""][next() % 6] }
            }
            texts.append(text)
        }
        let queries = ["oil prices", "\"u.s. trade\"", "at&t c++", "café naïve İstanbul", "\"new york\" OR \"crude oil\"",
                       "\"bank of england\" said", "under_score", "1,000 dollar's", "日本"]
        let (own, all) = try compare(texts, reader: reader, queries: queries, lengths: [200, 60, 12])
        #expect(own == all && all > 30_000)
    }

    @Test func wildcardQueriesKeepXapiansSnippets() throws {
        let index = try TemporaryIndex()
        try index.write([article("a", "Exports", "Exports of grain rose; exporters said the export tax fell.")])
        let reader = try index.reader()
        let enquire = try XapianEnquire(database: reader.database)
        try enquire.setQuery(try reader.plan(SearchRequest(query: "export*")).query)
        let mset = try enquire.run(first: 0, maxItems: 10, checkAtLeast: 0)
        let text = "Exports of grain rose; exporters said the export tax fell."
        let (own, xapian) = try both(mset, text, length: 30, omit: "…", language: reader.language)
        #expect(own == nil)
        let chosen = try mset.snippet(of: text, length: 30, language: reader.language, start: MarkedText.start,
                                      end: MarkedText.end, omit: "…")
        #expect(chosen == xapian && chosen.contains(MarkedText.start))
    }
}
