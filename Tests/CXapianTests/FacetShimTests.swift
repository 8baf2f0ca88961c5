import CXapian
import Foundation
import Testing

/// The shim's facet counting, called directly: a column refuses a database
/// newer than itself, and every way of counting folds entries alike.
@Suite struct FacetShimTests {
    /// A database of `entries` (one packed value per document, entries separated by NUL) in slot 5.
    func database(_ documents: [[String]]) throws -> (path: String, writer: OpaquePointer) {
        let path = NSTemporaryDirectory() + "gazette-facet-shim-\(UUID().uuidString)"
        var writer: OpaquePointer?
        try #require(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, 0, &writer, nil) == GZ_OK)
        for (i, entries) in documents.enumerated() { try add(entries, id: "d\(i)", to: writer!) }
        try #require(gz_database_commit(writer, nil) == GZ_OK)
        return (path, writer!)
    }

    func add(_ entries: [String], id: String, to writer: OpaquePointer) throws {
        var doc: OpaquePointer?
        try #require(gz_document_new(&doc, nil) == GZ_OK)
        defer { gz_document_free(doc) }
        let packed = Array(entries.joined(separator: "\u{0}").utf8).map { CChar(bitPattern: $0) }
        try #require(gz_document_set_value(doc, 5, packed, packed.count, nil) == GZ_OK)
        for (rank, entry) in entries.enumerated() {
            let bytes = Array(entry.utf8).map { CChar(bitPattern: $0) }
            try #require(gz_document_set_value(doc, 100 + UInt32(rank), bytes, bytes.count, nil) == GZ_OK)
        }
        try #require(gz_document_add_boolean_term(doc, "Q" + id, nil) == GZ_OK)
        try #require(gz_database_replace_document(writer, "Q" + id, doc, nil, nil) == GZ_OK)
    }

    /// Labels and counts handed out by the shim.
    func take(_ labels: UnsafeMutablePointer<CChar>?, _ counts: UnsafeMutablePointer<UInt32>?,
              _ count: Int) -> [String] {
        defer { gz_free(labels); gz_free(counts) }
        var out: [String] = []
        var cursor = labels
        for i in 0..<count {
            let label = String(cString: cursor!)
            out.append("\(label) \(counts![i])")
            cursor! += label.utf8.count + 1
        }
        return out
    }

    /// Runs `body` with an enquire over every document of `db`.
    func withMatchAll<T>(_ db: OpaquePointer, _ body: (OpaquePointer?) throws -> T) throws -> T {
        var query: OpaquePointer?
        try #require(gz_query_new_match_all(&query, nil) == GZ_OK)
        defer { gz_query_free(query) }
        var enquire: OpaquePointer?
        try #require(gz_enquire_new(db, &enquire, nil) == GZ_OK)
        defer { gz_enquire_free(enquire) }
        try #require(gz_enquire_set_query(enquire, query, nil) == GZ_OK)
        return try body(enquire)
    }

    /// Counts of one facet through counters of `kind` over every document.
    func counted(_ db: OpaquePointer, slots: [UInt32], column: OpaquePointer? = nil,
                 stock: Bool = false) throws -> [String] {
        try withMatchAll(db) { enquire in
            try #require(gz_enquire_set_unranked(enquire, nil) == GZ_OK)
            var spies: [Int] = []
            for slot in slots {
                var spy = 0
                let status = column != nil ? gz_enquire_add_column_counter(enquire, column, &spy, nil)
                    : stock ? gz_enquire_add_value_counter(enquire, slot, &spy, nil)
                    : gz_enquire_add_entry_counter(enquire, slot, &spy, nil)
                try #require(status == GZ_OK)
                spies.append(spy)
            }
            var mset: OpaquePointer?
            try #require(gz_enquire_run(enquire, 0, 0, 1000, &mset, nil) == GZ_OK)
            gz_mset_free(mset)
            var labels: UnsafeMutablePointer<CChar>?
            var counts: UnsafeMutablePointer<UInt32>?
            var count = 0
            try #require(gz_enquire_facet_values(enquire, spies, spies.count, 10, &labels, &counts, &count, nil, nil) == GZ_OK)
            return take(labels, counts, count)
        }
    }

    @Test func entriesFoldByKeyAndRankByCountThenLabel() throws {
        let (path, writer) = try database([
            ["ru\u{1F}Russia", "imf\u{1F}IMF"],
            ["ru\u{1F}Russia", "imf\u{1F}Imf"],
            ["ua\u{1F}Ukraine", "imf\u{1F}IMF"],
            ["ua\u{1F}Ukraine"],
            ["zz"],
        ])
        defer { gz_database_close(writer); try? FileManager.default.removeItem(atPath: path) }
        var db: OpaquePointer?
        try #require(gz_database_open(path, &db, nil) == GZ_OK)
        defer { gz_database_close(db) }
        // "imf" is one key under two labels: 3 in all, shown as the label seen most.
        let expected = ["IMF 3", "Russia 2", "Ukraine 2", "zz 1"]
        #expect(try counted(db!, slots: [5]) == expected)
        #expect(try counted(db!, slots: [5], stock: true) == expected)
        #expect(try counted(db!, slots: [100, 101], stock: true) == expected)
        var column: OpaquePointer?
        try #require(gz_facet_column_build(db, 5, &column, nil) == GZ_OK)
        defer { gz_facet_column_free(column) }
        #expect(try counted(db!, slots: [5], column: column) == expected)
        var labels: UnsafeMutablePointer<CChar>?
        var counts: UnsafeMutablePointer<UInt32>?
        var count = 0
        var distinct: UInt32 = 0
        #expect(gz_facet_column_values(column, 2, &labels, &counts, &count, &distinct, nil) == GZ_OK)
        #expect(take(labels, counts, count) == ["IMF 3", "Russia 2"])
        #expect(distinct == 4)
    }

    @Test func aColumnOlderThanTheDatabaseIsRefused() throws {
        let (path, writer) = try database([["ru\u{1F}Russia"]])
        defer { gz_database_close(writer); try? FileManager.default.removeItem(atPath: path) }
        var db: OpaquePointer?
        try #require(gz_database_open(path, &db, nil) == GZ_OK)
        defer { gz_database_close(db) }
        var column: OpaquePointer?
        try #require(gz_facet_column_build(db, 5, &column, nil) == GZ_OK)
        defer { gz_facet_column_free(column) }
        try add(["ua\u{1F}Ukraine"], id: "new", to: writer)
        try #require(gz_database_commit(writer, nil) == GZ_OK)
        try #require(gz_database_reopen(db, nil, nil) == GZ_OK)
        var error: UnsafeMutablePointer<CChar>?
        var walked: Int32 = 0
        var total: UInt32 = 0
        try withMatchAll(db!) { enquire in
            var spy = 0
            try #require(gz_enquire_add_column_counter(enquire, column, &spy, nil) == GZ_OK)
            #expect(gz_enquire_count_postings(enquire, &walked, &total, &error) == GZ_INVALID_ARGUMENT)
        }
        #expect(String(cString: error!) == "the facet column is older than the database")
        gz_free(error)
        #expect(gz_facet_column_build(nil, 5, &column, &error) == GZ_INVALID_ARGUMENT)
        gz_free(error)
    }
}
