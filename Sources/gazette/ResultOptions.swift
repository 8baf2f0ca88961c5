import ArgumentParser
import GazetteFrontend
import GazetteIndex
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

    /// The parameters these options set, on top of `params`.
    func apply(to params: inout SearchParams) {
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

    /// Each checked parameter named as its option.
    static let optionNames: [SearchParamsError.Parameter: String] = [
        .query: "the query", .limit: "--limit", .offset: "--offset", .facets: "--facet", .facetLimit: "--facet-limit",
        .sort: "--sort", .like: "--like", .since: "--since", .until: "--until", .facetCount: "--facet-count",
    ]

    /// Prints a reply; nothing matched is exit status 1.
    func print(_ response: SearchResponse, elapsed: Double, styled: Bool) throws {
        let printed = format.printer(styled: styled).search(response, elapsed: elapsed)
        for warning in printed.warnings { Terminal.writeError(warning) }
        PartialOption.warn(response.missingShards)
        Terminal.write(printed.output)
        if response.total == 0 { throw ExitCode(ExitStatus.partial) }
    }
}

/// `--allow-partial`, for the commands that read a sharded index (`search`, `facets`, `show`).
struct PartialOption: ParsableArguments {
    @Flag(help: "On a sharded index, answer from the shards that answer when some do not (the answer says which are missing).")
    var allowPartial = false

    /// The request parameter: absent unless asked for.
    var parameter: Bool? { allowPartial ? true : nil }

    /// Says on stderr that an answer covers only the shards that answered.
    static func warn(_ missingShards: [String]?) {
        guard let missingShards else { return }
        Terminal.writeError("gazette: partial answer: shard \(missingShards.joined(separator: ", ")) did not answer")
    }
}
