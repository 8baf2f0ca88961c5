import GazetteIndex
import GazetteProtocol

/// An error a person can act on: what went wrong, and how to fix it.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case indexMissing
        case indexLocked
        case indexCorrupt
        case badQuery
        case badParams
        case documentNotFound
        case configuration
        /// The index folder cannot be made or written.
        case indexFolder
        case internalError
        /// A shard of a sharded index did not answer.
        case shardUnavailable
        /// An indexing run stopped early when asked to (the daemon shutting down).
        case interrupted
    }

    public let kind: Kind
    public let message: String
    /// The fix, when there is one ("build it with: gazette index PATH").
    public let hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(message); \($0)" } ?? message
    }

    /// The JSON-RPC error code for this kind.
    public var rpcCode: RPCErrorCode {
        switch kind {
        case .indexMissing: return .indexMissing
        case .indexLocked: return .indexBusy
        case .indexCorrupt: return .internalError
        case .badQuery: return .badQuery
        case .badParams: return .invalidParams
        case .documentNotFound: return .documentNotFound
        case .configuration, .indexFolder, .internalError: return .internalError
        case .shardUnavailable: return .shardUnavailable
        case .interrupted: return .interrupted
        }
    }

    /// Translates an index error, naming the index and the fix.
    public static func from(_ error: IndexError, indexPath: String, query: String? = nil) -> ServiceError {
        switch error.code {
        case .notFound:
            return ServiceError(.indexMissing, "no index at \(indexPath)",
                                hint: "build it with: gazette index PATH --index \(indexPath)")
        case .locked:
            var message = "the index at \(indexPath) is locked by another process"
            if let holder = LockInspector.holder(ofIndexAt: indexPath) { message += " (\(holder))" }
            // Xapian also reports a lock it could not take for want of file descriptors or support.
            if !error.message.isEmpty && !error.message.contains("already locked") { message += ": \(error.message)" }
            return ServiceError(.indexLocked, message,
                                hint: "wait for it to finish, or send the work to gazetted if it is running")
        case .corrupt:
            return ServiceError(.indexCorrupt, "the index at \(indexPath) is damaged: \(error.message)",
                                hint: "rebuild it: move it aside and run gazette index again")
        case .versionMismatch:
            return ServiceError(.indexCorrupt, "the index at \(indexPath) cannot be used: \(error.message)",
                                hint: "rebuild it: move it aside and run gazette index again")
        case .querySyntax:
            let hint = error.message.contains("date")
                ? "dates are written YYYY-MM-DD, YYYY-MM or YYYY, as in date:2024-03-01, date:2024-03, date:2023..2024-06"
                : "check operators, quotes and brackets; see gazette search --help for the syntax"
            return ServiceError(.badQuery, "cannot parse the query \(query.map { "'\($0)'" } ?? ""): \(error.message)",
                                hint: hint)
        case .documentNotFound:
            return ServiceError(.documentNotFound, error.message,
                                hint: "ids are shown by gazette search --format json")
        case .network:
            return ServiceError(.shardUnavailable, "the index at \(indexPath): \(error.message)",
                                hint: "start that shard's xapian-tcpsrv (gazette status lists every shard), "
                                    + "or answer from the others with --allow-partial")
        case .folder:
            return ServiceError(.indexFolder, error.message,
                                hint: "choose a folder you can write: --index DIR, or [index] path in Config/gazette.toml")
        case .tooExpensive:
            return ServiceError(.badQuery, "query too expensive: \(error.message)",
                                hint: "narrow it: a longer wildcard prefix (conc* rather than c*), fewer alternatives, or a filter")
        case .invalidArgument where query == nil:
            // A stub that cannot be read, shards listed in another order or number than they were built for.
            return ServiceError(.badParams, "the index at \(indexPath): \(error.message)")
        case .invalidArgument:
            return ServiceError(.badQuery, "bad query '\(query ?? "")': \(error.message)",
                                hint: "see gazette search --help for the syntax")
        default:
            return ServiceError(.internalError, "index error at \(indexPath): \(error)")
        }
    }
}

extension ServiceError {
    /// Runs `body`, turning whatever it throws into a ServiceError about the index at `indexPath`.
    public static func wrap<T>(indexPath: String, _ body: () throws -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch let error as ServiceError {
            throw error
        } catch let error as IndexError {
            throw ServiceError.from(error, indexPath: indexPath)
        } catch let error as IndexingInterrupted {
            throw ServiceError(.interrupted, error.description,
                               hint: "run gazette index again to finish (with no path it brings every indexed folder up to date)")
        } catch {
            throw ServiceError(.internalError, "\(error)")
        }
    }
}
