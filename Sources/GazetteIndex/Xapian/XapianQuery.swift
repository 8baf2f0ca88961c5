#if canImport(Glibc)
import Glibc
#endif
internal import CXapian

/// A parsed or built query. Owns one shim handle.
final class XapianQuery {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { gz_query_free(handle) }

    static func term(_ term: String) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        let cTerm = try cString(term, "the term")
        try check(term) { gz_query_new_term(cTerm, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    static func matchAll() throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(nil) { gz_query_new_match_all(&handle, $0) }
        return XapianQuery(handle: handle!)
    }

    /// Exactly these documents, without weight (see gz_query_new_docids).
    static func documents(_ docids: [UInt32]) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(nil) { error in docids.withUnsafeBufferPointer { gz_query_new_docids($0.baseAddress, $0.count, &handle, error) } }
        return XapianQuery(handle: handle!)
    }

    /// This query, narrowed to documents that also match `filter` (which adds no weight).
    func filtered(by filter: XapianQuery) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(nil) { gz_query_filter(self.handle, filter.handle, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    func excluding(_ other: XapianQuery) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(nil) { gz_query_and_not(self.handle, other.handle, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    /// This query, with `other` adding weight where it matches too.
    func boosted(by other: XapianQuery) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(nil) { gz_query_and_maybe(self.handle, other.handle, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    /// Documents matching this query or `other`.
    func or(_ other: XapianQuery) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(nil) { gz_query_or(self.handle, other.handle, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    /// Documents whose `slot` value lies in `begin...end` (no upper bound when `end` is empty).
    static func valueRange(slot: UInt32, from begin: String, to end: String) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check("\(begin)..\(end)") { gz_query_new_value_range(slot, begin, end, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    /// Documents matching any of `terms`, ranked by them.
    static func anyTerm(_ terms: [String]) throws(IndexError) -> XapianQuery {
        let copies = terms.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        var handle: OpaquePointer?
        try check(nil) { error in
            pointers.withUnsafeBufferPointer { gz_query_new_any_term($0.baseAddress, $0.count, &handle, error) }
        }
        return XapianQuery(handle: handle!)
    }

    /// Documents holding `term` (a filter term), each weighted `weight`.
    static func bonus(_ term: String, weight: Double) throws(IndexError) -> XapianQuery {
        var handle: OpaquePointer?
        try check(term) { gz_query_new_term_bonus(term, weight, &handle, $0) }
        return XapianQuery(handle: handle!)
    }

    var isEmpty: Bool { gz_query_is_empty(handle) != 0 }

    /// Xapian's own rendering of the query, for debugging.
    var debugDescription: String {
        var text: UnsafeMutablePointer<CChar>?
        guard gz_query_describe(handle, &text, nil) == GZ_OK, let text else { return "Query(?)" }
        defer { gz_free(text) }
        return String(cString: text)
    }
}

/// What a `field:value` filter stands for in index terms.
struct FilterTerms: Sendable, Equatable {
    enum Combine: Sendable { case all, any }
    var combine: Combine
    /// No terms: the filter matches nothing.
    var terms: [String]

    init(_ combine: Combine, _ terms: [String]) {
        self.combine = combine
        self.terms = terms
    }
}

/// Xapian's QueryParser with Gazette's fields. Owns one shim handle.
final class XapianQueryParser {
    typealias Resolver = (String) -> FilterTerms

    /// A callback the shim calls back through a raw pointer to this box.
    final class CallbackBox<Callback> {
        let call: Callback
        init(_ call: Callback) { self.call = call }
    }

    /// The day a date's text names, YYYYMMDD: its first day, or its last when the flag says so.
    typealias DayReader = (_ text: String, _ end: Bool) -> String?

    let handle: OpaquePointer
    // The shim keeps raw pointers to these; they live as long as the parser.
    private var callbacks: [AnyObject] = []
    private var database: XapianDatabase?

    struct Syntax: OptionSet, Sendable {
        let rawValue: UInt32
        init(rawValue: UInt32) { self.rawValue = rawValue }
        static let boolean = Syntax(rawValue: UInt32(GZ_PARSE_BOOLEAN))
        static let phrase = Syntax(rawValue: UInt32(GZ_PARSE_PHRASE))
        static let loveHate = Syntax(rawValue: UInt32(GZ_PARSE_LOVEHATE))
        static let anyCaseOperators = Syntax(rawValue: UInt32(GZ_PARSE_ANY_CASE))
        static let wildcard = Syntax(rawValue: UInt32(GZ_PARSE_WILDCARD))
        static let pureNot = Syntax(rawValue: UInt32(GZ_PARSE_PURE_NOT))
        static let spellingCorrection = Syntax(rawValue: UInt32(GZ_PARSE_SPELLING_CORRECTION))
        /// Stems stay stems, for a query checked against documents the index does not hold yet.
        static let keepingStems = Syntax(rawValue: UInt32(GZ_PARSE_KEEP_STEMS))
        static let standard: Syntax = [.boolean, .phrase, .loveHate, .wildcard, .pureNot]
    }

    init(language: String) throws(IndexError) {
        var handle: OpaquePointer?
        let cLanguage = try cString(language, "the stemming language")
        try check("stemmer \(language)") { gz_queryparser_new(cLanguage, &handle, $0) }
        self.handle = handle!
    }

    deinit { gz_queryparser_free(handle) }

    /// Wildcards expand against this database.
    func setDatabase(_ database: XapianDatabase) throws(IndexError) {
        try check(database.path) { gz_queryparser_set_database(handle, database.handle, $0) }
        self.database = database
    }

    /// A wildcard may expand to at most `maxTerms` words; a query with one
    /// that expands further fails with `.tooExpensive` when it runs.
    func setMaxExpansion(_ maxTerms: Int) throws(IndexError) {
        try check(nil) { gz_queryparser_set_max_expansion(handle, UInt32(clamping: maxTerms), $0) }
    }

    /// `field:words` searches terms with `prefix`.
    func addPrefix(field: String, prefix: String) throws(IndexError) {
        let (cField, cPrefix) = (try cString(field, "the field name"), try cString(prefix, "the term prefix"))
        try check(field) { gz_queryparser_add_prefix(handle, cField, cPrefix, $0) }
    }

    /// `field:value` searches the one term `prefix` + value, as written.
    func addTermField(field: String, prefix: String) throws(IndexError) {
        let (cField, cPrefix) = (try cString(field, "the field name"), try cString(prefix, "the term prefix"))
        try check(field) { gz_queryparser_add_term_field(handle, cField, cPrefix, $0) }
    }

    /// `field:value` (or `field:"two words"`) filters on the terms `resolve` gives.
    func addFilter(field: String, resolve: @escaping Resolver) throws(IndexError) {
        let box = CallbackBox(resolve)
        let context = Unmanaged.passUnretained(box).toOpaque()
        let cField = try cString(field, "the field name")
        try check(field) { gz_queryparser_add_filter(handle, cField, xapianFilterTrampoline, context, $0) }
        callbacks.append(box)
    }

    /// `field:START..END` (an end may be left out) and `field:DAY` over days
    /// stored as YYYYMMDD in `slot`, each end read by `read`.
    func addDateRange(field: String, slot: UInt32, read: @escaping DayReader) throws(IndexError) {
        let box = CallbackBox(read)
        let context = Unmanaged.passUnretained(box).toOpaque()
        let cField = try cString(field, "the field name")
        try check(field) { gz_queryparser_add_date_range(handle, cField, slot, xapianDayTrampoline, context, $0) }
        callbacks.append(box)
    }

    func parse(_ text: String, syntax: Syntax = .standard) throws(IndexError) -> XapianQuery {
        var query: OpaquePointer?
        let cText = try cString(text, "the query")
        try check(text) { gz_queryparser_parse(handle, cText, syntax.rawValue, &query, $0) }
        return XapianQuery(handle: query!)
    }

    /// The last parsed text with its misspelt words corrected (when parsed
    /// with `.spellingCorrection`); nil when nothing was corrected.
    func correctedQuery() throws(IndexError) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        try check(nil) { gz_queryparser_corrected_query(handle, &text, $0) }
        guard let text else { return nil }
        defer { gz_free(text) }
        let corrected = String(cString: text)
        return corrected.isEmpty ? nil : corrected
    }
}

private func xapianDayTrampoline(_ context: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?, _ end: Int32,
                                 _ day: UnsafeMutablePointer<CChar>?) -> Int32 {
    guard let context, let text, let day else { return 0 }
    let box = Unmanaged<XapianQueryParser.CallbackBox<XapianQueryParser.DayReader>>.fromOpaque(context).takeUnretainedValue()
    guard let answer = box.call(String(cString: text), end != 0), answer.utf8.count == 8 else { return 0 }
    for (offset, byte) in answer.utf8.enumerated() { day[offset] = CChar(bitPattern: byte) }
    day[8] = 0
    return 1
}

private func xapianFilterTrampoline(_ context: UnsafeMutableRawPointer?,
                                    _ value: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
    guard let context, let value else { return strdup("AND") }
    let box = Unmanaged<XapianQueryParser.CallbackBox<XapianQueryParser.Resolver>>.fromOpaque(context).takeUnretainedValue()
    let answer = box.call(String(cString: value))
    var text = answer.combine == .any ? "OR" : "AND"
    // One term per line: a term holding a line break or a NUL cannot be said, and matches nothing anyway.
    for term in answer.terms where !term.isEmpty && !term.utf8.contains(0x0A) && !term.utf8.contains(0) {
        text += "\n" + term
    }
    return strdup(text)
}
