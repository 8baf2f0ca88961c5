import GazetteOutput
import GazetteProtocol
@testable import GazetteRelay
import Testing

/// The small gazette reads only the command lines it can read exactly as
/// gazette-full's parser does; every other one is handed over (nil here).
@Suite struct RelayCommandTests {
    func request(_ words: [String]) -> RelayRequest? {
        RelayCommand(words).flatMap(RelayRequest.init)
    }

    @Test func aSearchMakesTheRequestGazetteFullMakes() throws {
        let made = try #require(request(["search", "oil prices", "--limit=5", "--facet", "country", "--format", "vimgrep",
                                         "--facet", "actor", "--since", "2024", "--no-collapse", "--sort", "date",
                                         "--allow-partial"]))
        guard case let .search(params, options, color) = made else { Issue.record("not a search: \(made)"); return }
        #expect(params.query == "oil prices")
        #expect(params.limit == 5)
        #expect(params.offset == 0)
        #expect(params.facets == ["country", "actor"])
        #expect(params.sort == "date")
        #expect(params.since == "2024")
        #expect(params.collapse == false)
        #expect(params.allowPartial == true)
        // vimgrep points into files: located matches, no snippets.
        #expect(params.locate == true && params.snippets == false)
        #expect(options.format == .vimgrep)
        #expect(color == .auto)
    }

    @Test func aQuerysWordsMayComeAsSeveralArguments() throws {
        guard case let .search(params, _, _)? = request(["search", "oil", "country:russia", "--limit", "3", "\"crude oil\""]) else {
            Issue.record("search not read"); return
        }
        #expect(params.query == "oil country:russia \"crude oil\"" && params.limit == 3)
        guard case let .facets(facets, _, _)? = request(["facets", "actor", "oil", "OR", "gas"]) else {
            Issue.record("facets not read"); return
        }
        #expect(facets.facet == "actor" && facets.query == "oil OR gas")
        guard case let .facets(all, _, _)? = request(["facets", "actor"]) else { Issue.record("facets not read"); return }
        #expect(all.query == nil)
    }

    @Test func recordCommandsAndSimilar() throws {
        guard case let .show(document, format)? = request(["show", "a/b.txt", "--format", "json"]) else {
            Issue.record("show not read"); return
        }
        #expect(document.id == "a/b.txt" && format == .json && document.allowPartial == nil)
        guard case let .facets(facets, _, color)? = request(["facets", "country", "oil", "--limit", "3", "--color", "never"]) else {
            Issue.record("facets not read"); return
        }
        #expect(facets.facet == "country" && facets.query == "oil" && facets.limit == 3 && color == .never)
        guard case let .similar(similar, _, _)? = request(["similar", "x.txt", "--query", "oil", "--offset", "10"]) else {
            Issue.record("similar not read"); return
        }
        #expect(similar.id == "x.txt" && similar.query == "oil" && similar.offset == 10 && similar.snippets == true)
        guard case .status(.text)? = request(["status"]) else { Issue.record("status not read"); return }
    }

    @Test(arguments: [
        ["search"], ["search", "a", "--help"], ["search", "-h", "a"], ["help", "search"],
        ["search", "a", "--limit", "2", "--limit", "3"], ["search", "a", "--limit", "x"], ["search", "a", "--limit"],
        ["search", "-excluded"], ["search", "a", "--since", "-1"], ["search", "--", "a"], ["search", "a", "--explain=true"],
        ["search", "a", "--format", "xml"], ["show", ""], ["show", "a", "--format", "jsonl"], ["status", "extra"],
        ["search", "a", "--wat"], ["index", "seeds"], ["alert", "list"], [],
        ["search", "a", "--color", "sometimes"], ["similar", "x", "--sort", "date"], ["show", "a", "--color", "never"],
    ])
    func everyOtherLineIsHandedOver(words: [String]) {
        #expect(request(words) == nil, "\(words)")
    }

    @Test func onlyPlainAbsoluteSocketPathsAreUsedAsGiven() {
        #expect(Relay.isPlainAbsolute("/run/user/1/gazette/gazetted.sock"))
        for path in ["run/x.sock", "/run//x.sock", "/run/./x.sock", "/run/../x.sock", "/run/x/", ""] {
            #expect(!Relay.isPlainAbsolute(path), "\(path)")
        }
    }
}
