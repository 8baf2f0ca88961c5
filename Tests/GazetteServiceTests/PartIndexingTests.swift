import Foundation
import GazetteArticles
import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// Large JSON Lines files are read in parts (here made tiny, so that a few
/// lines make many parts): the articles, ids, warnings, records and editor
/// locations must be those of reading the file whole.
@Suite struct PartIndexingTests {
    /// Line `n` (1-based) of the test export: every fifth article without an id.
    static func line(_ n: Int, topic: String = "harbour") -> String {
        let id = n % 5 == 0 ? "" : #""id": "wire-\#(n)", "#
        return #"{\#(id)"title": "Story \#(n) on \#(topic)", "body": "Report number w\#(n)x about the \#(topic) and ships."}"#
    }

    static func export(lines count: Int, malformedAt bad: Int? = nil) -> String {
        (1...count).map { $0 == bad ? #"{"id": "broken", "title": "#  : line($0) }.joined(separator: "\n") + "\n"
    }

    static func options(parallel: Bool = false) -> IndexingOptions {
        var options = IndexingOptions(workers: 2, parallelBuild: parallel)
        options.partBytes = 700
        return options
    }

    @Test func partsSplitAtLineEndsAndCountLinesFromTheTopOfTheFile() throws {
        let ws = try Workspace()
        try ws.write("wire.jsonl", Self.export(lines: 40))
        let path = ws.corpus + "/wire.jsonl"
        let (parts, hash) = try RecordParts.split(path: path, partBytes: 700)
        let bytes = Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
        #expect(parts.count > 5)
        #expect(parts.map(\.length).reduce(0, +) == bytes.count)
        #expect(parts.map(\.records).reduce(0, +) == 40)
        #expect(parts.first?.firstRecord == 1)
        for (a, b) in zip(parts, parts.dropFirst()) {
            #expect(b.offset == a.offset + Int64(a.length))
            #expect(b.firstRecord == a.firstRecord + a.records)
            #expect(bytes[Int(b.offset) - 1] == 0x0A)  // each part starts a line
        }
        var whole = StreamingHash()
        bytes.withUnsafeBytes { whole.add($0) }
        #expect(hash == whole.hex)
        // The digest files read whole record: a refresh must see an unchanged export as unchanged.
        #expect(whole.hex == Schema.fnv1a(bytes))
    }

    @Test(arguments: [false, true])
    func aLargeExportIsIndexedInPartsWithTheIdsOfAWholeRead(parallel: Bool) throws {
        let ws = try Workspace()
        // A parallel build needs a thousand articles' worth of work before it starts shards.
        let count = parallel ? 1_200 : 60
        try ws.write("wire.jsonl", Self.export(lines: count, malformedAt: 23))
        let report = try ws.index.index(paths: [ws.corpus], options: Self.options(parallel: parallel))
        #expect(report.indexed == 1)
        #expect(report.failed == 0)
        #expect(report.articles == count - 1)
        // The malformed line is named by its place in the file, and the run went on past it.
        #expect(report.warnings.contains { $0.message.hasPrefix("line 23: invalid JSON") })
        #expect(try ws.count() == count - 1)
        #expect(try ws.search("w22x").hits.map(\.id) == ["wire-22"])
        #expect(try ws.search("w24x").hits.map(\.id) == ["wire-24"])
        // Ids made up for records without one count lines from the top of the file.
        #expect(try ws.search("w\(count)x").hits.map(\.id) == ["news/wire.jsonl#\(count)"])
        // Editors are sent to the record's own line.
        let located = try ws.index.search(SearchParams(query: "w45x", locate: true))
        #expect(located.hits.first?.match?.line == 45)
        // Unchanged: nothing is read again; touched: the hash says unchanged.
        let again = try ws.index.index(paths: [ws.corpus], options: Self.options())
        #expect(again.unchanged == 1 && again.indexed == 0)
        let path = ws.corpus + "/wire.jsonl"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        let touched = try ws.index.refresh(options: Self.options())
        #expect(touched.unchanged == 1 && touched.indexed == 0)
    }

    @Test func aChangedExportIsIndexedAgainAndLosesWhatWasRemoved() throws {
        let ws = try Workspace()
        try ws.write("wire.jsonl", Self.export(lines: 50))
        _ = try ws.index.index(paths: [ws.corpus], options: Self.options())
        #expect(try ws.count() == 50)
        // Line 7 changes its story, lines 31-50 go, and a line repeats the id of line 2 further on.
        var lines = Self.export(lines: 30).split(separator: "\n").map(String.init)
        lines[6] = Self.line(7, topic: "glacier")
        lines.append(#"{"id": "wire-2", "title": "Story 2 corrected", "body": "The corrected report y2z."}"#)
        try ws.write("wire.jsonl", lines.joined(separator: "\n") + "\n")
        let report = try ws.index.refresh(options: Self.options())
        #expect(report.indexed == 1)
        #expect(report.removed == 20)
        #expect(report.warnings.contains { $0.message == "id wire-2 appears twice in the file; the later article wins" })
        #expect(try ws.count() == 30)
        #expect(try ws.search("glacier").hits.map(\.id) == ["wire-7"])
        #expect(try ws.search("w40x").hits.isEmpty)
        #expect(try ws.search("y2z").hits.map(\.id) == ["wire-2"])
        #expect(try ws.search("w2x").hits.isEmpty)
        #expect(try ws.search("w10x").hits.map(\.id) == ["news/wire.jsonl#10"])
    }

    @Test func anIdRepeatedInALaterPartKeepsOnlyTheLaterArticleInAParallelBuild() throws {
        let ws = try Workspace()
        var lines = Self.export(lines: 1_200).split(separator: "\n").map(String.init)
        lines.append(#"{"id": "wire-1", "title": "Story 1 corrected", "body": "The corrected report q1q."}"#)
        try ws.write("wire.jsonl", lines.joined(separator: "\n") + "\n")
        let report = try ws.index.index(paths: [ws.corpus], options: Self.options(parallel: true))
        #expect(report.indexed == 1)
        #expect(try ws.count() == 1_200)
        #expect(try ws.search("id:wire-1").hits.map(\.title) == ["Story 1 corrected"])
    }

    /// The earlier article of a repeated id is long, so that its part (a
    /// part of its own) is still being read when the next part, holding the
    /// later article, is written: the earlier one must not replace it after.
    /// A sharded build writes every thread's articles through one writer.
    @Test(arguments: [1, 3])
    func anIdInTwoPartsKeepsTheLaterArticleWhicheverPartIsWrittenFirst(shards: Int) throws {
        let ws = try Workspace()
        let long = String(repeating: "The harbour master logged every ship and every crate that day. ", count: 12_000)
        var lines = [#"{"id": "wire-dup", "title": "Story dup original", "body": "\#(long)The original q0q."}"#,
                     #"{"id": "wire-dup", "title": "Story dup corrected", "body": "The corrected report q1q."}"#]
        lines += Self.export(lines: 1_200).split(separator: "\n").map(String.init)
        try ws.write("wire.jsonl", lines.joined(separator: "\n") + "\n")
        var options = Self.options(parallel: true)
        options.shards = shards > 1 ? shards : nil
        let index = shards > 1 ? try LocalIndex(configuration: ws.index.configuration, path: ws.root + "/sharded") : ws.index
        let report = try index.index(paths: [ws.corpus], options: options)
        #expect(report.indexed == 1)
        #expect(report.warnings.contains { $0.message == "id wire-dup appears twice in the file; the later article wins" })
        #expect(try index.status().documents == 1_201)
        #expect(try index.search(SearchParams(query: "id:wire-dup")).hits.map(\.title) == ["Story dup corrected"])
        #expect(try index.search(SearchParams(query: "q0q")).total == 0)
        #expect(try index.document(DocumentParams(id: "wire-dup")).text == "The corrected report q1q.")
    }

    @Test func aPartThatIsNotTextIsNamedAndTheOthersAreRead() throws {
        let ws = try Workspace()
        var lines = Self.export(lines: 40).split(separator: "\n").map(String.init)
        lines[19] = String(repeating: "\u{0}", count: 40)
        try ws.write("wire.jsonl", lines.joined(separator: "\n") + "\n")
        let report = try ws.index.index(paths: [ws.corpus], options: Self.options())
        #expect(report.indexed == 1)
        #expect(report.warnings.contains { $0.message.contains("(skipped)") && $0.message.hasPrefix("lines ") })
        #expect(try ws.search("w1x").hits.map(\.id) == ["wire-1"])
        #expect(try ws.search("w40x").hits.map(\.id) == ["news/wire.jsonl#40"])
    }
}
