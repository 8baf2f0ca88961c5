#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteClient
import GazetteDaemon
import GazetteProtocol
import GazetteService
import Logging
import NIOCore
import Testing

@Suite(.serialized) struct DaemonTests {
    @Test func searchAndIndexOverTheSocket() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let corpus = daemon.root + "/news"
        try writeArticle(corpus, "a.txt", "Harbour storm\n\nShips stayed in port during the storm.")
        try writeArticle(corpus, "b.txt", "Ferry strike\n\nFerries stopped because of a strike.")
        let indexed = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(IndexMethod.self, IndexParams(paths: [corpus]))
        }
        #expect(indexed.indexed == 2)
        let inline = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(IndexMethod.self, IndexParams(articles: [
                ArticleInput(id: "wire-1", title: "Storm warning", body: "A storm is coming.", date: "2024-03-02"),
            ]))
        }
        #expect(inline.articles == 1)
        let found = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(SearchMethod.self, SearchParams(query: "storm", sort: "date"))
        }
        #expect(found.total == 2)
        #expect(found.hits.map(\.id) == ["wire-1", "news/a.txt"])
        let document = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(DocumentMethod.self, DocumentParams(id: "wire-1"))
        }
        #expect(document.date == "2024-03-02")
        #expect(document.text == "A storm is coming.")
        let removed = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(RemoveMethod.self, RemoveParams(ids: ["wire-1", "nope"]))
        }
        #expect(removed.removed == 1)
        #expect(removed.missing == ["nope"])
        let status = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(StatusMethod.self, StatusParams())
        }
        #expect(status.mode == "daemon")
        #expect(status.documents == 2)
        #expect(status.uptime != nil)
        try await daemon.stop()
    }

    @Test func errorsCarryJSONRPCCodes() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        #expect(errorCode(try await connection.call("{nope")) == -32700)
        // A batch gets an array of replies, one per request.
        try await connection.send(#"[1, {"jsonrpc":"2.0","id":7,"method":"status"}]"# + "\n")
        let batchLine = try #require(try await connection.readLine())
        let batch = try #require(try JSONSerialization.jsonObject(with: Data(batchLine.utf8)) as? [[String: Any]])
        #expect(batch.count == 2)
        #expect(errorCode(batch[0]) == -32600)
        #expect(batch[1]["id"] as? Int == 7)
        #expect(errorCode(try await connection.call(#""just a string""#)) == -32600)
        #expect(errorCode(try await connection.call(#"{"jsonrpc":"2.0","id":1,"method":"fly"}"#)) == -32601)
        #expect(errorCode(try await connection.call(#"{"jsonrpc":"2.0","id":2,"method":"search","params":{"limit":3}}"#)) == -32602)
        #expect(errorCode(try await connection.call(#"{"jsonrpc":"2.0","id":3,"method":"search","params":{"query":"storm AND"}}"#)) == -32001)
        #expect(errorCode(try await connection.call(#"{"jsonrpc":"2.0","id":4,"method":"document","params":{"id":"x"}}"#)) == -32002)
        #expect(errorCode(try await connection.call(#"{"jsonrpc":"1.0","id":5,"method":"status"}"#)) == -32600)
        let reply = try await connection.call(#"{"jsonrpc":"2.0","id":"s","method":"status"}"#)
        #expect(reply["id"] as? String == "s")
        #expect((reply["result"] as? [String: Any])?["mode"] as? String == "daemon")
        // A notification (no id) gets no reply: the next line answers the next request.
        try await connection.send(#"{"jsonrpc":"2.0","method":"status"}"# + "\n")
        let next = try await connection.call(#"{"jsonrpc":"2.0","id":9,"method":"status"}"#)
        #expect(next["id"] as? Int == 9)
        try await daemon.stop()
    }

    @Test func badClientsOnlyEndTheirOwnConnection() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        func healthy() async throws {
            let reply = try await RawConnection(daemon.socket).call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)
            #expect(reply["result"] != nil)
        }

        // A line over 1 MiB: an error, then the connection closes.
        let big = try await RawConnection(daemon.socket)
        // The daemon may hang up before the whole line is written: a broken pipe here is its answer too.
        _ = try? await big.send(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":""# + String(repeating: "a", count: (1 << 20) + 10) + "\"}}\n")
        let tooLong = try #require(try await big.readLine())
        #expect(tooLong.contains("-32005"))
        #expect(try await big.readLine() == nil)
        try await healthy()

        // Invalid UTF-8: a parse error; the same connection keeps working.
        let garbled = try await RawConnection(daemon.socket)
        try await garbled.send([0x7B, 0xFF, 0xFE, 0x7D, 0x0A])
        let parse = try #require(try await garbled.readLine())
        #expect(parse.contains("-32700"))
        #expect(try await garbled.call(#"{"jsonrpc":"2.0","id":2,"method":"status"}"#)["result"] != nil)

        // A client that disconnects before reading its reply.
        for _ in 0..<5 {
            let rude = try await RawConnection(daemon.socket)
            try await rude.send(#"{"jsonrpc":"2.0","id":4,"method":"search","params":{"query":"anything","limit":100}}"# + "\n")
        }
        try await healthy()

        // A client that sends its requests and closes its side still gets every reply.
        let polite = try await RawConnection(daemon.socket)
        try await polite.send(#"{"jsonrpc":"2.0","id":5,"method":"status"}"# + "\n" + #"{"jsonrpc":"2.0","id":6,"method":"status"}"#)
        polite.shutdownWriting()
        #expect(try await polite.readLine()?.contains(#""id":5"#) == true)
        #expect(try await polite.readLine()?.contains(#""id":6"#) == true)
        try await healthy()
        try await daemon.stop()
    }

    /// Searches are answered from reader threads, other methods by the
    /// connection's task: pipelined requests still get their replies in
    /// order, a client that does not read its replies holds back only its
    /// own requests, and one that closes its side gets every reply, those
    /// still queued when the daemon reads the end of its input included.
    @Test func pipelinedRepliesKeepTheirOrderWhenTheClientReadsLate() async throws {
        let daemon = try await RunningDaemon(logLevel: .debug)
        defer { daemon.cleanUp() }
        let body = Array(repeating: "The harbour board met about the storm and the ferry timetable.", count: 30).joined(separator: " ")
        let articles = (0..<60).map { ArticleInput(id: "wire-\($0)", title: "Storm report \($0)", body: body) }
        let indexed = try await DaemonClient.withConnection(socketPath: daemon.socket) { connection throws(ClientError) in
            try await connection.call(IndexMethod.self, IndexParams(articles: articles))
        }
        #expect(indexed.articles == 60)

        // About 6 MB of replies (every copy of the story listed): far more than the
        // socket holds until the client reads. The last is a status reply, which the
        // connection's task writes, not a reader.
        let count = 200
        let lines = (1...count).map { n in
            n % 25 == 0 ? #"{"jsonrpc":"2.0","id":\#(n),"method":"status"}"#
                : #"{"jsonrpc":"2.0","id":\#(n),"method":"search","params":{"query":"storm","limit":60,"snippets":true,"collapse":false}}"#
        }
        let late = try await RawConnection(daemon.socket)
        try await late.send(lines.joined(separator: "\n") + "\n")
        late.shutdownWriting()
        try await Task.sleep(nanoseconds: 300_000_000)
        let other = try await RawConnection(daemon.socket)
        #expect(try await other.call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)["result"] != nil)

        var ids: [Int] = []
        while let line = try await late.readLine() {
            let reply = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(reply["result"] != nil)
            ids.append(reply["id"] as? Int ?? -1)
        }
        // Each request's timing left out: the rest of the log says why a connection ended.
        let log = daemon.log.text.split(separator: "\n").filter { !$0.hasPrefix("debug request ") }
        #expect(ids == Array(1...count), "the daemon's log:\n\(log.joined(separator: "\n"))")
        try await daemon.stop()
    }

    @Test func silentClientsAreClosedAfterTheIdleTimeout() async throws {
        // Only this test depends on the clock, so only its daemon has a short timeout.
        let daemon = try await RunningDaemon(limits: DaemonLimits(maxLineBytes: 1 << 20, idleTimeout: .seconds(1),
                                                                  maxConnections: 16))
        defer { daemon.cleanUp() }
        // Half a request, then silence; and a client that says nothing: both time out.
        let half = try await RawConnection(daemon.socket)
        try await half.send(#"{"jsonrpc":"2.0","id":3,"meth"#)
        let silent = try await RawConnection(daemon.socket)
        let halfReply = try #require(try await half.readLine())
        #expect(halfReply.contains("closing"))
        #expect(try await half.readLine() == nil)
        #expect(try await silent.readLine()?.contains("closing") == true)
        #expect(try await silent.readLine() == nil)
        // The daemon itself goes on.
        let reply = try await RawConnection(daemon.socket).call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)
        #expect(reply["result"] != nil)
        try await daemon.stop()
    }

    @Test func tooManyConnectionsAreRefusedPolitely() async throws {
        let daemon = try await RunningDaemon(limits: DaemonLimits(maxLineBytes: 1 << 16, idleTimeout: .seconds(30),
                                                                  maxConnections: 2))
        defer { daemon.cleanUp() }
        let first = try await RawConnection(daemon.socket)
        let second = try await RawConnection(daemon.socket)
        _ = try await first.call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)
        _ = try await second.call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)
        let third = try await RawConnection(daemon.socket)
        let refusal = try #require(try await third.readLine())
        #expect(refusal.contains("too many connections"))
        withExtendedLifetime((first, second)) {}
        try await daemon.stop()
    }

    @Test func theSocketAndItsFolderArePrivate() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        var info = stat()
        #expect(stat(daemon.socket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect((info.st_mode & S_IFMT) == S_IFSOCK)
        #expect(stat((daemon.socket as NSString).deletingLastPathComponent, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        try await daemon.stop()
    }

    @Test func searchesStayCorrectWhileAnIndexRunCommits() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let corpus = daemon.root + "/news"
        for i in 0..<40 { try writeArticle(corpus, "base\(i).txt", "Base \(i)\n\nharbour report number \(i)") }
        _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(paths: [corpus]))
        }
        let bulk = daemon.root + "/bulk"
        for i in 0..<400 { try writeArticle(bulk, "b\(i).txt", "Bulk \(i)\n\nunrelated filler text \(i) about markets") }
        let socket = daemon.socket
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try await DaemonClient.withConnection(socketPath: socket) { c throws(ClientError) in
                    try await c.call(IndexMethod.self, IndexParams(paths: [bulk]))
                }
            }
            for client in 0..<8 {
                group.addTask {
                    try await DaemonClient.withConnection(socketPath: socket) { c throws(ClientError) in
                        for round in 0..<25 {
                            let result = try await c.call(SearchMethod.self, SearchParams(query: "harbour", limit: 50, snippets: round % 2 == 0))
                            #expect(result.total == 40, "client \(client) round \(round)")
                            #expect(Set(result.hits.map(\.id)).count == 40)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let after = try await DaemonClient.withConnection(socketPath: socket) { c throws(ClientError) in
            try await c.call(SearchMethod.self, SearchParams(query: "markets", limit: 0))
        }
        #expect(after.total == 400)
        try await daemon.stop()
    }

    @Test func shutdownRemovesTheSocketAndKeepsEveryCommittedArticle() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let ids = (0..<30).map { "wire-\($0)" }
        _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(articles: ids.map {
                ArticleInput(id: $0, title: "Headline \($0)", body: "body text")
            }))
        }
        let idle = try await RawConnection(daemon.socket)
        _ = try await idle.call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)  // accepted, now idle
        try await daemon.stop()
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        #expect(try await idle.readLine() == nil)  // idle connections are closed
        let configuration = try GazetteConfiguration.read(configDirectory: Paths.repository + "/Config")
        let local = try LocalIndex(configuration: configuration, path: daemon.root + "/index")
        #expect(try local.status().documents == 30)
        // The writer's lock is released: a direct writer can open the index now.
        _ = try local.openWriter()
    }

    @Test func subscribersHearAboutNewRevisions() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let listener = try await RawConnection(daemon.socket)
        let subscribed = try await listener.call(#"{"jsonrpc":"2.0","id":1,"method":"subscribe"}"#)
        let before = try #require((subscribed["result"] as? [String: Any])?["revision"] as? Int)
        _ = try await RawConnection(daemon.socket).call(
            #"{"jsonrpc":"2.0","id":2,"method":"index","params":{"articles":[{"id":"n1","title":"New","body":"fresh"}]}}"#)
        let note = try #require(try await listener.readLine())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(note.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "index/changed")
        let params = try #require(object["params"] as? [String: Any])
        #expect((params["revision"] as? Int ?? 0) > before)
        #expect(params["documents"] as? Int == 1)
        try await daemon.stop()
    }
}

