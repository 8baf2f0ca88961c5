import Foundation

/// What `gazette status` says of one shard.
public struct ShardState: Sendable, Equatable {
    /// Its folder, or `remote HOST:PORT`.
    public let name: String
    public let isRemote: Bool
    /// Nil when it did not answer.
    public let documents: Int?
    /// Why it did not answer.
    public let error: String?
}

/// The read side of a ShardList: one handle per shard, and one that
/// searches every shard that answered as one database (Xapian merges the
/// ranking). A remote shard that does not answer is set aside with its
/// error; the others stay usable, for answers flagged partial.
/// Not thread-safe, like the reader that owns it.
final class ShardGroup {
    let list: ShardList
    let timeouts: RemoteTimeouts
    private(set) var combined: XapianDatabase
    private var handles: [XapianDatabase?]
    /// The shards that did not answer, by position, with what went wrong.
    private(set) var missing: [Int: IndexError] = [:]
    private var lastAttempt = Date()
    /// A shard that did not answer is tried again at most this often, so a
    /// hung host costs one connect timeout per interval, not per query.
    static let retryInterval: TimeInterval = 2

    init(list: ShardList, timeouts: RemoteTimeouts) throws(IndexError) {
        self.list = list
        self.timeouts = timeouts
        handles = Array(repeating: nil, count: list.shards.count)
        combined = try XapianDatabase.group()
        try connect(list.shards.indices)
    }

    /// The names of the shards that did not answer, in stub order.
    var missingNames: [String] { missing.keys.sorted().map { list.shards[$0].description } }

    /// The error for a search that needs every shard while some did not answer.
    var unavailableError: IndexError? {
        guard let first = missing.keys.min(), let error = missing[first] else { return nil }
        let names = missingNames.joined(separator: ", ")
        let answering = list.shards.count - missing.count
        return IndexError(code: .network,
                          message: "shard \(names) did not answer (\(answering) of \(list.shards.count) shards did): \(error.message)",
                          context: names)
    }

    /// Opens the shards at `positions` afresh and rebuilds the combined handle.
    /// A shard that cannot be reached over the network is set aside; any
    /// other failure (a missing folder, a damaged database) is thrown.
    private func connect(_ positions: some Sequence<Int>) throws(IndexError) {
        lastAttempt = Date()
        for position in positions {
            handles[position] = nil
            do {
                handles[position] = try XapianDatabase.open(list.shards[position], timeouts: timeouts, writable: false)
                missing[position] = nil
            } catch where error.code == .network {
                missing[position] = error
            }
        }
        if missing.count == list.shards.count, let error = unavailableError { throw error }
        let group = try XapianDatabase.group()
        for handle in handles.compactMap({ $0 }) { try group.add(handle) }
        combined = group
    }

    /// Tries the shards that did not answer again (at most every `retryInterval`).
    /// True when the combined handle changed.
    func retryMissing() throws(IndexError) -> Bool {
        guard !missing.isEmpty, Date().timeIntervalSince(lastAttempt) >= Self.retryInterval else { return false }
        let before = missing.count
        try connect(Array(missing.keys))
        return missing.count != before
    }

    /// After a network error mid-search: reconnect every remote shard (their
    /// connections may be broken) and find out which do not answer.
    func reconnect() throws(IndexError) {
        try connect(list.shards.indices.filter { list.shards[$0].isRemote || missing[$0] != nil })
    }

    /// Xapian's revision for one database. A stub's shards have no revision
    /// together (and remote ones none at all), so there it is the commit
    /// generation the home shard records: it commits last, so the number
    /// moves whenever the index does.
    func revision() throws(IndexError) -> UInt64 {
        guard list.isSharded else { return try combined.revision() }
        return UInt64(try handles[0]?.metadata(IndexWriter.generationKey) ?? "") ?? 0
    }

    /// Every shard's document count, each on a fresh connection, so a shard
    /// that stopped answering shows as such.
    func probe() -> [ShardState] {
        list.shards.map { shard in
            do throws(IndexError) {
                let handle = try XapianDatabase.open(shard, timeouts: timeouts, writable: false)
                return ShardState(name: shard.description, isRemote: shard.isRemote,
                                  documents: try handle.documentCount(), error: nil)
            } catch {
                return ShardState(name: shard.description, isRemote: shard.isRemote, documents: nil, error: error.message)
            }
        }
    }
}
