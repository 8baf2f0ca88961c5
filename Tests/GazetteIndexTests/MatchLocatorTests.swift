import Foundation
import GazetteEntities
@testable import GazetteIndex
import Testing

/// Locating a hit inside its file: what editors jump to.
@Suite struct MatchLocatorTests {
    /// Writes `text` to a file in a fresh folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let folder = NSTemporaryDirectory() + "gazette-locate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func located(_ query: String, in index: TemporaryIndex) throws -> [String: (MatchLocation?, Bool)] {
        let hits = try index.reader().search(SearchRequest(query: query, snippets: false, locate: true)).hits
        return Dictionary(uniqueKeysWithValues: hits.map { ($0.article.id, ($0.location, $0.sourceMissing)) })
    }

    @Test func theFirstMatchingLineWithByteColumnsPastEscapedCharacters() throws {
        let text = "Harbour news\n\nFish & chips <cheap> at the harbour, said the harbour master.\n"
        let path = try file("a.txt", text)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let index = try TemporaryIndex()
        var stored = article("a", "Harbour news", "Fish & chips <cheap> at the harbour, said the harbour master.")
        stored.path = path
        try index.write([stored])
        let (location, missing) = try #require(try located("master", in: index)["a"])
        #expect(!missing)
        let line = "Fish & chips <cheap> at the harbour, said the harbour master."
        let column = try #require(line.range(of: "master")).lowerBound.utf16Offset(in: line) + 1
        #expect(location == MatchLocation(line: 3, column: column, text: line, ranges: [(column - 1)..<(column + 5)]))
        // A field's value is looked for as plain words: the headline's line.
        let title = try #require(try located("title:harbour", in: index)["a"]?.0)
        #expect(title.line == 1 && title.column == 1 && title.ranges == [0..<7])
    }

    @Test func aJSONLinesHitPointsIntoItsOwnRecord() throws {
        let text = #"{"id": "r1", "title": "Glacier survey", "body": "The glacier lost ice."}"# + "\n"
            + #"{"id": "r2", "title": "Ferry timetable", "body": "The glacier ferry runs daily."}"# + "\n"
        let path = try file("feed.jsonl", text)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let index = try TemporaryIndex()
        var first = article("r1", "Glacier survey", "The glacier lost ice.")
        var second = article("r2", "Ferry timetable", "The glacier ferry runs daily.")
        first.path = path
        second.path = path
        try index.write([first, second])
        let found = try located("glacier", in: index)
        #expect(found["r1"]?.0?.line == 1)
        #expect(found["r2"]?.0?.line == 2)
        let secondLine = try #require(found["r2"]?.0)
        let glacier = Array(secondLine.text.utf8)[secondLine.ranges[0]]
        #expect(String(decoding: glacier, as: UTF8.self) == "glacier")
    }

    @Test func aGoneFileIsReportedNotLocated() throws {
        let index = try TemporaryIndex()
        var stored = article("g", "Gone", "The file went away.")
        stored.path = NSTemporaryDirectory() + "gazette-missing-\(UUID().uuidString).txt"
        var inline = article("inline", "Gone too", "Sent inline.")
        inline.path = nil
        try index.write([stored, inline])
        let found = try located("gone", in: index)
        #expect(found["g"]?.0 == nil && found["g"]?.1 == true)
        #expect(found["inline"]?.0 == nil && found["inline"]?.1 == false)
    }

    @Test func markedTextUndoesEntitiesAndReportsMarkers() {
        var pieces: [String] = []
        MarkedText.scan("a&amp;b \u{1}x&lt;\u{2} &q") { piece in
            switch piece {
            case .open: pieces.append("[")
            case .close: pieces.append("]")
            case let .byte(byte): pieces.append(String(UnicodeScalar(byte)))
            }
        }
        #expect(pieces.joined() == "a&b [x<] &q")
        let snippet = Snippet(xapianSnippet: "\u{1}Fish\u{2} &amp;\n \u{1}chips\u{2} ")
        #expect(snippet.text == "Fish & chips")
        #expect(snippet.highlightedTexts == ["Fish", "chips"])
    }
}
