import Foundation
import GazetteArticles
import GazetteFrontend
import GazetteIndex
import GazetteProtocol
import GazetteService
import MCP

/// The bounds `gazette mcp` holds a client to, tighter than the CLI's: a
/// model's context is small, and one call should not fill it.
public enum MCPLimits {
    /// Hits in one `search` reply.
    public static let hits = 0...100
    /// Values in one facet list.
    public static let facetValues = 1...100
    /// Characters of article text in one `get_article` reply or one resource
    /// read (about 10,000 tokens); `get_article` pages on with `offset`.
    public static let articleCharacters = 40_000
    /// Articles in one page of `resources/list`.
    public static let resourcePage = 100
}

/// One tool: its name and description as the model sees them, its
/// parameters, and what it does. Every tool is a row of `GazetteTool.all`.
struct GazetteTool: Sendable {
    let name: String
    let title: String
    let description: String
    let parameters: [Parameter]
    /// Changes the index: offered only with `--allow-writes`.
    let writes: Bool
    let run: @Sendable (ToolArguments, Session) async throws -> String

    var tool: Tool {
        Tool(name: name, title: title, description: description, inputSchema: Parameter.schema(parameters),
             annotations: .init(title: title, readOnlyHint: !writes, destructiveHint: writes ? name == "remove" : nil,
                                idempotentHint: writes ? true : nil, openWorldHint: false))
    }

    static let all: [GazetteTool] = [search, getArticle, similar, facets, status, index, remove]
}

// MARK: reading

extension GazetteTool {
    static let facetNames = LocalIndex.vocabulary.facets
    static let sortNames = LocalIndex.vocabulary.sorts

    /// The reply then says `"partial": true` and names `missing_shards`.
    static let partialParameter = Parameter(
        "allow_partial", .boolean,
        "On an index split into shards, answer from the shards that answer when some do not (default false: an error).")

    static let dateParameters = [
        Parameter("from", .date, "Only articles dated on or after this day, YYYY-MM-DD."),
        Parameter("to", .date, "Only articles dated on or before this day, YYYY-MM-DD."),
    ]

    static let search = GazetteTool(
        name: "search", title: "Search news articles",
        description: """
            Full-text search over the indexed news articles, ranked by relevance (or newest first). \
            Returns JSON: total (matching articles), hits (rank, id, path, title, date, score, snippet, \
            actors, countries) and, when facets are asked for, facet counts over every match. Copies of one \
            story (wire copies) are one hit with copies and copy_ids; total then counts stories. \
            Use get_article with a hit's id for the whole text. At most \(MCPLimits.hits.upperBound) hits \
            per call: page with offset.
            Query syntax (words are stemmed; all words must match unless OR is used):
              concert hall                 both words, anywhere
              "concert hall"               the phrase
              moscow AND (attack OR siege) NOT ukraine
              +required -excluded  conc*   must, must not, wildcard
            \(Schema.queryHelp(indent: "  "))
            """,
        parameters: [
            Parameter("query", .string, required: true,
                      "The query in the syntax above. An empty string matches every article (with sort 'date': the newest)."),
            Parameter("limit", .integer(MCPLimits.hits), "Hits to return (default 10; 0 for counts only)."),
            Parameter("offset", .integer(SearchBounds.offset), "Hits to skip, for paging (default 0)."),
            Parameter("facets", .choices(facetNames), "Count these over every match: \(Schema.countsHelp())."),
            Parameter("facet_limit", .integer(MCPLimits.facetValues), "Values per facet, most frequent first (default 10)."),
            facetCountParameter,
            Parameter("sort", .choice(sortNames), "relevance (default), date (newest first) or oldest (oldest first)."),
        ] + dateParameters + [partialParameter],
        writes: false
    ) { arguments, session in
        let query = try dated(arguments.string("query") ?? "", arguments)
        let facets = arguments.strings("facets") ?? []
        let params = SearchParams(query: query,
                                  limit: arguments.int("limit") ?? min(session.configuration.searchLimit, MCPLimits.hits.upperBound),
                                  offset: arguments.int("offset"), facets: facets.isEmpty ? nil : facets,
                                  facetLimit: arguments.int("facet_limit")
                                      ?? min(session.configuration.facetLimit, MCPLimits.facetValues.upperBound),
                                  sort: arguments.string("sort"), snippets: true, allowPartial: arguments.bool("allow_partial"),
                                  facetCount: arguments.string("facet_count"))
        var response = try await Backend.search(try checked(params), session: session)
        // Byte ranges into the snippet serve editors, not models.
        for n in response.hits.indices { response.hits[n].highlights = nil }
        return String(decoding: response.jsonBytes, as: UTF8.self)
    }

