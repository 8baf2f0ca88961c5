#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import GazetteCommandLine
import GazetteFrontend
import GazetteLSP

extension Gazette {
    struct LSP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "Run a Language Server on stdin and stdout, for editors.",
            discussion: """
                Speaks LSP (Content-Length framing, JSON-RPC 2.0). workspace/symbol takes a query in \
                gazette search's syntax and returns matching articles, each at its best match; \
                textDocument/hover over an actor or country name tells how many articles mention it \
                and what they mention alongside. Uses gazetted when it runs, else the index. \
                Logs go to stderr. Exit status: 0 after shutdown and exit, 1 when the input ends or \
                exit comes without shutdown, 2 on an error before starting.
                """
        )

        @OptionGroup var location: IndexLocation

        @Option(name: .customLong("symbol-limit"),
                help: ArgumentHelp("Articles returned per workspace/symbol query (default 50).", valueName: "n"))
        var symbolLimit: Int = 50

        @Flag(name: .shortAndLong, help: "Log every message's method to stderr, not only problems.")
        var verbose = false

        func validate() throws {
            if !(1...10_000).contains(symbolLimit) {
                throw ValidationError("--symbol-limit must be between 1 and 10000")
            }
        }

        func run() async throws {
            let session = try location.session()
            // A client that goes away must end writes with an error, not kill the server.
            signal(SIGPIPE, SIG_IGN)
            if isatty(STDIN_FILENO) == 1 {
                Terminal.writeError("gazette lsp: waiting for LSP messages on stdin (editors start this command; see Config/editors/README.md)")
            }
            let server = LanguageServer(source: SessionSource(session: session), sink: FileDescriptorSink(fd: STDOUT_FILENO),
                                        options: .init(symbolLimit: symbolLimit, verbose: verbose)) { line in
                Terminal.writeError("gazette lsp: " + line)
            }
            let status = await server.run(input: FileDescriptorSource(fd: STDIN_FILENO))
            throw ExitCode(status)
        }
    }
}
