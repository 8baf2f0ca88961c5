import GazetteIndex
import GazetteProtocol

/// Saved searches (`gazette alert`), directly on the index or through the
/// daemon's writer: a name is checked, a query parsed, before anything is saved.
extension LocalIndex {
    public func alerts(reader: IndexReader? = nil) throws(ServiceError) -> AlertListResponse {
        let reader = if let reader { reader } else { try openReader() }
        return try ServiceError.wrap(indexPath: path) { Self.list(try reader.savedSearches()) }
    }

    /// Refuses a bad name, or a query that does not parse, with a message that says which and why.
    public func checkAlert(_ params: AlertAddParams, reader: IndexReader? = nil) throws(ServiceError) {
        if let problem = SavedSearch.problem(withName: params.name) { throw ServiceError(.badParams, problem) }
        guard !params.query.allSatisfy(\.isWhitespace) else {
            throw ServiceError(.badQuery, "alert '\(params.name)': the query is empty (it would match every article)")
        }
        let reader = if let reader { reader } else { try openReader() }
        do {
            try reader.checkQuery(params.query)
        } catch where error.code == .querySyntax {
            throw ServiceError(.badQuery, "alert '\(params.name)' not saved: the query does not parse: \(error.message)")
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
    }

    /// Saves the alert through `writer` (after `checkAlert`), and commits.
    public func addAlert(_ params: AlertAddParams, writer: IndexWriter? = nil) throws(ServiceError) -> AlertListResponse {
        let writer = if let writer { writer } else { try openWriter() }
        return try ServiceError.wrap(indexPath: path) {
            try writer.save(SavedSearch(name: params.name, query: params.query))
            try writer.commit()
            return Self.list(try writer.savedSearches())
        }
    }

    public func removeAlert(_ params: AlertRemoveParams, writer: IndexWriter? = nil) throws(ServiceError) -> AlertListResponse {
        let writer = if let writer { writer } else { try openWriter() }
        let removed = try ServiceError.wrap(indexPath: path) { try writer.removeSavedSearch(named: params.name) }
        guard removed else {
            throw ServiceError(.badParams, "no alert named '\(params.name)'", hint: "gazette alert list shows them")
        }
        return try ServiceError.wrap(indexPath: path) {
            try writer.commit()
            return Self.list(try writer.savedSearches())
        }
    }

    static func list(_ searches: [SavedSearch]) -> AlertListResponse {
        AlertListResponse(alerts: searches.map { SavedAlert(name: $0.name, query: $0.query) })
    }
}
