import Foundation
import GazetteArticles
import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// Large JSON files holding an array of articles are read in parts of whole
/// elements (here made tiny, so that a few articles make many parts), as
/// JSON Lines files are: the articles, ids and records must be those of
/// reading the file whole.
@Suite struct JSONPartTests {
    /// The test export as one JSON array, pretty much as exporters write it:
    /// one element per line, a nested object and strings with brackets inside.
    static func array(_ count: Int, malformedAt bad: Int? = nil) -> String {
        let elements = (1...count).map { n in
            n == bad ? #"{"id": "broken", "title": }"# : PartIndexingTests.line(n)
                .replacingOccurrences(of: #""title""#, with: #""meta": {"tags": ["a]", "{b"], "n": \#(n)}, "title""#)
        }
        return "[\n  " + elements.joined(separator: ",\n  ") + "\n]\n"
    }

    static func options(parallel: Bool = false, partBytes: Int = 700) -> IndexingOptions {
        var options = IndexingOptions(workers: 2, parallelBuild: parallel)
        options.partBytes = partBytes
        return options
    }

    func split(_ text: String, partBytes: Int = 700) throws -> (parts: [RecordPart], hash: String)? {
        let ws = try Workspace()
        try ws.write("export.json", text)
        return try RecordParts.splitJSON(path: ws.corpus + "/export.json", partBytes: partBytes)
    }

    @Test func partsHoldWholeElementsAndCountThemFromTheTopOfTheFile() throws {
        let text = Self.array(40)
        let bytes = Array(text.utf8)
        let (parts, hash) = try #require(try split(text))
        #expect(parts.count > 5)
        #expect(parts.map(\.records).reduce(0, +) == 40)
        #expect(parts.first?.firstRecord == 1)
        var next = 1
        for part in parts {
            #expect(part.firstRecord == next)
            next += part.records
            // Each part is a run of elements: it reads as an array once bracketed.
            let inside = bytes[Int(part.offset)..<(Int(part.offset) + part.length)]
            let array = try JSONSerialization.jsonObject(with: Data([UInt8(ascii: "[")] + inside + [UInt8(ascii: "]")]))
            #expect((array as? [Any])?.count == part.records)
        }
        var whole = StreamingHash()
        bytes.withUnsafeBytes { whole.add($0) }
        #expect(hash == whole.hex)
        #expect(hash == Schema.fnv1a(bytes))
    }

    @Test func theArticlesMemberOfAnObjectIsSplitToo() throws {
        let inner = String(Self.array(30).dropFirst().dropLast(2))  // without the brackets and the last line end
        let text = #"{"source": {"name": "Wire [x]", "list": [1, 2]}, "count": 30, "articles": ["# + inner + #"], "next": null}"#
        let (parts, _) = try #require(try split("\u{FEFF}" + text))
        #expect(parts.map(\.records).reduce(0, +) == 30)
    }

    @Test(arguments: [
        #"{"id": "one", "title": "One article", "body": "A single object is read whole."}"#,
        "[]", "[\n]", #"[{"id": 1}"#, #"[{"id": 1},,{"id": 2}]"#, #"[{"id": 1} {"id": 2}]"#, #"[{"id": 1}] x"#,
        #"{"articles": [{"id": 1}], "articles": [{"id": 2}]}"#, #"{"articles": {"id": 1}}"#, #"[{"id": "1]"#, "5",
    ])
    func jsonThatIsNotAnArrayOfArticlesIsLeftWhole(text: String) throws {
        #expect(try split(text, partBytes: 1) == nil, "\(text)")
    }

    @Test(arguments: [false, true])
    func aLargeArrayIsIndexedInPartsWithTheIdsOfAWholeRead(parallel: Bool) throws {
        // A parallel build needs a thousand articles' worth of work before it starts shards.
        let count = parallel ? 1_200 : 60
        let inParts = try Workspace()
        try inParts.write("wire.json", Self.array(count))
        let report = try inParts.index.index(paths: [inParts.corpus], options: Self.options(parallel: parallel))
        #expect(report.indexed == 1 && report.failed == 0 && report.articles == count)
        let whole = try Workspace()
        try whole.write("wire.json", Self.array(count))
        let reference = try whole.index.index(paths: [whole.corpus], options: Self.options(partBytes: 0))
        #expect(reference.articles == count)
        for query in ["w1x", "w22x", "w\(count)x", "harbour", "story"] {
            #expect(try inParts.search(query, limit: 2_000, collapse: false).hits.map(\.id).sorted()
                == (try whole.search(query, limit: 2_000, collapse: false).hits.map(\.id).sorted()), "\(query)")
        }
        // Ids made up for elements without one count elements from the top of the file.
        #expect(try inParts.search("w\(count)x").hits.map(\.id) == ["news/wire.json#\(count)"])
        // Unchanged: nothing is read again; touched: the hash (of the whole file, as a whole read takes it) says unchanged.
        let again = try inParts.index.index(paths: [inParts.corpus], options: Self.options())
        #expect(again.unchanged == 1 && again.indexed == 0)
        for ws in [inParts, whole] {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)],
                                                  ofItemAtPath: ws.corpus + "/wire.json")
            let touched = try ws.index.refresh(options: Self.options())
            #expect(touched.unchanged == 1 && touched.indexed == 0)
        }
    }

    @Test func aMalformedElementIsNamedAndTheOthersAreRead() throws {
        let ws = try Workspace()
        try ws.write("wire.json", Self.array(50, malformedAt: 23))
        let report = try ws.index.index(paths: [ws.corpus], options: Self.options())
        #expect(report.indexed == 1 && report.failed == 0 && report.articles == 49)
        #expect(report.warnings.contains { $0.message.hasPrefix("article 23: invalid JSON") })
        #expect(try ws.search("w24x").hits.map(\.id) == ["wire-24"])
        // The export shrinks: the articles gone from it go from the index.
        try ws.write("wire.json", Self.array(30))
        let shrunk = try ws.index.refresh(options: Self.options())
        #expect(shrunk.indexed == 1 && shrunk.removed == 20)
        #expect(try ws.count() == 30)
        #expect(try ws.search("w40x").hits.isEmpty)
    }
}
