#if canImport(Glibc)
import Glibc
#endif
internal import CXapian

/// A Xapian database, read-only or writable. Owns one shim handle.
/// Not thread-safe: confine each instance to one thread or task at a time.
final class XapianDatabase {
    let handle: OpaquePointer
    let path: String
    let isWritable: Bool
    private var abandoned = false

    private init(handle: OpaquePointer, path: String, writable: Bool) {
        self.handle = handle
        self.path = path
        self.isWritable = writable
    }

    deinit {
        if abandoned { gz_database_abandon(handle) } else { gz_database_close(handle) }
    }

    /// When this handle goes away, drop uncommitted changes instead of
    /// committing them (Xapian's default for a writer).
    func abandonOnClose() {
        abandoned = true
    }

    enum OpenMode: Sendable {
        case createOrOpen, existing, createOrOverwrite
    }

    struct WriteOptions: OptionSet, Sendable {
        let rawValue: Int32
        init(rawValue: Int32) { self.rawValue = rawValue }
        /// No fsync: for scratch databases that are merged (and synced) later.
        static let noSync = WriteOptions(rawValue: Int32(GZ_WRITE_NO_SYNC))
        /// No crash safety: scratch databases only.
        static let dangerous = WriteOptions(rawValue: Int32(GZ_WRITE_DANGEROUS))
        /// 16 KB blocks for a new database: scratch databases, merged later.
        static let largeBlocks = WriteOptions(rawValue: Int32(GZ_WRITE_LARGE_BLOCKS))
    }

    /// Opens a database for reading.
    static func open(path: String) throws(IndexError) -> XapianDatabase {
        var handle: OpaquePointer?
        let cPath = try cString(path, "the index path")
        try check(path) { gz_database_open(cPath, &handle, $0) }
        return XapianDatabase(handle: handle!, path: path, writable: false)
    }

    /// Opens a database for writing; fails with `.locked` while another writer holds it.
    static func openWritable(path: String, mode: OpenMode = .createOrOpen,
                                    options: WriteOptions = []) throws(IndexError) -> XapianDatabase {
        var handle: OpaquePointer?
        let cMode: gz_open_mode
        switch mode {
        case .createOrOpen: cMode = GZ_OPEN_CREATE_OR_OPEN
        case .existing: cMode = GZ_OPEN_EXISTING
        case .createOrOverwrite: cMode = GZ_OPEN_CREATE_OR_OVERWRITE
        }
        let cPath = try cString(path, "the index path")
        // A lock this process has just let go can stay held for a moment by a
        // child another thread is starting (it shares the lock's open file
        // until it runs its program), so a refusal is tried again briefly.
        var attempt = 0
        while true {
            do {
                try check(path) { gz_database_open_writable(cPath, cMode, options.rawValue, &handle, $0) }
                return XapianDatabase(handle: handle!, path: path, writable: true)
            } catch where error.code == .locked && attempt < lockRetries {
                attempt += 1
                usleep(50_000)
            }
        }
    }

    /// Tries after a lock refusal (50 ms apart) before reporting the index locked.
    static let lockRetries = 4

    /// An empty read-only database that shards are added to.
    static func group() throws(IndexError) -> XapianDatabase {
        var handle: OpaquePointer?
        try check(nil) { gz_database_new_group(&handle, $0) }
        return XapianDatabase(handle: handle!, path: "", writable: false)
    }

    /// A database served by xapian-tcpsrv; `path` names it in errors.
    static func openRemote(host: String, port: Int, timeouts: RemoteTimeouts,
                           writable: Bool, name: String) throws(IndexError) -> XapianDatabase {
        var handle: OpaquePointer?
        try check(name) {
            gz_database_open_remote(host, UInt32(clamping: port), UInt32(clamping: timeouts.timeoutMilliseconds),
                                    UInt32(clamping: timeouts.connectMilliseconds), writable ? 1 : 0, &handle, $0)
        }
        return XapianDatabase(handle: handle!, path: name, writable: writable)
    }

