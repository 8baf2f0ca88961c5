import Foundation
import Logging
import MCP

/// The SDK's stdio transport, keeping count of the requests not yet answered
/// and carrying request ids the SDK cannot hold (NumericIDs).
/// The SDK's server stops reading when its input ends and leaves requests in
/// flight to be dropped when the process exits; a client that writes its
/// requests and closes its end (a script, `gazette mcp < requests`) would lose
/// the answers still being worked on. `drain` waits for them.
actor AnsweringTransport: Transport {
    private let inner: StdioTransport
    nonisolated let logger: Logger
    private var upstream: AsyncThrowingStream<Data, any Error>?
    private var unanswered = Set<ID>()
    /// Ids the SDK cannot hold, given to it as stand-ins.
    private var ids = NumericIDs()

    init() {
        inner = StdioTransport()
        logger = inner.logger
    }

    func connect() async throws {
        try await inner.connect()
        upstream = await inner.receive()
    }

    func disconnect() async {
        await inner.disconnect()
    }

    func send(_ data: Data) async throws {
        let outgoing = ids.outbound(data)
        try await inner.send(outgoing)
        for message in Envelope.messages(in: data) where message.method == nil {
            if let id = message.id { unanswered.remove(id) }
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        guard let upstream else {
            return AsyncThrowingStream { $0.finish(throwing: MCPError.internalError("not connected")) }
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await read in upstream {
                        let data = self.ids.inbound(read)
                        self.note(data)
                        continuation.yield(data)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Waits until every request read so far has been answered, or `timeout`
    /// has passed; returns how many are still unanswered.
    func drain(timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while !unanswered.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return unanswered.count
    }

    /// Requests get an answer; a request the client cancels gets none.
    private func note(_ data: Data) {
        for message in Envelope.messages(in: data) {
            if message.method == CancelledNotification.name, let id = message.cancelled {
                unanswered.remove(id)
            } else if message.method != nil, let id = message.id {
                unanswered.insert(id)
            }
        }
    }
}

/// What the count needs of a JSON-RPC message: its id, its method, and the
/// request a cancellation names. Anything else decodes to nothing.
private struct Envelope: Decodable {
    let id: ID?
    let method: String?
    let cancelled: ID?

    enum Keys: String, CodingKey { case id, method, params, requestId }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try? container.decodeIfPresent(ID.self, forKey: .id)
        method = try? container.decodeIfPresent(String.self, forKey: .method)
        cancelled = try? container.nestedContainer(keyedBy: Keys.self, forKey: .params).decode(ID.self, forKey: .requestId)
    }

    /// The messages in one line: an object, or a batch of them.
    static func messages(in data: Data) -> [Envelope] {
        let decoder = JSONDecoder()
        if let batch = try? decoder.decode([Envelope].self, from: data) { return batch }
        return (try? decoder.decode(Envelope.self, from: data)).map { [$0] } ?? []
    }
}
