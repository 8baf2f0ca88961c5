import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import Testing

/// Facet counts are exact for every value, whichever way they are counted:
/// a value's count is the total of the query filtered by it.
@Suite struct FacetTests {
    static let russia = Country(code: "RU", name: "Russia")
    static let ukraine = Country(code: "UA", name: "Ukraine")
    static let japan = Country(code: "JP", name: "Japan")

    /// Every way a reader can be told to count, by name: the cheapest
    /// without a column (packed values, or term frequencies for the whole
    /// index), the daemon's (a column), the shard-safe fallback, and each
    /// strategy forced.
    static func readers(_ index: TemporaryIndex) throws -> [(String, IndexReader)] {
        [
            ("automatic", try index.reader()),
            ("column", try index.reader(columns: FacetColumnCache())),
            ("portable", try index.reader(counting: .portable)),
            ("packed values", try index.reader(counting: .only(.packedValues))),
            ("value counts", try index.reader(counting: .only(.valueCounts))),
        ]
    }

    /// Counts by brute force: a value's key (its filter term) counts each
    /// article once and shows the label seen most often (ties: the smaller).
    static func expected(_ articles: [StoredArticle], _ values: (StoredArticle) -> [(key: String, label: String)])
        -> [String: Int] {
        var totals: [String: Int] = [:]
        var labels: [String: [String: Int]] = [:]
        for article in articles {
            var seen = Set<String>()
            for (key, label) in values(article) where seen.insert(key).inserted {
                totals[key, default: 0] += 1
                labels[key, default: [:]][label, default: 0] += 1
            }
        }
        var out: [String: Int] = [:]
        for (key, total) in totals {
            let shown = labels[key]!.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }[0].key
            out[shown] = total
        }
        return out
    }

    static func actorValues(_ article: StoredArticle) -> [(key: String, label: String)] {
        article.actors.map { (Names.key($0), $0) }
    }

    static func countryValues(_ article: StoredArticle) -> [(key: String, label: String)] {
        article.countries.map { ($0.code.lowercased(), $0.name) }
    }

    static func dictionary(_ counts: [FacetCount]?) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: (counts ?? []).map { ($0.value, $0.count) })
    }

    /// A filter query that finds the articles holding a facet's value.
    static func filter(_ facet: Facet, _ label: String) -> String {
        "\(facet.name):\"\(label)\""
    }

    /// A small corpus with a pseudo-random mix; one actor is written in two
    /// cases (one key, one filter term, two labels).
    func corpus(size: Int) -> [StoredArticle] {
        let actors = ["Vladimir Putin", "James Baker", "International Monetary Fund", "ISIS-K", "Yasuhiro Nakasone",
                      "Zorblat Holdings", "ZORBLAT HOLDINGS", "Quillon Varga"]
        let countries = [Self.russia, Self.ukraine, Self.japan, Country(code: "FR", name: "France")]
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<size).map { i in
            let a = Array(Set((0..<next(5)).map { _ in actors[next(actors.count)] })).sorted()
            let c = Array(Set((0..<next(4)).map { _ in countries[next(countries.count)] })).sorted { $0.code < $1.code }
            let words = ["alpha text", "beta text", "gamma words", "alpha beta"][next(4)]
            return article("d\(i)", "Report \(i % 7 == 0 ? "summit" : "notes") \(i)", words,
                           date: i % 2 == 0 ? "2024-0\(1 + i % 9)-15" : nil, actors: a, countries: c, mentions: c)
        }
    }

    @Test func countsEqualFilteredTotalsAndABruteForceCountForEveryValue() throws {
        let index = try TemporaryIndex()
        let articles = corpus(size: 260)
        try index.write(articles)
        // Query text, and which articles it finds.
        let queries: [(String, (StoredArticle) -> Bool)] = [
            ("", { _ in true }),
            ("alpha", { $0.body.contains("alpha") }),
            ("beta OR gamma", { $0.body.contains("beta") || $0.body.contains("gamma") }),
            ("text -beta", { $0.body.contains("text") && !$0.body.contains("beta") }),
            ("\"alpha text\"", { $0.body == "alpha text" }),
            ("country:RU", { $0.countries.contains(Self.russia) }),
            ("alpha AND country:ua", { $0.body.contains("alpha") && $0.countries.contains(Self.ukraine) }),
            ("date:2024-01-01..2024-04-30", { ($0.date?.compact ?? "9") <= "20240430" }),
            ("title:summit", { $0.title.contains("summit") }),
        ]
        for (name, reader) in try Self.readers(index) {
            for (query, matches) in queries {
                let matching = articles.filter(matches)
                let result = try reader.search(SearchRequest(query: query, limit: 3, facets: [.actor, .country],
                                                             facetLimit: 1000))
                #expect(result.total == matching.count, "\(name): \(query)")
                #expect(result.totalIsExact)
                #expect(result.hits.count == min(3, matching.count))
                let facets = Dictionary(uniqueKeysWithValues: result.facets.map { ($0.facet, $0.counts) })
                #expect(Self.dictionary(facets[.actor]) == Self.expected(matching, Self.actorValues), "\(name): \(query)")
                #expect(Self.dictionary(facets[.country]) == Self.expected(matching, Self.countryValues), "\(name): \(query)")
                for (facet, counts) in facets {
                    for value in counts {
                        let filtered = query.isEmpty ? Self.filter(facet, value.value)
                            : "(\(query)) AND \(Self.filter(facet, value.value))"
                        let total = try reader.search(SearchRequest(query: filtered, limit: 0)).total
                        #expect(total == value.count, "\(name): \(filtered)")
                    }
                }
            }
        }
    }

    @Test func eachReaderCountsTheWayItSays() throws {
        let index = try TemporaryIndex()
        try index.write(corpus(size: 40))
        func way(_ reader: IndexReader, _ query: String) throws -> (FacetStrategy?, FacetMatchSource?) {
            let result = try reader.search(SearchRequest(query: query, limit: 1, facets: [.country]))
            return (result.facetStrategy, result.facetSource)
        }
        let plain = try index.reader()
        #expect(try way(plain, "") == (.termFrequencies, .wholeIndex))
        #expect(try way(plain, "alpha") == (.packedValues, .matcher))
        let daemon = try index.reader(columns: FacetColumnCache())
        #expect(try way(daemon, "") == (.column, .wholeIndex))
        #expect(try way(daemon, "alpha OR beta -gamma country:ru") == (.column, .postingLists))
        #expect(try way(daemon, "\"alpha text\"") == (.column, .matcher))
        let portable = try index.reader(counting: .portable)
        #expect(try way(portable, "") == (.termFrequencies, .wholeIndex))
        #expect(try way(portable, "alpha") == (.valueCounts, .matcher))
        #expect(try plain.search(SearchRequest(query: "alpha", limit: 1)).facetStrategy == nil)
        let forced = try index.reader(counting: .only(.termFrequencies))
        #expect(throws: IndexError.self) { try forced.search(SearchRequest(query: "alpha", facets: [.actor])) }
    }

    @Test func anArticleNamingThirtyCountriesAndFortyActorsIsCountedAndFoundForEachOne() throws {
        let index = try TemporaryIndex()
        let countries = index.gazetteer.allCountries.filter { index.gazetteer.country(matching: $0.name)?.code == $0.code }
        let thirty = Array(countries.prefix(30))
        try #require(thirty.count == 30)
        let forty = (1...40).map { "Delegate Number \($0) Orvanne" }
        let crowded = article("crowded", "Summit of many", "delegates everywhere", actors: forty, countries: thirty,
                              mentions: thirty)
        let others = [article("o1", "Other", "delegates at home", actors: [forty[0]], countries: [thirty[29]]),
                      article("o2", "Quiet", "nothing here")]
        try index.write([crowded] + others)
        for (name, reader) in try Self.readers(index) {
            for query in ["", "delegates"] {
                let result = try reader.search(SearchRequest(query: query, limit: 0, facets: [.actor, .country],
                                                             facetLimit: 100))
                let facets = Dictionary(uniqueKeysWithValues: result.facets.map { ($0.facet, $0.counts) })
                let actors = Self.dictionary(facets[.actor])
                #expect(actors.count == 40, "\(name): \(query)")
                #expect(Set(actors.keys) == Set(forty))
                #expect(actors[forty[0]] == 2 && actors[forty[39]] == 1, "\(name): \(query)")
                let named = Self.dictionary(facets[.country])
                #expect(Set(named.keys) == Set(thirty.map(\.name)), "\(name): \(query)")
                #expect(named[thirty[29].name] == 2 && named[thirty[0].name] == 1, "\(name): \(query)")
            }
        }
        let reader = try index.reader()
        for actor in forty {
            #expect(try reader.search(SearchRequest(query: Self.filter(.actor, actor))).hits.map(\.article.id).first
                    == "crowded", "\(actor)")
        }
        for country in thirty {
            #expect(try reader.search(SearchRequest(query: "country:\(country.code)")).hits.map(\.article.id)
                .contains("crowded"), "\(country.name)")
        }
    }

    @Test func localShardsCountLikeTheSingleIndex() throws {
        let articles = corpus(size: 150)
        let single = try TemporaryIndex()
        try single.write(articles)
        let shards = try (0..<3).map { _ in try TemporaryIndex() }
        for (i, shard) in shards.enumerated() {
            try shard.write(articles.enumerated().filter { $0.offset % 3 == i }.map(\.element))
        }
        let countings: [FacetCounting] = [.automatic, .portable, .only(.packedValues), .only(.valueCounts)]
        for query in ["", "alpha", "beta OR gamma", "\"alpha text\"", "country:jp"] {
            let request = SearchRequest(query: query, limit: 5, facets: [.actor, .country], facetLimit: 1000)
            let expected = try single.reader().search(request)
            for counting in countings {
                let sharded = try IndexReader(path: shards[0].path, shards: shards.dropFirst().map(\.path),
                                              gazetteer: single.gazetteer, facetCounting: counting,
                                              columns: FacetColumnCache())
                let result = try sharded.search(request)
                #expect(result.total == expected.total, "\(counting): \(query)")
                for (mine, theirs) in zip(result.facets, expected.facets) {
                    #expect(mine.facet == theirs.facet)
                    #expect(mine.counts == theirs.counts, "\(counting): \(query) \(mine.facet.name)")
                }
            }
        }
    }

    @Test func tiesBreakByNameAndTheLimitCutsTheSameList() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("1", "A", "text", actors: ["Vesna Kolar", "Arno Brill", "Milo Tasch"], countries: [Self.japan, Self.russia]),
            article("2", "B", "text", actors: ["Milo Tasch", "Arno Brill"], countries: [Self.ukraine]),
            article("3", "C", "text", actors: ["Vesna Kolar", "Milo Tasch"], countries: [Self.japan]),
        ])
        for (name, reader) in try Self.readers(index) {
            for query in ["", "text"] {
                let all = try reader.search(SearchRequest(query: query, facets: [.actor, .country], facetLimit: 10))
                #expect(all.facets[0].counts.map(\.value) == ["Milo Tasch", "Arno Brill", "Vesna Kolar"], "\(name)")
                #expect(all.facets[1].counts.map(\.value) == ["Japan", "Russia", "Ukraine"], "\(name)")
                let two = try reader.search(SearchRequest(query: query, facets: [.actor], facetLimit: 2))
                #expect(two.facets[0].counts == Array(all.facets[0].counts.prefix(2)), "\(name)")
                let none = try reader.search(SearchRequest(query: query, facets: [.actor], facetLimit: 0))
                #expect(none.facets[0].counts.isEmpty && none.total == 3)
            }
        }
    }

    @Test func anIndexInAnotherLayoutIsRefusedWithTheReason() throws {
        let index = try TemporaryIndex()
        try index.write([article("1", "A", "text")])
        let writer = try IndexWriter(path: index.path)
        try writer.setMetadata(Schema.schemaKey, "1")
        try writer.commit()
        let error = #expect(throws: IndexError.self) { try index.reader() }
        #expect(error?.code == .versionMismatch)
        #expect(error?.message.contains("layout 1") == true)
    }

    /// Layout 2 kept each value in a rank slot as well, which nothing reads
    /// now: its indexes are searched and counted as they are, and the first
    /// writer stamps them with this layout.
    @Test func anIndexInLayoutTwoIsCountedAndItsWriterStampsThisLayout() throws {
        let index = try TemporaryIndex()
        try index.write([article("1", "A", "text", actors: ["Milo Tasch"], countries: [Self.japan]),
                         article("2", "B", "text", actors: ["Milo Tasch", "Arno Brill"], countries: [Self.russia])])
        do {
            let writer = try IndexWriter(path: index.path)
            try writer.setMetadata(Schema.schemaKey, "2")
            try writer.commit()
        }
        for (name, reader) in try Self.readers(index) {
            #expect(try reader.metadata(Schema.schemaKey) == "2")
            let result = try reader.search(SearchRequest(query: "text", facets: [.actor], facetLimit: 10))
            #expect(Self.dictionary(result.facets.first?.counts) == ["Milo Tasch": 2, "Arno Brill": 1], "\(name)")
        }
        do {
            let writer = try IndexWriter(path: index.path)
            try writer.commit()
        }
        #expect(try index.reader().metadata(Schema.schemaKey) == Schema.version)
        #expect(Schema.version != "2")
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