    /// Opens one shard of a ShardList, for reading or writing.
    static func open(_ shard: ShardList.Shard, timeouts: RemoteTimeouts, writable: Bool) throws(IndexError) -> XapianDatabase {
        switch shard {
        case let .local(path): writable ? try openWritable(path: path) : try open(path: path)
        case let .remote(host, port):
            try openRemote(host: host, port: port, timeouts: timeouts, writable: writable, name: shard.description)
        }
    }

    /// Searches `shard` together with this read-only handle's other shards.
    func add(_ shard: XapianDatabase) throws(IndexError) {
        try check(shard.path) { gz_database_add_database(handle, shard.handle, $0) }
    }

    /// Searches another database together with this one (read-only handles).
    func addShard(path shard: String) throws(IndexError) {
        let cPath = try cString(shard, "the shard path")
        try check(shard) { gz_database_add_shard(handle, cPath, $0) }
    }

    /// Moves a reader to the latest commit; true when it may have changed.
    @discardableResult
    func reopen() throws(IndexError) -> Bool {
        var changed: Int32 = 0
        try check(path) { gz_database_reopen(handle, &changed, $0) }
        return changed != 0
    }

    func documentCount() throws(IndexError) -> Int {
        var count: UInt32 = 0
        try check(path) { gz_database_doc_count(handle, &count, $0) }
        return Int(count)
    }

    func revision() throws(IndexError) -> UInt64 {
        var revision: UInt64 = 0
        try check(path) { gz_database_revision(handle, &revision, $0) }
        return revision
    }

    func termFrequency(_ term: String) throws(IndexError) -> Int {
        var frequency: UInt32 = 0
        let cTerm = try cString(term, "the term")
        try check(term) { gz_database_term_freq(handle, cTerm, &frequency, $0) }
        return Int(frequency)
    }

    /// A facet's values over the whole database, from its entry terms
    /// (`prefix` + entry), folded by key and ranked, the first `limit`.
    func facetTerms(prefix: String, limit: Int) throws(IndexError) -> [FacetCount] {
        var labels: UnsafeMutablePointer<CChar>?
        var counts: UnsafeMutablePointer<UInt32>?
        var count = 0
        try check(prefix) {
            gz_database_facet_terms(handle, prefix, UInt32(clamping: limit), &labels, &counts, &count, nil, $0)
        }
        return takeFacetCounts(labels, counts, count: count)
    }

    /// The document holding `term`, if any.
    func documentID(forTerm term: String) throws(IndexError) -> UInt32? {
        var docid: UInt32 = 0
        let cTerm = try cString(term, "the term")
        try check(term) { gz_database_find_term(handle, cTerm, &docid, $0) }
        return docid == 0 ? nil : docid
    }

    /// Every document holding `term`.
    func postings(_ term: String) throws(IndexError) -> [UInt32] {
        var ids: UnsafeMutablePointer<UInt32>?
        var count = 0
        let cTerm = try cString(term, "the term")
        try check(term) { gz_database_postings(handle, cTerm, &ids, &count, $0) }
        guard let ids else { return [] }
        defer { gz_free(ids) }
        return Array(UnsafeBufferPointer(start: ids, count: count))
    }

    /// Every term that starts with `prefix`, in sorted order.
    func terms(prefix: String) throws(IndexError) -> [String] {
        let cPrefix = try cString(prefix, "the term prefix")
        return try checkStrings(prefix) { gz_database_terms(handle, cPrefix, $0, $1, $2, $3) }
    }

