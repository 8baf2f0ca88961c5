import Foundation
import GazetteClient
import GazetteDaemon
import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// The daemon counts facets through in-memory columns: its counts equal
/// those of a reader opened directly, and follow every commit.
@Suite struct FacetDaemonTests {
    static let countries = ["France", "Germany", "Japan", "Brazil", "Kenya", "Canada"]

    /// Inline articles naming a few countries each, in a fixed mix.
    static func articles(from start: Int, count: Int) -> [ArticleInput] {
        (start..<(start + count)).map { i in
            let named = (0..<(1 + i % 3)).map { countries[(i * 7 + $0 * 5) % countries.count] }
            let word = i % 2 == 0 ? "trade" : "weather"
            return ArticleInput(id: "wire-\(i)", title: "\(named[0]) \(word) report",
                                body: "Officials in \(named.joined(separator: " and ")) discussed \(word) on Monday.")
        }
    }

    /// Every article counts: these short bodies are copies of a few stories, collapsed by default.
    func search(_ socket: String, _ query: String) async throws -> SearchResponse {
        try await DaemonClient.withConnection(socketPath: socket) { c throws(ClientError) in
            try await c.call(SearchMethod.self, SearchParams(query: query, limit: 1, facets: ["country", "actor"],
                                                             facetLimit: 100, snippets: false, collapse: false))
        }
    }

    @Test func daemonCountsEqualDirectCountsAndFollowEachCommit() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        var indexed = 0
        for batch in [24, 17] {
            let articles = Self.articles(from: indexed, count: batch)
            indexed += batch
            _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
                try await c.call(IndexMethod.self, IndexParams(articles: articles))
            }
            for query in ["", "trade", "trade OR weather", "\"weather report\"", "country:japan"] {
                let served = try await search(daemon.socket, query)
                let direct = try daemon.host.local.search(SearchParams(query: query, limit: 1, facets: ["country", "actor"],
                                                                       facetLimit: 100, snippets: false, collapse: false))
                #expect(served.total == direct.total, "\(query) after \(indexed)")
                #expect(served.facets == direct.facets, "\(query) after \(indexed)")
                if query.isEmpty {
                    #expect(served.total == indexed)
                    #expect(served.facets?["country"]?.reduce(0) { $0 + $1.count } ?? 0 >= indexed)
                }
            }
        }
        #expect(daemon.host.facetColumns.memoryBytes > 0)
        try await daemon.stop()
    }
}
