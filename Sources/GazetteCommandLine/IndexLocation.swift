import ArgumentParser
import GazetteFrontend

/// Options every command that touches an index takes.
public struct IndexLocation: ParsableArguments {
    public init() {}

    @Option(name: .long, help: ArgumentHelp("Index to use: a folder, or a Xapian stub file listing shards (default: Index/ in the project).",
                                            valueName: "dir"))
    public var index: String?

    @Option(name: .long, help: ArgumentHelp("Talk to the gazetted listening here (default: use the daemon when one answers at the usual socket, else the index).",
                                            valueName: "path"))
    public var socket: String?

    @Option(name: .long, help: ArgumentHelp("Configuration folder (default: ./Config, or the project's Config/).",
                                            valueName: "dir"))
    public var config: String?

    public func validate() throws {
        if index != nil && socket != nil {
            throw ValidationError("--index (direct access) and --socket (through the daemon) exclude each other")
        }
    }

    public func session() throws -> Session {
        try Session(configDirectory: config, index: index, socket: socket)
    }
}