    func documentData(_ docid: UInt32) throws(IndexError) -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        try check("document \(docid)") { gz_database_document_data(handle, docid, &data, &length, $0) }
        return takeBytes(data, count: length)
    }

    func value(_ docid: UInt32, slot: UInt32) throws(IndexError) -> String {
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        try check("document \(docid)") { gz_database_document_value(handle, docid, slot, &data, &length, $0) }
        return takeString(data, count: length)
    }

    /// User metadata; "" when the key was never set.
    func metadata(_ key: String) throws(IndexError) -> String {
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        let cKey = try cString(key, "the metadata key")
        try check(key) { gz_database_get_metadata(handle, cKey, &data, &length, $0) }
        return takeString(data, count: length)
    }

    /// Every metadata key starting with `prefix`, in sorted order.
    func metadataKeys(prefix: String) throws(IndexError) -> [String] {
        let cPrefix = try cString(prefix, "the metadata key prefix")
        return try checkStrings(prefix) { gz_database_metadata_keys(handle, cPrefix, $0, $1, $2, $3) }
    }

    func setMetadata(_ key: String, _ value: String) throws(IndexError) {
        let cKey = try cString(key, "the metadata key")
        try check(key) { error in
            withBytes(value) { gz_database_set_metadata(handle, cKey, $0, $1, error) }
        }
    }

    /// Every document with a value in `slot`, in docid order.
    func values(slot: UInt32) throws(IndexError) -> [(docid: UInt32, value: [UInt8])] {
        var docids: UnsafeMutablePointer<UInt32>?
        var lengths: UnsafeMutablePointer<UInt32>?
        var values: UnsafeMutablePointer<CChar>?
        var count = 0
        try check("value slot \(slot)") { gz_database_values(handle, slot, &docids, &lengths, &values, &count, $0) }
        defer { gz_free(docids); gz_free(lengths); gz_free(values) }
        guard let docids, let lengths, let values else { return [] }
        var result: [(UInt32, [UInt8])] = []
        result.reserveCapacity(count)
        var offset = 0
        values.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            for i in 0..<count {
                let length = Int(lengths[i])
                result.append((docids[i], Array(UnsafeBufferPointer(start: bytes + offset, count: length))))
                offset += length
            }
        }
        return result
    }

    /// Counts the words of `document` for the spelling table; written by the next commit.
    func collectSpelling(_ document: XapianDocument) throws(IndexError) {
        try check(path) { gz_database_collect_spelling(handle, document.handle, $0) }
    }

    /// Counts the words of every document for the spelling table (from the
    /// terms and their frequencies); written by the next commit.
    func collectSpellingFromTerms() throws(IndexError) {
        try check(path) { gz_database_collect_spelling_from_terms(handle, $0) }
    }

    /// Adds or replaces the document holding `uniqueTerm`.
    @discardableResult
    func replace(_ document: XapianDocument, uniqueTerm: String) throws(IndexError) -> UInt32 {
        var docid: UInt32 = 0
        let cTerm = try cString(uniqueTerm, "the article id")
        try check(uniqueTerm) { gz_database_replace_document(handle, cTerm, document.handle, &docid, $0) }
        return docid
    }

    /// Removes the document holding `uniqueTerm`; false when there was none.
    @discardableResult
    func delete(uniqueTerm: String) throws(IndexError) -> Bool {
        var removed: Int32 = 0
        let cTerm = try cString(uniqueTerm, "the article id")
        try check(uniqueTerm) { gz_database_delete_document(handle, cTerm, &removed, $0) }
        return removed != 0
    }

    /// Makes all changes durable and visible to readers.
    func commit() throws(IndexError) {
        try check(path) { gz_database_commit(handle, $0) }
    }

    /// Merges `sources` into a new compacted database at `destination`.
    static func compact(sources: [String], destination: String) throws(IndexError) {
        for source in sources { _ = try cString(source, "the shard path") }
        let destination = try cString(destination, "the merged index path")
        let copies = sources.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        try check(destination) { error in
            pointers.withUnsafeBufferPointer { gz_database_compact($0.baseAddress, $0.count, destination, error) }
        }
    }

    static var xapianVersion: String { String(cString: gz_xapian_version()) }
}
