import GazetteProtocol

/// The options of every command that lists hits (`search`, `similar`) as
/// values, and the request they make: one place for both programs that
/// answer them (gazette-full's ResultOptions parses them, the small gazette
/// reads them itself).
public struct HitOptions: Sendable {
    public var limit: Int?
    public var offset = 0
    public var format: OutputFormat = .text
    public var facets: [String] = []
    public var facetLimit: Int?
    public var facetCount: String?
    public var since: String?
    public var until: String?
    public var noCollapse = false
    public var noSnippets = false

    public init() {}

    /// The parameters these options set, on top of `params`.
    public func apply(to params: inout SearchParams) {
        params.limit = limit
        params.offset = offset
        params.facets = facets.isEmpty ? nil : facets
        params.facetLimit = facetLimit
        params.snippets = !noSnippets && !format.needsLocations
        params.locate = format.needsLocations ? true : nil
        params.since = since
        params.until = until
        params.collapse = noCollapse ? false : nil
        params.facetCount = facetCount
    }

    /// `similar`'s request: the article `id`, among the matches of `query` if given.
    public func similar(id: String, query: String?) -> SimilarParams {
        var search = SearchParams(query: query ?? "")
        apply(to: &search)
        return SimilarParams(id: id, query: query, limit: search.limit, offset: search.offset, facets: search.facets,
                             facetLimit: search.facetLimit, snippets: search.snippets, locate: search.locate,
                             since: search.since, until: search.until, collapse: search.collapse,
                             facetCount: search.facetCount)
    }

    /// Prints a reply as a command does: hits on stdout, warnings on stderr;
    /// the exit status, 1 when nothing matched.
    public func print(_ response: SearchResponse, elapsed: Double, styled: Bool) -> Int32 {
        let printed = format.printer(styled: styled).search(response, elapsed: elapsed)
        for warning in printed.warnings { Terminal.writeError(warning) }
        Terminal.warnPartial(response.missingShards)
        Terminal.write(printed.output)
        return response.total == 0 ? ExitStatus.partial : ExitStatus.success
    }
}
