import ArgumentParser
import Foundation
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
    /// and failures print one line on stderr.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Terminal.writeError("gazette: \(failure.message)")
            Foundation.exit(failure.status)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success {
                exit(withError: error)  // --help, --version
            }
            Terminal.writeError(fullMessage(for: error))
            Foundation.exit(ExitStatus.failure)
        }
    }
}

/// Options every command that touches an index takes.
struct IndexLocation: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Index to use: a folder, or a Xapian stub file listing shards (default: Index/ in the project).",
                                            valueName: "dir"))
    var index: String?

    @Option(name: .long, help: ArgumentHelp("Talk to the gazetted listening here (default: use the daemon when one answers at the usual socket, else the index).",
                                            valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Configuration folder (default: ./Config, or the project's Config/).",
                                            valueName: "dir"))
    var config: String?

    func validate() throws {
        if index != nil && socket != nil {
            throw ValidationError("--index (direct access) and --socket (through the daemon) exclude each other")
        }
    }

    func session() throws -> Session {
        try Session(configDirectory: config, index: index, socket: socket)
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
