import Foundation
import GazetteArticles
import GazetteOutput
import GazetteService

/// A CLI failure: one line for stderr and the exit status.
public struct CommandFailure: Error, CustomStringConvertible {
    public let message: String
    public let status: Int32

    public init(_ message: String, status: Int32 = ExitStatus.failure) {
        self.message = message
        self.status = status
    }

    public init(_ error: ServiceError) {
        self.init(error.description)
    }

    public var description: String { message }
}

/// What a command needs to reach an index: the configuration and where the index is.
public struct Session: Sendable {
    public let configuration: GazetteConfiguration
    /// Set when the user named an index with --index: direct access.
    public let explicitIndex: String?
    /// Set when the user named a socket with --socket: the daemon, or an error.
    public let explicitSocket: String?

    public init(configDirectory: String?, index: String?, socket: String? = nil) throws(CommandFailure) {
        do {
            configuration = try GazetteConfiguration.load(explicitDirectory: configDirectory)
        } catch {
            throw CommandFailure("configuration: \(error)")
        }
        explicitIndex = index
        explicitSocket = socket.map(ArticleFiles.absolute)
    }

    /// Kept so that a long-lived caller (gazette lsp) loads the gazetteers once.
    private let opened = OpenedIndex()

    public func localIndex() throws(CommandFailure) -> LocalIndex {
        if let local = opened.value { return local }
        do {
            let local = try LocalIndex(configuration: configuration, path: explicitIndex)
            opened.value = local
            return local
        } catch {
            throw CommandFailure(error)
        }
    }
}

/// The session's LocalIndex once made; LocalIndex itself is thread-safe.
private final class OpenedIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var local: LocalIndex?

    var value: LocalIndex? {
        get { lock.withLock { local } }
        set { lock.withLock { local = newValue } }
    }
}