    static let getArticle = GazetteTool(
        name: "get_article", title: "Read a news article",
        description: """
            One article by its id (as search returns it): JSON with id, title, date, path, source, url, \
            actors, countries (what it is about), mentions (every country named) and text. The text is cut \
            at \(MCPLimits.articleCharacters) characters: when more remains, next_offset says where to go on \
            (call again with offset); text_characters is the whole text's length.
            """,
        parameters: [
            Parameter("id", .string, required: true, "The article's id, e.g. seeds/000_e3109c2dbdf02a4d.txt."),
            Parameter("offset", .integer(0...Int(Int32.max)), "Characters of the text to skip (default 0)."),
            Parameter("max_characters", .integer(1...MCPLimits.articleCharacters),
                      "Characters of text to return (default and most \(MCPLimits.articleCharacters))."),
            partialParameter,
        ],
        writes: false
    ) { arguments, session in
        let id = arguments.string("id") ?? ""
        if id.isEmpty { throw ToolError("the id is empty") }
        let article = try await Backend.document(DocumentParams(id: id, allowPartial: arguments.bool("allow_partial")),
                                                 session: session)
        let page = try ArticlePage(article, offset: arguments.int("offset") ?? 0,
                               length: arguments.int("max_characters") ?? MCPLimits.articleCharacters)
        return try json(page)
    }

    static let similar = GazetteTool(
        name: "similar", title: "Find articles like one",
        description: """
            The articles most like one article (by id, as search returns it), ranked: from the words that \
            best tell it from the rest of the index and from the actors and countries it shares. The article \
            itself and its copies (its story's other articles) are left out. Returns JSON in the shape of search's reply (total, hits with ids, titles, \
            dates, snippets, actors, countries). An optional query keeps only its matches. At most \
            \(MCPLimits.hits.upperBound) hits per call: page with offset.
            """,
        parameters: [
            Parameter("id", .string, required: true, "The article's id, e.g. seeds/000_e3109c2dbdf02a4d.txt."),
            Parameter("query", .string, "Only among the articles matching this query, in search's syntax."),
            Parameter("limit", .integer(MCPLimits.hits), "Hits to return (default 10)."),
            Parameter("offset", .integer(SearchBounds.offset), "Hits to skip, for paging (default 0)."),
        ],
        writes: false
    ) { arguments, session in
        let id = arguments.string("id") ?? ""
        if id.isEmpty { throw ToolError("the id is empty") }
        let query = arguments.string("query")
        let limit = arguments.int("limit") ?? min(session.configuration.searchLimit, MCPLimits.hits.upperBound)
        // The query and paging are checked as search checks them, with its messages.
        _ = try checked(SearchParams(query: query ?? "", limit: limit, offset: arguments.int("offset")))
        let params = SimilarParams(id: id, query: query, limit: limit, offset: arguments.int("offset"), snippets: true)
        var response = try await Backend.similar(params, session: session)
        for n in response.hits.indices { response.hits[n].highlights = nil }
        return String(decoding: response.jsonBytes, as: UTF8.self)
    }

    static let facets = GazetteTool(
        name: "facets", title: "Count articles per actor, country, date or region",
        description: """
            How many of the articles matching a query (or all of them) each value of one facet has, most \
            frequent first: \(Schema.countsHelp()). Returns JSON: facet, query, total (articles counted \
            over), values [{value, count}] (for region, each region with its sub-regions and their countries \
            as children), and for date a timeline {granularity, buckets [{label, from, to, count}], undated} \
            instead of values. The query takes search's syntax.
            """,
        parameters: [
            Parameter("facet", .choice(facetNames), required: true, "What to count: \(Schema.countsHelp())."),
            Parameter("query", .string, "Count over the articles matching this query (default: all articles)."),
            Parameter("limit", .integer(MCPLimits.facetValues), "Values to return (default \(FacetsParams.defaultLimit))."),
            facetCountParameter,
        ] + dateParameters + [partialParameter],
        writes: false
    ) { arguments, session in
        let query = try dated(arguments.string("query") ?? "", arguments)
        let params = FacetsParams(facet: arguments.string("facet") ?? "", query: query.isEmpty ? nil : query,
                                  limit: arguments.int("limit"), facetCount: arguments.string("facet_count"),
                                  allowPartial: arguments.bool("allow_partial"))
        _ = try checked(params.search)
        return try json(try await Backend.facets(params, session: session))
    }

