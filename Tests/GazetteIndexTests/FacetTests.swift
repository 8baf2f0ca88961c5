import Foundation
import GazetteEntities
import GazetteIndex
import Testing

@Suite struct FacetTests {
    static let russia = Country(code: "RU", name: "Russia")
    static let ukraine = Country(code: "UA", name: "Ukraine")
    static let japan = Country(code: "JP", name: "Japan")

    /// A small corpus with known actors and countries, with a pseudo-random mix.
    func corpus(size: Int) -> [StoredArticle] {
        let actors = ["Vladimir Putin", "James Baker", "International Monetary Fund", "ISIS-K", "Yasuhiro Nakasone"]
        let countries = [Self.russia, Self.ukraine, Self.japan]
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<size).map { i in
            let a = Array(Set((0..<next(4)).map { _ in actors[next(actors.count)] })).sorted()
            let c = Array(Set((0..<next(3)).map { _ in countries[next(countries.count)] })).sorted { $0.code < $1.code }
            let word = i % 3 == 0 ? "alpha" : "beta"
            return article("d\(i)", "Report \(i)", "\(word) text", actors: a, countries: c, mentions: c)
        }
    }

    @Test func facetCountsEqualABruteForceCountOverTheWholeMatchSet() throws {
        let index = try TemporaryIndex()
        let articles = corpus(size: 240)
        try index.write(articles)
        for query in ["", "alpha", "beta"] {
            let result = try index.reader().search(SearchRequest(query: query, limit: 3, facets: [.actor, .country],
                                                                 facetLimit: 100))
            let matching = articles.filter { query.isEmpty || $0.body.hasPrefix(query) }
            #expect(result.total == matching.count)
            #expect(result.hits.count == 3)
            var actorCounts: [String: Int] = [:]
            var countryCounts: [String: Int] = [:]
            for a in matching {
                for actor in a.actors { actorCounts[actor, default: 0] += 1 }
                for country in a.countries { countryCounts[country.name, default: 0] += 1 }
            }
            let facets = Dictionary(uniqueKeysWithValues: result.facets.map { ($0.facet, $0.counts) })
            #expect(Dictionary(uniqueKeysWithValues: (facets[.actor] ?? []).map { ($0.value, $0.count) }) == actorCounts)
            #expect(Dictionary(uniqueKeysWithValues: (facets[.country] ?? []).map { ($0.value, $0.count) }) == countryCounts)
            let counts = (facets[.actor] ?? []).map(\.count)
            #expect(counts == counts.sorted(by: >))
        }
    }

    @Test func filtersMatchActorsAndCountries() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("1", "A", "text", actors: ["Vladimir Putin"], countries: [Self.russia], mentions: [Self.russia, Self.ukraine]),
            article("2", "B", "text", actors: ["James Baker"], countries: [Self.japan, Self.russia], mentions: [Self.japan, Self.russia]),
            article("3", "C", "text", actors: ["Howard Baker", "James Smith"], countries: [Self.ukraine], mentions: [Self.ukraine]),
        ])
        func ids(_ query: String) throws -> [String] { try index.search(query).hits.map(\.article.id).sorted() }
        #expect(try ids(#"actor:"Vladimir Putin""#) == ["1"])
        #expect(try ids("actor:putin") == ["1"])
        #expect(try ids("actor:PUTIN") == ["1"])
        #expect(try ids("actor:baker") == ["2", "3"])
        #expect(try ids(#"actor:"james baker""#) == ["2"])
        #expect(try ids("country:RU") == ["1", "2"])
        #expect(try ids("country:ru country:jp") == ["2"])
        #expect(try ids("country:ua OR country:jp") == ["2", "3"])
        #expect(try ids("country:UA") == ["3"])
        #expect(try ids("mentions:UA") == ["1", "3"])
        #expect(try ids("text country:RU -actor:putin") == ["2"])
        #expect(try ids("country:zz") == [])
    }
}
