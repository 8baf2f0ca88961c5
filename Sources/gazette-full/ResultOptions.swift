import ArgumentParser
import GazetteFrontend
import GazetteIndex
import GazetteOutput
import GazetteProtocol

/// The options of every command that lists hits (`search`, `similar`): paging,
/// format, facets, dates and copies.
struct ResultOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Hits to show (default 10).", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Hits to skip, for paging.", valueName: "n"))
    var offset: Int = 0

    @Option(help: ArgumentHelp("Output: text, json, jsonl (a line per hit, ripgrep-style) or vimgrep (path:line:column:text).",
                               valueName: "format"))
    var format: OutputFormat = .text

    @Option(name: .customLong("facet"),
            help: ArgumentHelp("Count a facet over all matching articles, copies of a story included (see --facet-count): \(Schema.countsHelp()) (repeatable).",
                               valueName: "name"))
    var facets: [String] = []

    @Option(help: ArgumentHelp("Values to show per facet (default 10).", valueName: "n"))
    var facetLimit: Int?

    @Option(help: ArgumentHelp("What facet values count: articles (default: copies of a story each count, so a value's count is the --no-collapse total of the query filtered by it) or stories (each story once, however many of its copies match; not for date and region).",
                               valueName: "unit"))
    var facetCount: String?

    @Option(help: ArgumentHelp("Only articles dated on or after this day: YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, or an age: 7d, 2w, 3m, 1y.",
                               valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("Only articles dated on or before this day (same forms; a month or year counts to its end).",
                               valueName: "when"))
    var until: String?

    @Flag(help: "Show every copy of a story (default: one hit per story, with its copies' ids).")
    var noCollapse = false

    @Flag(help: "Leave snippets out.")
    var noSnippets = false

    /// The same options as values, shared with the small gazette.
    var values: HitOptions {
        var values = HitOptions()
        values.limit = limit
        values.offset = offset
        values.format = format
        values.facets = facets
        values.facetLimit = facetLimit
        values.facetCount = facetCount
        values.since = since
        values.until = until
        values.noCollapse = noCollapse
        values.noSnippets = noSnippets
        return values
    }

    /// The parameters these options set, on top of `params`.
    func apply(to params: inout SearchParams) {
        values.apply(to: &params)
    }

    /// Each checked parameter named as its option.
    static let optionNames: [SearchParamsError.Parameter: String] = [
        .query: "the query", .limit: "--limit", .offset: "--offset", .facets: "--facet", .facetLimit: "--facet-limit",
        .sort: "--sort", .like: "--like", .since: "--since", .until: "--until", .facetCount: "--facet-count",
    ]

    /// Prints a reply; nothing matched is exit status 1.
    func print(_ response: SearchResponse, elapsed: Double, styled: Bool) throws {
        let status = values.print(response, elapsed: elapsed, styled: styled)
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}

/// `--allow-partial`, for the commands that read a sharded index (`search`, `facets`, `show`).
struct PartialOption: ParsableArguments {
    @Flag(help: "On a sharded index, answer from the shards that answer when some do not (the answer says which are missing).")
    var allowPartial = false

    /// The request parameter: absent unless asked for.
    var parameter: Bool? { allowPartial ? true : nil }
}
