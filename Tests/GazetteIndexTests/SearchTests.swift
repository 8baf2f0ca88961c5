import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import Testing

@Suite struct SearchTests {
    @Test func aPhraseMatchesOnlyInOrder() throws {
        let index = try TemporaryIndex()
        try index.write([try seedArticle(), article("other", "Orchestra news", "The hall hosted a concert.")])
        let inOrder = try index.search(#""concert hall""#)
        #expect(inOrder.hits.map(\.article.id) == ["seeds/000_e3109c2dbdf02a4d.txt"])
        #expect(try index.search(#""hall concert""#).total == 0)
    }

    @Test func theSnippetHighlightsThePhrase() throws {
        let index = try TemporaryIndex()
        try index.write([try seedArticle()])
        let hit = try #require(try index.search(#""concert hall""#).hits.first)
        let snippet = try #require(hit.snippet)
        #expect(snippet.highlightedTexts.contains { $0.lowercased() == "concert hall" })
        #expect(snippet.rendered(open: "**", close: "**").lowercased().contains("**concert hall**"))
        #expect(!snippet.text.contains("&amp;") && !snippet.text.contains("\n"))
    }

    /// Snippets stem each word of their text through a stemmer that keeps
    /// the words it has seen (at most 20,000 a thread, then it starts again):
    /// a word seen before, a word past that bound, and a second search
    /// highlight every form of the stem, the same each time.
    @Test func snippetsHighlightEveryFormOfAStemPastTheStemmersMemory() throws {
        let filler = (0..<25_000).map { "w\(String($0, radix: 26))q" }.joined(separator: " ")
        let sentence = "Prices rose. Prices fell, and the price of bread was priced higher."
        let index = try TemporaryIndex()
        try index.write([article("long", "Markets", filler + ". " + sentence), article("short", "Bread", sentence)])
        for _ in 0..<2 {
            let hits = try index.search("price").hits
            #expect(Set(hits.map(\.article.id)) == ["long", "short"])
            for hit in hits {
                let words = try #require(hit.snippet).highlightedTexts.map { $0.lowercased() }
                #expect(words == ["prices", "prices", "price", "priced"], "\(hit.article.id)")
            }
        }
    }

    /// Snippets stem only the words that may share a stem with the query
    /// (an English stem keeps its word's first letter): forms whose stems
    /// the stemmer treats specially are still highlighted.
    @Test func snippetsHighlightIrregularFormsOfAStem() throws {
        let index = try TemporaryIndex()
        try index.write([article("sky", "Weather", "Clear skies and a dying wind; the sky was early and the wind died.")])
        for (query, words) in [("sky", ["skies", "sky"]), ("die", ["dying", "died"]), ("early", ["early"])] {
            let hit = try #require(try index.search(query).hits.first)
            #expect(try #require(hit.snippet).highlightedTexts.map { $0.lowercased() } == words, "\(query)")
        }
    }

    @Test func booleanOperatorsPrefixesAndWildcards() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("a", "Harbour storm", "Ships and ferries stayed in port during the storm."),
            article("b", "Ferry strike", "Ferries stopped because of a strike, not weather."),
            article("c", "Market report", "Shares rose as ships returned to harbour."),
        ])
        func ids(_ query: String) throws -> Set<String> { Set(try index.search(query).hits.map(\.article.id)) }
        #expect(try ids("ships AND harbour") == ["a", "c"])
        #expect(try ids("strike OR storm") == ["a", "b"])
        #expect(try ids("ferries NOT strike") == ["a"])
        #expect(try ids("ships -storm") == ["c"])
        #expect(try ids("+ferries +storm") == ["a"])
        #expect(try ids("title:harbour") == ["a"])
        #expect(try ids("harbour") == ["a", "c"])
        #expect(try ids("ferr*") == ["a", "b"])
        #expect(try ids("(strike OR market) AND NOT weather") == ["c"])
    }

    @Test func hitsWithoutSnippetsCarryTheSameArticleFields() throws {
        let index = try TemporaryIndex()
        try index.write([article("a", "Storm report", "storm over the harbour", date: "2024-03-02",
                                 actors: ["Harbour Authority"], countries: [Country(code: "NO", name: "Norway")],
                                 mentions: [Country(code: "NO", name: "Norway")])])
        let full = try #require(try index.reader().search(SearchRequest(query: "storm", snippets: true)).hits.first)
        let light = try #require(try index.reader().search(SearchRequest(query: "storm", snippets: false)).hits.first)
        #expect(light.snippet == nil)
        #expect(light.article.body.isEmpty)
        #expect(light.article == full.article)
        // Hits never hold whole bodies (a search keeps one at a time): the snippet carries the text.
        #expect(full.article.body.isEmpty)
        #expect(full.snippet?.text.contains("harbour") == true)
    }

    @Test func stemmingFindsOtherFormsOfAWord() throws {
        let index = try TemporaryIndex()
        try index.write([article("a", "Talks", "The ministers were negotiating all night.")])
        #expect(try index.search("negotiate").total == 1)
    }

    @Test func aTitleMatchOutranksABodyOnlyMatch() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("body", "Weekly roundup", "Among other things a volcano erupted on the island and the ferry was late again."),
            article("title", "Volcano erupts", "Among other things the island was covered in ash and the ferry was late again."),
        ])
        let hits = try index.search("volcano").hits
        #expect(hits.map(\.article.id) == ["title", "body"])
        #expect(hits[0].score > hits[1].score)
    }

    @Test func dateRangesUseTheDateValue() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("march", "A", "report", date: "2024-03-15"),
            article("april", "B", "report", date: "2024-04-02"),
            article("undated", "C", "report"),
        ])
        func ids(_ query: String) throws -> [String] { try index.search(query).hits.map(\.article.id).sorted() }
        #expect(try ids("report date:2024-03-01..2024-03-31") == ["march"])
        #expect(try ids("date:2024-03-01..2024-12-31") == ["april", "march"])
        #expect(try ids("report date:..2024-03-31") == ["march"])
        #expect(throws: IndexError.self) { try index.search("date:2024-13-45..2025") }
    }

    @Test func aDateNamesADayAMonthOrAYear() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("dec31", "A", "report", date: "2023-12-31"),
            article("feb29", "B", "report", date: "2024-02-29"),
            article("mar01", "C", "report", date: "2024-03-01"),
            article("mar31", "D", "report", date: "2024-03-31"),
            article("apr01", "E", "report", date: "2024-04-01"),
            article("undated", "F", "report"),
        ])
        func ids(_ query: String) throws -> [String] { try index.search(query).hits.map(\.article.id).sorted() }
        #expect(try ids("report date:2024") == ["apr01", "feb29", "mar01", "mar31"])
        #expect(try ids("date:2024-03") == ["mar01", "mar31"])
        #expect(try ids("date:2024-02-29") == ["feb29"])
        // A month or a year at either end of a range counts from its first day to its last.
        #expect(try ids("date:2023..2024-02") == ["dec31", "feb29"])
        #expect(try ids("date:2024-03..") == ["apr01", "mar01", "mar31"])
        #expect(try ids("report date:..2024-02") == ["dec31", "feb29"])
        #expect(try ids("date:2024-03-31..2024-03-31") == ["mar31"])
        // Two dates are either: an article has one.
        #expect(try ids("date:2023 date:2024-03") == ["dec31", "mar01", "mar31"])
        for (query, message) in [("date:2024-02-30", "'2024-02-30' is not a date"),
                                 ("report date:2024-3", "'2024-3' is not a date"),
                                 ("date:7d..", "'7d' is not a date"),
                                 ("date:2024-04..2024-03", "the date range 2024-04..2024-03 ends before it starts")] {
            let error = #expect(throws: IndexError.self, "\(query)") { try index.search(query) }
            #expect(error?.code == .querySyntax, "\(query)")
            #expect(error?.message.contains(message) == true, "\(query): \(error?.message ?? "")")
        }
    }

    @Test func sortingByDatePutsTheNewestFirst() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("old", "Storm", "storm storm storm", date: "2020-01-01"),
            article("new", "Calm", "storm", date: "2024-01-01"),
        ])
        let byDate = try index.reader().search(SearchRequest(query: "storm", sort: .date))
        #expect(byDate.hits.map(\.article.id) == ["new", "old"])
        let byRelevance = try index.reader().search(SearchRequest(query: "storm"))
        #expect(byRelevance.hits.first?.article.id == "old")
    }

    @Test func totalsAreExactBeyondOnePageAndOffsetsPage() throws {
        let index = try TemporaryIndex()
        try index.write((0..<57).map { article("n\($0)", "Note \($0)", "common word and item\($0)") })
        let page = try index.reader().search(SearchRequest(query: "common", offset: 10, limit: 5))
        #expect(page.total == 57)
        #expect(page.totalIsExact)
        #expect(page.hits.map(\.rank) == [11, 12, 13, 14, 15])
        let all = Set(try index.reader().search(SearchRequest(query: "common", limit: 100)).hits.map(\.article.id))
        #expect(all.count == 57)
    }

    @Test func replacingByIdKeepsTheDocumentCount() throws {
        let index = try TemporaryIndex()
        let articles = [try seedArticle(), article("x", "Other", "Text")]
        try index.write(articles)
        try index.write(articles)
        try index.write([article("x", "Other, revised", "New text")])
        let reader = try index.reader()
        #expect(try reader.documentCount() == 2)
        #expect(try reader.article(id: "x")?.title == "Other, revised")
        #expect(try index.search("revised").total == 1)
    }

    @Test func storedArticlesRoundTrip() throws {
        let original = StoredArticle(id: "id\u{1F}with separator", path: "/p/a.txt", title: "Title",
                                     date: ArticleDate(year: 2024, month: 2, day: 29), source: "Wire", url: "https://x",
                                     actors: ["Vladimir Putin", "ISIS-K"],
                                     countries: [Country(code: "RU", name: "Russia")],
                                     mentions: [Country(code: "RU", name: "Russia"), Country(code: "AF", name: "Afghanistan")],
                                     body: "Line one\nLine two")
        let decoded = try StoredArticle(decoding: original.encoded())
        #expect(decoded.id == "idwith separator")
        #expect(decoded.actors == original.actors)
        #expect(decoded.countries == original.countries)
        #expect(decoded.mentions == original.mentions)
        #expect(decoded.date == original.date)
        #expect(decoded.body == original.body)
        #expect(throws: IndexError.self) { try StoredArticle(decoding: Array("garbage".utf8)) }
    }

    @Test func aVeryLongIdStillWorksAsAUniqueTerm() throws {
        let index = try TemporaryIndex()
        let long = String(repeating: "folder/", count: 60) + "file.txt"
        try index.write([article(long, "Deep", "nested text")])
        try index.write([article(long, "Deep", "nested text")])
        #expect(try index.reader().documentCount() == 1)
        #expect(try index.reader().article(id: long)?.title == "Deep")
    }

    @Test func overlongQueriesAreRefused() throws {
        let index = try TemporaryIndex()
        try index.write([article("a", "A", "b")])
        let error = #expect(throws: IndexError.self) {
            try index.search(String(repeating: "word ", count: 5000))
        }
        #expect(error?.code == .querySyntax)
    }

    @Test func aReaderRetriesWhenWritersMoveOn() throws {
        let index = try TemporaryIndex()
        try index.write((0..<50).map { article("a\($0)", "Storm \($0)", String(repeating: "storm rain ", count: 50)) })
        let reader = try index.reader()
        // The bodies are the same: without collapse:false they would be one story.
        #expect(try reader.search(SearchRequest(query: "storm", collapse: false)).total == 50)
        // Several commits rewrite the blocks the reader was looking at.
        for round in 0..<4 {
            try index.write((0..<50).map { article("a\($0)", "Storm \($0) r\(round)", String(repeating: "storm wind ", count: 60)) })
        }
        #expect(try reader.search(SearchRequest(query: "storm", limit: 50, collapse: false)).hits.count == 50)
    }
}
