import GazetteProtocol
import GazetteService

/// Answers a command's request from the index directly.
public enum Backend {
    public static func search(_ params: SearchParams, session: Session) throws(CommandFailure) -> SearchResponse {
        let local = try session.localIndex()
        do {
            return try local.search(params)
        } catch {
            throw CommandFailure(error)
        }
    }

    public static func document(_ params: DocumentParams, session: Session) throws(CommandFailure) -> DocumentResponse {
        let local = try session.localIndex()
        do {
            return try local.document(params)
        } catch {
            throw CommandFailure(error)
        }
    }

    public static func status(session: Session) throws(CommandFailure) -> StatusResponse {
        let local = try session.localIndex()
        do {
            return try local.status()
        } catch {
            throw CommandFailure(error)
        }
    }

    public static func facets(_ params: FacetsParams, session: Session) throws(CommandFailure) -> FacetsResponse {
        let local = try session.localIndex()
        do {
            return try local.facets(params)
        } catch {
            throw CommandFailure(error)
        }
    }
}
