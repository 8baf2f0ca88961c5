#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteClient
import GazetteProtocol
import Testing

/// A stand-in for gazetted on a scratch socket: accepts one connection, reads
/// one request line, and answers with the given bytes (or just hangs up).
final class ScriptedDaemon: @unchecked Sendable {
    let folder = NSTemporaryDirectory() + "gzc-\(UUID().uuidString.prefix(8))"
    var socket: String { folder + "/gazetted.sock" }
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var received = ""

    init(reply: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        listener = fd
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = folder + "/gazetted.sock"
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(fd, 1) == 0)
        Thread.detachNewThread { [self] in
            let connection = accept(fd, nil, nil)
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while read(connection, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { line.append(byte) }
            lock.withLock { received = String(decoding: line, as: UTF8.self) }
            let bytes = Array(reply.utf8)
            _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            close(connection)
            done.signal()
        }
    }

    /// The request line the client sent.
    var request: String {
        // Signalled again, so that a second look does not wait out the timeout.
        if done.wait(timeout: .now() + 30) == .success { done.signal() }
        return lock.withLock { received }
    }

    deinit {
        close(listener)
        try? FileManager.default.removeItem(atPath: folder)
    }
}

@Suite struct DaemonClientTests {
    func search(_ daemon: ScriptedDaemon, maxLineBytes: Int = 1 << 20,
                notes: NotificationLog = NotificationLog()) async throws(ClientError) -> SearchResponse {
        try await DaemonClient.withConnection(socketPath: daemon.socket, maxLineBytes: maxLineBytes) { connection throws(ClientError) in
            try await connection.call(SearchMethod.self, SearchParams(query: "oil/gas", limit: 2)) { method, _ in
                notes.append(method)
            }
        }
    }

    func failure(_ daemon: ScriptedDaemon, maxLineBytes: Int = 1 << 20) async -> ClientError? {
        do {
            _ = try await search(daemon, maxLineBytes: maxLineBytes)
            return nil
        } catch {
            return error
        }
    }

    static let result = #"{"hits":[],"query":"oil/gas","total":0,"total_exact":true}"#

    @Test func aCallSendsOneRequestLineAndReadsItsReply() async throws {
        let daemon = try ScriptedDaemon(reply: #"{"id":1,"jsonrpc":"2.0","result":\#(Self.result)}"# + "\n")
        let response = try await search(daemon)
        #expect(response == SearchResponse(query: "oil/gas", total: 0, totalExact: true, hits: [], facets: nil))
        let request = try #require(try JSONSerialization.jsonObject(with: Data(daemon.request.utf8)) as? [String: Any])
        #expect(request["jsonrpc"] as? String == "2.0")
        #expect(request["id"] as? Int == 1)
        #expect(request["method"] as? String == "search")
        #expect((request["params"] as? [String: Any])?["query"] as? String == "oil/gas")
        #expect(daemon.request.contains("oil/gas"), "slashes are sent as they are")
    }

    @Test func notificationsAndOtherRepliesBeforeTheAnswerAreSetAside() async throws {
        let daemon = try ScriptedDaemon(reply: [
            #"{"jsonrpc":"2.0","method":"index/changed","params":{"documents":3,"revision":9}}"#,
            #"{"id":41,"jsonrpc":"2.0","result":{"total":1}}"#,
            #"{"id":1,"jsonrpc":"2.0","result":\#(Self.result)}"#,
        ].joined(separator: "\n") + "\n")
        let notes = NotificationLog()
        let response = try await search(daemon, notes: notes)
        #expect(response.total == 0)
        #expect(notes.methods == ["index/changed"])
    }

    @Test func anErrorReplyKeepsItsCode() async throws {
        let daemon = try ScriptedDaemon(reply: #"{"error":{"code":-32001,"message":"cannot parse the query"},"id":1,"jsonrpc":"2.0"}"# + "\n")
        guard case let .rpc(error)? = await failure(daemon) else {
            Issue.record("expected an rpc error")
            return
        }
        #expect(error.knownCode == .badQuery)
        #expect(error.message == "cannot parse the query")
    }

    @Test func aReplyThatIsNotJSONRPCIsABadReply() async throws {
        let daemon = try ScriptedDaemon(reply: "HTTP/1.1 400 Bad Request\n")
        guard case let .badReply(detail)? = await failure(daemon) else {
            Issue.record("expected a bad reply")
            return
        }
        #expect(detail.contains("HTTP/1.1 400"))
        let wrongShape = try ScriptedDaemon(reply: #"{"id":1,"jsonrpc":"2.0","result":{"total":"many"}}"# + "\n")
        guard case .badReply? = await failure(wrongShape) else {
            Issue.record("expected a bad reply for a result of the wrong shape")
            return
        }
    }

    @Test func aReplyOverTheLineLimitIsRefused() async throws {
        let daemon = try ScriptedDaemon(reply: #"{"id":1,"jsonrpc":"2.0","result":\#(Self.result)}"# + "\n")
        guard case let .badReply(detail)? = await failure(daemon, maxLineBytes: 16) else {
            Issue.record("expected a bad reply")
            return
        }
        #expect(detail.contains("limit"))
    }

    @Test func aDaemonThatHangsUpBeforeReplyingIsReported() async throws {
        let daemon = try ScriptedDaemon(reply: "")
        guard case .disconnected? = await failure(daemon) else {
            Issue.record("expected disconnected")
            return
        }
    }

    @Test func noDaemonAtTheSocketIsUnavailable() async throws {
        let path = NSTemporaryDirectory() + "gzc-none-\(UUID().uuidString.prefix(8)).sock"
        do {
            _ = try await DaemonClient.withConnection(socketPath: path) { connection throws(ClientError) in
                try await connection.call(StatusMethod.self, StatusParams())
            }
            Issue.record("connecting to nothing must fail")
        } catch {
            guard case let .unavailable(socket, reason) = error else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
            #expect(socket == path)
            #expect(!reason.isEmpty)
            #expect(error.description.hasPrefix("no daemon at \(path)"))
        }
        #expect(!DaemonClient.isListening(socketPath: path))
    }
}

/// Notification methods, in the order they arrived.
final class NotificationLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func append(_ method: String) { lock.withLock { list.append(method) } }
    var methods: [String] { lock.withLock { list } }
}
