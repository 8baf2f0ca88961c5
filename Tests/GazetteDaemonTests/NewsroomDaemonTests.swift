import Foundation
import GazetteClient
import GazetteProtocol
import Testing

/// The `similar` method and the newsroom search params over a real socket.
@Suite struct NewsroomDaemonTests {
    /// Articles sent inline get countries' canonical terms as files do: a
    /// first index of them searches a country by its term, not its names' phrases.
    @Test func inlineArticlesCarryCountriesCanonicalTerms() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(IndexMethod.self, IndexParams(articles: [
                ArticleInput(id: "bonn", title: "Exports", body: "West Germany's exports rose in March."),
                ArticleInput(id: "paris", title: "Wine", body: "French vineyards had a good year."),
            ]))
        }
        let connection = try await RawConnection(daemon.socket)
        let reply = try await connection.call(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"germany","explain":true}}"#)
        let result = try #require(reply["result"] as? [String: Any], "\(reply)")
        #expect((result["explanation"] as? String)?.contains("XKde") == true, "\(result)")
        #expect(result["total"] as? Int == 1)
    }

    @Test func similarAndCollapsedCopiesOverTheSocket() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let wire = "Central bank officials said on Tuesday that interest rates would stay on hold for the rest of the year, citing slower growth in factory output and weaker exports to Europe and Asia."
        let indexed = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(IndexMethod.self, IndexParams(articles: [
                ArticleInput(id: "wire-1", title: "Rates on hold", body: wire, date: "2024-03-01"),
                ArticleInput(id: "wire-2", title: "Rates on hold", body: wire, date: "2024-03-02"),
                ArticleInput(id: "opec-1", title: "OPEC cuts output", body: "OPEC ministers agreed in Vienna to cut crude oil output as prices fell."),
                ArticleInput(id: "opec-2", title: "Oil producers weigh cuts", body: "OPEC producers discussed crude oil output cuts in Vienna."),
            ]))
        }
        #expect(indexed.articles == 4)
        let similar = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(SimilarMethod.self, SimilarParams(id: "opec-1"))
        }
        #expect(similar.hits.first?.id == "opec-2")
        #expect(similar.like == "opec-1")
        let copies = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(SearchMethod.self, SearchParams(query: "rates", since: "2024-03-01"))
        }
        #expect(copies.total == 1)
        #expect(copies.collapsed == true)
        #expect(copies.hits.first?.copies == 1)
        let connection = try await RawConnection(daemon.socket)
        let unknown = try await connection.call(#"{"jsonrpc":"2.0","id":1,"method":"similar","params":{"id":"nowhere"}}"#)
        #expect(errorCode(unknown) == -32002)
        let badDate = try await connection.call(#"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"a","since":"soon"}}"#)
        #expect(errorCode(badDate) == -32602)
        // Facets by story or by article, as asked, and the reply says which.
        for (id, unit) in [(3, "articles"), (4, "stories")] {
            let request = #"{"jsonrpc":"2.0","id":\#(id),"method":"search","params":{"query":"rates OR opec","facets":["actor"],"facet_count":"\#(unit)"}}"#
            let reply = try await connection.call(request)
            let result = try #require(reply["result"] as? [String: Any], "\(reply)")
            #expect(result["facet_count"] as? String == unit)
        }
        let badUnit = try await connection.call(#"{"jsonrpc":"2.0","id":5,"method":"search","params":{"query":"a","facets":["actor"],"facet_count":"copies"}}"#)
        #expect(errorCode(badUnit) == -32602)
        let similarStories = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(SimilarMethod.self, SimilarParams(id: "wire-1", facets: ["actor"], facetCount: "stories"))
        }
        #expect(similarStories.facetCount == "stories")
        #expect(!similarStories.hits.contains { $0.id == "wire-2" }, "a copy is not another article")
        try await daemon.stop()
    }
}
