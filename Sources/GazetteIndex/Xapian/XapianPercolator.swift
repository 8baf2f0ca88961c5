internal import CXapian

/// Saved queries checked together against the documents a commit just
/// wrote (see `gz_percolator_match`). Owns one shim handle.
final class XapianPercolator {
    let handle: OpaquePointer
    private(set) var count = 0

    /// What one check did: the queries whose required terms the documents
    /// held, and how many of those needed Xapian's matcher.
    struct Work: Sendable, Equatable {
        var candidates: Int
        var matcherRuns: Int
    }

    /// `language`: the index's stemming language, whose stems the queries name.
    init(language: String) throws(IndexError) {
        var handle: OpaquePointer?
        let cLanguage = try cString(language, "the stemming language")
        try check("stemmer \(language)") { gz_percolator_new(cLanguage, &handle, $0) }
        self.handle = handle!
    }

    deinit { gz_percolator_free(handle) }

    /// Sets query `index`: replaces it, or adds it when `index == count`.
    func set(_ index: Int, to query: XapianQuery) throws(IndexError) {
        try check(nil) { gz_percolator_set(handle, UInt32(index), query.handle, $0) }
        count = max(count, index + 1)
    }

    /// (query index, docid) for every match among `documents`, sorted.
    func match(_ documents: [UInt32], in database: XapianDatabase) throws(IndexError) -> ([(query: Int, docid: UInt32)], Work) {
        var pairs: UnsafeMutablePointer<UInt32>?
        var pairCount = 0
        var candidates: UInt32 = 0
        var matcherRuns: UInt32 = 0
        try check(database.path) { error in
            documents.withUnsafeBufferPointer {
                gz_percolator_match(handle, database.handle, $0.baseAddress, $0.count, &pairs, &pairCount,
                                    &candidates, &matcherRuns, error)
            }
        }
        defer { gz_free(pairs) }
        guard let pairs else { return ([], Work(candidates: Int(candidates), matcherRuns: Int(matcherRuns))) }
        let found = (0..<pairCount).map { (query: Int(pairs[2 * $0]), docid: pairs[2 * $0 + 1]) }
        return (found, Work(candidates: Int(candidates), matcherRuns: Int(matcherRuns)))
    }
}
