import ArgumentParser
import Foundation
import GazetteFrontend
import GazetteIndex
import GazetteProtocol

extension Gazette {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the index: ranked hits with snippets, and facet counts.",
            discussion: """
                Query syntax (Xapian's query parser; words are stemmed, all words must match):
                  concert hall                 both words, anywhere
                  "concert hall"               the phrase, in that order
                  moscow AND (attack OR siege) NOT ukraine
                  +required -excluded          conc*     (wildcard)
                \(Schema.queryHelp(indent: "  "))
                Exit status: 0 when something matched, 1 when nothing did, 2 on an error.
                """
        )

        @OptionGroup var location: IndexLocation

        @Argument(help: ArgumentHelp("The query (quote it for the shell).", valueName: "query"))
        var query: String

        @Option(help: ArgumentHelp("Hits to show (default 10).", valueName: "n"))
        var limit: Int?

        @Option(help: ArgumentHelp("Hits to skip, for paging.", valueName: "n"))
        var offset: Int = 0

        @Option(help: ArgumentHelp("Output: text, json, jsonl (a line per hit, ripgrep-style) or vimgrep (path:line:column:text).",
                                   valueName: "format"))
        var format: OutputFormat = .text

        @Option(name: .customLong("facet"),
                help: ArgumentHelp("Count a facet over all matches: \(Facet.names(joinedBy: " or ")) (repeatable).",
                                   valueName: "name"))
        var facets: [String] = []

        @Option(help: ArgumentHelp("Values to show per facet (default 10).", valueName: "n"))
        var facetLimit: Int?

        @Option(help: ArgumentHelp("Order: relevance or date (newest first).", valueName: "order"))
        var sort: String = "relevance"

        @Flag(help: "Leave snippets out.")
        var noSnippets = false

        @Flag(help: "On a sharded index, answer from the shards that answer when some do not (the answer says which are missing).")
        var allowPartial = false

        /// The request these options make: checked in validate(), sent in run().
        var params: SearchParams {
            SearchParams(query: query, limit: limit, offset: offset, facets: facets.isEmpty ? nil : facets,
                         facetLimit: facetLimit, sort: sort, snippets: !noSnippets && !format.needsLocations,
                         locate: format.needsLocations ? true : nil, allowPartial: allowPartial ? true : nil)
        }

        func validate() throws {
            try validateSearch(params, options: [.query: "the query", .limit: "--limit", .offset: "--offset",
                                                 .facets: "--facet", .facetLimit: "--facet-limit", .sort: "--sort"])
        }

        func run() async throws {
            let session = try location.session()
            let started = Date()
            let response = try await Backend.search(params, session: session)
            let printed = format.printer().search(response, elapsed: Date().timeIntervalSince(started))
            for warning in printed.warnings { Terminal.writeError(warning) }
            if let missing = response.missingShards {
                Terminal.writeError("gazette: partial answer: shard \(missing.joined(separator: ", ")) did not answer")
            }
            Terminal.write(printed.output)
            if response.total == 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
