/// JSON-RPC 2.0 error codes, plus Gazette's own in the server-error range.
public enum RPCErrorCode: Int, Codable, Sendable, CaseIterable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    /// The query string could not be parsed.
    case badQuery = -32001
    /// No article with that id.
    case documentNotFound = -32002
    /// The index is locked by another writer or too busy to answer now.
    case indexBusy = -32003
    /// There is no index yet.
    case indexMissing = -32004
    /// A request line was too long for the daemon's limit.
    case requestTooLarge = -32005
    /// A shard of a sharded index did not answer in time (the message names it).
    case shardUnavailable = -32006
    /// An indexing request stopped early (the daemon is shutting down); what it wrote is committed.
    case interrupted = -32007
}
