#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GazetteProtocol

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

/// One request and its reply over a blocking socket: what a one-off command
/// does (no event loop, no NIO).
public enum DaemonClient {
    /// The result in a reply line to request `id`; nil for a notification
    /// (handed to `onNotification`) or a reply to another request.
    public static func reply<M: RPCMethod>(_ method: M.Type, to id: RequestID, in data: Data,
                                    onNotification: ((String, Data) -> Void)?) throws(ClientError) -> M.Result? {
        let reply: Reply<M.Result>
        do {
            reply = try JSONDecoder().decode(Reply<M.Result>.self, from: data)
        } catch {
            throw .badReply(String(decoding: data.prefix(200), as: UTF8.self))
        }
        let head = reply.head
        if head.id == nil, let method = head.method {
            onNotification?(method, data)
            return nil
        }
        if let error = head.error { throw .rpc(error) }
        guard head.id == id else { return nil }
        switch reply.result {
        case let .success(result)?: return result
        case let .failure(error)?: throw .badReply("\(error)")
        case nil: throw .badReply("a reply without a result")
        }
    }

    /// A reply line read once (a search's reply is most of what a one-off
    /// command reads): its head, and the result a reply without an error holds,
    /// or why it could not be read.
    struct Reply<Result: Decodable>: Decodable {
        let head: RPCReplyHead
        let result: Swift.Result<Result, any Error>?

        enum Key: String, CodingKey { case result }

        init(from decoder: any Decoder) throws {
            head = try RPCReplyHead(from: decoder)
            guard head.error == nil, head.id != nil || head.method == nil else {
                result = nil
                return
            }
            do {
                result = .success(try decoder.container(keyedBy: Key.self).decode(Result.self, forKey: .result))
            } catch {
                result = .failure(error)
            }
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

}
