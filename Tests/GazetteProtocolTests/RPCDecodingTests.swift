import Foundation
import GazetteProtocol
import Testing

@Suite struct RPCDecodingTests {
    func head(_ text: String) throws(RPCErrorObject) -> RPCRequestHead {
        try RPCDecoding.head(Data(text.utf8))
    }

    func code(_ text: String) -> RPCErrorCode? {
        do {
            _ = try head(text)
            return nil
        } catch {
            return error.knownCode
        }
    }

    @Test func aRequestHeadSaysWhatTheMessageIs() throws {
        let request = try head(#"{"jsonrpc":"2.0","id":7,"method":"search","params":{"query":"x"}}"#)
        #expect(request.jsonrpc == "2.0")
        #expect(request.id == .number(7))
        #expect(request.method == "search")
        #expect(request.hasID && request.idIsValid && !request.isReply)

        let notification = try head(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(!notification.hasID && notification.idIsValid && notification.id == nil)

        let nullID = try head(#"{"jsonrpc":"2.0","id":null,"method":"status"}"#)
        #expect(nullID.hasID && nullID.idIsValid && nullID.id == nil)

        let objectID = try head(#"{"jsonrpc":"2.0","id":{},"method":"status"}"#)
        #expect(objectID.hasID && !objectID.idIsValid)

        let reply = try head(#"{"jsonrpc":"2.0","id":"a","result":null}"#)
        #expect(reply.isReply && reply.method == nil && reply.id == .string("a"))

        // Members of the wrong type read as absent, for the server to refuse.
        let wrong = try head(#"{"jsonrpc":2,"method":5}"#)
        #expect(wrong.jsonrpc == nil && wrong.method == nil)
    }

    @Test func textThatIsNotJSONIsAParseErrorAndOtherJSONAnInvalidRequest() {
        #expect(code("{nope") == .parseError)
        #expect(code("") == .parseError)
        #expect(code("5") == .invalidRequest)
        #expect(code(#""text""#) == .invalidRequest)
        #expect(code("[1,2]") == .invalidRequest)
        #expect(code("{}") == nil)
    }

    struct Params: Codable, Equatable {
        var query: String
        var limit: Int?
        var facets: [String]?
    }

    func problem(_ text: String) -> String? {
        do {
            _ = try RPCDecoding.params(Params.self, from: Data(text.utf8))
            return nil
        } catch {
            return RPCDecoding.describe(error)
        }
    }

    @Test func paramsAreReadAsTheMethodsTypeAndProblemsSaidPlainly() throws {
        #expect(try RPCDecoding.params(Params.self, from: Data(#"{"method":"m"}"#.utf8)) == nil)
        #expect(try RPCDecoding.params(Params.self, from: Data(#"{"params":null}"#.utf8)) == nil)
        #expect(try RPCDecoding.params(Params.self, from: Data(#"{"params":{"query":"q","limit":2}}"#.utf8))
            == Params(query: "q", limit: 2))
        #expect(problem(#"{"params":{"limit":3}}"#) == "missing params.query")
        #expect(problem(#"{"params":{"query":5}}"#) == "params.query should be a string")
        #expect(problem(#"{"params":{"query":"q","limit":"ten"}}"#) == "params.limit should be an integer")
        #expect(problem(#"{"params":{"query":"q","facets":["actor",3]}}"#) == "params.facets[1] should be a string")
        #expect(problem(#"{"params":{"query":"q","facets":"actor"}}"#) == "params.facets should be an array")
        #expect(problem(#"{"params":[1]}"#)?.hasPrefix("params should be") == true)
    }

    /// `allow_partial` reads alike on every method that reads shards, and a
    /// reply flags a partial answer alike (keys left out of a whole one).
    @Test func partialAnswersAreAskedForAndFlaggedAlikeByEveryReadingMethod() throws {
        let document = try #require(try RPCDecoding.params(DocumentParams.self,
                                                           from: Data(#"{"params":{"id":"a","allow_partial":true}}"#.utf8)))
        #expect(document == DocumentParams(id: "a", allowPartial: true))
        let facets = try #require(try RPCDecoding.params(FacetsParams.self,
                                                         from: Data(#"{"params":{"facet":"country","allow_partial":true}}"#.utf8)))
        #expect(facets.allowPartial == true)
        #expect(facets.search.allowPartial == true)
        #expect(FacetsParams(facet: "country").search.allowPartial == nil)

        let missing = ["remote 10.0.0.2:7000"]
        let replies: [any Encodable] = [
            FacetsResponse(facet: "country", query: "", total: 1, values: [], missingShards: missing),
            DocumentResponse(id: "a", title: "t", date: nil, path: nil, source: nil, url: nil, actors: [], countries: [],
                             mentions: [], text: "", missingShards: missing),
            SearchResponse(query: "", total: 1, totalExact: true, hits: [], facets: nil, missingShards: missing),
        ]
        for reply in replies {
            let text = String(decoding: try WireJSON.encode(reply), as: UTF8.self)
            #expect(text.contains(#""missing_shards":["remote 10.0.0.2:7000"]"#), "\(text)")
            #expect(text.contains(#""partial":true"#), "\(text)")
        }
        let whole = String(decoding: try WireJSON.encode(FacetsResponse(facet: "country", query: "", total: 1, values: [])),
                           as: UTF8.self)
        #expect(!whole.contains("partial") && !whole.contains("missing_shards"))
    }

    @Test func repliesAlwaysNameTheirRequest() throws {
        let encoded = String(decoding: try WireJSON.encode(RPCResponse(id: nil, result: 1)), as: UTF8.self)
        #expect(encoded == #"{"id":null,"jsonrpc":"2.0","result":1}"#)
        let error = String(decoding: try WireJSON.encode(RPCErrorResponse(id: .string("a/b"), error: RPCErrorObject(.badQuery, "x"))),
                           as: UTF8.self)
        #expect(error == #"{"error":{"code":-32001,"message":"x"},"id":"a/b","jsonrpc":"2.0"}"#)
    }
}
