import Foundation
import GazetteEntities
import GazetteIndex
import Testing

/// Saved searches checked against the articles a commit wrote: the
/// percolator skips searches by their required terms and decides boolean
/// ones from the articles' terms, yet finds exactly what each search finds.
@Suite struct AlertMatcherTests {
    static let france = Country(code: "FR", name: "France")
    static let germany = Country(code: "DE", name: "Germany")
    static let kenya = Country(code: "KE", name: "Kenya")
    static let nigeria = Country(code: "NG", name: "Nigeria")

    /// One saved search of each kind the query language has. The filters,
    /// ranges, wildcards and pure NOT have no plain words to skip them by.
    static let searches: [String: String] = [
        "word": "lava",
        "and": "lava AND crater",
        "or": "earthquake OR wheat",
        "phrase": "\"lava flow\"",
        "not": "NOT lava",
        "minus": "island -crater",
        "xor": "lava XOR volcano",
        "wildcard": "volcan*",
        "dates": "date:1987-03-01..1987-03-31",
        "country": "country:france",
        "region": "region:\"western europe\"",
        "mentions": "mentions:germany",
        "actor": "actor:putin",
        "unknown-actor": "actor:\"zed nobody\"",
        "title": "title:markets",
        "words-and-filter": "shares AND country:france",
        "absent": "zebra",
        "absent-together": "country:nigeria AND lava",
    ]

    static let batch = [
        article("n1", "Lava flow reaches the sea", "the volcano erupted near the island village",
                date: "19870305", actors: ["Vladimir Putin"], countries: [kenya]),
        article("n2", "Markets rally", "shares rose on Friday in Paris", date: "19870401",
                countries: [france], mentions: [france, germany]),
        article("n3", "Earthquake shakes the island", "lava seen near the crater; volcanologists worried",
                date: "19870320", actors: ["Zed Nobody"], countries: [germany]),
        article("n4", "Grain talks", "wheat and grain exports", countries: [nigeria]),
        // Written before, changed now: checked again.
        article("o1", "Lava museum closes", "the lava museum shut its doors", date: "19870210", countries: [france]),
    ]

    /// An index with articles written before, the saved searches (and one
    /// saved without a check that no longer parses), then the batch written
    /// by a writer that tracks it: the docids it wrote.
    func indexWithBatch() throws -> (TemporaryIndex, [UInt32]) {
        let index = try TemporaryIndex()
        try index.write([
            article("o1", "Lava museum opens", "an old story about lava", date: "19870210", countries: [Self.france]),
            article("o2", "Volcano film", "a film about a volcano and lava", countries: [Self.germany]),
        ])
        let writer = try IndexWriter(path: index.path)
        writer.tracksWrittenDocuments = true
        for (name, query) in Self.searches { try writer.save(SavedSearch(name: name, query: query)) }
        try writer.save(SavedSearch(name: "broken", query: "lava AND"))
        let builder = try DocumentBuilder(language: writer.language)
        for article in Self.batch { try writer.replace(try builder.prepare(article)) }
        try writer.commit()
        return (index, writer.takeWritten())
    }

    @Test func everyKindOfSearchFindsWhatTheSearchFinds() throws {
        let (index, written) = try indexWithBatch()
        let reader = try index.reader()
        let matcher = SavedSearchMatcher()
        let found = try matcher.matches(among: written, reader: reader)
        let batchIDs = Set(Self.batch.map(\.id))
        var expected: [String] = []
        for (name, query) in Self.searches {
            let hits = try reader.search(SearchRequest(query: query, limit: 100, snippets: false, collapse: false)).hits
            expected += hits.map(\.article.id).filter(batchIDs.contains).map { "\(name) \($0)" }
        }
        let pairs = found.map { "\($0.alert) \($0.id)" }
        #expect(pairs.sorted() == expected.sorted())
        #expect(Set(pairs).count == pairs.count, "an alert fires once per article")
        // Every kind fires (the test would prove nothing otherwise), with the article's title.
        for name in Self.searches.keys where !name.hasPrefix("absent") {
            #expect(pairs.contains { $0.hasPrefix(name + " ") }, "\(name) did not fire")
        }
        #expect(pairs.contains("phrase n1") && !pairs.contains("phrase n3"))
        #expect(pairs.contains("unknown-actor n3") && pairs.contains("region o1") && pairs.contains("not n2"))
        #expect(found.first { $0.id == "n2" }?.title == "Markets rally")
        #expect(!pairs.contains { $0.hasPrefix("broken ") || $0.hasPrefix("absent") })
    }

    @Test func searchesAreSkippedByTheirTermsAndParsedOnce() throws {
        let (index, written) = try indexWithBatch()
        let reader = try index.reader()
        let matcher = SavedSearchMatcher()
        _ = try matcher.matches(among: written, reader: reader)
        let first = matcher.lastWork
        #expect(first.searches == Self.searches.count)  // "broken" does not parse
        #expect(first.parsed == Self.searches.count)
        // Only "absent" names a term no new article holds; "absent-together" is a candidate (one
        // article is about Nigeria, others hold lava) that the articles' own terms then rule out.
        #expect(first.candidates == Self.searches.count - 1)
        // Only the phrase, the wildcard and the date range need Xapian's matcher.
        #expect(first.matcherRuns == 3)

        // Nothing changed: only the actor the gazetteer does not know (looked up in the index) is parsed again.
        let again = try matcher.matches(among: written, reader: reader)
        #expect(matcher.lastWork.parsed == 1)
        #expect(again.count == (try SavedSearchMatcher().matches(among: written, reader: reader)).count)

        // A document none of whose words a search names makes no candidate but the term-less ones.
        let n4 = try #require(reader.search(SearchRequest(query: "id:n4", snippets: false)).hits.first?.docid)
        let grain = try matcher.matches(among: [n4], reader: reader).map(\.alert).sorted()
        #expect(grain == ["not", "or"])
        #expect(matcher.lastWork.candidates < Self.searches.count / 2)
    }

    @Test func aChangedSearchIsParsedAgain() throws {
        let (index, written) = try indexWithBatch()
        let matcher = SavedSearchMatcher()
        _ = try matcher.matches(among: written, reader: try index.reader())
        let writer = try IndexWriter(path: index.path)
        try writer.save(SavedSearch(name: "word", query: "grain"))
        try writer.commit()
        let reader = try index.reader()
        let found = try matcher.matches(among: written, reader: reader).filter { $0.alert == "word" }.map(\.id)
        #expect(matcher.lastWork.parsed == Self.searches.count)
        #expect(found == ["n4"])
    }
}
