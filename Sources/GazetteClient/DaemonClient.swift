// ClientError, BlockingSocket and the one-shot DaemonClient.call live in
// GazetteSocket (no NIO), for the small `gazette`; users of this module see them.
@_exported import GazetteSocket
import Foundation
import GazetteProtocol
import GazetteWire
import NIOCore
import NIOPosix

/// A connection to gazetted, used inside `DaemonClient.withConnection`.
public final class DaemonConnection {
    private var iterator: NIOAsyncChannelInboundStream<InboundLine>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var nextID = 1
    public let socketPath: String

    init(socketPath: String, inbound: NIOAsyncChannelInboundStream<InboundLine>,
         outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.socketPath = socketPath
        self.iterator = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Sends one request and waits for its reply; notifications that arrive
    /// meanwhile are handed to `onNotification`.
    public func call<M: RPCMethod>(_ method: M.Type, _ params: M.Params,
                                   onNotification: ((String, Data) -> Void)? = nil) async throws(ClientError) -> M.Result {
        let id = RequestID.number(JSONNumber(nextID))
        nextID += 1
        var buffer = ByteBuffer()
        do {
            buffer.writeBytes(try WireJSON.encode(RPCRequest(id: id, method: M.name, params: params)))
        } catch {
            throw .badReply("cannot encode the request: \(error)")
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        do {
            try await outbound.write(buffer)
        } catch {
            throw .disconnected
        }
        while true {
            let data = try await nextLine()
            if let result = try DaemonClient.reply(M.self, to: id, in: data, onNotification: onNotification) {
                return result
            }
        }
    }

    /// The next line from the daemon (a reply or a notification).
    public func nextLine() async throws(ClientError) -> Data {
        while true {
            let next: InboundLine?
            do {
                next = try await iterator.next()
            } catch {
                throw .disconnected
            }
            switch next {
            case nil: throw .disconnected
            case let .line(buffer)?: return Data(buffer.readableBytesView)
            case .tooLong?: throw .badReply("a reply line over the client's limit")
            }
        }
    }
}

/// The NIO side of the client: connections that stay open (alert watching).
extension DaemonClient {
    /// Connects to the daemon at `socketPath`, runs `body`, and closes.
    public static func withConnection<T: Sendable>(
        socketPath: String, maxLineBytes: Int = 256 << 20,
        _ body: (DaemonConnection) async throws(ClientError) -> T
    ) async throws(ClientError) -> T {
        let channel: NIOAsyncChannel<InboundLine, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(unixDomainSocketPath: socketPath) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LineFrameDecoder(maxLength: maxLineBytes)))
                        return try NIOAsyncChannel<InboundLine, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw .unavailable(socket: socketPath, reason: describe(error))
        }
        let result: Result<T, ClientError>
        do {
            result = try await channel.executeThenClose { inbound, outbound in
                let connection = DaemonConnection(socketPath: socketPath, inbound: inbound, outbound: outbound)
                do throws(ClientError) {
                    return .success(try await body(connection))
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw .disconnected
        }
        return try result.get()
    }

    static func describe(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }
}
