import Foundation
import GazetteProtocol
import MCP
import Testing

/// `gazette mcp` driven by the MCP Swift SDK's client over pipes, its answers
/// checked against what the CLI prints for the same index.
@Suite(.serialized, .timeLimit(.minutes(5))) struct MCPProcessTests {
    let corpus: Corpus

    init() throws {
        corpus = try Corpus(name: "process")
    }

    static let readTools = ["search", "get_article", "similar", "facets", "status"]

    @Test func itInitializesAndListsItsToolsResourcesAndTemplate() async throws {
        let server = try await corpus.server()
        let info = try #require(server.initialized)
        #expect(info.serverInfo.name == "gazette")
        #expect(info.capabilities.tools != nil)
        #expect(info.capabilities.resources != nil)
        #expect(info.instructions?.contains("search") == true)

        let (tools, _) = try await server.client.listTools()
        #expect(tools.map(\.name) == Self.readTools)
        for tool in tools {
            #expect((tool.description ?? "").count > 80, "\(tool.name) needs a description a model can act on")
            #expect(tool.inputSchema.objectValue?["type"] == "object")
            #expect(tool.annotations.readOnlyHint == true)
        }
        let search = try #require(tools.first { $0.name == "search" })
        let schema = try #require(search.inputSchema.objectValue)
        #expect(schema["required"] == ["query"])
        let properties = try #require(schema["properties"]?.objectValue)
        #expect(Set(properties.keys) == ["query", "limit", "offset", "facets", "facet_limit", "facet_count", "sort", "from", "to",
                                         "allow_partial"])
        #expect(properties["allow_partial"]?.objectValue?["type"] == "boolean")
        for name in ["get_article", "facets"] {
            let tool = try #require(tools.first { $0.name == name })
            #expect(tool.inputSchema.objectValue?["properties"]?.objectValue?["allow_partial"] != nil, "\(name)")
        }
        #expect(properties["limit"]?.objectValue?["maximum"] == 100)
        #expect(properties["sort"]?.objectValue?["enum"] == ["relevance", "date", "oldest"])
        #expect(properties["facets"]?.objectValue?["items"]?.objectValue?["enum"]
            == ["actor", "country", "mentioned", "region", "date", "date:day", "date:month", "date:year"])
        #expect(search.description?.contains("actor:putin") == true, "the query syntax is in the description")

        let (resources, cursor) = try await server.client.listResources()
        #expect(cursor == nil)
        #expect(resources.count == Corpus.files.count + 2)
        #expect(resources.allSatisfy { $0.mimeType == "text/plain" && $0.uri.hasPrefix("gazette://article/") })
        // Newest first: the report (May 2024) leads.
        #expect(resources.first?.name == corpus.id(Corpus.longFile))
        #expect(resources.first?.uri == "gazette://article/articles%2Freport.md")
        #expect(resources.first?.title == "World Bank Reviews Oil Markets")

        let (templates, _) = try await server.client.listResourceTemplates()
        #expect(templates.map(\.uriTemplate) == ["gazette://article/{id}"])
        #expect(templates.first?.mimeType == "text/plain")

        #expect(try await server.finish() == 0)
        #expect(server.stderr.contains("gazette mcp: ready: tools search, get_article, similar, facets, status; answering from the index at \(corpus.index)"))
    }

    /// The snippets in Config/editors/mcp start, as an editor would, a server that answers.
    @Test func theEditorSnippetsStartAServerThatAnswers() async throws {
        let path = Built.products + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for (file, key) in [("claude-code.mcp.json", "mcpServers"), ("cursor.mcp.json", "mcpServers"),
                            ("zed.settings.json", "context_servers")] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Built.repository + "/Config/editors/mcp/" + file))
            let settings = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file)")
            let entry = try #require((settings[key] as? [String: Any])?["gazette"] as? [String: Any], "\(file)")
            let command = try #require(entry["command"] as? String)
            let arguments = try #require(entry["args"] as? [String])
            if file.hasPrefix("claude-code") { #expect(entry["type"] as? String == "stdio") }
            let executable = try #require(path.split(separator: ":").map { "\($0)/\(command)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }, "\(command) is not on PATH")
            let server = try ServerProcess(executable: executable, arguments, cwd: corpus.folder,
                                           environment: corpus.environment.merging(["PATH": path]) { $1 })
            try await server.connect()
            #expect(try await server.client.listTools().tools.map(\.name) == Self.readTools, "\(file)")
            #expect(try await server.finish() == 0, "\(file)")
        }
    }

    /// The search tool's hits and facet counts are the CLI's, for the same query.
    @Test func searchAnswersWhatGazetteSearchPrints() async throws {
        let server = try await corpus.server()
        for (query, sort) in [("oil", "relevance"), ("oil", "date"), ("strike OR country:japan", "relevance")] {
            let answer = try await server.json("search", ["query": .string(query), "facets": ["actor", "country"],
                                                          "limit": 100, "facet_limit": 100, "sort": .string(sort)])
            let printed = try corpus.cli(["search", query, "--facet", "actor", "--facet", "country", "--limit", "100",
                                          "--facet-limit", "100", "--sort", sort, "--index", corpus.index, "--format", "json"])
            #expect(printed.status == 0, "\(printed.stderr)")
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
            #expect(answer["total"] as? Int == expected["total"] as? Int)
            #expect((answer["total"] as? Int ?? 0) >= 2, "the query \(query) should match several articles")
            let hits = try #require(answer["hits"] as? [[String: Any]])
            let expectedHits = try #require(expected["hits"] as? [[String: Any]])
            #expect(hits.allSatisfy { $0["highlights"] == nil })
            let withoutHighlights = expectedHits.map { $0.filter { $0.key != "highlights" } }
            #expect(hits as NSArray == withoutHighlights as NSArray, "query \(query), sort \(sort)")
            #expect(answer["facets"] as? NSDictionary == expected["facets"] as? NSDictionary)
            let countries = (answer["facets"] as? [String: [[String: Any]]])?["country"] ?? []
            #expect(countries.count >= 2, "facet counts over several countries: \(countries)")
        }
        // Paging: offset and limit pick the same hits as the CLI's.
        let page = try await server.json("search", ["query": "oil", "limit": 2, "offset": 1])
        let printed = try corpus.cli(["search", "oil", "--limit", "2", "--offset", "1", "--index", corpus.index, "--format", "json"])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect((page["hits"] as? [[String: Any]])?.map { $0["id"] as? String } == (expected["hits"] as? [[String: Any]])?.map { $0["id"] as? String })
        #expect((page["hits"] as? [[String: Any]])?.first?["rank"] as? Int == 2)
        #expect(try await server.finish() == 0)
    }

    /// The similar tool lists what `gazette similar` lists, and an unknown id is a tool error.
    @Test func similarAnswersWhatGazetteSimilarPrints() async throws {
        let server = try await corpus.server()
        let id = corpus.id("opec.md")
        let answer = try await server.json("similar", ["id": .string(id), "limit": 100])
        let printed = try corpus.cli(["similar", id, "--limit", "100", "--index", corpus.index, "--format", "json"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        let ids = (answer["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(!ids.isEmpty)
        #expect(!ids.contains(id), "the article itself is left out")
        #expect(ids == (expected["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        let unknown = try await server.call("similar", ["id": "no/such/article.txt"])
        #expect(unknown.isError == true)
        #expect(try await server.finish() == 0)
    }

    @Test func fromAndToKeepArticlesOfThoseDays() async throws {
        let server = try await corpus.server()
        let march = try await server.json("search", ["query": "oil", "from": "2024-03-01", "to": "2024-03-31", "limit": 100])
        let ids = Set((march["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == [corpus.id("opec.md"), corpus.id("imf.md")])
        #expect(march["query"] as? String == "(oil) date:2024-03-01..2024-03-31")
        let since = try await server.json("search", ["query": "", "from": "2024-04-01", "sort": "date", "limit": 100])
        let dates = (since["hits"] as? [[String: Any]] ?? []).compactMap { $0["date"] as? String }
        #expect(dates == ["2024-05-01", "2024-04-20", "2024-04-02"])
        let counted = try await server.json("facets", ["facet": "country", "query": "oil", "to": "2024-03-31"])
        #expect(counted["total"] as? Int == 2)
        let backwards = try await server.call("search", ["query": "oil", "from": "2024-05-01", "to": "2024-03-01"])
        #expect(backwards.isError)
        #expect(backwards.text == "from (2024-05-01) is after to (2024-03-01)")
        #expect(try await server.finish() == 0)
    }

    @Test func facetsStatusAndArticlesMatchTheCLI() async throws {
        let server = try await corpus.server()
        let counted = try await server.json("facets", ["facet": "actor", "query": "oil"])
        let printed = try corpus.cli(["facets", "actor", "oil", "--index", corpus.index, "--format", "json"])
        #expect(counted as NSDictionary == (try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? NSDictionary))
        #expect(((counted["values"] as? [[String: Any]]) ?? []).count >= 2)

        let status = try await server.json("status")
        #expect(status["mode"] as? String == "direct")
        #expect(status["documents"] as? Int == Corpus.files.count + 2)
        #expect(status["index"] as? String == corpus.index)

        // A short article: whole, as gazette show --format json prints it, with its length.
        let seed = "articles/seed.txt"
        let article = try await server.json("get_article", ["id": .string(seed)])
        let shown = try corpus.cli(["show", seed, "--index", corpus.index, "--format", "json"])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(article.filter { !$0.key.hasPrefix("text_") && $0.key != "next_offset" } as NSDictionary == expected as NSDictionary)
        #expect(article["text_characters"] as? Int == (expected["text"] as? String)?.count)
        #expect(article["text_offset"] as? Int == 0)
        #expect(article["next_offset"] == nil)

        // The resource reads as gazette show prints the article.
        let contents = try await server.client.readResource(uri: "gazette://article/articles%2Fseed.txt")
        let text = try corpus.cli(["show", seed, "--index", corpus.index]).stdout
        #expect(contents.count == 1)
        #expect(contents.first?.text == text)
        #expect(contents.first?.mimeType == "text/plain")
        #expect(contents.first?.uri == "gazette://article/articles%2Fseed.txt")
        // Slashes left unencoded read the same article.
        #expect(try await server.client.readResource(uri: "gazette://article/articles/seed.txt").first?.text == text)
        #expect(try await server.finish() == 0)
    }

    @Test func longArticlesAreCutAndPagedThrough() async throws {
        let server = try await corpus.server()
        let id = corpus.id(Corpus.longFile)
        let shown = try corpus.cli(["show", id, "--index", corpus.index, "--format", "json"])
        let whole = try #require((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["text"] as? String)
        #expect(whole.count > 40_000)

        let first = try await server.json("get_article", ["id": .string(id)])
        #expect((first["text"] as? String)?.count == 40_000)
        #expect(first["text_characters"] as? Int == whole.count)
        #expect(first["next_offset"] as? Int == 40_000)
        let rest = try await server.json("get_article", ["id": .string(id), "offset": 40_000])
        #expect(rest["next_offset"] == nil)
        #expect((first["text"] as? String ?? "") + (rest["text"] as? String ?? "") == whole)
        let small = try await server.json("get_article", ["id": .string(id), "offset": 10, "max_characters": 5])
        #expect(small["text"] as? String == String(whole.dropFirst(10).prefix(5)))
        #expect(small["next_offset"] as? Int == 15)
        let past = try await server.call("get_article", ["id": .string(id), "offset": .int(whole.count + 1)])
        #expect(past.isError)
        #expect(past.text == "offset \(whole.count + 1) is past the end of the text (\(whole.count) characters)")

        let read = try await server.client.readResource(uri: "gazette://article/articles%2Freport.md")
        let text = try #require(read.first?.text)
        #expect(text.hasPrefix("World Bank Reviews Oil Markets\n"))
        #expect(text.contains(String(whole.prefix(40_000))))
        #expect(!text.contains("Paragraph \(Corpus.longParagraphs):"))
        #expect(text.hasSuffix("[text cut at 40000 of \(whole.count) characters: get_article with id and offset 40000 reads on]\n"))
        #expect(try await server.finish() == 0)
    }

    /// Bad calls come back as tool errors with the CLI's messages, and the server carries on.
    @Test func badArgumentsAreToolErrors() async throws {
        let server = try await corpus.server()
        let cases: [(tool: String, arguments: [String: Value], message: String)] = [
            ("search", [:], "query is required: The query in the syntax above."),
            ("search", ["query": 42], "query must be a string, not the number 42"),
            ("search", ["query": "oil", "limit": "ten"], #"limit must be an integer, not the string "ten""#),
            ("search", ["query": "oil", "limit": 2.5], "limit must be an integer, not the number 2.5"),
            ("search", ["query": "oil", "limit": 500], "limit must be between 0 and 100, not 500"),
            ("search", ["query": "oil", "facets": "country"], #"facets must be a list of strings, not the string "country""#),
            ("search", ["query": "oil", "facets": ["colour"]], "unknown facet 'colour'; facets are: actor, country, mentioned"),
            ("search", ["query": "oil", "sort": "newest"], "sort must be 'relevance', 'date' or 'oldest', not 'newest'"),
            ("search", ["query": "oil", "from": "March 2024"], "from must be a date written YYYY-MM-DD, not 'March 2024'"),
            ("search", ["query": "oil", "pages": 2],
             "search takes no argument 'pages'; its arguments are: query, limit, offset, facets, facet_limit, facet_count, sort, from, to"),
            ("facets", ["facet": "country", "facet_count": "copies"], "facet_count must be 'articles' or 'stories', not 'copies'"),
            ("search", ["query": .string(String(repeating: "a", count: 9000))], "query is 9000 bytes; the limit is 8192"),
            ("get_article", ["id": ""], "the id is empty"),
            ("facets", ["facet": "colour"], "unknown facet 'colour'; facets are: actor, country, mentioned"),
            ("status", ["verbose": true], "status takes no argument 'verbose'; it takes none"),
        ]
        for (tool, arguments, message) in cases {
            let answer = try await server.call(tool, arguments)
            #expect(answer.isError, "\(tool) \(arguments)")
            #expect(answer.text.hasPrefix(message), "\(tool) \(arguments): \(answer.text)")
        }
        // Failures the index reports carry the message gazette prints after "gazette: ".
        for (arguments, command) in [(["query": "moscow AND"] as [String: Value], ["search", "moscow AND"]),
                                     (["query": "date:2024-13-45..2025"], ["search", "date:2024-13-45..2025"])] {
            let answer = try await server.call("search", arguments)
            let printed = try corpus.cli(command + ["--index", corpus.index])
            #expect(printed.status == 2)
            #expect(answer.isError)
            #expect("gazette: " + answer.text + "\n" == printed.stderr)
        }
        let missing = try await server.call("get_article", ["id": "no/such.txt"])
        let printed = try corpus.cli(["show", "no/such.txt", "--index", corpus.index])
        #expect(missing.isError)
        #expect("gazette: " + missing.text + "\n" == printed.stderr)

        // Writing tools are not offered without --allow-writes, and say how to get them.
        let refused = try await server.call("remove", ["ids": ["articles/seed.txt"]])
        #expect(refused.isError)
        #expect(refused.text.contains("gazette mcp --allow-writes"))
        // An unknown tool is a protocol error.
        await #expect(throws: MCPError.self) { _ = try await server.client.callTool(name: "frobnicate", arguments: [:]) }
        // Bad resource URIs and unknown articles are errors too.
        await #expect(throws: MCPError.self) { _ = try await server.client.readResource(uri: "file:///etc/passwd") }
        await #expect(throws: MCPError.self) { _ = try await server.client.readResource(uri: "gazette://article/no%2Fsuch.txt") }
        await #expect(throws: MCPError.self) { _ = try await server.client.listResources(cursor: "x") }

        // After all that, it still answers.
        let after = try await server.json("search", ["query": "oil"])
        #expect((after["total"] as? Int ?? 0) > 0)
        #expect(try await server.finish() == 0)
        #expect(server.stderr.contains("gazette mcp: search: limit must be between 0 and 100, not 500"))
    }

    /// A client that writes its requests and closes its end at once gets every
    /// answer; lines that are not JSON-RPC get errors, and nothing stops the server.
    @Test func everyRequestReadBeforeTheInputEndsIsAnswered() throws {
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            "this is not JSON",
            "\u{FF}\u{FE}",
            "[]",
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":5}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"oil","limit":1}}}"#,
            #"{"jsonrpc":"2.0","id":"four","method":"resources/read","params":{"uri":"gazette://article/articles%2Fseed.txt"}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"facets","arguments":{"facet":"country"}}}"#,
        ]
        let run = try CLIRun(["mcp", "--index", corpus.index], cwd: corpus.folder, environment: corpus.environment,
                             stdin: Data(lines.joined(separator: "\n").utf8) + Data([0x0A]))
        #expect(run.status == 0, "\(run.stderr)")
        let replies = try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let answered = replies.compactMap { $0["id"] }.map { "\($0)" }
        for id in ["1", "2", "3", "four", "5"] { #expect(answered.contains(id), "no answer to \(id): \(run.stdout)") }
        #expect(replies.filter { $0["error"] != nil }.count == 4, "three bad lines and a bad call: \(run.stdout)")
        let search = try #require(replies.first { $0["id"] as? Int == 3 }?["result"] as? [String: Any])
        #expect(search["isError"] as? Bool == false)
    }

    /// `gazette mcp` runs the program gazette-mcp beside gazette, help included;
    /// a gazette without it says what is missing and how to build it.
    @Test func gazetteMCPRunsTheServerProgramBesideIt() throws {
        let help = try corpus.cli(["mcp", "--help"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains("USAGE: gazette mcp"))
        #expect(help.stdout.contains("--allow-writes"))
        let alone = corpus.folder + "/alone-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: alone) }
        try FileManager.default.copyItem(atPath: Built.products + "/gazette", toPath: alone + "/gazette")
        let missing = try CLIRun(["mcp", "--index", corpus.index], cwd: corpus.folder, environment: corpus.environment,
                                 executable: alone + "/gazette")
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(missing.stderr.contains(alone + "/gazette-mcp is missing"), "\(missing.stderr)")
        #expect(missing.stderr.contains("swift build --product gazette-mcp"))
    }

    /// JSON-RPC allows any number as an id; the reply carries it as it was sent.
    @Test func numericIdsComeBackAsSent() throws {
        let ids = ["1e400", "-0", "1E+2", "12345678901234567890123", "1.5", "7"]
        let initialize = #"{"jsonrpc":"2.0","id":"# + ids[0] + #","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        let lines = [initialize, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#]
            + ids.dropFirst().map { #"{"jsonrpc":"2.0","id":"# + $0 + #","method":"tools/list"}"# }
        let run = try CLIRun(["mcp", "--index", corpus.index], cwd: corpus.folder, environment: corpus.environment,
                             stdin: Data(lines.joined(separator: "\n").utf8) + Data([0x0A]))
        #expect(run.status == 0, "\(run.stderr)")
        let replies = run.stdout.split(separator: "\n").map { Array($0.utf8) }
        let answered = replies.compactMap { JSONScanner.member("id", in: $0).map { String(decoding: $0, as: UTF8.self) } }
        #expect(answered.sorted() == ids.sorted(), "\(run.stdout)")
        #expect(replies.allSatisfy { JSONScanner.member("result", in: $0) != nil }, "\(run.stdout)")
    }

    @Test func aMissingIndexIsAToolErrorNamingTheFix() async throws {
        let nowhere = corpus.folder + "/nowhere"
        let server = try await corpus.server(["--index", nowhere])
        for tool in ["status", "search"] {
            let answer = try await server.call(tool, tool == "search" ? ["query": "oil"] : [:])
            #expect(answer.isError)
            #expect(answer.text == "no index at \(nowhere); build it with: gazette index PATH --index \(nowhere)")
        }
        await #expect(throws: MCPError.self) { _ = try await server.client.listResources() }
        #expect(try await server.finish() == 0)
    }
}
