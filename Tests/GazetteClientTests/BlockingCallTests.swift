import Foundation
import GazetteClient
import GazetteProtocol
import GazetteWire
import Testing

/// A one-off command's call: one blocking connection, no event loop. It must
/// read replies as the event-loop client does.
@Suite struct BlockingCallTests {
    func search(_ daemon: ScriptedDaemon, maxLineBytes: Int = 1 << 20) throws -> SearchResponse {
        let socket = try BlockingSocket(connectingTo: daemon.socket)
        return try DaemonClient.call(SearchMethod.self, SearchParams(query: "oil/gas", limit: 2), over: socket,
                                     maxLineBytes: maxLineBytes)
    }

    func failure(_ daemon: ScriptedDaemon, maxLineBytes: Int = 1 << 20) -> ClientError? {
        do {
            _ = try search(daemon, maxLineBytes: maxLineBytes)
            return nil
        } catch let error as ClientError {
            return error
        } catch {
            Issue.record("expected a client error, got \(error)")
            return nil
        }
    }

    @Test func aCallSendsOneRequestLineAndSkipsNotificationsAndOtherReplies() throws {
        let daemon = try ScriptedDaemon(reply: [
            #"{"jsonrpc":"2.0","method":"index/changed","params":{"documents":3,"revision":9}}"#,
            #"{"id":41,"jsonrpc":"2.0","result":{"total":1}}"#,
            #"{"id":1,"jsonrpc":"2.0","result":\#(DaemonClientTests.result)}"# + "\r",
        ].joined(separator: "\n") + "\n")
        let response = try search(daemon)
        #expect(response == SearchResponse(query: "oil/gas", total: 0, totalExact: true, hits: [], facets: nil))
        let request = try #require(try JSONSerialization.jsonObject(with: Data(daemon.request.utf8)) as? [String: Any])
        #expect(request["method"] as? String == "search")
        #expect(request["id"] as? Int == 1)
    }

    @Test func errorsOverlongLinesAndHangUpsAreReported() throws {
        let error = try ScriptedDaemon(reply: #"{"error":{"code":-32001,"message":"cannot parse the query"},"id":1,"jsonrpc":"2.0"}"# + "\n")
        guard case let .rpc(rpc)? = failure(error) else {
            Issue.record("expected an rpc error")
            return
        }
        #expect(rpc.knownCode == .badQuery)
        let long = try ScriptedDaemon(reply: #"{"id":1,"jsonrpc":"2.0","result":\#(DaemonClientTests.result)}"# + "\n")
        guard case let .badReply(detail)? = failure(long, maxLineBytes: 16) else {
            Issue.record("expected a bad reply")
            return
        }
        #expect(detail.contains("limit"))
        let silent = try ScriptedDaemon(reply: "")
        guard case .disconnected? = failure(silent) else {
            Issue.record("expected disconnected")
            return
        }
    }

    @Test func nothingListeningIsAConnectFailure() {
        let path = NSTemporaryDirectory() + "gzc-none-\(UUID().uuidString.prefix(8)).sock"
        #expect(throws: BlockingSocket.Failure.self) { try BlockingSocket(connectingTo: path) }
    }
}
