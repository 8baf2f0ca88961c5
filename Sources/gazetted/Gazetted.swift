import ArgumentParser
import Foundation
import GazetteDaemon
import GazetteProtocol
import GazetteService
import Logging
import ServiceLifecycle
import UnixSignals

@main
struct Gazetted: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazetted",
        abstract: "Gazette's search daemon: owns the index and answers JSON-RPC over a Unix socket.",
        discussion: """
            Protocol: JSON-RPC 2.0, one JSON object per line, in both directions. Methods: search, \
            document, facets, index, remove, status, subscribe. Try:
              echo '{"jsonrpc":"2.0","id":1,"method":"status"}' | nc -U SOCKET
            Stops cleanly on SIGTERM or SIGINT: requests in flight finish, writes are committed and \
            the socket file is removed. An index run in flight stops at its next file, commits what \
            it wrote and is answered with error -32007 (interrupted); `gazette index` finishes it. \
            Logs go to stderr.
            """,
        version: GazetteVersion.current
    )

    @Option(help: ArgumentHelp("Socket to listen on (default: $XDG_RUNTIME_DIR/gazette/gazetted.sock, else /tmp/gazette-$UID/gazetted.sock).",
                               valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("Index folder to serve (default: Index/ in the project).", valueName: "dir"))
    var index: String?

    @Option(help: ArgumentHelp("Configuration folder (default: ./Config, or the project's Config/).", valueName: "dir"))
    var config: String?

    @Flag(inversion: .prefixedNo, help: "Watch the indexed folders and apply changes as they happen.")
    var watch = true

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error")
        }
        if let socket, socket.utf8.count >= 104 {
            throw ValidationError("--socket path is too long for a Unix socket (at most 103 bytes)")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "gazetted")
        do {
            let configuration = try GazetteConfiguration.load(explicitDirectory: config)
            let socketPath = socket.map { absolute($0) } ?? configuration.socketPath ?? SocketLocation.defaultPath()
            try GazetteDaemon.claimSocket(socketPath)
            let local = try LocalIndex(configuration: configuration, path: index)
            let host = try IndexHost(local: local)
            let daemon = GazetteDaemon(host: host, socketPath: socketPath,
                                       limits: DaemonLimits(configuration: configuration), logger: logger,
                                       watch: watch)
            let group = ServiceGroup(configuration: .init(services: [daemon],
                                                          gracefulShutdownSignals: [.sigterm, .sigint],
                                                          logger: logger))
            try await group.run()
        } catch {
            FileHandle.standardError.write(Data("gazetted: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
