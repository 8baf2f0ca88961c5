import Foundation
import GazetteEntities
import GazetteIndex
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

    private let source: ArticleSource
    private let sink: MessageSink
    private let options: Options
    private let log: @Sendable (String) -> Void
    private var state = State.uninitialized
    private(set) var encoding = PositionEncoding.utf16
    /// Open documents by URI: the client's text, which may differ from the file.
    private var documents: [String: String] = [:]
    private var loadedGazetteer: Gazetteer?
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

    /// The members of a message that say what it is.
    struct Head: Decodable {
        var jsonrpc: String?
        var id: RequestID?
        var hasID: Bool
        /// False for an id that is neither a number, a string nor null.
        var idIsValid: Bool
        var method: String?
        var isReply: Bool

        enum CodingKeys: String, CodingKey { case jsonrpc, id, method, result, error }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            jsonrpc = try? container.decode(String.self, forKey: .jsonrpc)
            hasID = container.contains(.id)
            id = try? container.decode(RequestID.self, forKey: .id)
            idIsValid = !hasID || id != nil || ((try? container.decodeNil(forKey: .id)) ?? false)
            method = try? container.decode(String.self, forKey: .method)
            isReply = container.contains(.result) || container.contains(.error)
        }
    }

    /// Answers one message; returns an exit status when the server should stop.
    func handle(_ data: Data) async -> Int32? {
        guard let head = try? JSONDecoder().decode(Head.self, from: data) else {
            sendError(id: nil, code: LSPErrorCode.invalidRequest, "a message must be a JSON object (batches are not supported)")
            return nil
        }
        if head.method == nil && head.isReply && head.hasID {
            debug("ignored a reply to id \(head.id?.description ?? "null"): this server sends no requests")
            return nil
        }
        guard head.jsonrpc == "2.0", let method = head.method, head.idIsValid else {
            sendError(id: head.id, code: LSPErrorCode.invalidRequest,
                      "not a JSON-RPC 2.0 message: it needs \"jsonrpc\": \"2.0\", a string \"method\", and an \"id\" that is a number or a string")
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
        if state == .uninitialized && method != "initialize" {
            sendError(id: id, code: LSPErrorCode.serverNotInitialized, "the server is not initialized: send initialize first")
            return
        }
        if state == .shuttingDown {
            sendError(id: id, code: LSPErrorCode.invalidRequest, "the server is shutting down: only exit is accepted")
            return
        }
        switch method {
        case "initialize":
            guard state == .uninitialized else {
                sendError(id: id, code: LSPErrorCode.invalidRequest, "initialize was already received")
                return
            }
            // Capabilities the server does not understand are no reason to refuse.
            let params = try? JSONDecoder().decode(ParamsEnvelope<InitializeParams>.self, from: data).params
            let offered = params?.capabilities?.general?.positionEncodings ?? []
            encoding = offered.contains(PositionEncoding.utf8.rawValue) ? .utf8 : .utf16
            state = .running
            log("initialized; answering from \(source.description); positions in \(encoding.rawValue)")
            reply(id: id, InitializeResult(capabilities: .init(positionEncoding: encoding.rawValue),
                                           serverInfo: .init(name: "gazette", version: GazetteVersion.current)))
        case "shutdown":
            state = .shuttingDown
            reply(id: id, Optional<Int>.none)
        case "workspace/symbol":
            guard let params = decodeParams(WorkspaceSymbolParams.self, data, id: id) else { return }
            do {
                reply(id: id, try await symbols(matching: params.query))
            } catch {
                sendError(id: id, code: LSPErrorCode.requestFailed, "\(error)")
            }
        case "textDocument/hover":
            guard let params = decodeParams(HoverParams.self, data, id: id) else { return }
            do {
                reply(id: id, try await hover(params))
            } catch {
                sendError(id: id, code: LSPErrorCode.requestFailed, "\(error)")
            }
        default:
            sendError(id: id, code: LSPErrorCode.methodNotFound, "unknown method: \(method)")
        }
    }

    private func notification(_ method: String, _ data: Data) -> Int32? {
        if method == "exit" {
            log("exit" + (state == .shuttingDown ? "" : " without shutdown"))
            return exitStatus
        }
        // Before initialize, the specification has notifications dropped.
        guard state == .running else { return nil }
        switch method {
        case "textDocument/didOpen":
            if let params = decodeNotification(DidOpenParams.self, data, method: method) {
                documents[params.textDocument.uri] = params.textDocument.text
            }
        case "textDocument/didChange":
            guard let params = decodeNotification(DidChangeParams.self, data, method: method) else { return nil }
            let uri = params.textDocument.uri
            guard var text = documents[uri] else {
                log("didChange for a document that is not open: \(uri)")
                return nil
            }
            for change in params.contentChanges {
                guard let changed = TextPositions.apply(change.text, range: change.range, to: text, encoding: encoding) else {
                    log("didChange with a range that ends before it starts, for \(uri); the edit is ignored")
                    return nil
                }
                text = changed
            }
            documents[uri] = text
        case "textDocument/didClose":
            if let params = decodeNotification(DidCloseParams.self, data, method: method) {
                documents[params.textDocument.uri] = nil
            }
        default:
            break  // initialized, $/cancelRequest, $/setTrace and others: nothing to do
        }
        return nil
    }

    // MARK: workspace/symbol

    /// Articles matching `query` (Gazette's query syntax), each at its best match.
    func symbols(matching query: String) async throws -> [SymbolInformation] {
        let response = try await source.search(SearchParams(query: query, limit: options.symbolLimit,
                                                            snippets: false, locate: true))
        var symbols: [SymbolInformation] = []
        for hit in response.hits {
            guard let path = hit.path, let match = hit.match, hit.sourceMissing != true else {
                log("skipped \(hit.path ?? hit.id): " + (hit.path == nil ? "the article has no file" : "its file is gone"))
                continue
            }
            let line = max(0, match.line - 1)
            let startByte = max(0, match.column - 1)
            let endByte = match.ranges.first { $0.count == 2 && $0[0] == startByte }?[1] ?? startByte
            let range = TextRange(
                start: Position(line: line, character: TextPositions.character(ofByte: startByte, inLine: match.text, encoding: encoding)),
                end: Position(line: line, character: TextPositions.character(ofByte: endByte, inLine: match.text, encoding: encoding)))
            let container = ([hit.date].compactMap { $0 } + [hit.countries.prefix(3).joined(separator: ", ")])
                .filter { !$0.isEmpty }.joined(separator: " · ")
            symbols.append(SymbolInformation(name: hit.title, kind: 1, location: Location(uri: Self.fileURI(path), range: range),
                                             containerName: container.isEmpty ? nil : container))
        }
        return symbols
    }

    public static func fileURI(_ path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }

    // MARK: textDocument/hover

    enum Entity: Equatable {
        case actor(String)
        case country(Country)
    }

    func hover(_ params: HoverParams) async throws -> Hover? {
        let uri = params.textDocument.uri
        guard let text = documents[uri] ?? Self.fileText(uri) else {
            log("hover in a document that is neither open nor a readable file: \(uri)")
            return nil
        }
        guard let line = TextPositions.line(params.position.line, of: text) else { return nil }
        let cursor = TextPositions.byteOffset(ofCharacter: params.position.character, inLine: line, encoding: encoding)
        let candidates = NameCandidates.around(byte: cursor, inLine: line)
        guard !candidates.isEmpty, let (entity, name) = try await resolve(candidates) else { return nil }
        let range = TextRange(
            start: Position(line: params.position.line,
                            character: TextPositions.character(ofByte: name.bytes.lowerBound, inLine: line, encoding: encoding)),
            end: Position(line: params.position.line,
                          character: TextPositions.character(ofByte: name.bytes.upperBound, inLine: line, encoding: encoding)))
        return Hover(contents: MarkupContent(markdown: try await describe(entity)), range: range)
    }

    /// A document the client did not open, read from disk when its URI is a file.
    static func fileText(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL,
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(validating: Array(data), as: UTF8.self)
    }

    /// The longest candidate that names a country or actor: the gazetteer
    /// knows names and aliases; actors the extractor found beyond it
    /// ("Piknik") are known only to the index, as facet values.
    func resolve(_ candidates: [NameCandidate]) async throws -> (Entity, NameCandidate)? {
        let gazetteer = try loadGazetteer()
        var best: (Entity, NameCandidate)?
        for candidate in candidates {
            if let country = gazetteer.country(matching: candidate.text) {
                best = (.country(country), candidate)
            } else if let actor = gazetteer.actor(matching: candidate.text) {
                best = (.actor(actor), candidate)
            }
            if best != nil { break }
        }
        let longer = candidates.filter { $0.words > (best?.1.words ?? 0) }
        guard !longer.isEmpty else { return best }
        let actor = Facet.actor.name
        let query = longer.map { "\(actor):\"\($0.text)\"" }.joined(separator: " OR ")
        let response = try await source.search(SearchParams(query: query, limit: 0, facets: [actor],
                                                            facetLimit: 10_000, snippets: false))
        let actors = Dictionary((response.facets?[actor] ?? []).map { (Names.key($0.value), $0.value) },
                                uniquingKeysWith: { first, _ in first })
        for candidate in longer {
            if let found = actors[Names.key(candidate.text)] { return (.actor(found), candidate) }
        }
        return best
    }

    private func loadGazetteer() throws -> Gazetteer {
        if let loadedGazetteer { return loadedGazetteer }
        let loaded = try source.gazetteer()
        loadedGazetteer = loaded
        return loaded
    }

    /// How many articles name the entity, and what they name alongside it.
    func describe(_ entity: Entity) async throws -> String {
        let facetLimit = 8
        let (actors, countries) = (Facet.actor.name, Facet.country.name)
        switch entity {
        case let .actor(name):
            let response = try await source.search(SearchParams(query: "\(Schema.actor.name):\"\(name)\"", limit: 0,
                                                                facets: [actors, countries], facetLimit: facetLimit + 1,
                                                                snippets: false))
            var out = "**\(Self.escaped(name))** · actor\n\n"
            guard response.total > 0 else { return out + "No indexed article names \(Self.escaped(name))." }
            out += "Named in **\(Self.count(response))** \(response.total == 1 ? "article" : "articles")."
            out += Self.list("Alongside", response.facets?[actors], leaving: name, limit: facetLimit)
            out += Self.list("Countries", response.facets?[countries], leaving: nil, limit: facetLimit)
            return out
        case let .country(country):
            let mentions = try await source.search(SearchParams(query: "\(Schema.mentions.name):\(country.code)", limit: 0,
                                                                facets: [actors, countries], facetLimit: facetLimit + 1,
                                                                snippets: false))
            var out = "**\(Self.escaped(country.name))** (\(country.code)) · country\n\n"
            guard mentions.total > 0 else { return out + "No indexed article mentions \(Self.escaped(country.name))." }
            let salient = try await source.search(SearchParams(query: "\(Schema.country.name):\(country.code)", limit: 0,
                                                               snippets: false))
            out += "Mentioned in **\(Self.count(mentions))** \(mentions.total == 1 ? "article" : "articles")"
            out += ", the main subject of **\(Self.count(salient))**."
            out += Self.list("Actors", mentions.facets?[actors], leaving: nil, limit: facetLimit)
            out += Self.list("Alongside", mentions.facets?[countries], leaving: country.name, limit: facetLimit)
            return out
        }
    }

    static func count(_ response: SearchResponse) -> String {
        response.totalExact ? "\(response.total)" : "about \(response.total)"
    }

    static func list(_ label: String, _ values: [FacetValue]?, leaving own: String?, limit: Int) -> String {
        let shown = (values ?? []).filter { own == nil || Names.key($0.value) != Names.key(own!) }.prefix(limit)
        guard !shown.isEmpty else { return "" }
        return "\n\n\(label): " + shown.map { "\(escaped($0.value)) (\($0.count))" }.joined(separator: ", ")
    }

    /// Names shown in Markdown keep their characters.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    // MARK: Output

    private func decodeParams<P: Decodable>(_ type: P.Type, _ data: Data, id: RequestID?) -> P? {
        decoded(type, data) { sendError(id: id, code: LSPErrorCode.invalidParams, "invalid params: \($0)") }
    }

    private func decodeNotification<P: Decodable>(_ type: P.Type, _ data: Data, method: String) -> P? {
        decoded(type, data) { log("ignored \(method) with invalid params: \($0)") }
    }

    private func decoded<P: Decodable>(_ type: P.Type, _ data: Data, otherwise: (String) -> Void) -> P? {
        do {
            return try JSONDecoder().decode(ParamsEnvelope<P>.self, from: data).params
        } catch {
            otherwise(Self.describe(error))
            return nil
        }
    }

    /// A decoding error as a person would say it: which member, and what is wrong.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let parent = path(context.codingPath)
            return "missing \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)"
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "\(path(context.codingPath)) should be \(type == String.self ? "a string" : type == Int.self ? "an integer" : "\(type)")"
        case let .dataCorrupted(context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    private func reply<R: Encodable>(id: RequestID?, _ result: R?) {
        send(ResultReply(id: id, result: result))
    }

    private func sendError(id: RequestID?, code: Int, _ message: String) {
        debug("error \(code): \(message)")
        send(RPCErrorResponse(id: id, error: RPCErrorObject(code: code, message: message)))
    }

    private func send<T: Encodable>(_ message: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let body = try encoder.encode(message)
            if !sink.send(Array(body)) { outputClosed = true }
        } catch {
            log("cannot encode a reply: \(error)")
        }
    }

    private func debug(_ line: String) {
        if options.verbose { log(line) }
    }
}
