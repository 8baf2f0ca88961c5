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
        if let error = parseError(bytes) { return .line(error) }
        if Self.isBatch(bytes) { return await handleBatch(bytes, batchPart: batchPart) }
        return await handleOne(bytes)
    }

    /// The reply to a line that is not one JSON text in UTF-8; nil for one that is.
    private func parseError(_ bytes: [UInt8]) -> [UInt8]? {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return errorLine(nil, .parseError, "the request is not valid UTF-8")
        }
        // Checked by JSON's grammar, not by Foundation's readers: they let raw
        // control characters through, and refuse numbers no Swift type holds
        // (an id of 1e400), which are valid JSON.
        guard JSONScanner.isValid(bytes) else {
            let problem = JSONScanner.hasRawControlCharacter(bytes) ? ": a control character inside a string must be escaped" : ""
            return errorLine(nil, .parseError, "the request is not valid JSON" + problem)
        }
        return nil
    }

    private static func isBatch(_ bytes: [UInt8]) -> Bool {
        bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "[")
    }

    /// Answers, on the reader thread that holds `reader`, a request that only
    /// reads the index (a search, say) and wants a reply; nil for any other
    /// line, and for one that gets an error before it runs, which `handle` answers.
    public func answerOnReader(_ bytes: [UInt8], reader: Result<IndexReader, ServiceError>) -> [UInt8]? {
        guard parseError(bytes) == nil, !Self.isBatch(bytes),
              let (head, params) = try? RPCDecoding.request(bytes, rest: { head, decoder in
                  head.method.flatMap { Self.handlers[$0]?.read == nil ? nil : Self.handlers[$0] }
                      .map { handler in Result { try handler.decodeParams(decoder) } }
              }),
              head.idIsValid, head.hasID, head.jsonrpc == "2.0", let method = head.method,
              let read = Self.handlers[method]?.read, let params
        else { return nil }
        return read(self, Call(params: params, id: head.id), reader)
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
            switch await handleOne(Array(item), allowSubscribe: false) {
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

    private func handleOne(_ bytes: [UInt8], allowSubscribe: Bool = true) async -> Reply {
        // One pass over the JSON: the head, and the params as the type its method takes.
        let head: RPCRequestHead
        let params: Result<(any Sendable)?, any Error>?
        do {
            (head, params) = try RPCDecoding.request(bytes) { head, decoder in
                head.method.flatMap { Self.handlers[$0] }.map { handler in Result { try handler.decodeParams(decoder) } }
            }
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
        guard let handler = Self.handlers[method], let params else {
            let names = Self.methods.map(\.name).joined(separator: ", ")
            return .line(errorLine(id, .methodNotFound, "unknown method '\(method)'; methods are: \(names)"))
        }
        if handler.subscribes && !allowSubscribe {
            return .line(errorLine(id, .invalidRequest, "\(method) cannot be part of a batch"))
        }
        let reply = await handler.run(self, Call(params: params, id: id))
        guard wantsReply else { return .none }
        guard handler.subscribes else { return .line(reply) }
        let alerts = ((try? params.get()) as? SubscribeParams)?.alerts ?? false
        return .subscribed(reply, alerts: alerts)
    }

    /// One request as its handler gets it.
    struct Call: Sendable {
        /// As the method's type; nil when the request has none.
        let params: Result<(any Sendable)?, any Error>
        let id: RequestID?
    }

    // MARK: methods

    /// A method the daemon answers: how to read its params and run it.
    struct Handler: Sendable {
        let name: String
        /// After the reply, the connection receives `index/changed` notifications.
        let subscribes: Bool
        /// The params as the method's type, from the decoder of the whole request; nil when it has none.
        let decodeParams: @Sendable (any Decoder) throws -> (any Sendable)?
        let run: @Sendable (RequestRouter, Call) async -> [UInt8]
        /// For a method that only reads: the reply made with the reader at hand; nil when its params are wrong.
        var read: (@Sendable (RequestRouter, Call, Result<IndexReader, ServiceError>) -> [UInt8]?)?

        /// `paramsOptional`: a request without params runs with `{}` decoded as `M.Params`.
        init<M: RPCMethod>(_ method: M.Type, paramsOptional: Bool = false, subscribes: Bool = false,
                           _ body: @escaping @Sendable (RequestRouter, M.Params) async throws(ServiceError) -> M.Result) {
            self.init(method, paramsOptional: paramsOptional, subscribes: subscribes) { router, params, call in
                do throws(ServiceError) {
                    return router.reply(call.id, result: try await body(router, params))
                } catch {
                    return router.errorLine(call.id, error.rpcCode, error.description)
                }
            }
        }

        /// A method answered wholly on a reader thread: run, and its reply made there.
        init<M: RPCMethod>(_ method: M.Type, paramsOptional: Bool = false,
                           reading body: @escaping @Sendable (RequestRouter, M.Params, IndexReader) throws(ServiceError) -> M.Result) {
            @Sendable func answer(_ router: RequestRouter, _ params: M.Params, _ id: RequestID?,
                                  _ reader: Result<IndexReader, ServiceError>) -> [UInt8] {
                do throws(ServiceError) {
                    return router.reply(id, result: try body(router, params, try reader.get()))
                } catch {
                    return router.errorLine(id, error.rpcCode, error.description)
                }
            }
            self.init(method, paramsOptional: paramsOptional, subscribes: false) { router, params, call in
                await withCheckedContinuation { continuation in
                    router.host.submitRead { reader in continuation.resume(returning: answer(router, params, call.id, reader)) }
                }
            }
            let name = M.name
            read = { router, call, reader in
                let given: Swift.Result<M.Params, ErrorLine> = router.params(name, call, optional: paramsOptional)
                guard case let .success(params) = given else { return nil }
                return answer(router, params, call.id, reader)
            }
        }

        /// `answer` runs with the params read as `M.Params`; a call whose params are not gets the error reply.
        private init<M: RPCMethod>(_ method: M.Type, paramsOptional: Bool, subscribes: Bool,
                                   _ answer: @escaping @Sendable (RequestRouter, M.Params, Call) async -> [UInt8]) {
            let name = M.name
            self.name = name
            self.subscribes = subscribes
            decodeParams = { decoder in try RPCDecoding.params(M.Params.self, from: decoder) }
            run = { router, call in
                let given: Swift.Result<M.Params, ErrorLine> = router.params(name, call, optional: paramsOptional)
                switch given {
                case let .success(params): return await answer(router, params, call)
                case let .failure(line): return line.bytes
                }
            }
        }
    }

    /// Every method, in the order `methodNotFound` lists them.
    static let methods: [Handler] = [
        Handler(SearchMethod.self) { router, params, reader throws(ServiceError) in
            try router.host.local.search(params, reader: reader)
        },
        Handler(SimilarMethod.self) { router, params, reader throws(ServiceError) in
            try router.host.local.similar(params, reader: reader)
        },
        Handler(DocumentMethod.self) { router, params, reader throws(ServiceError) in
            try refuseNUL(params.id, "id")
            return try router.host.local.document(params, reader: reader)
        },
        Handler(FacetsMethod.self) { router, params, reader throws(ServiceError) in
            try router.host.local.facets(params, reader: reader)
        },
        Handler(IndexMethod.self) { router, params throws(ServiceError) in try await router.index(params) },
        Handler(RemoveMethod.self) { router, params throws(ServiceError) in try await router.remove(params) },
        Handler(StatusMethod.self, paramsOptional: true) { router, _ throws(ServiceError) in try await router.status() },
        Handler(AlertAddMethod.self) { router, params throws(ServiceError) in
            try await router.host.read { reader throws(ServiceError) in try router.host.local.checkAlert(params, reader: reader) }
            return try await router.host.write { writer throws(ServiceError) in
                try router.host.local.addAlert(params, writer: writer)
            }
        },
        Handler(AlertListMethod.self, paramsOptional: true) { router, _, reader throws(ServiceError) in
            try router.host.local.alerts(reader: reader)
        },
        Handler(AlertRemoveMethod.self) { router, params throws(ServiceError) in
            try await router.host.write { writer throws(ServiceError) in
                try router.host.local.removeAlert(params, writer: writer)
            }
        },
        Handler(SubscribeMethod.self, paramsOptional: true, subscribes: true) { router, _ throws(ServiceError) in
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

    /// An error reply line, as a failure.
    struct ErrorLine: Error {
        let bytes: [UInt8]
    }

    /// The call's params as `M` takes them, or the error to answer with.
    private func params<Params: Decodable>(_ method: String, _ call: Call, optional: Bool) -> Swift.Result<Params, ErrorLine> {
        let given: (any Sendable)?
        do {
            given = try call.params.get()
        } catch {
            return .failure(ErrorLine(bytes: errorLine(call.id, .invalidParams, "bad params for \(method): \(RPCDecoding.describe(error))")))
        }
        if let given = given as? Params { return .success(given) }
        if optional, let empty = try? JSONDecoder().decode(Params.self, from: Data("{}".utf8)) { return .success(empty) }
        return .failure(ErrorLine(bytes: errorLine(call.id, .invalidParams, "\(method) needs \"params\"")))
    }

    /// The reply line for `result`.
    private func reply<Result: Codable & Sendable>(_ id: RequestID?, result: Result) -> [UInt8] {
        (try? RPCResponse(id: id, result: result).wireBytes()) ?? errorLine(id, .internalError, "could not encode the reply")
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