    static let status = GazetteTool(
        name: "status", title: "Index status",
        description: """
            The index: how many articles it holds, its revision and last commit, its stemming language, \
            and who answered (mode "daemon" when gazetted serves it, "direct" when the index was opened). JSON.
            """,
        parameters: [], writes: false
    ) { _, session in
        try json(try await Backend.status(session: session))
    }

    static let facetCountParameter = Parameter(
        "facet_count", .choice(SearchParams.facetCountUnits),
        "articles (default: every matching article counts, each copy of a story too) or stories (each story once, "
            + "however many of its copies match; actor, country and mentioned only).")

    /// The query narrowed to the call's `from`/`to` dates, in the query syntax's own range.
    static func dated(_ query: String, _ arguments: ToolArguments) throws(ToolError) -> String {
        let from = arguments.string("from")
        let to = arguments.string("to")
        guard from != nil || to != nil else { return query }
        if let from, let to, from > to { throw ToolError("from (\(from)) is after to (\(to))") }
        let range = "date:\(from ?? "")..\(to ?? "")"
        return query.allSatisfy(\.isWhitespace) ? range : "(\(query)) \(range)"
    }

    /// The CLI's check of search params, with its messages (arguments named as on the wire).
    static func checked(_ params: SearchParams) throws(ToolError) -> SearchParams {
        do {
            return try params.validated(LocalIndex.vocabulary)
        } catch {
            throw ToolError(error.description)
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try WireJSON.encode(value), as: UTF8.self)
    }
}

// MARK: writing

extension GazetteTool {
    /// Lines of problems a reply names; the rest are counted.
    static let problemLines = 20

    static let index = GazetteTool(
        name: "index", title: "Index article files",
        description: """
            Index files and folders of articles (folders recursively): text, Markdown, JSON, web pages, \
            RSS and Atom feeds, mail and mbox. Unchanged files are skipped and files gone from an indexed \
            folder are removed. With no paths, everything indexed before is brought up to date. Returns \
            gazette index's summary line, then the files that failed or were ignored.
            """,
        parameters: [
            Parameter("paths", .strings,
                      "Files or folders, absolute or relative to the folder gazette mcp runs in (default: everything indexed before)."),
            Parameter("force", .boolean, "Re-index every file, even unchanged ones (default false)."),
            Parameter("include", .strings, "Read only files matching these globs, whatever their extension ('*.news', 'archive/**')."),
            Parameter("exclude", .strings, "Pass over files and folders matching these globs ('drafts', '*.tmp')."),
        ],
        writes: true
    ) { arguments, session in
        let paths = arguments.strings("paths") ?? []
        let include = arguments.strings("include") ?? []
        let exclude = arguments.strings("exclude") ?? []
        if paths.isEmpty && !(include.isEmpty && exclude.isEmpty) {
            throw ToolError("include and exclude go with the folders they choose in: give paths too")
        }
        var options = IndexingOptions(force: arguments.bool("force") ?? false)
        do throws(Glob.Invalid) {
            options.selection = try FileSelection(include: include, exclude: exclude)
        } catch {
            throw ToolError(error.description)
        }
        let report = try await Backend.index(paths: paths, options: options, session: session, progress: nil)
        var lines = [report.summary]
        let problems = report.failures.map { "failed: \($0.path): \($0.message)" }
            + (report.ignoredFiles ?? []).map { "ignored: \($0.path): \($0.message)" }
        lines += problems.prefix(problemLines)
        if problems.count > problemLines { lines.append("… and \(problems.count - problemLines) more") }
        if let hint = IndexOutput.nothingIndexedHint(report, refresh: paths.isEmpty) { lines.append(hint) }
        return lines.joined(separator: "\n")
    }

    static let remove = GazetteTool(
        name: "remove", title: "Remove articles",
        description: """
            Remove articles from the index by id (their files are left alone; indexing their folder again \
            brings them back). Returns JSON: removed (how many), missing (ids not in the index).
            """,
        parameters: [
            Parameter("ids", .strings, required: true, "The ids of the articles, as search returns them."),
        ],
        writes: true
    ) { arguments, session in
        let ids = arguments.strings("ids") ?? []
        if ids.isEmpty { throw ToolError("ids is empty: name the articles to remove") }
        return try json(try await Backend.remove(RemoveParams(ids: ids), session: session))
    }
}
