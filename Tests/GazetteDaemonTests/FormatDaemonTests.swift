import Foundation
import GazetteClient
import GazetteProtocol
import Testing

/// Globs sent to the daemon choose files, and its watcher keeps to them; files
/// without an extension are followed by their content.
@Suite(.serialized) struct FormatDaemonTests {
    func search(_ daemon: RunningDaemon, _ query: String) async throws -> [String] {
        try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(SearchMethod.self, SearchParams(query: query, limit: 100, snippets: false))
        }.hits.map(\.id).sorted()
    }

    @Test func theWatcherFollowsPostsByContentAndKeepsOutExcludedFolders() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let corpus = daemon.root + "/news"
        try writeArticle(corpus, "a.txt", "Volcano erupts\n\nash over the island")
        try writeArticle(corpus + "/drafts", "b.txt", "Draft story\n\nnot ready")
        let indexed = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(paths: [corpus], exclude: ["drafts"]))
        }
        #expect(indexed.indexed == 1)
        #expect(indexed.ignoredFiles?.map(\.message) == ["folder excluded by 'drafts'"])

        // A draft in the excluded folder, then a Usenet post (no extension): once the post is
        // found, the draft's change has been applied too (in the same batch or an earlier one).
        try writeArticle(corpus + "/drafts", "c.txt", "Another draft\n\nlava notes")
        try writeArticle(corpus + "/posts", "60102", "From: k@uni.example\nNewsgroups: sci.geo\nSubject: Lava flow\n\nThe lava reached the sea.\n")
        #expect(try await eventually(daemon, "lava") { !$0.hits.isEmpty })
        #expect(try await search(daemon, "lava") == ["news/posts/60102"])
        #expect(try await search(daemon, "draft").isEmpty)

        let connection = try await RawConnection(daemon.socket)
        let reply = try await connection.call(#"{"jsonrpc":"2.0","id":1,"method":"index","params":{"paths":["\#(corpus)"],"include":["[x"]}}"#)
        #expect(errorCode(reply) == -32602)
        try await daemon.stop()
    }
}
