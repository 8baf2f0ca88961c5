#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import GazetteFrontend

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

        /// The server program: gazette-mcp in the folder of the running gazette.
        static var serverPath: String {
            let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
            return (running as NSString).deletingLastPathComponent + "/gazette-mcp"
        }

        /// Replaces this process with gazette-mcp and `arguments`; a one-line error and exit 2 when it cannot.
        static func runServer(_ arguments: [String]) -> Never {
            let path = serverPath
            guard access(path, X_OK) == 0 else {
                Terminal.writeError("gazette: gazette mcp runs the program gazette-mcp beside gazette, and \(path) is missing; "
                    + "build it with: swift build --product gazette-mcp (swift build builds it too)")
                Foundation.exit(ExitStatus.failure)
            }
            let argv = ([path] + arguments).map { strdup($0) } + [nil]
            execv(path, argv)
            Terminal.writeError("gazette: cannot run \(path): \(String(cString: strerror(errno)))")
            Foundation.exit(ExitStatus.failure)
        }
    }
}
