import Foundation
import GazetteEntities
import GazetteProtocol

/// Gazette's language server: articles as workspace symbols, and hovers
/// over actor and country names. One message is answered at a time, in order.
public final class LanguageServer {
    public struct Options: Sendable {
        /// Articles returned for one `workspace/symbol` query.
        public var symbolLimit: Int
        /// Log every message's method to stderr, not only problems.
        public var verbose: Bool

        public init(symbolLimit: Int = 50, verbose: Bool = false) {
            self.symbolLimit = symbolLimit
            self.verbose = verbose
        }
    }

    enum State {
        case uninitialized
        case running
        /// `shutdown` was answered: only `exit` is accepted now.
        case shuttingDown
    }

    let source: ArticleSource
    private let sink: MessageSink
    let options: Options
    let log: @Sendable (String) -> Void
    var state = State.uninitialized
    var encoding = PositionEncoding.utf16
    /// Open documents by URI: the client's text, which may differ from the file.
    var documents: [String: String] = [:]
    var loadedGazetteer: Gazetteer?
    private var outputClosed = false

    public init(source: ArticleSource, sink: MessageSink, options: Options = Options(),
                log: @escaping @Sendable (String) -> Void) {
        self.source = source
        self.sink = sink
        self.options = options
        self.log = log
    }

    /// 0 after `shutdown`, 1 otherwise, as the LSP specification asks of `exit`.
    var exitStatus: Int32 { state == .shuttingDown ? 0 : 1 }

    /// Serves until `exit` or the end of input, and returns the exit status.
    public func run(input: ByteSource) async -> Int32 {
        await run(frames: Self.frames(from: input))
    }

    public func run(frames: AsyncStream<Frame>) async -> Int32 {
        for await frame in frames {
            switch frame {
            case .end:
                log("input closed" + (state == .shuttingDown ? "" : " without shutdown"))
                return exitStatus
            case let .malformed(reason, reply):
                log("malformed message: \(reason)")
                if reply { sendError(id: nil, code: LSPErrorCode.parseError, reason) }
            case let .message(body):
                if let status = await handle(Data(body)) { return status }
            }
            if outputClosed {
                log("stdout is closed; stopping")
                return 1
            }
        }
        return exitStatus
    }

    /// Reads frames on a thread of its own, so blocking reads never hold up
    /// Swift's concurrency pool.
    public static func frames(from input: ByteSource) -> AsyncStream<Frame> {
        let (stream, continuation) = AsyncStream.makeStream(of: Frame.self)
        let thread = Thread {
            let reader = FrameReader(source: input)
            while true {
                let frame = reader.next()
                continuation.yield(frame)
                if frame == .end { break }
            }
            continuation.finish()
        }
        thread.name = "gazette-lsp-reader"
        thread.start()
        return stream
    }

    // MARK: Dispatch

    /// Answers one message; returns an exit status when the server should stop.
    func handle(_ data: Data) async -> Int32? {
        let head: RPCRequestHead
        do {
            head = try RPCDecoding.head(data)
        } catch {
            sendError(id: nil, error)
            return nil
        }
        if head.method == nil && head.isReply && head.hasID {
            debug("ignored a reply to id \(head.id?.description ?? "null"): this server sends no requests")
            return nil
        }
        guard head.jsonrpc == "2.0", let method = head.method, head.idIsValid else {
            sendError(id: head.id, RPCErrorObject(.invalidRequest,
                      "not a JSON-RPC 2.0 message: it needs \"jsonrpc\": \"2.0\", a string \"method\", and an \"id\" that is a number or a string"))
            return nil
        }
        if head.hasID {
            debug("request \(method) (id \(head.id?.description ?? "null"))")
            await request(method, id: head.id, data)
            return nil
        }
        debug("notification \(method)")
        return notification(method, data)
    }

    private func request(_ method: String, id: RequestID?, _ data: Data) async {
        if state == .uninitialized && method != InitializeRequest.name {
            sendError(id: id, code: LSPErrorCode.serverNotInitialized, "the server is not initialized: send initialize first")
            return
        }
        if state == .shuttingDown {
            sendError(id: id, code: LSPErrorCode.invalidRequest, "the server is shutting down: only exit is accepted")
            return
        }
        guard let handler = Self.requests[method] else {
            sendError(id: id, code: LSPErrorCode.methodNotFound, "unknown method: \(method)")
            return
        }
        await handler.run(self, id, data)
    }

    private func notification(_ method: String, _ data: Data) -> Int32? {
        if method == ExitNotification.name {
            log("exit" + (state == .shuttingDown ? "" : " without shutdown"))
            return exitStatus
        }
        // Before initialize, the specification has notifications dropped.
        guard state == .running else { return nil }
        // initialized, $/cancelRequest, $/setTrace and others: nothing to do.
        Self.notifications[method]?.run(self, data)
        return nil
    }

    // MARK: Output

    /// The params of a request, or nil after answering that they are invalid.
    func decodeParams<P: Decodable>(_ type: P.Type, _ data: Data, id: RequestID?) -> P? {
        decoded(type, data) { sendError(id: id, code: LSPErrorCode.invalidParams, "invalid params: \($0)") }
    }

    /// The params of a notification, or nil after logging that they are invalid.
    func decodeNotification<P: Decodable>(_ type: P.Type, _ data: Data, method: String) -> P? {
        decoded(type, data) { log("ignored \(method) with invalid params: \($0)") }
    }

    private func decoded<P: Decodable>(_ type: P.Type, _ data: Data, otherwise: (String) -> Void) -> P? {
        do {
            guard let params = try RPCDecoding.params(type, from: data) else {
                otherwise("missing params")
                return nil
            }
            return params
        } catch {
            otherwise(RPCDecoding.describe(error))
            return nil
        }
    }

    func reply<R: Codable & Sendable>(id: RequestID?, _ result: R) {
        do {
            write(try RPCResponse(id: id, result: result).wireBytes())
        } catch {
            log("cannot encode a reply: \(error)")
        }
    }

    func sendError(id: RequestID?, code: Int, _ message: String) {
        sendError(id: id, RPCErrorObject(code: code, message: message))
    }

    func sendError(id: RequestID?, _ error: RPCErrorObject) {
        debug("error \(error.code): \(error.message)")
        write(RPCErrorResponse(id: id, error: error).wireBytes)
    }

    /// Replies carry the request's id as it was sent (`wireBytes`).
    private func write(_ message: [UInt8]) {
        if !sink.send(message) { outputClosed = true }
    }

    func debug(_ line: String) {
        if options.verbose { log(line) }
    }
}
