import Foundation

/// In-memory columns of every article's facet entries, for the latest
/// revision of one index, shared by the readers of one process (the
/// daemon's). Counting a match through a column is a few array reads
/// instead of decoding a value; building one reads the packed slot of every
/// article once (see Benchmarks/facets/RESULTS.md for the costs).
///
/// Columns are built on first use after a commit, or ahead of it with
/// `IndexReader.prepareFacetColumns()`; a reader at another revision than
/// the cached one counts another way rather than evict it, unless it is newer.
public final class FacetColumnCache: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var revision: UInt64?
    /// By the slot they were read from.
    private var columns: [UInt32: XapianFacetColumn] = [:]

    public init() {}

    /// Whether columns can serve `database` as it is now: a single database
    /// (Xapian gives sharded ones no revision) no older than the cached columns.
    func columnsAvailable(for database: XapianDatabase) throws(IndexError) -> Bool {
        let current = try database.revision()
        return lock.withLock { revision.map { current >= $0 } ?? true }
    }

    /// The column of `facet` for the revision `database` is at, built now if missing.
    func column(for facet: Facet, database: XapianDatabase) throws(IndexError) -> XapianFacetColumn {
        try column(slot: facet.layout.packedSlot, database: database)
    }

    /// The column of a slot of entries (a facet's packed slot, or the story
    /// slot: one entry an article) for the revision `database` is at.
    func column(slot: UInt32, database: XapianDatabase) throws(IndexError) -> XapianFacetColumn {
        let current = try database.revision()
        lock.lock()
        defer { lock.unlock() }
        if let revision, revision > current {
            throw IndexError(code: .modified, message: "the facet columns are newer than this reader", context: database.path)
        }
        if revision != current {
            columns.removeAll()
            revision = current
        }
        if let column = columns[slot] { return column }
        let column = try XapianFacetColumn(database: database, slot: slot)
        columns[slot] = column
        return column
    }

    /// Approximate bytes the cached columns hold.
    public var memoryBytes: Int {
        lock.withLock { columns.values.reduce(0) { $0 + $1.size.bytes } }
    }
}
