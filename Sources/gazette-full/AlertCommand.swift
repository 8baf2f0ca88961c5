import ArgumentParser
import GazetteCommandLine
import Foundation
import GazetteFrontend
import GazetteIndex
import GazetteProtocol

extension Gazette {
    struct Alert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alert",
            abstract: "Saved searches that alert: gazetted checks every article it indexes against them.",
            discussion: """
                Saved searches live in the index. While gazetted runs (and watches your folders), \
                `gazette alert watch` prints each new or changed article a saved search matches.
                """,
            subcommands: [Add.self, List.self, Remove.self, Watch.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Save a search under a name (a query that does not parse is refused).")

            @OptionGroup var location: IndexLocation

            @Argument(help: ArgumentHelp("The alert's name: letters, digits, '-', '_', '.'.", valueName: "name"))
            var name: String

            @Argument(help: ArgumentHelp("The query, as for gazette search: one argument, or its words as several.",
                                         valueName: "query"))
            var words: [String] = []

            /// The words as one query, as the shell split them.
            var query: String { words.joined(separator: " ") }

            func validate() throws {
                if let problem = SavedSearch.problem(withName: name) { throw ValidationError(problem) }
                guard !words.isEmpty else { throw ValidationError("Missing expected argument '<query>'") }
            }

            func run() async throws {
                let list = try await Backend.addAlert(AlertAddParams(name: name, query: query),
                                                      session: try location.session())
                Terminal.write(RecordFormat(.text).printer().record(list))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the saved searches.")

            @OptionGroup var location: IndexLocation

            @Option(help: ArgumentHelp("Output: text or json.", valueName: "format"))
            var format = RecordFormat(.text)

            func run() async throws {
                let list = try await Backend.alerts(session: try location.session())
                Terminal.write(format.printer().record(list))
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a saved search.")

            @OptionGroup var location: IndexLocation

            @Argument(help: ArgumentHelp("The alert's name.", valueName: "name"))
            var name: String

            func run() async throws {
                let list = try await Backend.removeAlert(AlertRemoveParams(name: name), session: try location.session())
                Terminal.write(RecordFormat(.text).printer().record(list))
            }
        }

        struct Watch: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "watch",
                abstract: "Print alerts as gazetted raises them: a line each (text), or JSON Lines.",
                discussion: "Runs until interrupted or until gazetted stops. Needs gazetted.")

            @OptionGroup var location: IndexLocation
            @OptionGroup var colors: ColorOption

            @Option(help: ArgumentHelp("Output: text (a line per alert) or jsonl (a JSON object per line).", valueName: "format"))
            var format: WatchFormat = .text

            func run() async throws {
                let printer = format == .jsonl ? OutputFormat.json.printer() : OutputFormat.text.printer(styled: colors.styled)
                try await Backend.watchAlerts(session: try location.session(), ready: {
                    if Terminal.stderrIsTerminal { Terminal.writeError("gazette: watching for alerts (Ctrl-C stops)") }
                }) { match in
                    Terminal.write(printer.record(match))
                }
            }
        }
    }

    enum WatchFormat: String, ExpressibleByArgument, CaseIterable {
        case text, jsonl
    }
}
