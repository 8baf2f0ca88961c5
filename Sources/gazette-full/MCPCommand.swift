import ArgumentParser
import GazetteOutput

extension Gazette {
    /// `gazette mcp` runs gazette-mcp, the program beside this one, as git
    /// runs its subcommands: the MCP SDK and what it links (FoundationNetworking,
    /// libcurl and some thirty more libraries) would otherwise slow the
    /// start of every gazette command.
    struct MCP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Run a Model Context Protocol server on stdin and stdout, for AI assistants.",
            discussion: "The program gazette-mcp, beside gazette, does it: gazette mcp --help tells more."
        )

        @Argument(parsing: .captureForPassthrough, help: "gazette-mcp's options (gazette mcp --help lists them).")
        var options: [String] = []

        func run() throws {
            Self.runServer(options)
        }

        /// Replaces this process with gazette-mcp and `arguments`; a one-line error and exit 2 when it cannot.
        static func runServer(_ arguments: [String]) -> Never {
            SiblingProgram.exec("gazette-mcp", arguments, why: "gazette mcp")
        }
    }
}
