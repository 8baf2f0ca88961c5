import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import Testing

/// The timeline (`--facet date`) and regions (`--facet region`, `region:`):
/// every count equals the total of the same query with its bucket's or
/// area's filter.
@Suite struct TimePlaceTests {
    /// About `count` dated Reuters articles spread over the corpus (it runs
    /// from February to October 1987, in date order), and two without a date.
    static func reutersArticles(_ count: Int) throws -> [StoredArticle] {
        let path = TemporaryIndex.repository + "/../shared/corpora/reuters/articles.jsonl"
        let all = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"))
        let step = max(1, all.count / count)
        let lines = stride(from: 0, to: all.count, by: step).prefix(count).map { all[$0] }
        let parsed = try ArticleParser.parse(bytes: Array(lines.joined(separator: [UInt8(ascii: "\n")])),
                                             format: .jsonLines, fileID: "reuters.jsonl")
        var articles = parsed.articles.map { StoredArticle(article: $0, path: nil, entities: Entities()) }
        articles.append(article("undated-1", "Oil prices", "oil trade without a date"))
        articles.append(article("undated-2", "Wheat", "wheat trade without a date"))
        return articles
    }

    func expectBucketsMatchDateRanges(_ reader: IndexReader, query: String, granularity: DateGranularity?) throws {
        // Buckets count articles, copies of a story included, as every facet does: so do these totals.
        let result = try reader.search(SearchRequest(query: query, limit: 0, collapse: false, timeline: .some(granularity)))
        let timeline = try #require(result.timeline)
        #expect(!timeline.buckets.isEmpty)
        if let granularity { #expect(timeline.granularity == granularity) }
        #expect(timeline.buckets.map(\.first) == timeline.buckets.map(\.first).sorted())
        var dated = 0
        for bucket in timeline.buckets {
            let filter = "date:\(bucket.first)..\(bucket.last)"
            let filtered = try reader.search(SearchRequest(query: query.isEmpty ? filter : "(\(query)) AND \(filter)",
                                                           limit: 0, collapse: false))
            #expect(filtered.total == bucket.count, "\(query) \(bucket.label)")
            dated += bucket.count
        }
        #expect(dated + timeline.undated == result.total)
    }

    @Test func timelineCountsEqualTheTotalsOfDateRanges() throws {
        let index = try TemporaryIndex()
        try index.write(try Self.reutersArticles(1500))
        let reader = try index.reader()
        for query in ["", "oil", "trade AND wheat"] {
            try expectBucketsMatchDateRanges(reader, query: query, granularity: nil)
        }
        try expectBucketsMatchDateRanges(reader, query: "oil", granularity: .day)
        try expectBucketsMatchDateRanges(reader, query: "oil", granularity: .year)
        // Reuters spans months: the buckets chosen are months; the two undated articles are counted apart.
        let all = try #require(try reader.search(SearchRequest(query: "", limit: 0, timeline: .some(nil))).timeline)
        #expect(all.granularity == .month)
        #expect(all.undated == 2)
    }

    @Test func timelineIsTheSameOnShards() throws {
        let articles = try Self.reutersArticles(600)
        let whole = try TemporaryIndex()
        try whole.write(articles)
        let first = try TemporaryIndex()
        let second = try TemporaryIndex()
        try first.write(Array(articles.prefix(300)))
        try second.write(Array(articles.dropFirst(300)))
        let sharded = try IndexReader(path: first.path, shards: [second.path], gazetteer: first.gazetteer)
        for query in ["", "oil"] {
            let request = SearchRequest(query: query, limit: 0, timeline: .some(.day))
            #expect(try sharded.search(request).timeline == (try whole.reader().search(request).timeline))
        }
    }

    static let france = Country(code: "FR", name: "France")
    static let germany = Country(code: "DE", name: "Germany")
    static let britain = Country(code: "GB", name: "United Kingdom")
    static let kenya = Country(code: "KE", name: "Kenya")
    static let nigeria = Country(code: "NG", name: "Nigeria")
    static let sovietUnion = Country(code: "SUHH", name: "Soviet Union")

    func areas(_ counts: [RegionCount]) -> [RegionCount] {
        counts.flatMap { [$0] + areas($0.parts) }
    }

    @Test func regionCountsEqualTheirFiltersTotals() throws {
        let index = try TemporaryIndex()
        try index.write([
            article("a1", "Summit", "talks", countries: [Self.france, Self.germany]),
            article("a2", "Vote", "talks", countries: [Self.britain]),
            article("a3", "Aid", "talks", countries: [Self.kenya, Self.france]),
            article("a4", "Oil", "talks", countries: [Self.nigeria], mentions: [Self.nigeria, Self.france]),
            article("a5", "Grain", "talks", countries: [Self.sovietUnion]),
            article("a6", "Nothing", "talks"),
        ])
        let reader = try index.reader()
        let counts = try #require(try reader.search(SearchRequest(query: "talks", limit: 0, facetLimit: 50,
                                                                  regions: true)).regions)
        for area in areas(counts) {
            let filter = area.code.allSatisfy(\.isNumber) ? "region:\(area.code)" : "country:\(area.code)"
            #expect(try reader.search(SearchRequest(query: "talks AND \(filter)", limit: 0, collapse: false)).total == area.count,
                    "\(area.name)")
        }
        let europe = try #require(counts.first { $0.name == "Europe" })
        // France and Germany in one article count once for Western Europe and once for Europe.
        #expect(europe.count == 4)
        #expect(europe.parts.first { $0.name == "Western Europe" }?.count == 2)
        #expect(europe.parts.first { $0.name == "Eastern Europe" }?.parts.map(\.name) == ["Soviet Union"])
        #expect(counts.first { $0.name == "Africa" }?.count == 2)
        #expect(!counts.contains { $0.count == 0 })
        #expect(try index.search("region:\"western europe\"").total == 2)
        #expect(try index.search("region:europe").total == 4)
        // Regions follow the tiers: a4 only mentions France.
        #expect(try index.search("mentions:\"western europe\"").total == 1)
        #expect(try index.search("region:atlantis").total == 0)
    }

    @Test func regionCountsAreTheSumsOfTheirCountriesWhenEachArticleHasOneCountryPerRegion() throws {
        let index = try TemporaryIndex()
        let single: [Country] = [Self.france, Self.germany, Self.britain, Self.kenya, Self.nigeria]
        try index.write((0..<40).map { i in
            // One European and, every third article, one African country: never two of one region.
            var countries = [single[i % 3]]
            if i % 3 == 0 { countries.append(single[3 + i % 2]) }
            return article("s\(i)", "Story \(i)", "market", countries: countries)
        })
        let counts = try #require(try index.reader().search(SearchRequest(query: "market", limit: 0, facetLimit: 50,
                                                                          regions: true)).regions)
        for region in counts {
            #expect(region.count == region.parts.map(\.count).reduce(0, +), "\(region.name)")
            for sub in region.parts {
                #expect(sub.count == sub.parts.map(\.count).reduce(0, +), "\(sub.name)")
            }
        }
        #expect(counts.map(\.count).reduce(0, +) == 40 + 14)
    }
}
