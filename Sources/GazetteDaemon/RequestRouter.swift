import Foundation
import GazetteArticles
import GazetteIndex
import GazetteProtocol
import GazetteService

/// Turns one JSON-RPC request line into its reply line. No I/O: the server
/// frames lines, this decodes, runs the method on the IndexHost and encodes.
public struct RequestRouter: Sendable {
    public let host: IndexHost
    public let socketPath: String?
    /// Called after an `index` request committed and before its reply, so
    /// that new roots are watched by the time the client hears back.
    let onIndexed: (@Sendable () async -> Void)?

    public init(host: IndexHost, socketPath: String?, onIndexed: (@Sendable () async -> Void)? = nil) {
        self.host = host
        self.socketPath = socketPath
        self.onIndexed = onIndexed
    }

    /// What the connection should do after a request.
    public enum Reply: Sendable {
        /// Nothing to send (a notification).
        case none
        /// Send this line (no newline included).
        case line([UInt8])
        /// Send this line, then start sending `index/changed` notifications.
        case subscribed([UInt8])
    }

    public func handle(_ bytes: [UInt8]) async -> Reply {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .line(errorLine(nil, .parseError, "the request is not valid UTF-8"))
        }
        if text.first(where: { !$0.isWhitespace }) == "[" {
            return await handleBatch(text)
        }
        return await handleOne(Data(text.utf8))
    }

    private func handleBatch(_ text: String) async -> Reply {
        guard let items = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            return .line(errorLine(nil, .parseError, "the request is not valid JSON"))
        }
        guard !items.isEmpty else { return .line(errorLine(nil, .invalidRequest, "an empty batch")) }
        var replies: [[UInt8]] = []
        for item in items {
            guard let data = try? JSONSerialization.data(withJSONObject: item, options: [.fragmentsAllowed]) else { continue }
            switch await handleOne(data, allowSubscribe: false) {
            case .none: break
            case let .line(line), let .subscribed(line): replies.append(line)
            }
        }
        guard !replies.isEmpty else { return .none }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, reply) in replies.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += reply
        }
        out.append(UInt8(ascii: "]"))
        return .line(out)
    }

    private func handleOne(_ data: Data, allowSubscribe: Bool = true) async -> Reply {
        let head: RPCRequestHead
        do {
            head = try RPCDecoding.head(data)
        } catch {
            return .line(errorLine(nil, error))
        }
        let id = head.id
        // Without an id member, a request is a notification: it gets no reply.
        let wantsReply = head.hasID
        guard head.jsonrpc == "2.0" else {
            return wantsReply || head.method == nil
                ? .line(errorLine(id, .invalidRequest, "\"jsonrpc\" must be \"2.0\"")) : .none
        }
        guard let method = head.method else {
            return .line(errorLine(id, .invalidRequest, "\"method\" must be a string"))
        }
        guard let handler = Self.handlers[method] else {
            let names = Self.methods.map(\.name).joined(separator: ", ")
            return .line(errorLine(id, .methodNotFound, "unknown method '\(method)'; methods are: \(names)"))
        }
        if handler.subscribes && !allowSubscribe {
            return .line(errorLine(id, .invalidRequest, "\(method) cannot be part of a batch"))
        }
        let reply = await handler.run(self, data, id)
        guard wantsReply else { return .none }
        return handler.subscribes ? .subscribed(reply) : .line(reply)
    }

    // MARK: methods

    /// A method the daemon answers: how to read its params and run it.
    struct Handler: Sendable {
        let name: String
        /// After the reply, the connection receives `index/changed` notifications.
        let subscribes: Bool
        let run: @Sendable (RequestRouter, Data, RequestID?) async -> [UInt8]

        /// `paramsOptional`: a request without params runs with `{}` decoded as `M.Params`.
        init<M: RPCMethod>(_ method: M.Type, paramsOptional: Bool = false, subscribes: Bool = false,
                           _ body: @escaping @Sendable (RequestRouter, M.Params) async throws -> M.Result) {
            let name = M.name
            self.name = name
            self.subscribes = subscribes
            run = { router, data, id in
                await router.run(name, data, id: id, paramsOptional: paramsOptional) { (params: M.Params) in
                    try await body(router, params)
                }
            }
        }
    }

    /// Every method, in the order `methodNotFound` lists them.
    static let methods: [Handler] = [
        Handler(SearchMethod.self) { router, params in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.search(params, reader: reader) }
        },
        Handler(SimilarMethod.self) { router, params in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.similar(params, reader: reader) }
        },
        Handler(DocumentMethod.self) { router, params in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.document(params, reader: reader) }
        },
        Handler(FacetsMethod.self) { router, params in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.facets(params, reader: reader) }
        },
        Handler(IndexMethod.self) { router, params in try await router.index(params) },
        Handler(RemoveMethod.self) { router, params in try await router.remove(params) },
        Handler(StatusMethod.self, paramsOptional: true) { router, _ in try await router.status() },
        Handler(SubscribeMethod.self, paramsOptional: true, subscribes: true) { router, _ in
            try await router.host.read { reader throws(ServiceError) in
                try ServiceError.wrap(indexPath: router.host.local.path) {
                    SubscribeResponse(revision: try reader.revision())
                }
            }
        },
    ]

    static let handlers = Dictionary(uniqueKeysWithValues: methods.map { ($0.name, $0) })

    private func status() async throws(ServiceError) -> StatusResponse {
        let uptime = Date().timeIntervalSince(host.started)
        return try await host.read { [socketPath] reader throws(ServiceError) in
            try host.local.status(reader: reader, mode: "daemon", uptime: (uptime * 10).rounded() / 10, socket: socketPath)
        }
    }

    private func remove(_ params: RemoveParams) async throws(ServiceError) -> RemoveResponse {
        try await host.write { writer throws(ServiceError) in try host.local.remove(params, writer: writer) }
    }

    private func index(_ params: IndexParams) async throws(ServiceError) -> IndexResponse {
        let paths = params.paths ?? []
        let articles = params.articles ?? []
        let refresh = params.refresh ?? false
        guard !paths.isEmpty || !articles.isEmpty || refresh else {
            throw ServiceError(.badParams, "give \"paths\" (files or folders), \"articles\", or \"refresh\": true")
        }
        if let relative = paths.first(where: { !$0.hasPrefix("/") }) {
            throw ServiceError(.badParams, "paths must be absolute (the daemon does not know your folder): \(relative)")
        }
        var parsed: [Article] = []
        for (n, input) in articles.enumerated() {
            guard !input.id.isEmpty else { throw ServiceError(.badParams, "articles[\(n)]: \"id\" is empty") }
            guard !input.title.isEmpty || !input.body.isEmpty else {
                throw ServiceError(.badParams, "articles[\(n)]: needs a title or a body")
            }
            parsed.append(Article(id: input.id, title: TextDecoder.clean(input.title), body: TextDecoder.clean(input.body),
                                  date: input.date.flatMap(DateParser.parseField), source: input.source, url: input.url))
        }
        let inline = parsed
        var options = IndexingOptions(force: params.force ?? false)
        do {
            options.selection = try FileSelection(include: params.include ?? [], exclude: params.exclude ?? [])
        } catch {
            throw ServiceError(.badParams, error.description)
        }
        let chosen = options
        let response = try await host.write { writer throws(ServiceError) in
            var report = IndexingReport()
            if refresh {
                report = try host.local.refresh(options: chosen, writer: writer)
            }
            if !paths.isEmpty {
                let more = try host.local.index(paths: paths, options: chosen, writer: writer)
                report.merge(more)
            }
            if !inline.isEmpty {
                let more = try ServiceError.wrap(indexPath: host.local.path) {
                    try Indexer(writer: writer, gazetteer: host.local.gazetteer).index(articles: inline)
                }
                report.merge(more)
            }
            return LocalIndex.response(report)
        }
        await onIndexed?()
        return response
    }

    /// Decodes the params of `M`, runs `body`, and encodes its result or error.
    private func run<Params: Decodable, Result: Codable & Sendable>(
        _ method: String, _ data: Data, id: RequestID?, paramsOptional: Bool,
        _ body: (Params) async throws -> Result
    ) async -> [UInt8] {
        let params: Params
        do {
            if let given = try RPCDecoding.params(Params.self, from: data) {
                params = given
            } else if paramsOptional, let empty = try? JSONDecoder().decode(Params.self, from: Data("{}".utf8)) {
                params = empty
            } else {
                return errorLine(id, .invalidParams, "\(method) needs \"params\"")
            }
        } catch {
            return errorLine(id, .invalidParams, "bad params for \(method): \(RPCDecoding.describe(error))")
        }
        do {
            let result = try await body(params)
            if let search = result as? SearchResponse {
                return RPCResponse(id: id, result: search).jsonBytes  // the hot path: no JSONEncoder
            }
            return Self.encode(RPCResponse(id: id, result: result))
        } catch let error as ServiceError {
            return errorLine(id, error.rpcCode, error.description)
        } catch {
            return errorLine(id, .internalError, "\(error)")
        }
    }

    func errorLine(_ id: RequestID?, _ code: RPCErrorCode, _ message: String) -> [UInt8] {
        errorLine(id, RPCErrorObject(code, message))
    }

    func errorLine(_ id: RequestID?, _ error: RPCErrorObject) -> [UInt8] {
        Self.encode(RPCErrorResponse(id: id, error: error))
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        (try? WireJSON.encode(value))
            ?? Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"could not encode the reply"}}"#.utf8)
    }
}
