import Foundation
import GazetteArticles
import GazetteEntities
@testable import GazetteIndex
import Testing

/// Snippets are read from Xapian's marked bytes in one pass, and cut from a
/// record's bytes in place: the same text and highlights as reading them
/// through Strings and `MarkedText.scan`.
@Suite struct SnippetTests {
    /// Xapian's marked output read piece by piece, as snippets were read
    /// before the one-pass reader: the reference the reader must match.
    func reference(_ marked: String) -> Snippet {
        var out: [UInt8] = []
        var ranges: [Range<Int>] = []
        var openedAt: Int?
        MarkedText.scan(marked) { piece in
            switch piece {
            case .open: openedAt = out.count
            case .close:
                if let start = openedAt, start < out.count {
                    if let last = ranges.last, out[last.upperBound..<start].allSatisfy({ $0 == 0x20 }) {
                        ranges[ranges.count - 1] = last.lowerBound..<out.count
                    } else {
                        ranges.append(start..<out.count)
                    }
                }
                openedAt = nil
            case .byte(0x0A), .byte(0x09), .byte(0x0D), .byte(0x20):
                if out.last != nil && out.last != 0x20 { out.append(0x20) }
            case let .byte(byte): out.append(byte)
            }
        }
        while out.last == 0x20 { out.removeLast() }
        let length = out.count
        return Snippet(text: String(decoding: out, as: UTF8.self),
                       highlights: ranges.map { $0.clamped(to: 0..<length) }.filter { !$0.isEmpty })
    }

