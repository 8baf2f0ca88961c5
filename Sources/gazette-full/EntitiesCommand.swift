import ArgumentParser
import GazetteFrontend

extension Gazette {
    struct Entities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "entities",
            abstract: "Print the actors and countries Gazette finds in articles, as the indexer stores them.",
            discussion: """
                Reads files and folders like gazette index, without touching an index. JSON output is \
                one line per article: {"file", "id", "title", "actors", "actor_mentions", "countries", \
                "country_codes", "mentions", "micros"}: "actors" are the salient people and organisations \
                (canonical names), "actor_mentions" every one the text names, as written; "countries" the \
                salient countries, "mentions" every country the text names. A publisher's own names \
                (Config/gazetteer/publishers.tsv) are no actors of its stories: those whose source or URL \
                names it, or, without either, those filed in a folder named after it (bbc/tech/1.txt).
                """
        )

        @Option(name: .long, help: ArgumentHelp("Configuration folder (default: ./Config, or the project's Config/).",
                                                valueName: "dir"))
        var config: String?

        @Argument(help: ArgumentHelp("Article files or folders.", valueName: "path"))
        var paths: [String] = []

        @Option(help: ArgumentHelp("Output: text or json (JSON Lines).", valueName: "format"))
        var format = RecordFormat(.text)

        func validate() throws {
            if paths.isEmpty { throw ValidationError("name at least one article file or folder") }
        }

        func run() async throws {
            let session = try Session(configDirectory: config, index: nil)
            let failed = try EntityReport.run(paths: paths, session: session, printer: format.printer())
            if failed > 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
