internal import CXapian

/// One search over a database. Owns one shim handle.
final class XapianEnquire {
    let handle: OpaquePointer
    private let database: XapianDatabase

    init(database: XapianDatabase) throws(IndexError) {
        var handle: OpaquePointer?
        try check(database.path) { gz_enquire_new(database.handle, &handle, $0) }
        self.handle = handle!
        self.database = database
    }

    deinit { gz_enquire_free(handle) }

    func setQuery(_ query: XapianQuery) throws(IndexError) {
        try check(nil) { gz_enquire_set_query(handle, query.handle, $0) }
    }

    /// Orders by a value slot (newest first when `descending`), ties by relevance.
    func sortByValue(slot: UInt32, descending: Bool) throws(IndexError) {
        try check(nil) { gz_enquire_sort_by_value(handle, slot, descending ? 1 : 0, $0) }
    }

    /// Counts the values of `slot` over every document the search examines.
    func addValueCounter(slot: UInt32) throws(IndexError) -> Int {
        var spy = 0
        try check("value slot \(slot)") { gz_enquire_add_value_counter(handle, slot, &spy, $0) }
        return spy
    }

    /// One hit per value of `slot` (documents without a value are never collapsed).
    func collapse(onSlot slot: UInt32) throws(IndexError) {
        try check("value slot \(slot)") { gz_enquire_set_collapse_key(handle, slot, $0) }
    }

    /// Counts the values of `slots` over every document examined, once per
    /// value of `storySlot`.
    func addStoryCounter(slots: Range<UInt32>, storySlot: UInt32) throws(IndexError) -> Int {
        var spy = 0
        try check("value slots \(slots)") {
            gz_enquire_add_story_counter(handle, slots.lowerBound, UInt32(slots.count), storySlot, &spy, $0)
        }
        return spy
    }

    /// The stories and documents story counter `counter` saw in the last run.
    func storyTotal(_ counter: Int) throws(IndexError) -> (stories: Int, documents: Int) {
        var stories: UInt32 = 0
        var documents: UInt32 = 0
        try check(nil) { gz_enquire_story_total(handle, counter, &stories, &documents, $0) }
        return (Int(stories), Int(documents))
    }

    /// The words that best tell `docids` from the rest of the index, best first.
    func expand(_ docids: [UInt32], maxTerms: Int) throws(IndexError) -> [String] {
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        var count = 0
        try check(nil) { error in
            docids.withUnsafeBufferPointer {
                gz_enquire_expand(handle, $0.baseAddress, $0.count, UInt32(clamping: maxTerms), &buffer, &length,
                                  &count, error)
            }
        }
        return takeStrings(buffer, length: length)
    }

    /// Runs the search; at least `checkAtLeast` matches are examined, which
    /// makes the total and the value counts exact up to that many.
    func run(first: Int, maxItems: Int, checkAtLeast: Int) throws(IndexError) -> XapianMSet {
        var mset: OpaquePointer?
        try check(nil) {
            gz_enquire_run(handle, UInt32(clamping: first), UInt32(clamping: maxItems),
                           UInt32(clamping: checkAtLeast), &mset, $0)
        }
        return XapianMSet(handle: mset!, enquire: self)
    }

    /// Values counted by `counter` in the last run, with the number of documents for each.
    func valueCounts(_ counter: Int) throws(IndexError) -> [(value: String, count: Int)] {
        try counts { gz_enquire_value_counts(handle, counter, &$0, &$1, &$2, $3) }
    }

    /// Values counted by story counter `counter` in the last run, with the number of stories for each.
    func storyCounts(_ counter: Int) throws(IndexError) -> [(value: String, count: Int)] {
        try counts { gz_enquire_story_counts(handle, counter, &$0, &$1, &$2, $3) }
    }

    private typealias CountsCall = (inout UnsafeMutablePointer<CChar>?, inout UnsafeMutablePointer<UInt32>?, inout Int,
                                    UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> gz_status

    private func counts(_ call: CountsCall) throws(IndexError) -> [(value: String, count: Int)] {
        var values: UnsafeMutablePointer<CChar>?
        var frequencies: UnsafeMutablePointer<UInt32>?
        var count = 0
        try check(nil) { call(&values, &frequencies, &count, $0) }
        defer { gz_free(frequencies) }
        var result: [(String, Int)] = []
        result.reserveCapacity(count)
        guard let values else { return [] }
        defer { gz_free(values) }
        var cursor = values
        for i in 0..<count {
            let value = String(cString: cursor)
            cursor += value.utf8.count + 1
            result.append((value, Int(frequencies![i])))
        }
        return result
    }
}

/// The results of one run. Owns one shim handle.
final class XapianMSet {
    let handle: OpaquePointer
    private let enquire: XapianEnquire

    init(handle: OpaquePointer, enquire: XapianEnquire) {
        self.handle = handle
        self.enquire = enquire
    }

    deinit { gz_mset_free(handle) }

    var count: Int {
        var size: UInt32 = 0
        _ = gz_mset_size(handle, &size, nil)
        return Int(size)
    }

    struct Matches: Sendable {
        let lower: Int
        let estimated: Int
        let upper: Int
        var isExact: Bool { lower == upper }
    }

    var matches: Matches {
        var lower: UInt32 = 0, estimated: UInt32 = 0, upper: UInt32 = 0
        _ = gz_mset_matches(handle, &lower, &estimated, &upper, nil)
        return Matches(lower: Int(lower), estimated: Int(estimated), upper: Int(upper))
    }

    func hit(_ index: Int) throws(IndexError) -> (docid: UInt32, weight: Double) {
        var docid: UInt32 = 0
        var weight = 0.0
        try check("hit \(index)") { gz_mset_hit(handle, UInt32(index), &docid, &weight, $0) }
        return (docid, weight)
    }

    func data(_ index: Int) throws(IndexError) -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        try check("hit \(index)") { gz_mset_hit_data(handle, UInt32(index), &data, &length, $0) }
        return takeBytes(data, count: length)
    }

    /// A value slot of hit `index`, without reading the document's data.
    func value(_ index: Int, slot: UInt32) throws(IndexError) -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        try check("hit \(index)") { gz_mset_hit_value(handle, UInt32(index), slot, &data, &length, $0) }
        return takeBytes(data, count: length)
    }

    /// How many other documents of hit `index`'s story the search left out.
    func collapseCount(_ index: Int) throws(IndexError) -> Int {
        var count: UInt32 = 0
        try check("hit \(index)") { gz_mset_hit_collapse_count(handle, UInt32(index), &count, $0) }
        return Int(count)
    }

    /// A passage of `text` around the best matches, each matched word
    /// between `start` and `end`. Xapian escapes `<`, `>` and `&` as HTML.
    func snippet(of text: String, length: Int, language: String,
                        start: String, end: String, omit: String) throws(IndexError) -> String {
        var out: UnsafeMutablePointer<CChar>?
        try check(nil) { error in
            withBytes(text) {
                gz_mset_snippet(handle, $0, $1, UInt32(clamping: length), language, start, end, omit, &out, error)
            }
        }
        guard let out else { return "" }
        defer { gz_free(out) }
        return String(cString: out)
    }
}
