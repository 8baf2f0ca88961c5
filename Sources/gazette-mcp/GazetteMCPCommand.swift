#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import GazetteCommandLine
import GazetteFrontend
import GazetteMCP

/// `gazette mcp`, a program of its own (gazette runs it) so that only it
/// links the MCP SDK.
@main
struct GazetteMCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette mcp",
        abstract: "Run a Model Context Protocol server on stdin and stdout, for AI assistants.",
        discussion: """
            Speaks MCP (JSON-RPC 2.0, one message per line). Tools: search, get_article, similar, facets and \
            status; index and remove too with --allow-writes. Every article is a resource, \
            gazette://article/{id} (text/plain). At most 100 hits per call; article text is cut at \
            \(MCPLimits.articleCharacters) characters (get_article pages on). Uses gazetted when it runs, \
            else the index. Logs go to stderr. Exit status: 0 when the input ends, 2 on an error \
            before starting. Editor set-up: Config/editors/README.md.
            """,
        version: GazetteFrontend.version
    )

    @OptionGroup var location: IndexLocation

    @Flag(help: "Offer the index and remove tools, which change the index.")
    var allowWrites = false

    @Flag(name: .shortAndLong, help: "Log every tool call to stderr, not only failures.")
    var verbose = false

    static func main() async {
        await CommandLineProgram.run(Self.self, name: "gazette")
    }

    func run() async throws {
        let session = try location.session()
        // A client that goes away must end writes with an error, not kill the server.
        signal(SIGPIPE, SIG_IGN)
        if isatty(STDIN_FILENO) == 1 {
            Terminal.writeError("gazette mcp: waiting for MCP messages on stdin (AI assistants start this command; see Config/editors/README.md)")
        }
        let server = GazetteMCPServer(session: session, options: .init(allowWrites: allowWrites, verbose: verbose)) { line in
            Terminal.writeError("gazette mcp: " + line)
        }
        try await server.runOnStandardStreams()
    }
}
