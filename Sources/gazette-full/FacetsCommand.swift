import ArgumentParser
import GazetteCommandLine
import GazetteFrontend
import GazetteIndex
import GazetteProtocol

extension Gazette {
    struct Facets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "facets",
            abstract: "Count the values of a facet (\(Schema.countedFields.map(\.name).joined(separator: ", "))) over the index or a query.",
            discussion: "Exit status: 0 when some article matched, 1 when none did, 2 on an error."
        )

        @OptionGroup var location: IndexLocation
        @OptionGroup var colors: ColorOption

        @Argument(help: ArgumentHelp("One of: \(Schema.countsHelp(joinedBy: "; ")).",
                                     valueName: "facet"))
        var facet: String

        @Argument(help: ArgumentHelp("Count over the articles matching this query (default: all), one argument or its words as several.",
                                     valueName: "query"))
        var words: [String] = []

        /// The words as one query, as the shell split them; nil for all articles.
        var query: String? { words.isEmpty ? nil : words.joined(separator: " ") }

        @Option(help: ArgumentHelp("Values to show (default \(FacetsParams.defaultLimit)).", valueName: "n"))
        var limit: Int?

        @Option(help: ArgumentHelp("What values count: articles (default) or stories (each story once, however many of its copies match; not for date and region).",
                                   valueName: "unit"))
        var facetCount: String?

        @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
        var format = RecordFormat(.text)

        @OptionGroup var partial: PartialOption

        var params: FacetsParams {
            FacetsParams(facet: facet, query: query, limit: limit, facetCount: facetCount, allowPartial: partial.parameter)
        }

        func validate() throws {
            try validateSearch(params.search, options: [.query: "the query", .facetLimit: "--limit",
                                                        .facetCount: "--facet-count"])
        }

        func run() async throws {
            let session = try location.session()
            let response = try await Backend.facets(params, session: session)
            Terminal.warnPartial(response.missingShards)
            Terminal.write(format.printer(styled: colors.styled).record(response))
            if response.total == 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
