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
    /// Told how an `index` request's run is getting on (on the writer's thread, about ten times a second).
    let onProgress: (@Sendable (IndexingProgress) -> Void)?

    public init(host: IndexHost, socketPath: String?, onIndexed: (@Sendable () async -> Void)? = nil,
                onProgress: (@Sendable (IndexingProgress) -> Void)? = nil) {
        self.host = host
        self.socketPath = socketPath
        self.onIndexed = onIndexed
        self.onProgress = onProgress
    }

    /// What the connection should do after a request.
    public enum Reply: Sendable {
        /// Nothing to send (a notification, or a batch whose replies were all sent as parts).
        case none
        /// Send this line (no newline included).
        case line([UInt8])
        /// Send this line, then start sending `index/changed` notifications
        /// and, with `alerts`, `alert/matched` ones.
        case subscribed([UInt8], alerts: Bool)
    }

    /// Requests one batch may hold: each runs in turn with other clients'
    /// requests, but a client should not queue unbounded work with one line.
    public static let maxBatchRequests = 100

    /// Answers one request line. The replies of a batch go to `batchPart`
    /// one by one as they are ready (the first opens the array, the last
    /// closes it), so a batch of large results is never held whole.
    public func handle(_ bytes: [UInt8], batchPart: (BatchPart) async -> Void) async -> Reply {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .line(errorLine(nil, .parseError, "the request is not valid UTF-8"))
        }
        // Checked by JSON's grammar, not by Foundation's readers: they let raw
        // control characters through, and refuse numbers no Swift type holds
        // (an id of 1e400), which are valid JSON.
        guard JSONScanner.isValid(bytes) else {
            let problem = JSONScanner.hasRawControlCharacter(bytes) ? ": a control character inside a string must be escaped" : ""
            return .line(errorLine(nil, .parseError, "the request is not valid JSON" + problem))
        }
        if bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "[") {
            return await handleBatch(bytes, batchPart: batchPart)
        }
        return await handleOne(Data(bytes))
    }

    /// A piece of a batch's reply line: the replies, one by one, then the end
    /// of the array (sent only when there was a reply; a batch of notifications gets none).
    public enum BatchPart: Sendable {
        case reply([UInt8], first: Bool)
        case end
    }

    private func handleBatch(_ bytes: [UInt8], batchPart: (BatchPart) async -> Void) async -> Reply {
        // The whole line is valid JSON (checked first: a batch that is not is one parse error, not one per request).
        guard let items = JSONScanner.elements(in: bytes) else {
            return .line(errorLine(nil, .parseError, "the request is not valid JSON"))
        }
        guard !items.isEmpty else { return .line(errorLine(nil, .invalidRequest, "an empty batch")) }
        guard items.count <= Self.maxBatchRequests else {
            return .line(errorLine(nil, .invalidRequest,
                                   "a batch of \(items.count) requests is over the limit of \(Self.maxBatchRequests); send smaller batches"))
        }
        var replies = 0
        for item in items {
            switch await handleOne(Data(item), allowSubscribe: false) {
            case .none:
                continue
            case let .line(reply), let .subscribed(reply, _):
                await batchPart(.reply(reply, first: replies == 0))
                replies += 1
            }
        }
        if replies > 0 { await batchPart(.end) }
        return .none
    }

    private func handleOne(_ data: Data, allowSubscribe: Bool = true) async -> Reply {
        let head: RPCRequestHead
        do {
            head = try RPCDecoding.head(data)
        } catch {
            return .line(errorLine(nil, error))
        }
        guard head.idIsValid else {
            return .line(errorLine(nil, .invalidRequest, "\"id\" must be a number, a string or null"))
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
        guard handler.subscribes else { return .line(reply) }
        let alerts = (try? RPCDecoding.params(SubscribeParams.self, from: data))??.alerts ?? false
        return .subscribed(reply, alerts: alerts)
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
            try refuseNUL(params.id, "id")
            return try await router.host.read { reader throws(ServiceError) in try router.host.local.document(params, reader: reader) }
        },
        Handler(FacetsMethod.self) { router, params in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.facets(params, reader: reader) }
        },
        Handler(IndexMethod.self) { router, params in try await router.index(params) },
        Handler(RemoveMethod.self) { router, params in try await router.remove(params) },
        Handler(StatusMethod.self, paramsOptional: true) { router, _ in try await router.status() },
        Handler(AlertAddMethod.self) { router, params in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.checkAlert(params, reader: reader) }
            return try await router.host.write { writer throws(ServiceError) in
                try router.host.local.addAlert(params, writer: writer)
            }
        },
        Handler(AlertListMethod.self, paramsOptional: true) { router, _ in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.alerts(reader: reader) }
        },
        Handler(AlertRemoveMethod.self) { router, params in
            try await router.host.write { writer throws(ServiceError) in
                try router.host.local.removeAlert(params, writer: writer)
            }
        },
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

    /// Ids and paths end up in C, which would read one holding a NUL cut short
    /// (and so remove, or show, another article): such a request is refused.
    static func refuseNUL(_ values: [String], _ name: String) throws(ServiceError) {
        if let n = values.firstIndex(where: { $0.utf8.contains(0) }) {
            throw ServiceError(.badParams, "\(name)[\(n)] holds a NUL character (U+0000); remove it")
        }
    }

    static func refuseNUL(_ value: String, _ name: String) throws(ServiceError) {
        if value.utf8.contains(0) { throw ServiceError(.badParams, "\(name) holds a NUL character (U+0000); remove it") }
    }

    private func remove(_ params: RemoveParams) async throws(ServiceError) -> RemoveResponse {
        try Self.refuseNUL(params.ids, "ids")
        return try await host.write { writer throws(ServiceError) in try host.local.remove(params, writer: writer) }
    }

    private func index(_ params: IndexParams) async throws(ServiceError) -> IndexResponse {
        let paths = params.paths ?? []
        let articles = params.articles ?? []
        let refresh = params.refresh ?? false
        guard !paths.isEmpty || !articles.isEmpty || refresh else {
            throw ServiceError(.badParams, "give \"paths\" (files or folders), \"articles\", or \"refresh\": true")
        }
        try Self.refuseNUL(paths, "paths")
        try Self.refuseNUL(articles.map(\.id), "articles.id")
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
        let response = try await host.write { [onProgress] writer throws(ServiceError) in
            var report = IndexingReport()
            if refresh {
                report = try host.local.refresh(options: chosen, writer: writer, progress: onProgress)
            }
            if !paths.isEmpty {
                let more = try host.local.index(paths: paths, options: chosen, writer: writer, progress: onProgress)
                report.merge(more)
            }
            if !inline.isEmpty {
                let more = try ServiceError.wrap(indexPath: host.local.path) {
                    // Configured, so that inline articles get countries' canonical terms as files do.
                    try Indexer(writer: writer, gazetteer: host.local.gazetteer, options: host.local.configured(chosen))
                        .index(articles: inline)
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
            return (try? RPCResponse(id: id, result: result).wireBytes())
                ?? errorLine(id, .internalError, "could not encode the reply")
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
        RPCErrorResponse(id: id, error: error).wireBytes
    }

    /// One `alert/matched` notification line per match.
    static func notificationLines(_ matches: [AlertMatch]) -> [[UInt8]] {
        matches.map { AlertMatched(alert: $0.alert, id: $0.id, title: $0.title, path: $0.path).notificationLine }
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        (try? WireJSON.encode(value))
            ?? Array(#"{"error":{"code":-32603,"message":"could not encode the reply"},"id":null,"jsonrpc":"2.0"}"#.utf8)
    }
}
