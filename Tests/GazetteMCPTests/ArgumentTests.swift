import Foundation
@testable import GazetteMCP
import MCP
import Testing

/// The pieces of the server that need no process: argument checks, article URIs, text pages.
@Suite struct ArgumentTests {
    let parameters = [
        Parameter("query", .string, required: true, "The query."),
        Parameter("limit", .integer(0...100), "Hits."),
        Parameter("facets", .choices(["actor", "country"]), "Facets."),
        Parameter("from", .date, "Day."),
        Parameter("force", .boolean, "Force."),
    ]

    func message(_ values: [String: Value]) -> String? {
        do {
            _ = try ToolArguments(values, tool: "search", parameters: parameters)
            return nil
        } catch {
            return error.description
        }
    }

    /// The facets tool and search's facets parameter name every facet the
    /// index counts, the timeline and the regions included, and say what each counts.
    @Test func facetToolsNameEveryFacet() throws {
        let every = ["actor", "country", "mentioned", "region", "date"]
        let facets = GazetteTool.facets.tool
        let facet = try #require(facets.inputSchema.objectValue?["properties"]?.objectValue?["facet"]?.objectValue)
        let choices = (facet["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        let searchFacets = GazetteTool.search.tool.inputSchema.objectValue?["properties"]?.objectValue?["facets"]?.objectValue
        let searchChoices = (searchFacets?["items"]?.objectValue?["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        for texts in [[facets.description ?? "", facet["description"]?.stringValue ?? ""],
                      [searchFacets?["description"]?.stringValue ?? ""]] {
            for name in every {
                #expect(texts.allSatisfy { $0.contains("\(name) (") }, "\(name) is not described: \(texts)")
            }
            #expect(texts.allSatisfy { $0.contains("UN M49") && $0.contains("date:month") })
        }
        for list in [choices, searchChoices] {
            #expect(Set(every + ["date:day", "date:month", "date:year"]) == Set(list))
        }
    }

    @Test func goodArgumentsAreReadAndNullIsAbsent() throws {
        let arguments = try ToolArguments(["query": "oil", "limit": 10.0, "facets": ["actor"], "from": "2024-03-01",
                                           "force": true, "sort": nil], tool: "search", parameters: parameters + [
                                               Parameter("sort", .choice(["date"]), "Sort.")])
        #expect(arguments.string("query") == "oil")
        #expect(arguments.int("limit") == 10)
        #expect(arguments.strings("facets") == ["actor"])
        #expect(arguments.bool("force") == true)
        #expect(arguments.string("sort") == nil)
        // A string the SDK decoded as a data URL is still the text that was sent.
        let data = try JSONDecoder().decode(Value.self, from: Data(#""data:text/plain;base64,aGVsbG8=""#.utf8))
        #expect(try ToolArguments(["query": data], tool: "search", parameters: parameters).string("query")
            == "data:text/plain;base64,aGVsbG8=")
    }

    @Test func badArgumentsAreNamedWithWhatWasWrong() {
        #expect(message([:]) == "query is required: The query.")
        #expect(message(["query": nil]) == "query is required: The query.")
        #expect(message(["query": ["oil"]]) == "query must be a string, not a list")
        #expect(message(["query": "oil", "limit": -1]) == "limit must be between 0 and 100, not -1")
        #expect(message(["query": "oil", "limit": 1e300]) == "limit must be an integer, not the number 1e+300")
        #expect(message(["query": "oil", "force": "yes"]) == #"force must be true or false, not the string "yes""#)
        #expect(message(["query": "oil", "facets": ["actor", 3]]) == "facets must be a list of strings, not a list")
        #expect(message(["query": "oil", "from": "2024-3-1"]) == "from must be a date written YYYY-MM-DD, not '2024-3-1'")
        #expect(message(["query": "oil", "from": ["a": 1]]) == "from must be a date string (YYYY-MM-DD), not an object")
        #expect(message(["query": "oil", "x": 1, "a": 2])
            == "search takes no argument 'a'; its arguments are: query, limit, facets, from, force")
    }

    @Test func theSchemaSaysWhatTheChecksCheck() {
        let schema = Parameter.schema(parameters).objectValue ?? [:]
        #expect(schema["additionalProperties"] == false)
        #expect(schema["required"] == ["query"])
        let limit = schema["properties"]?.objectValue?["limit"]?.objectValue
        #expect(limit?["type"] == "integer")
        #expect(limit?["minimum"] == 0)
        #expect(limit?["maximum"] == 100)
        #expect(schema["properties"]?.objectValue?["from"]?.objectValue?["pattern"] == .string(Parameter.datePattern))
        #expect(Parameter.schema([]).objectValue?["required"] == nil)
    }

    @Test func articleURIsRoundTripAnyId() throws {
        for id in ["seeds/000_e3109c2dbdf02a4d.txt", "a b/c%d?e#f", "Zürich/ü.txt", "<1234@example.org>", "FILE#3"] {
            let uri = ArticleResources.uri(id: id)
            #expect(uri.hasPrefix("gazette://article/"))
            #expect(!uri.dropFirst("gazette://article/".count).contains("/"))
            #expect(try ArticleResources.id(uri: uri) == id)
        }
        #expect(try ArticleResources.id(uri: "gazette://article/seeds/x.txt") == "seeds/x.txt")
        for bad in ["gazette://article/", "gazette://other/x", "gazette://article/%zz", "x"] {
            #expect(throws: MCPError.self) { try ArticleResources.id(uri: bad) }
        }
    }

    @Test func textPagesCutAtCharacters() throws {
        let text = "Zürich 🇨🇭 café"
        let first = try TextPage(text, offset: 0, length: 8)
        #expect(first.text == "Zürich 🇨🇭")  // a flag is one character
        #expect(first.total == 13)
        #expect(first.next == 8)
        let rest = try TextPage(text, offset: 8, length: 100)
        #expect(rest.text == " café")
        #expect(rest.next == nil)
        #expect(try TextPage(text, offset: 13, length: 5).text == "")
        #expect(throws: ToolError.self) { try TextPage(text, offset: 14, length: 5) }
    }
}