    @Test func markedTextReadsAsTheReferenceReadsIt() {
        let pieces = ["\u{1}", "\u{2}", "&amp;", "&lt;", "&gt;", "&", "&am", "&lt", " ", "  ", "\n", "\t", "\r",
                      "oil", "Crude", "é", "…", "ü", ".", "x"]
        var seed: UInt64 = 0x5EED
        for n in 0..<5_000 {
            // A seeded sequence, so a failure reads the same each run.
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let count = Int(seed >> 59)
            var marked = ""
            var state = seed
            for _ in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                marked += pieces[Int(state >> 33) % pieces.count]
            }
            let expected = reference(marked)
            let read = Snippet(xapianSnippet: marked)
            #expect(read == expected, "sample \(n): \(marked.debugDescription)")
            if read != expected { return }
        }
    }

    @Test func hitSnippetsAreXapiansSnippetsOfTheStoredText() throws {
        let index = try TemporaryIndex()
        let body = "Crude oil prices rose. <Traders> said oil & gas stocks fell;\nOPEC met in Vienna.\n\n"
            + String(repeating: "Later the oil ministers spoke again about prices and output. ", count: 12)
            + "Überraschend: the oil déjà vu."
        try index.write([article("a", "Oil", body), article("b", "Oil prices without a body", "")])
        let reader = try index.reader()
        let request = SearchRequest(query: "oil prices", collapse: false)
        let result = try reader.search(request)
        #expect(result.hits.count == 2)
        // The same ranked pass, its snippets asked through the String path on each article's stored text.
        let enquire = try XapianEnquire(database: reader.database)
        try enquire.setQuery(try reader.plan(request).query)
        let mset = try enquire.run(first: 0, maxItems: 10, checkAtLeast: 0)
        #expect(mset.count == result.hits.count)
        for (index, hit) in result.hits.enumerated() {
            let snippet = try #require(hit.snippet)
            #expect(try mset.hit(index).docid == hit.docid)
            let stored = try #require(try reader.article(id: hit.article.id))
            let text = stored.body.isEmpty ? stored.title : stored.body
            let marked = try mset.snippet(of: text, length: request.snippetLength, language: reader.language,
                                          start: MarkedText.start, end: MarkedText.end, omit: "…")
            #expect(snippet == Snippet(xapianSnippet: marked), "\(hit.article.id)")
            #expect(!snippet.highlights.isEmpty)
            #expect(hit.article.body.isEmpty)
        }
        // A text over the source limit is cut at a character boundary.
        let long = Array(String(repeating: "é", count: SearchCost.snippetSourceBytes).utf8)
        let end = Snippet.sourceEnd(long[...])
        #expect(end <= SearchCost.snippetSourceBytes && end % 2 == 0 && end > SearchCost.snippetSourceBytes - 2)
    }

    /// Snippets stem only words that begin as one of the query's stems
    /// does (two bytes, or one where the stemmer changes a second letter
    /// 'y' to 'i'): every form of a stem is still highlighted.
    @Test func snippetsStemEveryWordThatMayShareAQueryStem() throws {
        let index = try TemporaryIndex()
        try index.write([article("w", "Words", "Lying low, she lies; he hoped, hoping for hope. Tying knots, ties and then tied.")])
        for (query, words) in [("lie", ["lying", "lies"]), ("hope", ["hoped", "hoping", "hope"]),
                               ("tie", ["tying", "ties", "tied"]), ("hoping", ["hoped", "hoping", "hope"])] {
            let hit = try #require(try index.search(query).hits.first)
            #expect(try #require(hit.snippet).highlightedTexts.map { $0.lowercased() } == words, "\(query)")
        }
    }

    @Test func hitRecordsDecodeAsWholeRecordsDoWithoutTheirBody() throws {
        let original = StoredArticle(id: "id", path: "/p/a.txt", title: "Title", date: ArticleDate(year: 2024, month: 2, day: 29),
                                     source: "Wire", url: "https://x", actors: ["Vladimir Putin"], actorMentions: ["IMF"],
                                     countries: [Country(code: "RU", name: "Russia")],
                                     mentions: [Country(code: "AF", name: "Afghanistan")], body: "Body é text")
        let bytes = original.encoded()
        let (article, body) = try StoredArticle.hit(decoding: bytes)
        var whole = try StoredArticle(decoding: bytes)
        #expect(String(decoding: bytes[body], as: UTF8.self) == whole.body)
        whole.body = ""
        #expect(article == whole)
        // Empty list items and a country without its name part read as they always did.
        let odd = Array("g1\u{1F}id\u{1F}\u{1F}T\u{1F}\u{1F}\u{1F}\u{1F}a\u{1E}\u{1E}b\u{1F}RU\u{1E}\u{1D}X\u{1D}Y\u{1F}US\u{1D}United States\u{1F}\u{1F}body".utf8)
        let (read, oddBody) = try StoredArticle.hit(decoding: odd)
        #expect(read.path == nil && read.source == nil && read.date == nil && read.title == "T")
        #expect(read.actors == ["a", "", "b"])
        #expect(read.countries == [Country(code: "RU", name: "RU"), Country(code: "", name: "X\u{1D}Y")])
        #expect(read.mentions == [Country(code: "US", name: "United States")] && read.actorMentions == [])
        #expect(String(decoding: odd[oddBody], as: UTF8.self) == "body")
        #expect(throws: IndexError.self) { try StoredArticle.hit(decoding: Array("g1\u{1F}x".utf8)) }
        #expect(throws: IndexError.self) { try StoredArticle.hit(decoding: []) }
    }

    /// Since layout 4 the data holds the body alone and the summary value the
    /// rest: read together they give back the article, and whole records
    /// (older layouts' data) still read without their summary.
    @Test func bodyOnlyDataReadsWithItsSummaryAndWholeRecordsWithout() throws {
        let original = StoredArticle(id: "id", path: "/p/a.txt", title: "Title", date: ArticleDate(year: 2024, month: 2, day: 29),
                                     source: "Wire", url: "https://x", actors: ["Vladimir Putin"], actorMentions: ["IMF"],
                                     countries: [Country(code: "RU", name: "Russia")],
                                     mentions: [Country(code: "AF", name: "Afghanistan")], body: "Body é \u{1F}text")
        var summary = original
        summary.body = ""
        let data = original.encodedBody()
        var expected = original
        expected.body = "Body é text"  // separators never reach the index
        #expect(try StoredArticle(summary: summary.encoded(), data: data) == expected)
        var askedForSummary = false
        let (hit, body) = try StoredArticle.hit(data: data) { () throws(IndexError) -> [UInt8] in
            askedForSummary = true
            return summary.encoded()
        }
        #expect(askedForSummary && hit == summary && String(decoding: data[body], as: UTF8.self) == "Body é text")

        let whole = expected.encoded()
        #expect(try StoredArticle(summary: [], data: whole) == expected)
        let (old, oldBody) = try StoredArticle.hit(data: whole) { () throws(IndexError) -> [UInt8] in
            Issue.record("a whole record needs no summary")
            return []
        }
        #expect(old == summary && String(decoding: whole[oldBody], as: UTF8.self) == "Body é text")
        // Body-only data with a summary that is no record is an error, not an empty article.
        #expect(throws: IndexError.self) { try StoredArticle(summary: Array("junk".utf8), data: data) }
    }

    /// An index written before layout 4 keeps whole records as data: its
    /// hits, snippets and articles read as they did, beside articles written since.
    @Test func articlesStoredAsWholeRecordsStillRead() throws {
        let index = try TemporaryIndex()
        let old = article("old", "Harbour cranes idle", "Dockers stopped the harbour cranes at dawn.")
        let new = article("new", "Harbour reopens", "The harbour reopened after the strike.")
        do {
            let writer = try IndexWriter(path: index.path)
            let builder = try DocumentBuilder(language: writer.language)
            let prepared = try builder.prepare(old)
            try prepared.document.setData(old.encoded())
            try writer.replace(prepared)
            try writer.replace(try builder.prepare(new))
            try writer.commit()
        }
        let reader = try index.reader()
        #expect(try reader.article(id: "old") == old)
        #expect(try reader.article(id: "new") == new)
        let hits = try reader.search(SearchRequest(query: "harbour", limit: 10)).hits
        #expect(Set(hits.map(\.article.id)) == ["old", "new"])
        for hit in hits {
            let snippet = try #require(hit.snippet).highlightedTexts.map { $0.lowercased() }
            #expect(snippet == ["harbour"], "\(hit.article.id)")
            #expect(hit.article.title == (hit.article.id == "old" ? old.title : new.title) && hit.article.body.isEmpty)
        }
    }
}
