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
            head = try JSONDecoder().decode(RPCRequestHead.self, from: data)
        } catch DecodingError.dataCorrupted {
            return .line(errorLine(nil, .parseError, "the request is not valid JSON"))
        } catch {
            return .line(errorLine(nil, .invalidRequest, "a request must be a JSON object"))
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
        let reply: [UInt8]
        switch method {
        case SearchMethod.name:
            reply = await run(SearchMethod.self, data, id: id) { params in
                try await host.read { reader throws(ServiceError) in try host.local.search(params, reader: reader) }
            }
        case DocumentMethod.name:
            reply = await run(DocumentMethod.self, data, id: id) { params in
                try await host.read { reader throws(ServiceError) in try host.local.document(params, reader: reader) }
            }
        case FacetsMethod.name:
            reply = await run(FacetsMethod.self, data, id: id) { params in
                try await host.read { reader throws(ServiceError) in try host.local.facets(params, reader: reader) }
            }
        case StatusMethod.name:
            let uptime = Date().timeIntervalSince(host.started)
            reply = await run(StatusMethod.self, data, id: id, paramsOptional: true) { [socketPath] _ in
                try await host.read { reader throws(ServiceError) in
                    try host.local.status(reader: reader, mode: "daemon", uptime: (uptime * 10).rounded() / 10,
                                          socket: socketPath)
                }
            }
        case IndexMethod.name:
            reply = await run(IndexMethod.self, data, id: id) { params in try await index(params) }
        case RemoveMethod.name:
            reply = await run(RemoveMethod.self, data, id: id) { params in
                try await host.write { writer throws(ServiceError) in
                    let outcome = try ServiceError.wrap(indexPath: host.local.path) {
                        try Indexer(writer: writer, gazetteer: host.local.gazetteer).remove(ids: params.ids)
                    }
                    return RemoveResponse(removed: outcome.removed, missing: outcome.missing)
                }
            }
        case SubscribeMethod.name:
            guard allowSubscribe else {
                reply = errorLine(id, .invalidRequest, "subscribe cannot be part of a batch")
                break
            }
            let line = await run(SubscribeMethod.self, data, id: id, paramsOptional: true) { _ in
                try await host.read { reader throws(ServiceError) in
                    try ServiceError.wrap(indexPath: host.local.path) {
                        SubscribeResponse(revision: try reader.revision())
                    }
                }
            }
            return wantsReply ? .subscribed(line) : .none
        default:
            reply = errorLine(id, .methodNotFound,
                              "unknown method '\(method)'; methods are: search, document, facets, index, remove, status, subscribe")
        }
        return wantsReply ? .line(reply) : .none
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
    private func run<M: RPCMethod>(_ method: M.Type, _ data: Data, id: RequestID?, paramsOptional: Bool = false,
                                   _ body: (M.Params) async throws -> M.Result) async -> [UInt8] {
        let params: M.Params
        do {
            let request = try JSONDecoder().decode(RPCRequest<M.Params>.self, from: data)
            if let given = request.params {
                params = given
            } else if paramsOptional, let empty = try? JSONDecoder().decode(M.Params.self, from: Data("{}".utf8)) {
                params = empty
            } else {
                return errorLine(id, .invalidParams, "\(M.name) needs \"params\"")
            }
        } catch {
            return errorLine(id, .invalidParams, "bad params for \(M.name): \(Self.describe(error))")
        }
        do {
            let result = try await body(params)
            if let search = result as? SearchResponse {
                return Self.envelope(id: id, result: search.jsonBytes)
            }
            return Self.encode(RPCResponse(id: id, result: result))
        } catch let error as ServiceError {
            return errorLine(id, error.rpcCode, error.description)
        } catch {
            return errorLine(id, .internalError, "\(error)")
        }
    }

    /// `{"id":…,"jsonrpc":"2.0","result":…}` around a result already encoded.
    static func envelope(id: RequestID?, result: [UInt8]) -> [UInt8] {
        var json = JSONWriter(capacity: result.count + 48)
        json.beginObject()
        json.key("id")
        switch id {
        case let .number(n)?: json.int(n)
        case let .string(s)?: json.string(s)
        case nil: json.null()
        }
        json.key("jsonrpc"); json.string("2.0")
        json.key("result"); json.raw(result)
        json.endObject()
        return json.bytes
    }

    func errorLine(_ id: RequestID?, _ code: RPCErrorCode, _ message: String) -> [UInt8] {
        Self.encode(RPCErrorResponse(id: id, error: RPCErrorObject(code, message)))
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"could not encode the reply"}}"#.utf8)
    }

    /// A decoding error as a person would say it: which field, what is wrong.
    static func describe(_ error: Error) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing \"\(path(context.codingPath + [key]))\""
        case let DecodingError.typeMismatch(type, context):
            return "\"\(path(context.codingPath))\" should be \(type)"
        case let DecodingError.valueNotFound(type, context):
            return "\"\(path(context.codingPath))\" should be \(type), not null"
        case let DecodingError.dataCorrupted(context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