@Suite(.serialized) struct WatcherTests {
    @Test func theDaemonFollowsEditsAddsDeletesAndRenames() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let corpus = daemon.root + "/news"
        try writeArticle(corpus, "a.txt", "Volcano erupts\n\nash over the island")
        try writeArticle(corpus, "b.txt", "Harbour closes\n\nships wait")
        _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(paths: [corpus]))
        }
        // Added.
        try writeArticle(corpus, "c.txt", "Glacier melts\n\nwater rises")
        #expect(try await eventually(daemon, "glacier") { $0.total == 1 })
        // Edited.
        try writeArticle(corpus, "a.txt", "Volcano calms\n\nno more lava")
        #expect(try await eventually(daemon, "lava") { $0.total == 1 })
        #expect(try await eventually(daemon, "ash") { $0.total == 0 })
        // Deleted.
        try FileManager.default.removeItem(atPath: corpus + "/b.txt")
        #expect(try await eventually(daemon, "harbour") { $0.total == 0 })
        // Renamed: found under the new path only.
        try FileManager.default.moveItem(atPath: corpus + "/c.txt", toPath: corpus + "/glacier.txt")
        #expect(try await eventually(daemon, "glacier") { $0.hits.map(\.id) == ["news/glacier.txt"] })
        // A new subfolder with files already in it.
        let staged = daemon.root + "/staged"
        try writeArticle(staged, "d.txt", "Desert bloom\n\nrare rain")
        try FileManager.default.moveItem(atPath: staged, toPath: corpus + "/2024")
        #expect(try await eventually(daemon, "desert") { $0.hits.map(\.id) == ["news/2024/d.txt"] })
        try writeArticle(corpus + "/2024", "e.txt", "Eclipse seen\n\ndark noon")
        #expect(try await eventually(daemon, "eclipse") { $0.total == 1 })
        try await daemon.stop()
    }

    @Test func aBurstOfChangesIsAppliedInFewCommits() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let corpus = daemon.root + "/news"
        try writeArticle(corpus, "seed.txt", "Seed\n\nstart")
        _ = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(paths: [corpus]))
        }
        let before = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(StatusMethod.self, StatusParams())
        }
        for i in 0..<800 { try writeArticle(corpus, "burst\(i).txt", "Burst \(i)\n\ncheckout of many files") }
        #expect(try await eventually(daemon, "checkout", seconds: 60) { $0.total == 800 })
        let after = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            try await c.call(StatusMethod.self, StatusParams())
        }
        #expect(after.documents == 801)
        #expect(after.revision - before.revision <= 12, "\(after.revision - before.revision) commits for one burst")
        try await daemon.stop()
    }

    @Test func changesMadeWhileNoDaemonRanAreCaughtUpAtStart() async throws {
        let first = try await RunningDaemon()
        let corpus = first.root + "/news"
        try writeArticle(corpus, "a.txt", "Alpha\n\nfirst")
        _ = try await DaemonClient.withConnection(socketPath: first.socket) { c throws(ClientError) in
            try await c.call(IndexMethod.self, IndexParams(paths: [corpus]))
        }
        try await first.stop()
        try writeArticle(corpus, "b.txt", "Beta\n\nwhile away")
        let second = try await RunningDaemon(root: first.root)
        defer { second.cleanUp() }
        #expect(try await eventually(second, "away") { $0.total == 1 })
        try await second.stop()
    }
}
