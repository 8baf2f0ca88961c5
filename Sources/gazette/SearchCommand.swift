import ArgumentParser
import Foundation
import GazetteFrontend
import GazetteIndex
import GazetteProtocol

extension OutputFormat: ExpressibleByArgument {}
extension SearchFormat: ExpressibleByArgument {}

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
        var format: SearchFormat = .text

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

        func validate() throws {
            if let limit, !(0...10_000).contains(limit) { throw ValidationError("--limit must be between 0 and 10000") }
            if offset < 0 { throw ValidationError("--offset must be 0 or more") }
            if let facetLimit, !(1...10_000).contains(facetLimit) {
                throw ValidationError("--facet-limit must be between 1 and 10000")
            }
            for facet in facets where Facet(named: facet) == nil {
                throw ValidationError("unknown facet '\(facet)': use \(Facet.names(joinedBy: " or "))")
            }
            if !["relevance", "date"].contains(sort.lowercased()) {
                throw ValidationError("--sort must be relevance or date")
            }
        }

        func run() async throws {
            let session = try location.session()
            let params = SearchParams(query: query, limit: limit, offset: offset,
                                      facets: facets.isEmpty ? nil : facets.map { $0.lowercased() },
                                      facetLimit: facetLimit, sort: sort.lowercased(),
                                      snippets: !noSnippets && !format.needsLocations,
                                      locate: format.needsLocations ? true : nil)
            let started = Date()
            let response = try await Backend.search(params, session: session)
            switch format {
            case .text:
                Terminal.write(SearchOutput.text(response, styled: Terminal.stdoutIsStyled))
            case .json:
                Terminal.write(SearchOutput.json(response) + "\n")
            case .vimgrep:
                let (lines, skipped) = EditorOutput.vimgrep(response)
                EditorOutput.warnSkipped(skipped)
                Terminal.write(lines)
            case .jsonl:
                let (lines, skipped) = EditorOutput.jsonLines(response, elapsed: Date().timeIntervalSince(started))
                EditorOutput.warnSkipped(skipped)
                Terminal.write(lines)
            }
            if response.total == 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
