import Foundation
import GazetteFrontend
import GazetteLSP
import GazetteProtocol
import Testing

/// The server in-process, over a real scratch index of invented articles.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ServerTests {
    let corpus: Corpus

    init() throws {
        corpus = try Corpus()
    }

    func result(_ reply: [String: Any]) throws -> Any {
        #expect(reply["error"] == nil, "\(reply)")
        return try #require(reply["result"], "\(reply)")
    }

    func errorCode(_ reply: [String: Any]) -> Int? {
        (reply["error"] as? [String: Any])?["code"] as? Int
    }

    @Test func initializeAnnouncesWhatTheServerDoes() async throws {
        let server = Harness(corpus: corpus)
        let reply = try await server.initialize()
        let capabilities = try #require((try result(reply) as? [String: Any])?["capabilities"] as? [String: Any])
        #expect(capabilities["hoverProvider"] as? Bool == true)
        #expect(capabilities["workspaceSymbolProvider"] as? Bool == true)
        #expect(capabilities["positionEncoding"] as? String == "utf-16")
        let sync = try #require(capabilities["textDocumentSync"] as? [String: Any])
        #expect(sync["openClose"] as? Bool == true)
        #expect(sync["change"] as? Int == 1)
        let again = try await server.request("initialize", ["capabilities": [:]])
        #expect(errorCode(again) == -32600)
        #expect(try await server.end() == 1)
    }

    @Test func requestsBeforeInitializeAreRefusedAndNotificationsDropped() async throws {
        let server = Harness(corpus: corpus)
        try server.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///x.txt", "languageId": "text",
                                                                    "version": 1, "text": "Vladimir Putin"]])
        let early = try await server.request("workspace/symbol", ["query": "putin"])
        #expect(errorCode(early) == -32002)
        #expect(server.sink.count == 1)
        _ = try await server.initialize()
        // The early didOpen was dropped: the hover reads the (missing) file instead.
        let hover = try await server.request("textDocument/hover", ["textDocument": ["uri": "file:///x.txt"],
                                                                     "position": ["line": 0, "character": 12]])
        #expect(hover["result"] is NSNull, "\(hover)")
        #expect(try await server.end() == 1)
    }

    @Test func workspaceSymbolsAreArticlesAtTheirFirstMatch() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        let reply = try await server.request("workspace/symbol", ["query": #""grain corridor""#])
        let symbols = try #require(try result(reply) as? [[String: Any]])
        #expect(symbols.count == 1)
        let symbol = try #require(symbols.first)
        #expect(symbol["name"] as? String == "Grain Talks Stall Again")
        #expect(symbol["kind"] as? Int == 1)
        let location = try #require(symbol["location"] as? [String: Any])
        #expect(location["uri"] as? String == corpus.uri("grain.txt"))
        // "…revive the grain corridor with Ukraine.": the phrase starts at its first word.
        let line = "Turkey's President Recep Tayyip Erdogan urged Vladimir Putin to revive the grain corridor with Ukraine."
        let start = line.utf16.count - "grain corridor with Ukraine.".utf16.count
        #expect(location["range"] as? NSDictionary == [
            "start": ["line": 2, "character": start],
            "end": ["line": 2, "character": start + "grain corridor".utf16.count],
        ] as NSDictionary)

        let many = try #require(try result(try await server.request("workspace/symbol", ["query": "putin"])) as? [[String: Any]])
        #expect(Set(many.compactMap { $0["name"] as? String })
            == ["Putin Meets Xi in Moscow", "Grain Talks Stall Again", "# Macron Hosts Ukraine Summit"].reduce(into: Set<String>()) {
                $0.insert($1.hasPrefix("# ") ? String($1.dropFirst(2)) : $1)
            })
        let none = try #require(try result(try await server.request("workspace/symbol", ["query": "zanzibar"])) as? [Any])
        #expect(none.isEmpty)
        let bad = try await server.request("workspace/symbol", ["query": "moscow AND"])
        #expect(errorCode(bad) == -32803)
        #expect(((bad["error"] as? [String: Any])?["message"] as? String)?.contains("cannot parse the query") == true)
        #expect(try await server.end() == 1)
    }

    @Test(arguments: [("utf-16", 20), ("utf-8", 24)])
    func symbolColumnsCountInTheNegotiatedEncoding(encoding: String, column: Int) async throws {
        let server = Harness(corpus: corpus)
        let reply = try await server.initialize(["general": ["positionEncodings": [encoding]]])
        let capabilities = (try result(reply) as? [String: Any])?["capabilities"] as? [String: Any]
        #expect(capabilities?["positionEncoding"] as? String == encoding)
        // "Émigrés 🚀 said the ceasefire held…": 24 bytes, 20 UTF-16 units before "ceasefire".
        let symbols = try #require(try result(try await server.request("workspace/symbol", ["query": "ceasefire"])) as? [[String: Any]])
        let range = try #require((symbols.first?["location"] as? [String: Any])?["range"] as? [String: Any])
        #expect((range["start"] as? [String: Any])?["line"] as? Int == 2)
        #expect((range["start"] as? [String: Any])?["character"] as? Int == column)
        #expect((range["end"] as? [String: Any])?["character"] as? Int == column + "ceasefire".count)
        #expect(try await server.end() == 1)
    }

    func hover(_ server: Harness, _ name: String, line: Int, at word: String, in text: String? = nil) async throws -> [String: Any] {
        let lineText = try #require(TextPositions.line(line, of: text ?? Corpus.articles[name]!))
        let range = try #require(lineText.range(of: word))
        let character = lineText.utf16.distance(from: lineText.startIndex, to: range.lowerBound) + 1
        return try await server.request("textDocument/hover", ["textDocument": ["uri": corpus.uri(name)],
                                                                "position": ["line": line, "character": character]])
    }

    func markdown(_ reply: [String: Any]) throws -> String {
        let contents = try #require((try result(reply) as? [String: Any])?["contents"] as? [String: Any], "\(reply)")
        #expect(contents["kind"] as? String == "markdown")
        return try #require(contents["value"] as? String)
    }

    @Test func hoverOverAnActorCountsItsArticlesAndWhatTheyNameAlongside() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        try server.notify("textDocument/didOpen", ["textDocument": ["uri": corpus.uri("kremlin.txt"), "languageId": "text",
                                                                    "version": 1, "text": Corpus.articles["kremlin.txt"]!]])
        let expected = try await corpus.search(#"actor:"Vladimir Putin""#, facets: ["actor", "country"])
        #expect(expected.total >= 3, "the extractor should find Vladimir Putin in three articles")
        let reply = try await hover(server, "kremlin.txt", line: 2, at: "Putin met")
        let text = try markdown(reply)
        #expect(text.hasPrefix("**Vladimir Putin** · actor\n\nNamed in **\(expected.total)** articles."), "\(text)")
        let others = (expected.facets?["actor"] ?? []).filter { $0.value != "Vladimir Putin" }
        let countries = expected.facets?["country"] ?? []
        #expect(!others.isEmpty && !countries.isEmpty)
        #expect(text.contains("Alongside: \(others[0].value) (\(others[0].count))"), "\(text)")
        #expect(text.contains("Countries: \(countries[0].value) (\(countries[0].count))"), "\(text)")
        #expect(!text.contains("Vladimir Putin ("), "an actor is not listed alongside itself")
        // The range is the whole name, though the cursor was on "Putin".
        let line = "Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow on Tuesday."
        let start = line.utf16.count - "Vladimir Putin met Chinese leader Xi Jinping in Moscow on Tuesday.".utf16.count
        #expect((try result(reply) as? [String: Any])?["range"] as? NSDictionary == [
            "start": ["line": 2, "character": start], "end": ["line": 2, "character": start + "Vladimir Putin".count],
        ] as NSDictionary)
        #expect(try await server.end() == 1)
    }

    @Test func hoverOverACountryNameOrDemonym() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        let mentions = try await corpus.search("mentions:UA", facets: ["actor", "country"])
        let salient = try await corpus.search("country:UA")
        #expect(mentions.total >= 2)
        let text = try markdown(try await hover(server, "grain.txt", line: 3, at: "Ukraine was"))
        #expect(text.hasPrefix("**Ukraine** (UA) · country\n\nMentioned in **\(mentions.total)** articles, the main subject of **\(salient.total)**."),
                "\(text)")
        #expect(!text.contains("Ukraine ("), "a country is not listed alongside itself")
        // A demonym names its country too; the document was not opened, so it is read from disk.
        let french = try markdown(try await hover(server, "summit.md", line: 2, at: "French"))
        #expect(french.hasPrefix("**France** (FR) · country"), "\(french)")
        #expect(try await server.end() == 1)
    }

    @Test func hoverOverOrdinaryWordsOrNowhereIsNull() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        for (line, word) in [(3, "trade"), (2, "Tuesday")] {
            let reply = try await hover(server, "kremlin.txt", line: line, at: word)
            #expect(reply["result"] is NSNull, "\(word): \(reply)")
        }
        // A blank line, and a line past the end.
        for line in [1, 99] {
            let reply = try await server.request("textDocument/hover", ["textDocument": ["uri": corpus.uri("kremlin.txt")],
                                                                         "position": ["line": line, "character": 0]])
            #expect(reply["result"] is NSNull, "\(reply)")
        }
        #expect(try await server.end() == 1)
    }

    @Test func hoverFollowsTheEditorsTextThroughChangesAndClose() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        let uri = corpus.uri("ceasefire.txt")
        try server.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "text", "version": 1,
                                                                    "text": "Nothing here yet"]])
        #expect(try await hover(server, "ceasefire.txt", line: 0, at: "Nothing", in: "Nothing here yet")["result"] is NSNull)
        let edited = "Talks with Emmanuel Macron resumed"
        try server.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2],
                                                     "contentChanges": [["text": edited]]])
        #expect(try markdown(try await hover(server, "ceasefire.txt", line: 0, at: "Macron", in: edited))
            .hasPrefix("**Emmanuel Macron** · actor"))
        // A ranged edit, though the server asked for whole texts: "Macron" becomes "Putin".
        let macron = edited.utf16.count - "Macron resumed".utf16.count
        try server.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [
            ["range": ["start": ["line": 0, "character": macron - "Emmanuel ".count], "end": ["line": 0, "character": macron + 6]],
             "text": "Vladimir Putin"],
        ]])
        #expect(try markdown(try await hover(server, "ceasefire.txt", line: 0, at: "Putin", in: "Talks with Vladimir Putin resumed"))
            .hasPrefix("**Vladimir Putin** · actor"))
        // Closed: the file on disk counts again, where line 2 holds "Georgian".
        try server.notify("textDocument/didClose", ["textDocument": ["uri": uri]])
        #expect(try markdown(try await hover(server, "ceasefire.txt", line: 2, at: "Georgian"))
            .hasPrefix("**Georgia** (GE) · country"))
        #expect(try await server.end() == 1)
    }

    @Test func unknownMethodsBadParamsAndOddMessages() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        #expect(errorCode(try await server.request("textDocument/definition", ["textDocument": ["uri": "file:///x"],
                                                                                 "position": ["line": 0, "character": 0]])) == -32601)
        let bad = try await server.request("workspace/symbol", ["text": "putin"])
        #expect(errorCode(bad) == -32602)
        #expect((bad["error"] as? [String: Any])?["message"] as? String == "invalid params: missing params.query")
        #expect(errorCode(try await server.request("textDocument/hover", ["textDocument": ["uri": 5]])) == -32602)
        #expect(errorCode(try await server.request("workspace/symbol")) == -32602)
        // Notifications the server does not know, and cancellations, get no reply at all.
        let before = server.sink.count
        try server.notify("$/cancelRequest", ["id": 1])
        try server.notify("workspace/didChangeConfiguration", ["settings": [:]])
        try server.notify("textDocument/didOpen", ["textDocument": "not an object"])
        _ = try await server.request("workspace/symbol", ["query": "wheat"])
        #expect(server.sink.count == before + 1)
        // Not requests at all.
        for body in ["[1, 2]", "42", #"{"jsonrpc": "1.0", "id": 7, "method": "shutdown"}"#,
                     #"{"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}"#, #"{"jsonrpc": "2.0", "id": 8}"#] {
            let count = server.sink.count
            server.sendRaw(.message(Array(body.utf8)))
            _ = try await server.request("workspace/symbol", ["query": "wheat"])
            let replies = server.sink.messages.suffix(from: count)
            #expect(replies.count == 2, "\(body)")
            #expect(errorCode(replies.first!) == -32600, "\(body): \(replies)")
        }
        // A reply from the client (to a request this server never sent) is ignored.
        let count = server.sink.count
        server.sendRaw(.message(Array(#"{"jsonrpc": "2.0", "id": 99, "result": null}"#.utf8)))
        _ = try await server.request("workspace/symbol", ["query": "wheat"])
        #expect(server.sink.count == count + 1)
        // A malformed frame is answered with a parse error and id null.
        server.sendRaw(.malformed("a message without a Content-Length header", reply: true))
        server.sendRaw(.malformed("leftovers", reply: false))
        _ = try await server.request("workspace/symbol", ["query": "wheat"])
        let last = server.sink.messages.suffix(2)
        #expect(errorCode(last.first!) == -32700)
        #expect(last.first!["id"] is NSNull)
        #expect(try await server.end() == 1)
    }

    @Test func numericIdsComeBackAsSent() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        for id in ["1e400", "-0", "1E+2", "12345678901234567890123"] {
            let count = server.sink.count
            server.sendRaw(.message(Array((#"{"jsonrpc":"2.0","id":"# + id + #","method":"workspace/symbol","params":{"query":"wheat"}}"#).utf8)))
            _ = try await server.request("workspace/symbol", ["query": "wheat"])
            let replies = server.sink.raw.suffix(from: count)
            #expect(replies.count == 2, "\(id)")
            let first = try #require(replies.first)
            #expect(JSONScanner.member("id", in: first).map { String(decoding: $0, as: UTF8.self) } == id, "\(id)")
            #expect(JSONScanner.member("result", in: first) != nil, "\(String(decoding: first, as: UTF8.self))")
        }
        #expect(try await server.end() == 1)
    }

    @Test func shutdownThenExitEndsWithZero() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        let shutdown = try await server.request("shutdown")
        #expect(shutdown["result"] is NSNull)
        #expect(errorCode(try await server.request("workspace/symbol", ["query": "putin"])) == -32600)
        try server.notify("exit")
        #expect(try await server.status() == 0)
    }

    @Test func exitWithoutShutdownEndsWithOne() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        try server.notify("exit")
        #expect(try await server.status() == 1)
    }

    @Test func theEndOfInputEndsTheServer() async throws {
        let server = Harness(corpus: corpus)
        _ = try await server.initialize()
        _ = try await server.request("shutdown")
        #expect(try await server.end() == 0)
    }

    @Test func aMissingIndexIsAnErrorReplyNotACrash() async throws {
        let session = try GazetteFrontend.Session(configDirectory: Paths.repository + "/Config", index: corpus.folder + "/nowhere")
        let server = Harness(source: SessionSource(session: session))
        _ = try await server.initialize()
        let reply = try await server.request("workspace/symbol", ["query": "putin"])
        #expect(errorCode(reply) == -32803)
        #expect(((reply["error"] as? [String: Any])?["message"] as? String)?.contains("no index at") == true)
        #expect(try await server.end() == 1)
    }
}
