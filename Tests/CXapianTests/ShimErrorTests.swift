import CXapian
import Foundation
import Testing

/// Calls the C shim directly: every failure must come back as a status and
/// a message, never as a crash or an escaping C++ exception.
@Suite struct ShimErrorTests {
    func temporaryPath(_ name: String = #function) -> String {
        let path = NSTemporaryDirectory() + "gazette-shim-\(UUID().uuidString)"
        return path
    }

    /// Runs `body` with a new writable database in a temporary folder,
    /// closed and removed afterwards.
    func withScratchDatabase(_ body: (OpaquePointer?) throws -> Void) rethrows {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var db: OpaquePointer?
        #expect(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &db, nil) == GZ_OK)
        defer { gz_database_close(db) }
        try body(db)
    }

    func takeMessage(_ error: UnsafeMutablePointer<CChar>?) -> String {
        defer { gz_free(error) }
        return error.map { String(cString: $0) } ?? ""
    }

    @Test func openingAMissingDatabaseReportsNotFound() {
        var db: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        let status = gz_database_open("/nonexistent/gazette/index", &db, &error)
        #expect(status == GZ_DATABASE_NOT_FOUND)
        #expect(db == nil)
        #expect(!takeMessage(error).isEmpty)
    }

    @Test func aSecondWriterIsToldTheDatabaseIsLocked() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var first: OpaquePointer?
        #expect(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &first, nil) == GZ_OK)
        defer { gz_database_close(first) }
        var second: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        let status = gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &second, &error)
        #expect(status == GZ_DATABASE_LOCKED)
        #expect(second == nil)
        #expect(takeMessage(error).lowercased().contains("lock"))
    }

    @Test func nullArgumentsAreRejectedWithAMessage() {
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_database_open(nil, nil, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "path is NULL")

        var count: UInt32 = 0
        #expect(gz_database_doc_count(nil, &count, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error).contains("NULL"))

        // No message is asked for: the status alone still comes back.
        #expect(gz_document_add_term(nil, "x", 1, nil) == GZ_INVALID_ARGUMENT)
        var doc: OpaquePointer?
        #expect(gz_document_new(&doc, nil) == GZ_OK)
        defer { gz_document_free(doc) }
        #expect(gz_document_add_term(doc, "", 1, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "term is empty")
        // Freeing NULL handles is allowed.
        gz_database_close(nil)
        gz_document_free(nil)
        gz_free(nil)
    }

    @Test func writingThroughAReadOnlyHandleIsAnArgumentError() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer: OpaquePointer?
        #expect(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &writer, nil) == GZ_OK)
        #expect(gz_database_commit(writer, nil) == GZ_OK)
        gz_database_close(writer)

        var reader: OpaquePointer?
        #expect(gz_database_open(path, &reader, nil) == GZ_OK)
        defer { gz_database_close(reader) }
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_database_commit(reader, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error).contains("read-only"))
    }

    @Test func synonymsAreWrittenClearedAndRefusedWhenBad() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer: OpaquePointer?
        #expect(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &writer, nil) == GZ_OK)
        defer { gz_database_close(writer) }
        func synonyms(_ db: OpaquePointer?, _ key: String) -> [String] {
            var buffer: UnsafeMutablePointer<CChar>?
            var length = 0
            var count = 0
            #expect(gz_database_synonyms(db, key, &buffer, &length, &count, nil) == GZ_OK)
            defer { gz_free(buffer) }
            let bytes = buffer.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []
            let list = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            #expect(list.count == count)
            return list
        }
        #expect(gz_database_add_synonym(writer, "soviet union", "USSR", nil) == GZ_OK)
        #expect(gz_database_add_synonym(writer, "soviet union", "Union of Soviet Socialist Republics", nil) == GZ_OK)
        #expect(gz_database_add_synonym(writer, "ussr", "Soviet Union", nil) == GZ_OK)
        #expect(synonyms(writer, "soviet union") == ["USSR", "Union of Soviet Socialist Republics"])
        #expect(synonyms(writer, "nothing").isEmpty)
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_database_add_synonym(writer, "", "x", &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "synonym key or synonym is empty")
        #expect(gz_database_add_synonym(writer, "x", nil, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "synonym is NULL")
        #expect(gz_database_commit(writer, nil) == GZ_OK)

        var reader: OpaquePointer?
        #expect(gz_database_open(path, &reader, nil) == GZ_OK)
        defer { gz_database_close(reader) }
        #expect(synonyms(reader, "ussr") == ["Soviet Union"])
        #expect(gz_database_clear_synonyms(reader, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error).contains("read-only"))
        #expect(gz_database_synonyms(reader, nil, nil, nil, nil, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "key is NULL")

        #expect(gz_database_clear_synonyms(writer, nil) == GZ_OK)
        #expect(gz_database_commit(writer, nil) == GZ_OK)
        #expect(gz_database_reopen(reader, nil, nil) == GZ_OK)
        #expect(synonyms(reader, "ussr").isEmpty && synonyms(reader, "soviet union").isEmpty)
    }

    @Test func readingAMissingDocumentReportsDocNotFound() throws {
        withScratchDatabase { db in
            var data: UnsafeMutablePointer<CChar>?
            var length = 0
            var error: UnsafeMutablePointer<CChar>?
            #expect(gz_database_document_data(db, 42, &data, &length, &error) == GZ_DOCUMENT_NOT_FOUND)
            #expect(!takeMessage(error).isEmpty)
            #expect(gz_database_document_data(db, 0, &data, &length, &error) == GZ_INVALID_ARGUMENT)
            _ = takeMessage(error)
        }
    }

    @Test func anUnknownStemmerIsAnArgumentError() {
        var tg: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_termgenerator_new("klingon", &tg, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error).contains("klingon"))
        #expect(gz_termgenerator_new("none", &tg, nil) == GZ_OK)
        // Indexing before a document is set is refused, not a crash.
        #expect(gz_termgenerator_index(tg, "words", 5, 1, "", 1, &error) == GZ_INVALID_ARGUMENT)
        _ = takeMessage(error)
        gz_termgenerator_free(tg)
    }

    @Test func aDatabaseThatIsNotXapianIsReportedAsNotFound() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "not an index".write(toFile: path + "/README", atomically: true, encoding: .utf8)
        var db: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_database_open(path, &db, &error) == GZ_DATABASE_NOT_FOUND)
        _ = takeMessage(error)
    }

    @Test func aCorruptDatabaseIsReportedNotCrashed() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var db: OpaquePointer?
        #expect(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &db, nil) == GZ_OK)
        var doc: OpaquePointer?
        #expect(gz_document_new(&doc, nil) == GZ_OK)
        #expect(gz_document_add_term(doc, "Qone", 1, nil) == GZ_OK)
        #expect(gz_database_replace_document(db, "Qone", doc, nil, nil) == GZ_OK)
        #expect(gz_database_commit(db, nil) == GZ_OK)
        gz_document_free(doc)
        gz_database_close(db)
        // Overwrite the version file with garbage.
        try Data(repeating: 0x5A, count: 64).write(to: URL(fileURLWithPath: path + "/iamglass"))
        var reader: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        let status = gz_database_open(path, &reader, &error)
        #expect(status != GZ_OK)
        #expect([GZ_DATABASE_CORRUPT, GZ_DATABASE_NOT_FOUND, GZ_DATABASE_VERSION].contains(status))
        #expect(!takeMessage(error).isEmpty)
    }

    @Test func aMalformedQueryIsASyntaxError() {
        var qp: OpaquePointer?
        #expect(gz_queryparser_new("english", &qp, nil) == GZ_OK)
        defer { gz_queryparser_free(qp) }
        var query: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_queryparser_parse(qp, "moscow AND", 1 | 2, &query, &error) == GZ_QUERY_SYNTAX)
        #expect(takeMessage(error).contains("AND"))
        #expect(query == nil)
        // A resolver that reads nothing but eight digits, as the day itself.
        let days: gz_date_resolver = { _, text, _, day in
            let digits = Array(String(cString: text!).utf8)
            guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return 0 }
            for (offset, byte) in digits.enumerated() { day![offset] = CChar(bitPattern: byte) }
            return 1
        }
        #expect(gz_queryparser_add_date_range(qp, "date", 0, nil, nil, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error).contains("resolver"))
        #expect(gz_queryparser_add_date_range(qp, "date", 0, days, nil, nil) == GZ_OK)
        for text in ["date:2024-13-45..2025", "date:20240301..20240201", "date:..", "date:tomorrow"] {
            #expect(gz_queryparser_parse(qp, text, 1 | 2, &query, &error) == GZ_QUERY_SYNTAX, "\(text)")
            #expect(takeMessage(error).contains("date"), "\(text)")
            #expect(query == nil)
        }
        for text in ["date:20240301..20240331", "date:20240301", "date:..20240301", "oil date:20240301.."] {
            #expect(gz_queryparser_parse(qp, text, 1 | 2, &query, &error) == GZ_OK, "\(text)")
            gz_query_free(query)
            query = nil
        }
        #expect(gz_queryparser_parse(qp, nil, 0, &query, &error) == GZ_INVALID_ARGUMENT)
        _ = takeMessage(error)
    }

    @Test func aResolverAnsweringNoTermsMatchesNothing() throws {
        withScratchDatabase { db in
            var doc: OpaquePointer?
            #expect(gz_document_new(&doc, nil) == GZ_OK)
            #expect(gz_document_add_boolean_term(doc, "XCru", nil) == GZ_OK)
            #expect(gz_database_replace_document(db, "Qa", doc, nil, nil) == GZ_OK)
            gz_document_free(doc)
            var qp: OpaquePointer?
            #expect(gz_queryparser_new("none", &qp, nil) == GZ_OK)
            defer { gz_queryparser_free(qp) }
            let resolver: gz_field_resolver = { _, value in
                let text = String(cString: value!)
                return strdup(text == "russia" ? "AND\nXCru" : "AND")
            }
            #expect(gz_queryparser_add_filter(qp, "country", resolver, nil, nil) == GZ_OK)
            for (text, expected) in [("country:russia", UInt32(1)), ("country:atlantis", UInt32(0))] {
                var query: OpaquePointer?
                #expect(gz_queryparser_parse(qp, text, 1 | 2, &query, nil) == GZ_OK)
                var enquire: OpaquePointer?
                #expect(gz_enquire_new(db, &enquire, nil) == GZ_OK)
                #expect(gz_enquire_set_query(enquire, query, nil) == GZ_OK)
                var mset: OpaquePointer?
                #expect(gz_enquire_run(enquire, 0, 10, 100, &mset, nil) == GZ_OK)
                var size: UInt32 = 99
                #expect(gz_mset_size(mset, &size, nil) == GZ_OK)
                #expect(size == expected, "\(text)")
                gz_mset_free(mset)
                gz_enquire_free(enquire)
                gz_query_free(query)
            }
        }
    }

    @Test func statusNamesAreReadable() {
        #expect(String(cString: gz_status_name(GZ_DATABASE_LOCKED)) == "database locked")
        #expect(String(cString: gz_status_name(GZ_QUERY_SYNTAX)) == "query syntax")
        #expect(String(cString: gz_xapian_version()).hasPrefix("1."))
        // Every status has a name of its own; a value outside the enum still gets one.
        let names = (GZ_OK.rawValue...GZ_NETWORK.rawValue).map { String(cString: gz_status_name(gz_status($0))) }
        #expect(Set(names).count == names.count && !names.contains("unknown status"))
        #expect(String(cString: gz_status_name(gz_status(99))) == "unknown status")
    }

    @Test func compactingNothingOrAMissingDatabaseIsReported() throws {
        let destination = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: destination) }
        var error: UnsafeMutablePointer<CChar>?
        #expect(gz_database_compact(nil, 0, destination, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "sources is NULL")
        let missing = strdup("/nonexistent/gazette/shard")
        defer { free(missing) }
        var sources: [UnsafePointer<CChar>?] = [UnsafePointer(missing)]
        #expect(gz_database_compact(&sources, 0, destination, &error) == GZ_INVALID_ARGUMENT)
        #expect(takeMessage(error) == "nothing to compact")
        #expect(gz_database_compact(&sources, 1, destination, &error) == GZ_DATABASE_NOT_FOUND)
        #expect(!takeMessage(error).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: destination + "/iamglass"))
    }

    @Test func resultSetsAndCountersRefuseOutOfRangeIndexes() throws {
        withScratchDatabase { db in
            var error: UnsafeMutablePointer<CChar>?
            var value: UnsafeMutablePointer<CChar>?
            var length = 0
            #expect(gz_database_get_metadata(db, "", &value, &length, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "metadata key is empty")
            var query: OpaquePointer?
            #expect(gz_query_new_match_all(&query, nil) == GZ_OK)
            defer { gz_query_free(query) }
            var enquire: OpaquePointer?
            #expect(gz_enquire_new(db, &enquire, nil) == GZ_OK)
            defer { gz_enquire_free(enquire) }
            #expect(gz_enquire_set_query(enquire, query, nil) == GZ_OK)
            var mset: OpaquePointer?
            #expect(gz_enquire_run(enquire, 0, 10, 10, &mset, nil) == GZ_OK)
            defer { gz_mset_free(mset) }
            var docid: UInt32 = 0
            #expect(gz_mset_hit(mset, 0, &docid, nil, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "hit index out of range")
            var labels: UnsafeMutablePointer<CChar>?
            var counts: UnsafeMutablePointer<UInt32>?
            var count = 0
            let counters = [3]
            #expect(gz_enquire_facet_values(enquire, counters, 1, 10, &labels, &counts, &count, nil, &error)
                    == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "no such counter")
            #expect(gz_enquire_facet_values(enquire, nil, 1, 10, &labels, &counts, &count, nil, &error)
                    == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "counter list is NULL")
            #expect(gz_enquire_run(nil, 0, 10, 10, &mset, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "enquire handle is NULL")
        }
    }

    @Test func percolatorsAndGroupCountersRefuseBadArguments() throws {
        withScratchDatabase { db in
            var error: UnsafeMutablePointer<CChar>?
            var percolator: OpaquePointer?
            #expect(gz_percolator_new("klingon", &percolator, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error).contains("klingon"))
            #expect(gz_percolator_new("english", &percolator, nil) == GZ_OK)
            defer { gz_percolator_free(percolator) }
            var query: OpaquePointer?
            #expect(gz_query_new_term("lava", &query, nil) == GZ_OK)
            defer { gz_query_free(query) }
            #expect(gz_percolator_set(percolator, 1, query, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "query index past the end")
            #expect(gz_percolator_set(percolator, 0, nil, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "query handle is NULL")
            #expect(gz_percolator_set(percolator, 0, query, nil) == GZ_OK)
            var pairs: UnsafeMutablePointer<UInt32>?
            var count = 0
            #expect(gz_percolator_match(percolator, db, nil, 2, &pairs, &count, nil, nil, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "docids is NULL")
            // Documents the database does not hold match nothing.
            let missing: [UInt32] = [7, 0, 7]
            #expect(gz_percolator_match(percolator, db, missing, 3, &pairs, &count, nil, nil, &error) == GZ_OK)
            #expect(count == 0)
            gz_free(pairs)

            var enquire: OpaquePointer?
            #expect(gz_enquire_new(db, &enquire, nil) == GZ_OK)
            defer { gz_enquire_free(enquire) }
            var spy = 0
            let offsets: [UInt32] = [0, 1]
            let groups: [UInt32] = [5]
            #expect(gz_enquire_add_group_counter(enquire, 11, "fr", 1, offsets, groups, 2, &spy, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "a group number is not below group_count")
            #expect(gz_enquire_add_group_counter(enquire, 11, "fr", 1, offsets, groups, 6, &spy, nil) == GZ_OK)
            var counts = [UInt32](repeating: 9, count: 6)
            #expect(gz_enquire_group_counts(enquire, spy, &counts, 5, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "group_count differs from the counter's")
            #expect(gz_enquire_group_counts(enquire, spy + 1, &counts, 6, &error) == GZ_INVALID_ARGUMENT)
            #expect(takeMessage(error) == "no such counter")
        }
    }
}
