#if canImport(Glibc)
import Glibc
#endif
internal import CXapian

/// One search over a database. Owns one shim handle.
final class XapianEnquire {
    let handle: OpaquePointer
    private let database: XapianDatabase
    /// Counters read these during searches; they live as long as the enquire.
    private var columns: [XapianFacetColumn] = []

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

    /// Ranks nothing and visits matches in document order: the cheapest
    /// way to see every match, for counting.
    func setUnranked() throws(IndexError) {
        try check(nil) { gz_enquire_set_unranked(handle, $0) }
    }

    /// Counts the values of `slot` over every document the search examines
    /// (Xapian's own ValueCountMatchSpy, which remote shards can run).
    func addValueCounter(slot: UInt32) throws(IndexError) -> Int {
        var spy = 0
        try check("value slot \(slot)") { gz_enquire_add_value_counter(handle, slot, &spy, $0) }
        return spy
    }

    /// One hit per value of `slot` (documents without a value are never collapsed).
    func collapse(onSlot slot: UInt32) throws(IndexError) {
        try check("value slot \(slot)") { gz_enquire_set_collapse_key(handle, slot, $0) }
    }

    /// Counts the stories (values of `storySlot`) and documents of every match examined.
    func addStoryCounter(storySlot: UInt32) throws(IndexError) -> Int {
        var spy = 0
        try check("value slot \(storySlot)") { gz_enquire_add_story_counter(handle, 0, 0, storySlot, &spy, $0) }
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

    /// Counts the NUL-separated entries of the packed `slot`, once per
    /// document, or with a `storySlot` once per story.
    func addEntryCounter(slot: UInt32, storySlot: UInt32? = nil) throws(IndexError) -> Int {
        var spy = 0
        try check("value slot \(slot)") { error in
            guard let storySlot else { return gz_enquire_add_entry_counter(handle, slot, &spy, error) }
            return gz_enquire_add_story_entry_counter(handle, slot, storySlot, &spy, error)
        }
        return spy
    }

    /// Counts entries through an in-memory column built at this database's revision.
    func addColumnCounter(_ column: XapianFacetColumn) throws(IndexError) -> Int {
        var spy = 0
        try check(nil) { gz_enquire_add_column_counter(handle, column.handle, &spy, $0) }
        columns.append(column)
        return spy
    }

    /// Counts matches per group once each: `groups[key]` are the groups
    /// (numbers below `groupCount`) an entry key of the packed `slot` belongs to.
    func addGroupCounter(slot: UInt32, groups: [String: [Int]], groupCount: Int) throws(IndexError) -> Int {
        var keys: [UInt8] = []
        var offsets: [UInt32] = [0]
        var members: [UInt32] = []
        for (key, list) in groups {
            let checked = try cString(key, "an entry key")
            keys += Array(checked.utf8)
            keys.append(0)
            members += list.map { UInt32($0) }
            offsets.append(UInt32(members.count))
        }
        var spy = 0
        try check("value slot \(slot)") { error in
            keys.withUnsafeBufferPointer { keyBuffer in
                keyBuffer.withMemoryRebound(to: CChar.self) { keyChars in
                    gz_enquire_add_group_counter(handle, slot, keyChars.baseAddress, groups.count, offsets, members,
                                                 UInt32(groupCount), &spy, error)
                }
            }
        }
        return spy
    }

    /// The matches of each group that group counter `counter` saw in the last run.
    func groupCounts(_ counter: Int, groupCount: Int) throws(IndexError) -> [Int] {
        var counts = [UInt32](repeating: 0, count: groupCount)
        try check(nil) { gz_enquire_group_counts(handle, counter, &counts, UInt32(groupCount), $0) }
        return counts.map(Int.init)
    }

    /// After `exactSeconds` a run stops counting past the hits asked for
    /// (totals become estimates); after `giveUpSeconds` it fails with `.tooExpensive`.
    /// The give-up is a MatchDecider, which Xapian's remote backend refuses:
    /// pass 0 for a database with remote shards.
    func setTimeLimits(exactSeconds: Double, giveUpSeconds: Double) throws(IndexError) {
        try check(nil) { gz_enquire_set_time_limits(handle, exactSeconds, giveUpSeconds, $0) }
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

    /// The values `counter` counted in the last run or posting walk, folded
    /// by key and ranked, the first `limit` of them.
    func facetValues(_ counter: Int, limit: Int) throws(IndexError) -> [FacetCount] {
        var labels: UnsafeMutablePointer<CChar>?
        var counts: UnsafeMutablePointer<UInt32>?
        var count = 0
        try check(nil) { error in
            withUnsafePointer(to: counter) {
                gz_enquire_facet_values(handle, $0, 1, UInt32(clamping: limit), &labels, &counts, &count, nil, error)
            }
        }
        return takeFacetCounts(labels, counts, count: count)
    }

    /// The stories column counter `counter` (over the story slot) counted:
    /// its distinct values, plus each match without one; and the matches it counted.
    func columnStories(_ counter: Int) throws(IndexError) -> (stories: Int, documents: Int) {
        var stories: UInt32 = 0
        var documents: UInt32 = 0
        try check(nil) { gz_enquire_column_stories(handle, counter, &stories, &documents, $0) }
        return (Int(stories), Int(documents))
    }

    /// Counts through the column counters by reading posting lists, when
    /// every counter is one and the query is a boolean of terms: the number
    /// of matches, or nil when the search has to run instead.
    func countPostings() throws(IndexError) -> Int? {
        var walked: Int32 = 0
        var total: UInt32 = 0
        try check(nil) { gz_enquire_count_postings(handle, &walked, &total, $0) }
        return walked != 0 ? Int(total) : nil
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
        try snippet(of: text, length: length, language: language, start: start, end: end, omit: omit, maker: .any) ?? ""
    }

    /// The same made by `maker` (tests compare the generators); `.own` gives
    /// nil where Gazette's own generator leaves the snippet to Xapian.
    func snippet(of text: String, length: Int, language: String,
                 start: String, end: String, omit: String, maker: SnippetMaker) throws(IndexError) -> String? {
        var text = text
        var result: Result<String?, IndexError> = .success("")
        text.withUTF8 { utf8 in
            result = Result { () throws(IndexError) -> String? in
                try snippet(of: UnsafeRawBufferPointer(utf8), length: length, language: language, start: start, end: end,
                            omit: omit, maker: maker) { $0.map { String(decoding: $0, as: UTF8.self) } }
            }
        }
        return try result.get()
    }

    /// The passage of the UTF-8 `text` as `snippet(of:)` makes it, handed to
    /// `read` in place (before the shim's buffer is freed): a hit's snippet
    /// is read from the record's bytes and parsed without a String between.
    func snippet<R>(of text: UnsafeRawBufferPointer, length: Int, language: String, start: String, end: String,
                    omit: String, _ read: (UnsafeBufferPointer<UInt8>) -> R) throws(IndexError) -> R {
        try snippet(of: text, length: length, language: language, start: start, end: end, omit: omit, maker: .any) {
            read($0 ?? UnsafeBufferPointer(start: nil, count: 0))
        }
    }

    /// Which generator makes a snippet: Gazette's own where it answers as Xapian's does (`.any`), or one of them.
    enum SnippetMaker {
        case any, own, xapian

        var c: gz_snippet_maker {
            switch self {
            case .any: GZ_SNIPPET_ANY
            case .own: GZ_SNIPPET_OWN
            case .xapian: GZ_SNIPPET_XAPIAN
            }
        }
    }

    /// The same with a choice of generator; `read` gets nil where `.own` leaves the snippet to Xapian.
    func snippet<R>(of text: UnsafeRawBufferPointer, length: Int, language: String, start: String, end: String,
                    omit: String, maker: SnippetMaker, _ read: (UnsafeBufferPointer<UInt8>?) -> R) throws(IndexError) -> R {
        var out: UnsafeMutablePointer<CChar>?
        let cLanguage = try cString(language, "the stemming language")
        let (cStart, cEnd, cOmit) = (try cString(start, "the highlight start"), try cString(end, "the highlight end"),
                                     try cString(omit, "the omission mark"))
        try check(nil) { error in
            gz_mset_snippet_by(handle, maker.c, text.baseAddress?.assumingMemoryBound(to: CChar.self), text.count,
                               UInt32(clamping: length), cLanguage, cStart, cEnd, cOmit, &out, error)
        }
        guard let out else { return read(maker == .own ? nil : UnsafeBufferPointer(start: nil, count: 0)) }
        defer { gz_free(out) }
        // Read up to the first NUL, as a C string is.
        return out.withMemoryRebound(to: UInt8.self, capacity: 1) { read(UnsafeBufferPointer(start: $0, count: strlen(out))) }
    }
}
