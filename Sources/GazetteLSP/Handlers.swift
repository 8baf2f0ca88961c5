import Foundation
import GazetteProtocol

/// The methods the server handles, by name, as the daemon's router keeps
/// its own: each typed, its params decoded before its handler runs.
extension LanguageServer {
    struct RequestHandler: Sendable {
        let method: String
        let run: @Sendable (LanguageServer, RequestID?, Data) async -> Void

        /// `fallback`: the params to use when the request has none or they
        /// cannot be read; nil when they are required.
        init<M: RPCMethod>(_ method: M.Type, fallback: M.Params? = nil,
                           _ body: @escaping @Sendable (LanguageServer, M.Params) async throws -> M.Result) {
            self.method = M.name
            run = { server, id, data in
                let params: M.Params
                if let fallback {
                    params = (try? RPCDecoding.params(M.Params.self, from: data)) ?? fallback
                } else {
                    guard let decoded = server.decodeParams(M.Params.self, data, id: id) else { return }
                    params = decoded
                }
                do {
                    server.reply(id: id, try await body(server, params))
                } catch let error as RPCErrorObject {
                    server.sendError(id: id, error)
                } catch {
                    // The request was valid but Gazette could not answer it (a bad query, no index).
                    server.sendError(id: id, code: LSPErrorCode.requestFailed, "\(error)")
                }
            }
        }
    }

    struct NotificationHandler: Sendable {
        let method: String
        let run: @Sendable (LanguageServer, Data) -> Void

        init<N: LSPNotification>(_ notification: N.Type, _ body: @escaping @Sendable (LanguageServer, N.Params) -> Void) {
            let name = N.name
            method = name
            run = { server, data in
                guard let params = server.decodeNotification(N.Params.self, data, method: name) else { return }
                body(server, params)
            }
        }
    }

    static let requests = Dictionary(uniqueKeysWithValues: [
        // Capabilities the server does not understand are no reason to refuse.
        RequestHandler(InitializeRequest.self, fallback: InitializeParams()) { server, params in
            try server.initialize(params)
        },
        RequestHandler(ShutdownRequest.self, fallback: NoParams()) { server, _ in server.shutdown() },
        RequestHandler(WorkspaceSymbolRequest.self) { server, params in try await server.symbols(matching: params.query) },
        RequestHandler(HoverRequest.self) { server, params in try await server.hover(params) },
    ].map { ($0.method, $0) })

    /// `exit` is not here: it is accepted in any state and ends the loop.
    static let notifications = Dictionary(uniqueKeysWithValues: [
        NotificationHandler(DidOpenNotification.self) { server, params in server.didOpen(params) },
        NotificationHandler(DidChangeNotification.self) { server, params in server.didChange(params) },
        NotificationHandler(DidCloseNotification.self) { server, params in server.didClose(params) },
    ].map { ($0.method, $0) })

    // MARK: Lifecycle

    func initialize(_ params: InitializeParams) throws(RPCErrorObject) -> InitializeResult {
        guard state == .uninitialized else { throw RPCErrorObject(.invalidRequest, "initialize was already received") }
        let offered = params.capabilities?.general?.positionEncodings ?? []
        encoding = offered.contains(PositionEncoding.utf8.rawValue) ? .utf8 : .utf16
        state = .running
        log("initialized; answering from \(source.description); positions in \(encoding.rawValue)")
        return InitializeResult(capabilities: .init(positionEncoding: encoding.rawValue),
                                serverInfo: .init(name: "gazette", version: GazetteVersion.current))
    }

    func shutdown() -> NullResult {
        state = .shuttingDown
        return NullResult()
    }

    // MARK: Document sync

    func didOpen(_ params: DidOpenParams) {
        documents[params.textDocument.uri] = params.textDocument.text
    }

    func didChange(_ params: DidChangeParams) {
        let uri = params.textDocument.uri
        guard var text = documents[uri] else {
            log("didChange for a document that is not open: \(uri)")
            return
        }
        for change in params.contentChanges {
            guard let changed = TextPositions.apply(change.text, range: change.range, to: text, encoding: encoding) else {
                log("didChange with a range that ends before it starts, for \(uri); the edit is ignored")
                return
            }
            text = changed
        }
        documents[uri] = text
    }

    func didClose(_ params: DidCloseParams) {
        documents[params.textDocument.uri] = nil
    }
}
