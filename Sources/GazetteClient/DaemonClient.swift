import Foundation
import GazetteProtocol
import GazetteWire
import NIOCore
import NIOPosix

public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// Nothing answers at the socket (no file, or no daemon behind it).
    case unavailable(socket: String, reason: String)
    /// The daemon answered with a JSON-RPC error.
    case rpc(RPCErrorObject)
    /// The daemon said something that is not a reply.
    case badReply(String)
    /// The connection closed before the reply came.
    case disconnected

    public var description: String {
        switch self {
        case let .unavailable(socket, reason): return "no daemon at \(socket): \(reason)"
        case let .rpc(error): return error.message
        case let .badReply(detail): return "unexpected reply from gazetted: \(detail)"
        case .disconnected: return "gazetted closed the connection before replying"
        }
    }
}

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

public enum DaemonClient {
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

    /// The result in a reply line to request `id`; nil for a notification
    /// (handed to `onNotification`) or a reply to another request.
    static func reply<M: RPCMethod>(_ method: M.Type, to id: RequestID, in data: Data,
                                    onNotification: ((String, Data) -> Void)?) throws(ClientError) -> M.Result? {
        let head: RPCReplyHead
        do {
            head = try JSONDecoder().decode(RPCReplyHead.self, from: data)
        } catch {
            throw .badReply(String(decoding: data.prefix(200), as: UTF8.self))
        }
        if head.id == nil, let method = head.method {
            onNotification?(method, data)
            return nil
        }
        if let error = head.error { throw .rpc(error) }
        guard head.id == id else { return nil }
        do {
            return try JSONDecoder().decode(RPCResponse<M.Result>.self, from: data).result
        } catch {
            throw .badReply("\(error)")
        }
    }

    /// Sends one request over `socket` (connected to the daemon) and waits
    /// for its reply on the calling thread: what a one-off command does.
    public static func call<M: RPCMethod>(_ method: M.Type, _ params: M.Params, over socket: BlockingSocket,
                                          maxLineBytes: Int = 256 << 20) throws(ClientError) -> M.Result {
        let id = RequestID.number(1)
        var line: [UInt8]
        do {
            line = Array(try WireJSON.encode(RPCRequest(id: id, method: M.name, params: params)))
        } catch {
            throw .badReply("cannot encode the request: \(error)")
        }
        line.append(UInt8(ascii: "\n"))
        do {
            try socket.send(line)
            while let reply = try socket.readLine(maxLength: maxLineBytes) {
                if let result = try Self.reply(M.self, to: id, in: Data(reply), onNotification: nil) { return result }
            }
        } catch let failure as BlockingSocket.Failure {
            throw .badReply(failure.description)
        } catch let error as ClientError {
            throw error
        } catch {
            throw .badReply("\(error)")
        }
        throw .disconnected
    }

    /// Whether a daemon answers at `socketPath` (a connection is accepted).
    public static func isListening(socketPath: String) -> Bool {
        SocketProbe.isListening(socketPath: socketPath)
    }

    static func describe(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }
}
