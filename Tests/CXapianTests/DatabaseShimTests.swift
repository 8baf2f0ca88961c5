import CXapian
import Foundation
import Testing

/// How the shim opens databases for writing, called directly.
@Suite struct DatabaseShimTests {
    /// Creates (or opens) the database at `path` with `flags`, writes one
    /// document and returns the size of its posting table's file.
    func writeOne(_ path: String, flags: Int32) throws -> Int {
        var writer: OpaquePointer?
        try #require(gz_database_open_writable(path, GZ_OPEN_CREATE_OR_OPEN, flags, &writer, nil) == GZ_OK)
        defer { gz_database_close(writer) }
        var doc: OpaquePointer?
        try #require(gz_document_new(&doc, nil) == GZ_OK)
        defer { gz_document_free(doc) }
        try #require(gz_document_add_term(doc, "word", 1, nil) == GZ_OK)
        let id = "Q\(UUID().uuidString)"
        try #require(gz_document_add_boolean_term(doc, id, nil) == GZ_OK)
        try #require(gz_database_replace_document(writer, id, doc, nil, nil) == GZ_OK)
        try #require(gz_database_commit(writer, nil) == GZ_OK)
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "/postlist.glass")
        return (attributes[.size] as? Int) ?? 0
    }

    /// Scratch segments are written in 16 KB blocks (one block per table
    /// here); a database made without the flag, or one that exists already,
    /// keeps Xapian's 8 KB.
    @Test func largeBlocksAreForNewScratchDatabasesOnly() throws {
        let scratch = NSTemporaryDirectory() + "gazette-blocks-\(UUID().uuidString)"
        let plain = NSTemporaryDirectory() + "gazette-blocks-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: scratch)
            try? FileManager.default.removeItem(atPath: plain)
        }
        let scratchFlags = Int32(GZ_WRITE_NO_SYNC | GZ_WRITE_DANGEROUS | GZ_WRITE_LARGE_BLOCKS)
        #expect(try writeOne(scratch, flags: scratchFlags) == 16384)
        #expect(try writeOne(plain, flags: 0) == 8192)
        // Opened again with the flag: written in place (dangerous), still one 8 KB block.
        #expect(try writeOne(plain, flags: scratchFlags) == 8192)
    }
}
