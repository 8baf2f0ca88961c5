import Foundation
import GazetteEntities
@testable import GazetteIndex
import Testing

/// Did you mean, synonyms, similar articles, collapsed copies and dates, each
/// on a small index written here.
@Suite struct NewsroomTests {
    static let russia = Country(code: "RU", name: "Russia")
    static let ukraine = Country(code: "UA", name: "Ukraine")

    static func corpus() -> [StoredArticle] {
        [
            article("putin", "Putin visits Ukraine", "President Putin met officials in Kyiv and spoke about Ukraine.",
                    date: "2024-03-01", actors: ["Vladimir Putin"], countries: [russia, ukraine]),
            article("hall", "Concert hall reopens", "The concert hall reopened after repairs to the roof.",
                    date: "2024-03-10"),
            article("soviet", "Archive opens", "Papers from the Soviet Union were shown to historians.",
                    date: "2023-11-05"),
            article("grain", "Grain exports", "Ukraine shipped grain through the Black Sea ports.",
                    date: "2024-02-20", countries: [ukraine]),
        ]
    }

    // MARK: did you mean

    @Test func misspeltWordsGetACorrectionAndTheTypedQueryKeepsItsHits() throws {
        let index = try TemporaryIndex()
        try index.write(Self.corpus())
        let reader = try index.reader()
        let typo = try reader.search(request("putn ukraine"))
        #expect(typo.reading.correctedQuery == "putin ukraine")
        #expect(typo.total == 0, "the query as typed runs, not the correction")
        let phrase = try reader.search(request(#""concert hal""#))
        #expect(phrase.reading.correctedQuery == #""concert hall""#)
        #expect(try reader.search(request("putin ukraine")).reading.correctedQuery == nil)
        #expect(try reader.search(request("putn ukraine") { $0.suggest = false }).reading.correctedQuery == nil)
    }

    @Test func anIndexWithoutSpellingDataSuggestsNothing() throws {
        let index = try TemporaryIndex()
        let writer = try IndexWriter(path: index.path)
        writer.features = [.stories]
        let builder = try DocumentBuilder(language: writer.language, features: [.stories])
        for article in Self.corpus() { try writer.replace(try builder.prepare(article)) }
        try writer.commit()
        #expect(try index.reader().search(request("putn ukraine")).reading.correctedQuery == nil)
    }

    // MARK: synonyms

    @Test func synonymsWidenFreeTextAndSayHow() throws {
        let index = try TemporaryIndex()
        try index.write(Self.corpus())
        let reader = try index.reader()
        #expect(try reader.search(request("ussr")).total == 0)
        var table = SynonymTable()
        table.addGroup(["USSR", "Soviet Union", "U.S.S.R."])
        reader.synonyms = .table(table)
        let result = try reader.search(request("ussr archive") { $0.explain = true })
        #expect(result.hits.map(\.article.id) == ["soviet"])
        #expect(result.reading.expansions == [SynonymExpansion(words: "ussr", synonyms: ["Soviet Union"])])
        #expect(result.reading.description?.contains("soviet") == true)
        #expect(result.reading.correctedQuery == nil, "a name with synonyms is not a typo")
        // The other way round, and a phrase left as typed.
        #expect(try reader.search(request("soviet union")).reading.expansions.map(\.synonyms) == [["USSR"]])
        #expect(try reader.search(request(#""ussr archive""#)).reading.expansions.isEmpty)
    }

    @Test func expansionKeepsTheQuerysSyntax() {
        var table = SynonymTable()
        table.addGroup(["USSR", "Soviet Union"])
        table.addGroup(["ISIS-K", "Islamic State Khorasan"])
        func expanded(_ text: String) -> String { QueryExpander.expand(text, with: table).text }
        #expect(expanded("ussr collapse") == #"((ussr) OR "soviet union") collapse"#)
        #expect(expanded("the soviet union") == "the ((soviet union) OR ussr)")
        #expect(expanded("isis-k attack") == #"((isis-k) OR "islamic state khorasan") attack"#)
        for untouched in ["-ussr", "+ussr", "ussr*", "title:ussr", #""ussr today""#, "ussr NEAR moscow", "ADJ/3 ussr x"] {
            #expect(expanded(untouched).contains("OR") == untouched.contains("OR"), "\(untouched)")
        }
        #expect(expanded("a AND (ussr OR b)") == #"a AND (((ussr) OR "soviet union") OR b)"#)
    }

    @Test func storedSynonymsWidenAsTheTableDoesAndAreReplacedWhole() throws {
        let index = try TemporaryIndex()
        try index.write(Self.corpus())
        var table = SynonymTable()
        table.addGroup(["USSR", "Soviet Union", "U.S.S.R."])
        table.addGroup(["ISIS-K", "Islamic State Khorasan"])
        table.addGroup(["Soviet", "Sowjet"])
        let writer = try IndexWriter(path: index.path)
        #expect(try writer.storedSynonymsFingerprint() == "")
        try writer.storeSynonyms(table, fingerprint: "first")
        try writer.commit()
        let stored = try index.reader()
        #expect(try stored.storedSynonymsFingerprint() == "first")
        stored.synonyms = .stored
        let inMemory = try index.reader()
        inMemory.synonyms = .table(table)
        for query in ["ussr archive", "the soviet union", "isis-k attack", "soviet", "U.S.S.R.", "\"ussr\" x", "nothing here"] {
            let a = try stored.search(request(query) { $0.explain = true })
            let b = try inMemory.search(request(query) { $0.explain = true })
            #expect(a.reading == b.reading, "\(query)")
            #expect(a.hits.map(\.article.id) == b.hits.map(\.article.id), "\(query)")
        }
        #expect(try stored.search(request("ussr")).hits.map(\.article.id) == ["soviet"])
        // The longest span is the table's: a three-word name is found in a longer query.
        #expect(try stored.search(request("islamic state khorasan today")).reading.expansions.map(\.synonyms) == [["ISIS-K"]])

        // Storing again replaces the table: names of the old one are gone.
        var other = SynonymTable()
        other.addGroup(["Holland", "Netherlands"])
        try writer.storeSynonyms(other, fingerprint: "second")
        try writer.commit()
        try stored.refresh()
        #expect(try stored.storedSynonymsFingerprint() == "second")
        #expect(try stored.search(request("ussr")).reading.expansions.isEmpty)
        #expect(try stored.search(request("holland")).reading.expansions.map(\.synonyms) == [["Netherlands"]])
    }

    // MARK: similar articles

    @Test func similarArticlesRankTheObviousOneFirstAndLeaveItselfOut() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("opec-1", "OPEC cuts output", "OPEC ministers agreed in Vienna to cut crude oil output as prices fell, Saudi Arabia said.",
                    actors: ["OPEC"], countries: [Country(code: "SA", name: "Saudi Arabia")]),
            article("opec-2", "Oil producers weigh cuts", "Saudi Arabia and other OPEC producers discussed crude oil output cuts in Vienna.",
                    actors: ["OPEC"], countries: [Country(code: "SA", name: "Saudi Arabia")]),
            article("oil-3", "Refinery fire", "A fire at a refinery sent crude oil prices up."),
            article("cup", "Cup final", "The team won the cup final after extra time in the rain."),
        ])
        let reader = try index.reader()
        let similar = try reader.search(request("") { $0.like = "opec-1" })
        let ids = similar.hits.map(\.article.id)
        #expect(ids.first == "opec-2")
        #expect(!ids.contains("opec-1"))
        #expect(!ids.contains("cup"))
        // With a query: only its matches, ranked by likeness.
        let among = try reader.search(request("fire OR vienna") { $0.like = "opec-1" })
        #expect(among.hits.map(\.article.id) == ["opec-2", "oil-3"])
        #expect(throws: IndexError.self) { try reader.search(request("") { $0.like = "nowhere" }) }
    }

    // MARK: copies of a story

    static let wire = "Central bank officials said on Tuesday that interest rates would stay on hold for the rest of the year, citing slower growth in factory output and weaker exports to Europe and Asia. Analysts had expected a cut in the spring after three months of falling prices in the shops and a strong currency."

    @Test func copiesCollapseIntoOneHitWithExactCounts() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("wire-1", "Rates on hold", Self.wire, countries: [Self.russia]),
            article("wire-2", "Rates on hold", Self.wire, countries: [Self.russia]),
            article("wire-3", "UPDATE 1-Rates on hold", Self.wire + " The decision was unanimous.", countries: [Self.russia]),
            article("other", "Rates on hold elsewhere", "Another central bank kept interest rates on hold, as growth held up and exports rose in the year.",
                    countries: [Self.russia]),
        ])
        let reader = try index.reader()
        let collapsed = try reader.search(request("interest rates") { $0.facets = [.country] })
        #expect(collapsed.total == 2)
        #expect(collapsed.totalIsExact)
        let story = try #require(collapsed.hits.first { $0.article.id.hasPrefix("wire") })
        #expect(story.copies?.count == 2)
        #expect(Set(story.copies?.ids ?? []) == Set(["wire-1", "wire-2", "wire-3"]).subtracting([story.article.id]))
        #expect(collapsed.hits.first { $0.article.id == "other" }?.copies == nil)
        // Facets count articles, copies included, collapsed or not: a value's
        // count is the article total of the query filtered by it.
        #expect(collapsed.facets.first?.counts == [FacetCount(value: "Russia", count: 4)])

        let all = try reader.search(request("interest rates") { $0.collapse = false; $0.facets = [.country] })
        #expect(all.total == 4)
        #expect(all.facets.first?.counts == [FacetCount(value: "Russia", count: 4)])
        let filtered = try reader.search(request("interest rates AND country:RU") { $0.collapse = false })
        #expect(filtered.total == 4)
        // With no hits asked for, a collapsed search still counts stories.
        let countOnly = try reader.search(request("interest rates") { $0.facets = [.country]; $0.limit = 0 })
        #expect(countOnly.total == 2 && countOnly.totalIsExact)
    }

    static let storyQueries = ["interest rates", #""interest rates""#, "rates OR cup", "", "rates NOT exports", "nothing", "rate*"]

    /// The daemon counts stories through its column of them; every other
    /// reader with a spy over every match. They agree, and an article with
    /// no story (indexed with stories off) counts as a story of its own:
    /// through the column too, which old indexes and story-less articles
    /// must not push off onto the spy.
    @Test func storiesCountedThroughTheColumnAgreeWithTheSpy() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("wire-1", "Rates on hold", Self.wire),
            article("wire-2", "Rates on hold", Self.wire),
            article("other", "Rates on hold elsewhere", "Another central bank kept interest rates on hold as exports rose."),
            article("cup", "Cup final", "The team won the cup final after extra time."),
        ])
        try compareStoryCounts(index, expected: ["interest rates": 2, "": 3, "rates OR cup": 3, "nothing": 0])
        try write(index, withoutStories: [article("wire-3", "Rates on hold", Self.wire)])
        try compareStoryCounts(index, expected: ["interest rates": 3, "": 4, "rates OR cup": 4])
    }

    /// The daemon collapses hits through its column, ranking a window of
    /// them uncollapsed; a window full of one story's copies is ranked
    /// again, wider. Its pages are the ones Xapian's own collapse gives.
    @Test func aWindowFullOfCopiesIsWidenedUntilThePageIsFull() throws {
        let index = try TemporaryIndex()
        try index.write((1...25).map { article("wire-\($0)", "Rates on hold", Self.wire) } + [
            article("other", "Rates on hold elsewhere", "Another central bank kept interest rates on hold as exports rose."),
            article("cup", "Cup final", "The team won the cup final after extra time, and rates of pay rose."),
        ])
        let plain = try index.reader()
        let columned = try index.reader(columns: FacetColumnCache())
        for query in ["interest rates", "rates", #""interest rates""#] {
            for (limit, offset) in [(1, 0), (1, 1), (2, 1), (3, 0), (10, 0), (1, 2), (0, 1)] {
                let a = try plain.search(request(query) { $0.limit = limit; $0.offset = offset })
                let b = try columned.search(request(query) { $0.limit = limit; $0.offset = offset })
                let what = "\(query) \(limit) \(offset)"
                #expect(a.hits.map(\.article.id) == b.hits.map(\.article.id), "\(what)")
                #expect(b.hits.map(\.rank) == Array(offset + 1 ..< offset + 1 + b.hits.count), "\(what)")
                #expect(a.hits.map(\.copies) == b.hits.map(\.copies), "\(what)")
                #expect(a.total == b.total && b.totalIsExact, "\(what)")
            }
        }
        // Three stories, one hit each, whichever the wire story's 25 copies rank among them.
        let page = try columned.search(request("rates") { $0.limit = 3 })
        #expect(page.hits.count == 3 && page.total == 3)
        #expect(page.hits.filter { $0.article.id.hasPrefix("wire-") }.count == 1)
        #expect(page.hits.first { $0.article.id.hasPrefix("wire-") }?.copies?.count == 24)
    }

    /// An index written with stories off has none at all: every match is a
    /// story of its own, so a collapsed total is the article total.
    @Test func storiesCountedThroughTheColumnWithNoStoriesAtAll() throws {
        let index = try TemporaryIndex()
        try write(index, withoutStories: [
            article("wire-1", "Rates on hold", Self.wire),
            article("wire-2", "Rates on hold", Self.wire),
            article("cup", "Cup final", "The team won the cup final after extra time."),
        ])
        try compareStoryCounts(index, expected: ["interest rates": 2, "": 3, "rates OR cup": 3, "nothing": 0])
    }

    private func write(_ index: TemporaryIndex, withoutStories articles: [StoredArticle]) throws {
        let writer = try IndexWriter(path: index.path)
        writer.features = []
        let builder = try DocumentBuilder(language: writer.language, features: [])
        for article in articles { try writer.replace(try builder.prepare(article)) }
        try writer.commit()
    }

    /// Collapsed totals and hits of a reader with the spy and one with the
    /// column agree (and match `expected`), and the column did the counting;
    /// not collapsed, the totals the daemon reads from posting lists agree
    /// with the ranked pass's.
    private func compareStoryCounts(_ index: TemporaryIndex, expected: [String: Int]) throws {
        let plain = try index.reader()
        let columned = try index.reader(columns: FacetColumnCache())
        for query in Self.storyQueries {
            let column = try #require(try columned.facetCounter.storyColumn())
            let parsed = try columned.parse(query)
            let counted = try columned.facetCounter.countStories(query: parsed, column: column, matcher: true)
            #expect(counted != nil, "the column did not count \(query)")
            if let total = expected[query] { #expect(counted == total, "\(query)") }
            let walkable = !query.contains("\"") && !query.contains("*")
            // Without the matcher, only posting lists count; the ranked pass counts the rest, alike.
            let walked = try columned.facetCounter.countStories(query: parsed, column: column, matcher: false)
            #expect(walked == (walkable ? counted : nil), "\(query)")
            let enquire = try XapianEnquire(database: columned.database)
            try enquire.setQuery(parsed)
            let ranked = try columned.rankCollapsing(enquire, column: column, offset: 0, limit: 1, countingStories: true)
            #expect(ranked.stories == counted, "\(query)")
            let matches = try columned.facetCounter.countMatches(query: columned.parse(query))
            #expect((matches != nil) == walkable, "\(query)")
            for collapse in [true, false] {
                for (limit, offset) in [(10, 0), (0, 0), (1, 1)] {
                    let a = try plain.search(request(query) { $0.limit = limit; $0.offset = offset; $0.collapse = collapse })
                    let b = try columned.search(request(query) { $0.limit = limit; $0.offset = offset; $0.collapse = collapse })
                    let what = "\(query) \(limit) \(offset) \(collapse)"
                    #expect(a.total == b.total && a.totalIsExact && b.totalIsExact, "\(what)")
                    #expect(a.hits.map(\.article.id) == b.hits.map(\.article.id), "\(what)")
                    #expect(a.hits.map(\.snippet) == b.hits.map(\.snippet), "\(what)")
                    if collapse, let total = expected[query] { #expect(b.total == total, "\(query)") }
                    if !collapse, let matches { #expect(b.total == matches, "\(what)") }
                }
            }
        }
    }

    @Test func copiesArrivingInALaterRunJoinTheStory() throws {
        let index = try TemporaryIndex()
        try index.write([article("first", "Rates on hold", Self.wire)])
        try index.write([article("later", "Rates on hold", Self.wire), article("else", "Cup final", "The team won the cup final after extra time.")])
        let result = try index.reader().search(request("rates"))
        #expect(result.total == 1)
        #expect(result.hits.first?.copies?.count == 1)
        // Removing a copy leaves the story its other copy.
        let writer = try IndexWriter(path: index.path)
        #expect(try writer.remove(id: "first"))
        try writer.commit()
        let after = try index.reader().search(request("rates"))
        #expect(after.hits.map(\.article.id) == ["later"])
        #expect(after.hits.first?.copies == nil)
    }

    /// Copies join the story of the first article, whichever copy is
    /// removed; an article removed from the table is no one's copy any more.
    @Test func theStoryTableKeepsStoriesThroughRemovals() throws {
        let table = StoryTable()
        func sign(_ id: String, _ body: String = Self.wire) throws -> StorySignature {
            try #require(StorySignature(id: id, title: "Rates on hold", body: body))
        }
        #expect(table.assign(try sign("a"), id: "a") == StoryTable.ownStory("a"))
        #expect(table.assign(try sign("b"), id: "b") == StoryTable.ownStory("a"))
        #expect(table.assign(try sign("c"), id: "c") == StoryTable.ownStory("a"))
        let other = "The team won the cup final after extra time, and the fans ran onto the pitch to celebrate the win."
        #expect(table.assign(try sign("d", other), id: "d") == StoryTable.ownStory("d"))
        #expect(table.count == 4)
        // The founder and one copy go: the last copy still holds the story.
        table.remove(id: "a")
        table.remove(id: "b")
        #expect(table.assign(try sign("e"), id: "e") == StoryTable.ownStory("a"))
        table.remove(id: "c")
        table.remove(id: "e")
        #expect(table.assign(try sign("f"), id: "f") == StoryTable.ownStory("f"))
        // Re-assigning an article replaces its entry rather than adding one.
        #expect(table.assign(try sign("f"), id: "f") == StoryTable.ownStory("f"))
        #expect(table.count == 2)
    }

    @Test func shortTemplatesUnderDifferentHeadlinesAreDifferentStories() throws {
        let notice = "Qtly div 11 cts vs 11 cts prior Pay June 15 Record May 15"
        let a = try #require(StorySignature(id: "a", title: "MILTON ROY CO SETS QUARTERLY", body: notice))
        let b = try #require(StorySignature(id: "b", title: "MILTON ROY CO SETS REGULAR DIVIDEND", body: notice))
        let c = try #require(StorySignature(id: "c", title: "UNIVERSITY BANK AND TRUST CO DIVIDEND", body: notice))
        let d = try #require(StorySignature(id: "d", title: "MILTON ROY CO SETS QUARTERLY",
                                            body: "Qtly div 12 cts vs 12 cts prior Pay July 15 Record June 15"))
        #expect(a.isCopy(of: b))
        #expect(!a.isCopy(of: c))
        #expect(!a.isCopy(of: d))
        let long = try #require(StorySignature(id: "x", title: "One", body: Self.wire))
        let edited = try #require(StorySignature(id: "y", title: "Another headline", body: Self.wire + " Markets were calm."))
        #expect(long.isCopy(of: edited))
        #expect(StorySignature(encoded: long.encoded()) == long)
        #expect(StorySignature(id: "z", title: "t", body: "too short") == nil)
    }

    // MARK: dates

    @Test func datesNarrowAndOrder() throws {
        let index = try TemporaryIndex()
        try index.write(Self.corpus())
        let reader = try index.reader()
        let oldest = try reader.search(request("") { $0.sort = .oldest })
        #expect(oldest.hits.map(\.article.id) == ["soviet", "grain", "putin", "hall"])
        let newest = try reader.search(request("") { $0.sort = .date })
        #expect(newest.hits.map(\.article.id) == ["hall", "putin", "grain", "soviet"])
        let since = try reader.search(request("") { $0.since = "20240225"; $0.sort = .oldest })
        #expect(since.hits.map(\.article.id) == ["putin", "hall"])
        let until = try reader.search(request("") { $0.until = "20240220"; $0.sort = .oldest })
        #expect(until.hits.map(\.article.id) == ["soviet", "grain"])
        let both = try reader.search(request("ukraine") { $0.since = "20240201"; $0.until = "20240229" })
        #expect(both.hits.map(\.article.id) == ["grain"])
    }
}
