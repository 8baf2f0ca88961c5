#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteDaemon
import GazetteProtocol
import Testing

/// What JSON-RPC 2.0 asks of the daemon's replies, over its real socket.
@Suite(.serialized) struct ProtocolTests {
    /// The raw text of the reply's `id` member.
    func rawID(_ line: String) -> String? {
        JSONScanner.member("id", in: Array(line.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    func send(_ connection: RawConnection, _ line: String) async throws -> String {
        try await connection.send(line + "\n")
        return try #require(try await connection.readLine())
    }

    @Test func aNullIdIsEchoedByEveryMethod() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        let requests = [
            #""method":"status""#,
            #""method":"search","params":{"query":"storm"}"#,
            #""method":"document","params":{"id":"missing"}"#,
            #""method":"facets","params":{"facet":"country"}"#,
            #""method":"remove","params":{"ids":["missing"]}"#,
            #""method":"index","params":{"articles":[{"id":"n1","title":"Storm","body":"wind"}]}"#,
            #""method":"subscribe""#,
            #""method":"fly""#,
        ]
        for request in requests {
            let reply = try await send(connection, #"{"jsonrpc":"2.0","id":null,"# + request + "}")
            #expect(rawID(reply) == "null", "\(request): \(reply)")
        }
        try await daemon.stop()
    }

    @Test func numericIdsComeBackExactlyAsSent() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        for number in ["1.5", "1e308", "9223372036854775808", "-0", "2E-3", "1e400", "1E+2", "12345678901234567890123"] {
            let reply = try await send(connection, #"{"jsonrpc":"2.0","id":"# + number + #","method":"status"}"#)
            #expect(rawID(reply) == number, "\(reply)")
            #expect(reply.contains(#""result":"#), "\(reply)")
            let failed = try await send(connection, #"{"jsonrpc":"2.0","id":"# + number + #","method":"search","params":{"query":"a AND"}}"#)
            #expect(rawID(failed) == number, "\(failed)")
        }
        // In a batch too: each request keeps its own id's text.
        let batch = try await send(connection, #"[{"jsonrpc":"2.0","id":1e308,"method":"status"},{"jsonrpc":"2.0","id":0.10,"method":"status"}]"#)
        let parts = try #require(JSONScanner.elements(in: Array(batch.utf8)))
        #expect(parts.map { JSONScanner.member("id", in: Array($0)).map { String(decoding: $0, as: UTF8.self) } } == ["1e308", "0.10"])
        // Numbers no Swift type holds, in a batch: each request runs and is answered with its id as sent.
        let huge = ["1e400", "-0", "1E+2", "12345678901234567890123"]
        let line = "[" + huge.map { #"{"jsonrpc":"2.0","id":"# + $0 + #","method":"status"}"# }.joined(separator: ",") + "]"
        let answers = try #require(JSONScanner.elements(in: Array(try await send(connection, line).utf8)))
        #expect(answers.map { JSONScanner.member("id", in: Array($0)).map { String(decoding: $0, as: UTF8.self) } } == huge)
        #expect(answers.allSatisfy { JSONScanner.member("result", in: Array($0)) != nil })
        try await daemon.stop()
    }

    /// JSON requires control characters in strings escaped; Foundation's decoder would let them through.
    @Test func aRawControlCharacterInAStringIsAParseError() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        let raw = try await send(connection, "{\"jsonrpc\":\"2\u{7}.0\",\"method\":\"status\"}")
        #expect(raw.contains("-32700") && rawID(raw) == "null", "\(raw)")
        let escaped = try await send(connection, #"{"jsonrpc":"2.0","id":7,"method":"search","params":{"query":"a\u0007b"}}"#)
        #expect(!escaped.contains("-32700") && rawID(escaped) == "7", "\(escaped)")
        try await daemon.stop()
    }

    @Test func idsOfOtherTypesAreInvalidRequests() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        for id in ["true", "false", "[1]", "{}", #"{"n":1}"#] {
            for method in ["status", "search", "fly"] {
                let reply = try await send(connection, #"{"jsonrpc":"2.0","id":"# + id + #","method":""# + method + #"","params":{"query":"x"}}"#)
                #expect(reply.contains(#""code":-32600"#), "\(id) \(method): \(reply)")
                #expect(rawID(reply) == "null")
            }
        }
        try await daemon.stop()
    }

    @Test func stringsWithANulAreRefusedNotCutShort() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        _ = try await send(connection, #"{"jsonrpc":"2.0","id":1,"method":"index","params":{"articles":[{"id":"oil-1","title":"Oil","body":"oil prices"}]}}"#)
        let query = try await send(connection, #"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"oil\u0000zzzz"}}"#)
        #expect(query.contains(#""code":-32001"#) && query.contains("NUL"), "\(query)")
        let document = try await send(connection, #"{"jsonrpc":"2.0","id":3,"method":"document","params":{"id":"oil-1\u0000x"}}"#)
        #expect(document.contains(#""code":-32602"#) && document.contains("NUL"), "\(document)")
        let remove = try await send(connection, #"{"jsonrpc":"2.0","id":4,"method":"remove","params":{"ids":["oil-1\u0000x"]}}"#)
        #expect(remove.contains(#""code":-32602"#), "\(remove)")
        let article = try await send(connection, #"{"jsonrpc":"2.0","id":5,"method":"index","params":{"articles":[{"id":"oil-1\u0000x","title":"T","body":"b"}]}}"#)
        #expect(article.contains(#""code":-32602"#), "\(article)")
        let path = try await send(connection, #"{"jsonrpc":"2.0","id":6,"method":"index","params":{"paths":["/tmp\u0000/x"]}}"#)
        #expect(path.contains(#""code":-32602"#), "\(path)")
        // Nothing was cut short and run: the article is still there, alone.
        let found = try await send(connection, #"{"jsonrpc":"2.0","id":7,"method":"search","params":{"query":"oil"}}"#)
        #expect(found.contains(#""total":1"#), "\(found)")
        try await daemon.stop()
    }

    @Test func expensiveQueriesAreRefusedWithAClearError() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        // More distinct words starting with "w" than one wildcard may stand for.
        let words = (0..<1_200).map { "w\(String($0, radix: 26))" }
        let articles = stride(from: 0, to: words.count, by: 100).map { start in
            #"{"id":"a\#(start)","title":"Words","body":"\#(words[start..<start + 100].joined(separator: " "))"}"#
        }
        let connection = try await RawConnection(daemon.socket)
        _ = try await send(connection, #"{"jsonrpc":"2.0","id":1,"method":"index","params":{"articles":["# + articles.joined(separator: ",") + "]}}")
        let wide = try await send(connection, #"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"w*"}}"#)
        #expect(wide.contains(#""code":-32001"#) && wide.contains("query too expensive"), "\(wide)")
        let narrow = try await send(connection, #"{"jsonrpc":"2.0","id":3,"method":"search","params":{"query":"w1*","limit":0}}"#)
        #expect(narrow.contains(#""total":"#), "\(narrow)")
        try await daemon.stop()
    }

    @Test func batchesAreBoundedAndAnsweredInOrder() async throws {
        let daemon = try await RunningDaemon()
        defer { daemon.cleanUp() }
        let connection = try await RawConnection(daemon.socket)
        let status = #"{"jsonrpc":"2.0","method":"status","id":"#
        let tooMany = "[" + (0...RequestRouter.maxBatchRequests).map { status + "\($0)}" }.joined(separator: ",") + "]"
        let refused = try await send(connection, tooMany)
        #expect(refused.contains(#""code":-32600"#) && refused.contains("smaller batches"), "\(refused.prefix(200))")
        let full = "[" + (0..<RequestRouter.maxBatchRequests).map { status + "\($0)}" }.joined(separator: ",") + "]"
        let replies = try #require(try JSONSerialization.jsonObject(with: Data(try await send(connection, full).utf8)) as? [[String: Any]])
        #expect(replies.compactMap { $0["id"] as? Int } == Array(0..<RequestRouter.maxBatchRequests))
        // Notifications in a batch get no reply; a batch of only notifications, no line at all.
        try await connection.send(#"[{"jsonrpc":"2.0","method":"status"}]"# + "\n")
        let next = try await send(connection, #"{"jsonrpc":"2.0","id":"after","method":"status"}"#)
        #expect(rawID(next) == #""after""#)
        try await daemon.stop()
    }
}
