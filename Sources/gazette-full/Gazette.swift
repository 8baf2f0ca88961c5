import ArgumentParser
import Foundation
import GazetteCommandLine
import GazetteFrontend
import GazetteProtocol
import GazetteService

@main
struct Gazette: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Index news articles and search them: phrases, booleans, actors and countries.",
        discussion: """
            Exit status: 0 when something matched (or the work was done), 1 when nothing \
            matched (or some files could not be indexed), 2 on an error.
            """,
        version: GazetteFrontend.version,
        subcommands: [Index.self, Search.self, Similar.self, Show.self, Facets.self, Alert.self, Entities.self, Status.self, LSP.self,
                      MCP.self]
    )

    /// Runs the command; usage errors exit with 2 like every other error,
    /// and failures print one line on stderr. `gazette mcp` is handed to
    /// its own program before any parsing, `--help` included.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == MCP.configuration.commandName { MCP.runServer(Array(arguments.dropFirst())) }
        await CommandLineProgram.run(Gazette.self, name: "gazette")
    }
}

extension OutputFormat: ExpressibleByArgument {}

extension ColorChoice: ExpressibleByArgument {}

/// `--color`, for commands that print text people read.
struct ColorOption: ParsableArguments {
    @Option(help: ArgumentHelp("Colours and bold in text output: auto (on a terminal, unless NO_COLOR is set), always or never.",
                               valueName: "when"))
    var color: ColorChoice = .auto

    var styled: Bool { Terminal.styled(color) }
}

/// `--format` of the commands that print one record: OutputFormat held to its
/// record formats, so that help and errors list only those.
struct RecordFormat: ExpressibleByArgument {
    let format: OutputFormat

    init(_ format: OutputFormat) {
        self.format = format
    }

    init?(argument: String) {
        guard let format = OutputFormat(rawValue: argument), OutputFormat.recordFormats.contains(format) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] { OutputFormat.recordFormats.map(\.rawValue) }

    var defaultValueDescription: String { format.rawValue }

    func printer(styled: Bool = Terminal.stdoutIsStyled) -> any Printer { format.printer(styled: styled) }
}

/// Checks search params before any work, as the service checks them (one
/// validation, GazetteProtocol's), naming each parameter as the command's option.
func validateSearch(_ params: SearchParams, options: [SearchParamsError.Parameter: String]) throws {
    do {
        _ = try params.validated(LocalIndex.vocabulary)
    } catch {
        throw ValidationError(error.message(calling: options[error.parameter] ?? error.parameter.rawValue))
    }
}
