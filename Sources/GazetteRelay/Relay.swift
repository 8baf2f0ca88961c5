#if canImport(Glibc)
import Glibc
#endif
import GazetteOutput
import GazetteProtocol
import GazetteSettings
import GazetteSocket

/// The small `gazette`: what an editor runs for every query. It sends the
/// commands gazetted answers (search, similar, show, facets, status) over
/// the socket and prints the reply with gazette-full's printers; everything
/// else (no daemon, `--index`, indexing, help, any error) it hands to
/// gazette-full, the program beside it, with the same arguments. It links no
/// Xapian, no service and no argument parser: starting those was most of
/// the time of a search through the daemon.
public enum Relay {
    public static func main(_ arguments: [String]) -> Never {
        if arguments == ["--version"] {
            Terminal.write(GazetteVersion.current + "\n")
            exit(ExitStatus.success)
        }
        if arguments.first == "mcp" {
            SiblingProgram.exec("gazette-mcp", Array(arguments.dropFirst()), why: "gazette mcp")
        }
        if let command = RelayCommand(arguments), let request = RelayRequest(command),
           let socket = socketPath(command), let status = request.answer(at: socket) {
            exit(status)
        }
        let command = arguments.first.map { $0.hasPrefix("-") ? "gazette" : "gazette " + $0 } ?? "gazette"
        SiblingProgram.exec("gazette-full", arguments, why: command)
    }

    /// Where gazetted listens for this command, as gazette-full finds it; nil
    /// when gazette-full must answer: direct access (`--index`), or a
    /// configuration it would refuse or that needs checking beyond types
    /// (`[files]` globs), or a `--socket` path it would rewrite.
    static func socketPath(_ command: RelayCommand) -> String? {
        guard command.value("index") == nil else { return nil }
        let folder: String?
        let settings: SettingsFile?
        do {
            folder = try ConfigurationFolder.find(explicitDirectory: command.value("config"))
            settings = try folder.flatMap { try SettingsFile.read(configDirectory: $0) }
        } catch {
            return nil
        }
        if let settings, !settings.include.isEmpty || !settings.exclude.isEmpty { return nil }
        if let socket = command.value("socket") { return isPlainAbsolute(socket) ? socket : nil }
        let configured = folder.flatMap { folder in settings?.socketPath(project: ConfigurationFolder.project(of: folder)) }
        return configured ?? SocketLocation.defaultPath(environment: runtimeDirectory)
    }

    /// `XDG_RUNTIME_DIR`, the one variable the default socket depends on
    /// (read alone: copying the whole environment costs more).
    static var runtimeDirectory: [String: String] {
        getenv("XDG_RUNTIME_DIR").map { ["XDG_RUNTIME_DIR": String(cString: $0)] } ?? [:]
    }

    /// A path gazette-full uses as given: absolute, without `.`, `..` or empty parts to fold.
    static func isPlainAbsolute(_ path: String) -> Bool {
        path.hasPrefix("/") && path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
