import ArgumentParser
import GazetteCommandLine
import GazetteFrontend
import GazetteProtocol

extension Gazette {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a stored article by its id.",
            discussion: "Ids are the article's path inside its indexed folder (seeds/000_e3109c2dbdf02a4d.txt) or the id of a JSON article."
        )

        @OptionGroup var location: IndexLocation

        @Argument(help: ArgumentHelp("The article's id.", valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
        var format = RecordFormat(.text)

        @OptionGroup var partial: PartialOption

        func validate() throws {
            if id.isEmpty { throw ValidationError("the id is empty") }
        }

        func run() async throws {
            let session = try location.session()
            let article = try await Backend.document(DocumentParams(id: id, allowPartial: partial.parameter), session: session)
            Terminal.warnPartial(article.missingShards)
            Terminal.write(format.printer().record(article))
        }
    }
}
