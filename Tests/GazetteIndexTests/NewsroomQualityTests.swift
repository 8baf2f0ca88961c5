import Foundation
import GazetteEntities
@testable import GazetteIndex
import Testing

/// Corrections that fit the query, facets counted by story, and similar
/// articles without the article's own copies: on small invented indexes.
@Suite struct NewsroomQualityTests {
    static let russia = Country(code: "RU", name: "Russia")
    static let ukraine = Country(code: "UA", name: "Ukraine")

    /// "will", "has" and "put" are far more frequent than "oil", "hall" and
    /// "putin", so that frequency alone would pick the wrong word.
    static func spellingCorpus() -> [StoredArticle] {
        var articles: [StoredArticle] = []
        for i in 0..<8 {
            articles.append(article("council-\(i)", "Council meeting \(i)",
                                    "The council has said it will meet again, and members will put the plan to a vote at session \(i)."))
        }
        articles += [
            article("crude-1", "Crude oil rises", "Crude oil prices rose as refiners bought more crude oil."),
            article("crude-2", "Refiners buy crude", "Buyers said crude oil stocks will fall this winter."),
            article("crude-3", "Oil exports", "Exports of crude oil from the port grew."),
            article("putin-1", "Putin speaks", "President Putin spoke about Ukraine in a long speech.", countries: [russia, ukraine]),
            article("putin-2", "Kremlin statement", "Putin said talks on Ukraine would go on.", countries: [russia, ukraine]),
            article("hall-1", "Concert hall opens", "The new concert hall opened with a night of music."),
            article("hall-2", "Orchestra returns", "The orchestra played in the concert hall again."),
            article("grain", "Grain shipments", "Ukraine shipped grain through the ports.", countries: [ukraine]),
        ]
        return articles
    }

    @Test func correctionsPickTheWordThatFitsTheQuery() throws {
        let index = try TemporaryIndex()
        try index.write(Self.spellingCorpus())
        let reader = try index.reader()
        let cases: [(typed: String, intended: String)] = [
            ("crude oill", "crude oil"),            // the phrase "crude oil", not the more frequent "will"
            ("oill", "oil"),                        // alone: a doubled letter is the likelier slip
            ("putn ukraine", "putin ukraine"),      // found with ukraine, unlike the more frequent "put"
            (#""concert hal""#, #""concert hall""#),
            ("Crude OIll prices", "Crude oil prices"),
            ("uktaime grain", "ukraine grain"),     // two edits away: Xapian's own suggestion
        ]
        for (typed, intended) in cases {
            #expect(try reader.search(request(typed)).reading.correctedQuery == intended, "\(typed)")
        }
        for known in ["council will", "crude oil", "put the plan"] {
            #expect(try reader.search(request(known)).reading.correctedQuery == nil, "\(known)")
        }
    }

    @Test func spellingCountedFromTheIndexsWordsAtOnceCorrectsAlike() throws {
        let index = try TemporaryIndex()
        let writer = try IndexWriter(path: index.path)
        writer.features = [.stories]
        let builder = try DocumentBuilder(language: writer.language, features: [.stories])
        for article in Self.spellingCorpus() { try writer.replace(try builder.prepare(article)) }
        try writer.commit()
        #expect(try index.reader().search(request("crude oill")).reading.correctedQuery == nil, "no spelling data yet")
        try writer.collectSpellingFromTerms()
        try writer.commit()
        let reader = try index.reader()
        #expect(try reader.search(request("crude oill")).reading.correctedQuery == "crude oil")
        #expect(try reader.search(request("uktaime grain")).reading.correctedQuery == "ukraine grain")
    }

    @Test func candidatesAreOneEditAwayWithTheCommonSlipsCheaper() {
        let edits = IndexReader.oneEditAway("oill")
        #expect(edits["oil"] == 0.5, "a doubled letter dropped")
        #expect(edits["will"] == 1)
        #expect(edits["olil"] == 0.5, "two letters swapped")
        #expect(edits["oilll"] == 0.5)
        #expect(edits["oill"] == nil)
        #expect(edits["il"] == nil, "two edits away")
        let words = IndexReader.queryWords("title:oill AND crude")
        #expect(words.map(\.word) == ["title", "oill", "and", "crude"])
        #expect(words.map(\.isSyntax) == [true, false, true, false])
    }

    static let wire = "Central bank officials said on Tuesday that interest rates would stay on hold for the rest of the year, citing slower growth in factory output and weaker exports to Europe and Asia. Analysts had expected a cut in the spring after three months of falling prices in the shops and a strong currency."

    static func storyCorpus() -> [StoredArticle] {
        [
            article("wire-1", "Rates on hold", wire, countries: [russia]),
            article("wire-2", "Rates on hold", wire, countries: [russia]),
            article("wire-3", "UPDATE 1-Rates on hold", wire + " The decision was unanimous.", countries: [russia, ukraine]),
            article("other", "Rates on hold elsewhere",
                    "Another central bank kept interest rates on hold, as growth held up and exports rose in the year.",
                    countries: [russia]),
            article("cup", "Cup final", "The team won the cup final after extra time in the rain.", countries: [ukraine]),
        ]
    }

    @Test func facetsCountArticlesOrStoriesAsAsked() throws {
        let index = try TemporaryIndex()
        try index.write(Self.storyCorpus())
        let reader = try index.reader()
        for query in ["", "interest rates OR cup"] {
            let articles = try reader.search(request(query) { $0.facets = [.country] })
            #expect(!articles.facetsCountStories)
            #expect(articles.facets.first?.counts == [FacetCount(value: "Russia", count: 4), FacetCount(value: "Ukraine", count: 2)])
            let stories = try reader.search(request(query) { $0.facets = [.country]; $0.facetsCountStories = true })
            #expect(stories.facetsCountStories)
            // The story of three copies counts once for Russia and once for Ukraine (one of its copies names it).
            #expect(stories.facets.first?.counts == [FacetCount(value: "Russia", count: 2), FacetCount(value: "Ukraine", count: 2)])
            #expect(stories.total == articles.total, "the hits and their total do not change")
        }
        // Each way, a value's count is a filtered total: of articles without collapsing, of stories with it.
        #expect(try reader.search(request("interest rates AND country:RU") { $0.collapse = false }).total == 4)
        #expect(try reader.search(request("interest rates AND country:RU")).total == 2)
        // Copies a query does not match are not counted.
        let edited = try reader.search(request("unanimous") { $0.facets = [.country]; $0.facetsCountStories = true })
        #expect(edited.facets.first?.counts == [FacetCount(value: "Russia", count: 1), FacetCount(value: "Ukraine", count: 1)])
    }

    @Test func similarLeavesTheArticleAndItsCopiesOut() throws {
        let index = try TemporaryIndex()
        try index.write(Self.storyCorpus())
        let reader = try index.reader()
        for collapse in [true, false] {
            let similar = try reader.search(request("") { $0.like = "wire-1"; $0.collapse = collapse })
            let ids = similar.hits.map(\.article.id)
            #expect(ids.first == "other", "\(ids)")
            #expect(Set(ids).isDisjoint(with: ["wire-1", "wire-2", "wire-3"]), "\(ids)")
            let among = try reader.search(request("rates") { $0.like = "wire-2"; $0.collapse = collapse })
            #expect(among.hits.map(\.article.id) == ["other"])
        }
        // An article without copies still finds the copies of another story, collapsed into one hit.
        let fromOther = try reader.search(request("") { $0.like = "other" })
        #expect(fromOther.hits.first?.copies?.count == 2)
    }
}
