#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteClient
import GazetteProtocol
import Testing

/// Saved searches and their alerts: the daemon checks every article its
/// watcher indexes against every saved search and notifies subscribers.
@Suite(.serialized) struct AlertDaemonTests {
    func search(_ daemon: RunningDaemon, _ query: String) async throws -> [String] {
        try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(SearchMethod.self, SearchParams(query: query, limit: 100, snippets: false))
        }.hits.map(\.id).sorted()
    }

    /// The `alert/matched` notifications read from `connection` until none
    /// comes for `quiet` seconds (RawConnection reads off the daemon's threads).
    func alerts(on connection: RawConnection, expecting count: Int, quiet: Int) async throws -> [[String: String]] {
        var seen: [[String: String]] = []
        var timeout = timeval(tv_sec: 30, tv_usec: 0)  // the bound on waiting for the expected alerts
        while true {
            if seen.count >= count { timeout = timeval(tv_sec: quiet, tv_usec: 0) }
            setsockopt(connection.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let line = try? await connection.readLine() else { return seen }
            guard let note = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  note["method"] as? String == AlertMatched.method,
                  let params = note["params"] as? [String: Any] else { continue }
            seen.append(params.compactMapValues { $0 as? String })
        }
    }

    @Test func anAlertFiresOncePerMatchingNewArticleAndNotForOthers() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let corpus = daemon.root + "/news"
        try writeArticle(corpus, "old.txt", "Lava museum opens\n\nan old story about lava")
        _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(paths: [corpus]))
        }
        let setup = try await RawConnection(daemon.socket)
        let bad = try await setup.call(#"{"jsonrpc":"2.0","id":1,"method":"alert/add","params":{"name":"broken","query":"lava AND"}}"#)
        #expect(errorCode(bad) == RPCErrorCode.badQuery.rawValue)
        let message = (bad["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("alert 'broken' not saved: the query does not parse"), "\(message)")
        let badName = try await setup.call(#"{"jsonrpc":"2.0","id":2,"method":"alert/add","params":{"name":"two words","query":"lava"}}"#)
        #expect(errorCode(badName) == RPCErrorCode.invalidParams.rawValue)
        _ = try await setup.call(#"{"jsonrpc":"2.0","id":3,"method":"alert/add","params":{"name":"volcano","query":"lava OR volcano"}}"#)
        let added = try await setup.call(#"{"jsonrpc":"2.0","id":4,"method":"alert/add","params":{"name":"quake","query":"earthquake"}}"#)
        let names = ((added["result"] as? [String: Any])?["alerts"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["quake", "volcano"])

        let watcher = try await RawConnection(daemon.socket)
        let subscribed = try await watcher.call(#"{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"alerts":true}}"#)
        #expect(subscribed["result"] != nil)

        try writeArticle(corpus, "flow.txt", "Lava flow reaches the sea\n\nthe island's volcano erupted")
        try writeArticle(corpus, "markets.txt", "Markets rally\n\nshares rose on Friday")
        try writeArticle(corpus, "both.txt", "Earthquake shakes the island\n\nlava seen near the crater")
        let seen = try await alerts(on: watcher, expecting: 3, quiet: 3)
        let pairs = seen.map { "\($0["alert"] ?? "?") \($0["id"] ?? "?")" }.sorted()
        #expect(pairs == ["quake news/both.txt", "volcano news/both.txt", "volcano news/flow.txt"])
        #expect(seen.first { $0["id"] == "news/flow.txt" }?["title"] == "Lava flow reaches the sea")
        // Everything was indexed, the article that matches no saved search too.
        #expect(try await search(daemon, "shares") == ["news/markets.txt"])

        // A removed alert no longer fires; a changed article is checked again.
        _ = try await setup.call(#"{"jsonrpc":"2.0","id":5,"method":"alert/remove","params":{"name":"quake"}}"#)
        try writeArticle(corpus, "both.txt", "Earthquake shakes the island again\n\nmore lava near the crater")
        let again = try await alerts(on: watcher, expecting: 1, quiet: 3)
        #expect(again.map { "\($0["alert"] ?? "?") \($0["id"] ?? "?")" } == ["volcano news/both.txt"])
        try await daemon.stop()
    }
}
