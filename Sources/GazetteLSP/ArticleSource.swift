import GazetteEntities
import GazetteFrontend
import GazetteProtocol
import GazetteService

/// What the language server asks of Gazette: searches, and the gazetteer
/// that says which words name actors and countries.
public protocol ArticleSource: Sendable {
    func search(_ params: SearchParams) async throws -> SearchResponse
    func gazetteer() throws -> Gazetteer
    /// One line for the log: who answers.
    var description: String { get }
}

/// Gazette as the command line reaches it: gazetted when it runs, else the
/// index directly (decided again on every request, so a daemon started or
/// stopped while the editor runs is noticed).
public struct SessionSource: ArticleSource {
    public let session: Session

    public init(session: Session) {
        self.session = session
    }

    public func search(_ params: SearchParams) async throws -> SearchResponse {
        try await Backend.search(params, session: session)
    }

    public func gazetteer() throws -> Gazetteer {
        let local = try session.localIndex()
        do {
            return try local.lookup
        } catch {
            throw CommandFailure(error)
        }
    }

    public var description: String { Backend.answerer(for: session) }
}
