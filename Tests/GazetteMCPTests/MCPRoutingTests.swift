#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteWire
import MCP
import Testing

/// Writing through `gazette mcp --allow-writes`, and answering through gazetted.
@Suite(.serialized, .timeLimit(.minutes(5))) struct MCPRoutingTests {
    let corpus: Corpus

    init() throws {
        corpus = try Corpus(name: "routing")
    }

    func ids(_ server: ServerProcess, _ query: String) async throws -> [String] {
        let answer = try await server.json("search", ["query": .string(query), "limit": 100])
        return (answer["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func withAllowWritesItIndexesAndRemoves() async throws {
        let server = try await corpus.server(["--index", corpus.index, "--allow-writes"])
        let (tools, _) = try await server.client.listTools()
        #expect(tools.map(\.name) == ["search", "get_article", "similar", "facets", "status", "index", "remove"])
        #expect(tools.first { $0.name == "remove" }?.annotations.destructiveHint == true)
        #expect(tools.first { $0.name == "index" }?.annotations.readOnlyHint == false)

        let extra = corpus.folder + "/extra"
        try FileManager.default.createDirectory(atPath: extra, withIntermediateDirectories: true)
        try "Lighthouse Keeper Retires\n\nThe last lighthouse keeper of the island retired this week.\n"
            .write(toFile: extra + "/lighthouse.txt", atomically: true, encoding: .utf8)
        // Paths are relative to the folder the server runs in.
        let indexed = try await server.call("index", ["paths": ["extra"]])
        #expect(!indexed.isError, "\(indexed.text)")
        #expect(indexed.text.hasPrefix("indexed 1, unchanged 0, failed 0"))
        #expect(try await ids(server, "lighthouse") == ["extra/lighthouse.txt"])

        let refreshed = try await server.call("index")
        #expect(!refreshed.isError)
        #expect(refreshed.text.hasPrefix("indexed 0, unchanged \(Corpus.files.count + 3), failed 0"))

        let removed = try await server.json("remove", ["ids": ["extra/lighthouse.txt", "no/such.txt"]])
        #expect(removed["removed"] as? Int == 1)
        #expect(removed["missing"] as? [String] == ["no/such.txt"])
        #expect(try await ids(server, "lighthouse").isEmpty)

        let badGlobs = try await server.call("index", ["include": ["*.news"]])
        #expect(badGlobs.isError)
        #expect(badGlobs.text == "include and exclude go with the folders they choose in: give paths too")
        let noIds = try await server.call("remove", ["ids": []])
        #expect(noIds.isError)
        #expect(try await server.finish() == 0)
    }

    @Test func itAnswersThroughGazettedWhenItRuns() async throws {
        let runtime = corpus.folder
        let socket = runtime + "/gazette/gazetted.sock"
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: Built.products + "/gazetted")
        daemon.arguments = ["--index", corpus.index, "--socket", socket, "--no-watch"]
        daemon.currentDirectoryURL = URL(fileURLWithPath: corpus.folder)
        daemon.environment = ProcessInfo.processInfo.environment.merging(corpus.environment) { $1 }
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            kill(daemon.processIdentifier, SIGTERM)
            daemon.waitUntilExit()
        }
        // Ready when a connection is accepted (the socket file exists from bind);
        // a loaded machine may take long to start it, a daemon that is up answers at once.
        let deadline = Date().addingTimeInterval(180)
        while !SocketProbe.isListening(socketPath: socket) {
            guard daemon.isRunning, Date() < deadline else {
                throw TestFailure(daemon.isRunning ? "gazetted did not listen within 180 s" : "gazetted exited before listening")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // No --index and no --socket: the daemon at the usual socket answers, as for every command.
        let server = try await corpus.server(["--allow-writes"])
        let status = try await server.json("status")
        #expect(status["mode"] as? String == "daemon")
        #expect(status["socket"] as? String == socket)
        let answer = try await server.json("search", ["query": "oil", "facets": ["country"]])
        let printed = try corpus.cli(["search", "oil", "--facet", "country", "--index", corpus.index, "--format", "json"])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect((answer["hits"] as? [[String: Any]])?.map { $0["id"] as? String }
            == (expected["hits"] as? [[String: Any]])?.map { $0["id"] as? String })
        #expect(answer["facets"] as? NSDictionary == expected["facets"] as? NSDictionary)
        let contents = try await server.client.readResource(uri: "gazette://article/articles%2Fseed.txt")
        #expect(contents.first?.text?.hasPrefix("Moscow Concert Hall Attack") == true)
        // Writes go through the daemon too: it holds the index's only writer.
        let removed = try await server.json("remove", ["ids": ["articles/seed.txt"]])
        #expect(removed["removed"] as? Int == 1)
        #expect(try await ids(server, #""concert hall""#).isEmpty)
        let indexed = try await server.call("index", ["paths": ["articles"], "force": true])
        #expect(indexed.text.hasPrefix("indexed \(Corpus.files.count + 2), unchanged 0, failed 0"), "\(indexed.text)")
        #expect(try await ids(server, #""concert hall""#) == ["articles/seed.txt"])
        #expect(try await server.finish() == 0)
        #expect(server.stderr.contains("answering from gazetted at \(socket)"))
    }
}
