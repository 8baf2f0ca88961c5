internal import CXapian

/// Every document's entries of a facet's packed slot, held in memory by
/// document id (see `gz_facet_column_build`). Owns one shim handle. Immutable
/// once built, so searches on several threads may count through it at once.
final class XapianFacetColumn: @unchecked Sendable {
    let handle: OpaquePointer

    /// Reads the packed `slot` of every document of `database`.
    init(database: XapianDatabase, slot: UInt32) throws(IndexError) {
        var handle: OpaquePointer?
        try check(database.path) { gz_facet_column_build(database.handle, slot, &handle, $0) }
        self.handle = handle!
    }

    deinit { gz_facet_column_free(handle) }

    /// The values over the whole database, folded by key and ranked, the first `limit`.
    func values(limit: Int) throws(IndexError) -> [FacetCount] {
        var labels: UnsafeMutablePointer<CChar>?
        var counts: UnsafeMutablePointer<UInt32>?
        var count = 0
        try check(nil) {
            gz_facet_column_values(handle, UInt32(clamping: limit), &labels, &counts, &count, nil, $0)
        }
        return takeFacetCounts(labels, counts, count: count)
    }

    /// How many documents hold `docid`'s first entry (its story's articles,
    /// in a story column; 0 when it has none); nil when the column does not cover `docid`.
    func sharers(of docid: UInt32) throws(IndexError) -> Int? {
        var known: Int32 = 0
        var documents: UInt32 = 0
        try check(nil) { gz_facet_column_sharers(handle, docid, &known, &documents, $0) }
        return known != 0 ? Int(documents) : nil
    }

    /// Documents covered, entries held, and approximate bytes of memory.
    var size: (documents: Int, entries: Int, bytes: Int) {
        var documents = 0, entries = 0, bytes = 0
        _ = gz_facet_column_size(handle, &documents, &entries, &bytes, nil)
        return (documents, entries, bytes)
    }
}
