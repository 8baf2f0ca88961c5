import GazetteArticles
import GazetteClient
import GazetteOutput
import GazetteProtocol
import GazetteService
import GazetteWire

/// Answers a command's request through gazetted when it runs, else from the
/// index directly. `--index` forces direct access; `--socket` forces the daemon.
public enum Backend {
    public enum Route: Sendable, Equatable {
        case daemon(socket: String)
        case direct
    }

    public static func route(for session: Session) -> Route {
        if session.explicitIndex != nil { return .direct }
        if let socket = session.explicitSocket { return .daemon(socket: socket) }
        let socket = session.configuration.socketPath ?? SocketLocation.defaultPath()
        return SocketProbe.isListening(socketPath: socket) ? .daemon(socket: socket) : .direct
    }

    public static func search(_ params: SearchParams, session: Session) async throws(CommandFailure) -> SearchResponse {
        try await answer(SearchMethod.self, params, session: session) { local throws(ServiceError) in
            try local.search(params)
        }
    }

    public static func similar(_ params: SimilarParams, session: Session) async throws(CommandFailure) -> SearchResponse {
        try await answer(SimilarMethod.self, params, session: session) { local throws(ServiceError) in
            try local.similar(params)
        }
    }

    public static func document(_ params: DocumentParams, session: Session) async throws(CommandFailure) -> DocumentResponse {
        try await answer(DocumentMethod.self, params, session: session) { local throws(ServiceError) in
            try local.document(params)
        }
    }

    public static func status(session: Session) async throws(CommandFailure) -> StatusResponse {
        try await answer(StatusMethod.self, StatusParams(), session: session) { local throws(ServiceError) in
            try local.status()
        }
    }

    public static func facets(_ params: FacetsParams, session: Session) async throws(CommandFailure) -> FacetsResponse {
        try await answer(FacetsMethod.self, params, session: session) { local throws(ServiceError) in
            try local.facets(params)
        }
    }

    /// Indexes through the daemon when it runs (it holds the write lock), else directly.
    public static func index(paths: [String], options: IndexingOptions, session: Session,
                             progress: ((IndexingProgress) -> Void)?) async throws(CommandFailure) -> IndexResponse {
        let absolute = paths.map(ArticleFiles.absolute)
        let refresh = absolute.isEmpty
        let globs = { (list: [Glob]) in list.isEmpty ? nil : list.map(\.pattern) }
        let params = IndexParams(paths: refresh ? nil : absolute, force: options.force ? true : nil,
                                 refresh: refresh ? true : nil, include: globs(options.selection.include),
                                 exclude: globs(options.selection.exclude))
        return try await answer(IndexMethod.self, params, session: session) { local throws(ServiceError) in
            refresh ? LocalIndex.response(try local.refresh(options: options, progress: progress))
                    : LocalIndex.response(try local.index(paths: absolute, options: options, progress: progress))
        }
    }

    /// Removes articles through the daemon when it runs, else directly.
    public static func remove(_ params: RemoveParams, session: Session) async throws(CommandFailure) -> RemoveResponse {
        try await answer(RemoveMethod.self, params, session: session) { local throws(ServiceError) in
            try local.remove(params)
        }
    }

    /// Who answers this session's requests, for a log line: "gazetted at PATH" or "the index at PATH".
    public static func answerer(for session: Session) -> String {
        switch route(for: session) {
        case let .daemon(socket): return "gazetted at \(socket)"
        case .direct:
            let path = (try? session.localIndex().path) ?? session.explicitIndex ?? session.configuration.indexPath
            return "the index at \(path)"
        }
    }

    /// Sends the request to the daemon over one blocking connection (the one
    /// that tells whether a daemon answers: no second connection, no event
    /// loop threads), else answers it from the index.
    static func answer<M: RPCMethod>(_ method: M.Type, _ params: M.Params, session: Session,
                                             direct: (LocalIndex) throws(ServiceError) -> M.Result)
        async throws(CommandFailure) -> M.Result {
        if session.explicitIndex == nil {
            let socket = session.explicitSocket ?? session.configuration.socketPath ?? SocketLocation.defaultPath()
            do {
                let connection = try BlockingSocket(connectingTo: socket)
                do {
                    return try DaemonClient.call(M.self, params, over: connection)
                } catch {
                    throw CommandFailure("\(error)")
                }
            } catch let failure as BlockingSocket.Failure where session.explicitSocket != nil {
                let error = ClientError.unavailable(socket: socket, reason: failure.description)
                throw CommandFailure("\(error); start it with: gazetted --socket \(socket)")
            } catch let failure as CommandFailure {
                throw failure
            } catch {}  // no daemon: the index itself
        }
        let local = try session.localIndex()
        do {
            return try direct(local)
        } catch {
            throw CommandFailure(error)
        }
    }
}
