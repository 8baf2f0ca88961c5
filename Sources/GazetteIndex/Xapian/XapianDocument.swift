internal import CXapian

/// A document being built for the index. Owns one shim handle.
final class XapianDocument {
    let handle: OpaquePointer

    init() throws(IndexError) {
        var handle: OpaquePointer?
        try check(nil) { gz_document_new(&handle, $0) }
        self.handle = handle!
    }

    deinit { gz_document_free(handle) }

    func setData(_ bytes: [UInt8]) throws(IndexError) {
        try check("document data") { error in
            withBytes(bytes) { gz_document_set_data(handle, $0, $1, error) }
        }
    }

    func addTerm(_ term: String, wdfIncrement: UInt32 = 1) throws(IndexError) {
        let cTerm = try cString(term, "the term")
        try check(term) { gz_document_add_term(handle, cTerm, wdfIncrement, $0) }
    }

    func addBooleanTerm(_ term: String) throws(IndexError) {
        let cTerm = try cString(term, "the term")
        try check(term) { gz_document_add_boolean_term(handle, cTerm, $0) }
    }

    func setValue(_ value: String, slot: UInt32) throws(IndexError) {
        try setValue(Array(value.utf8), slot: slot)
    }

    func setValue(_ value: [UInt8], slot: UInt32) throws(IndexError) {
        try check("value slot \(slot)") { error in
            withBytes(value) { gz_document_set_value(handle, slot, $0, $1, error) }
        }
    }
}

/// Xapian's TermGenerator: words, stems and positions. Owns one shim handle.
final class XapianTermGenerator {
    let handle: OpaquePointer
    let language: String

    /// `language` is a Xapian stemmer name ("english") or "none".
    init(language: String) throws(IndexError) {
        var handle: OpaquePointer?
        let cLanguage = try cString(language, "the stemming language")
        try check("stemmer \(language)") { gz_termgenerator_new(cLanguage, &handle, $0) }
        self.handle = handle!
        self.language = language
    }

    deinit { gz_termgenerator_free(handle) }

    /// Starts indexing into `document`, word positions from 1.
    func begin(_ document: XapianDocument) throws(IndexError) {
        try check(nil) { gz_termgenerator_set_document(handle, document.handle, $0) }
    }

    /// Indexes `text` into the document given to `begin`.
    func index(_ text: String, wdfIncrement: UInt32 = 1, prefix: String = "",
                      positions: Bool = true) throws(IndexError) {
        let cPrefix = try cString(prefix, "the term prefix")
        try check(nil) { error in
            withBytes(text) {
                gz_termgenerator_index(handle, $0, $1, wdfIncrement, cPrefix, positions ? 1 : 0, error)
            }
        }
    }

    /// Leaves a gap in positions so phrases cannot span two fields.
    func skip(_ gap: UInt32) throws(IndexError) {
        try check(nil) { gz_termgenerator_skip(handle, gap, $0) }
    }
}
