import ArgumentParser
import GazetteFrontend
import GazetteIndex
import GazetteProtocol

extension Gazette {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a stored article by its id.",
            discussion: "Ids are the article's path inside its indexed folder (seeds/000_e3109c2dbdf02a4d.txt) or the id of a JSON article."
        )

        @OptionGroup var location: IndexLocation

        @Argument(help: ArgumentHelp("The article's id.", valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
        var format: OutputFormat = .text

        func validate() throws {
            if id.isEmpty { throw ValidationError("the id is empty") }
        }

        func run() async throws {
            let session = try location.session()
            let article = try await Backend.document(DocumentParams(id: id), session: session)
            switch format {
            case .json: Terminal.write(SearchOutput.json(article) + "\n")
            case .text: Terminal.write(DocumentOutput.text(article, styled: Terminal.stdoutIsStyled))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the index: documents, revision, last commit, and who answered."
        )

        @OptionGroup var location: IndexLocation

        @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
        var format: OutputFormat = .text

        func run() async throws {
            let session = try location.session()
            let status = try await Backend.status(session: session)
            switch format {
            case .json: Terminal.write(SearchOutput.json(status) + "\n")
            case .text: Terminal.write(DocumentOutput.status(status))
            }
        }
    }

    struct Facets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the values of a facet (\(Facet.names(joinedBy: " or "))) over the index or a query.",
            discussion: "Exit status: 0 when some article matched, 1 when none did, 2 on an error."
        )

        @OptionGroup var location: IndexLocation

        @Argument(help: ArgumentHelp("\(Facet.names(joinedBy: " or ")).", valueName: "facet"))
        var facet: String

        @Argument(help: ArgumentHelp("Count over the articles matching this query (default: all).", valueName: "query"))
        var query: String?

        @Option(help: ArgumentHelp("Values to show (default 50).", valueName: "n"))
        var limit: Int = 50

        @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
        var format: OutputFormat = .text

        func validate() throws {
            if Facet(named: facet) == nil {
                throw ValidationError("unknown facet '\(facet)': use \(Facet.names(joinedBy: " or "))")
            }
            if !(1...10_000).contains(limit) { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() async throws {
            let session = try location.session()
            let response = try await Backend.facets(FacetsParams(facet: facet.lowercased(), query: query, limit: limit),
                                              session: session)
            switch format {
            case .json: Terminal.write(SearchOutput.json(response) + "\n")
            case .text:
                let noun = response.total == 1 ? "article" : "articles"
                Terminal.write("\(response.total) \(noun)\n" + SearchOutput.facetText(name: response.facet, values: response.values))
            }
            if response.total == 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
