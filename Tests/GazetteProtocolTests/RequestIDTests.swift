import Foundation
import GazetteProtocol
import Testing

/// JSON-RPC 2.0: an id is a string, a number or null, and the reply carries
/// it back unchanged. Any JSON number is a valid id, however a client's JSON
/// library would read it.
@Suite struct RequestIDTests {
    func head(_ text: String) throws(RPCErrorObject) -> RPCRequestHead {
        try RPCDecoding.head(Data(text.utf8))
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static let numbers = ["7", "0", "-0", "1.5", "-2.50", "1e308", "1E+2", "2e-7", "9223372036854775808",
                          "-9223372036854775809", "1e400", "-0.0e-400", "123456789012345678901234567890"]

    @Test(arguments: numbers)
    func everyNumberIsAnIdEchoedAsWritten(number: String) throws {
        let request = try head(#"{"jsonrpc":"2.0","id":"# + number + #","method":"status"}"#)
        #expect(request.hasID && request.idIsValid)
        #expect(request.id == .number(try #require(JSONNumber(text: number))))
        let reply = text(try RPCResponse(id: request.id, result: StatusParams()).wireBytes())
        #expect(reply == #"{"id":"# + number + #","jsonrpc":"2.0","result":{}}"#)
        let error = text(RPCErrorResponse(id: request.id, error: RPCErrorObject(.badQuery, "no")).wireBytes)
        #expect(error == #"{"error":{"code":-32001,"message":"no"},"id":"# + number + #","jsonrpc":"2.0"}"#)
    }

    @Test func aNullIdIsARequestAnsweredWithNull() throws {
        let request = try head(#"{"jsonrpc":"2.0","id":null,"method":"status"}"#)
        #expect(request.hasID && request.idIsValid && request.id == nil)
        #expect(text(try RPCResponse(id: nil, result: 1).wireBytes()) == #"{"id":null,"jsonrpc":"2.0","result":1}"#)
    }

    @Test(arguments: ["true", "false", "[]", "[1]", "{}", #"{"id":1}"#])
    func idsThatAreNeitherNumbersStringsNorNullAreInvalid(id: String) throws {
        let request = try head(#"{"jsonrpc":"2.0","id":"# + id + #","method":"status"}"#)
        #expect(request.hasID && !request.idIsValid && request.id == nil)
    }

    @Test func stringIdsKeepEveryCharacter() throws {
        let request = try head(#"{"id":"a\"b\\c\u0000/é😀","method":"x"}"#)
        #expect(request.id == .string("a\"b\\c\u{0}/é😀"))
        let reply = text(try RPCResponse(id: request.id, result: 0).wireBytes())
        #expect(try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] != nil)
        #expect(reply == text(try WireJSON.encode(RPCResponse(id: request.id, result: 0))))
    }

    @Test func aClientsOwnIdsRoundTripThroughCodable() throws {
        let sent = RPCRequest(id: .number(JSONNumber(41)), method: "status", params: StatusParams())
        let bytes = try WireJSON.encode(sent)
        #expect(text(bytes) == #"{"id":41,"jsonrpc":"2.0","method":"status","params":{}}"#)
        let reply = try JSONDecoder().decode(RPCReplyHead.self, from: Data(#"{"id":41,"result":{}}"#.utf8))
        #expect(reply.id == sent.id)
    }

    @Test func jsonNumbersFollowJSONsGrammar() {
        for good in Self.numbers + ["0.0", "10", "-1E-0"] { #expect(JSONNumber(text: good) != nil, "\(good)") }
        for bad in ["", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "1 ", " 1", "1_000", "١"] {
            #expect(JSONNumber(text: bad) == nil, "\(bad)")
        }
    }
}

@Suite struct JSONScannerTests {
    func member(_ name: String, _ json: String) -> String? {
        JSONScanner.member(name, in: Array(json.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aMemberIsFoundAtTheTopLevelOnly() {
        #expect(member("id", #"{"id":12.50}"#) == "12.50")
        #expect(member("id", #" { "params" : {"id": 1, "x": [{"id":2}]}, "id" : -3e2 } "#) == "-3e2")
        #expect(member("id", #"{"params":{"id":1}}"#) == nil)
        #expect(member("id", #"{"text":"\"id\":5","id":"s"}"#) == #""s""#)
        #expect(member("id", #"{"\u0069d":4}"#) == "4")
        #expect(member("id", #"{"id":1,"id":2}"#) == "2")  // the last one, as JSONDecoder reads it
        #expect(member("id", #"{"id":{"a":[1,{"b":"}"}]}}"#) == #"{"a":[1,{"b":"}"}]}"#)
        #expect(member("id", "{}") == nil)
    }

    @Test func textThatIsNotAnObjectGivesNothingAndNeverTraps() {
        for text in ["", "[", "{", #"{"id""#, #"{"id":"#, #"{"id":1"#, #"{"id":1,"#, #"{"id" 1}"#, #"["id",1]"#,
                     #"{"id":"unterminated}"#, #"{"id":\"#, String(repeating: "[", count: 10_000), "1", "\u{0}"] {
            #expect(member("id", text) == nil, "\(text.prefix(20).debugDescription)")
        }
    }

    @Test func aBatchSplitsIntoItsRequestsAsWritten() {
        let batch = #" [ {"id":1e308,"method":"a"} ,2, "x,y" ,[3,[4]],{"id":"]"} ] "#
        let parts = JSONScanner.elements(in: Array(batch.utf8))?.map { String(decoding: $0, as: UTF8.self) }
        #expect(parts == [#"{"id":1e308,"method":"a"}"#, "2", #""x,y""#, "[3,[4]]", #"{"id":"]"}"#])
        #expect(JSONScanner.elements(in: Array("[]".utf8))?.isEmpty == true)
        #expect(JSONScanner.elements(in: Array("[1,".utf8)) == nil)
        #expect(JSONScanner.elements(in: Array("{}".utf8)) == nil)
    }

    /// Foundation's readers refuse a number no Swift type holds; JSON does not.
    @Test func validJSONIsValidWhateverItsNumbersHold() {
        let valid = ["1e400", "-0", "1E+2", "12345678901234567890123", #"{"id":1e400,"method":"status"}"#,
                     #" [ {"id":-0.0e-400} , [ ] , { } , "a\"\\\/\b\f\n\r\t\u00e9" , true , false , null ] "#,
                     #"{"a":{"b":[1,2.5,-3e-2]},"c":""}"#, #""\ud83d\ude00 \uD83D\uDE00""#,
                     String(repeating: "[", count: 500) + String(repeating: "]", count: 500)]
        for text in valid { #expect(JSONScanner.isValid(Array(text.utf8)), "\(text)") }
        let invalid = ["", " ", "{", "}", "[1,]", "[,1]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, "{1:2}", "01", "1.", ".5",
                       "+1", "1e", "NaN", "Infinity", "tru", "nulll", "[1] x", "1 2", #""\x""#, #""\u12g4""#,
                       "\"a\u{7}b\"", "\"open", #"{"a":[1}"#, "'x'", #""\ud800""#,
                       #""\udc00\ud800""#, #""\ud800\u0041""#, String(repeating: "[", count: 600) + String(repeating: "]", count: 600)]
        for text in invalid { #expect(!JSONScanner.isValid(Array(text.utf8)), "\(text.prefix(30).debugDescription)") }
    }

    @Test func rawControlCharactersAreFoundInsideStringsOnly() {
        #expect(JSONScanner.hasRawControlCharacter(Array("{\"jsonrpc\":\"2\u{7}.0\"}".utf8)))
        #expect(JSONScanner.hasRawControlCharacter(Array("{\"q\":\"a\tb\"}".utf8)))
        #expect(!JSONScanner.hasRawControlCharacter(Array("{\t\"q\" :\r\"a\\u0007\\\"\"}".utf8)))
        #expect(!JSONScanner.hasRawControlCharacter(Array(#"{"q":"\\","r":"x"}"#.utf8)))
    }
}
