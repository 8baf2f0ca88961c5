import ArgumentParser
import GazetteCommandLine
import GazetteFrontend

extension Gazette {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the index: documents, revision, last commit, and who answered."
        )

        @OptionGroup var location: IndexLocation

        @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
        var format = RecordFormat(.text)

        func run() async throws {
            let session = try location.session()
            let status = try await Backend.status(session: session)
            Terminal.write(format.printer().record(status))
        }
    }
}
