import Foundation
import Testing

/// `gazette search --format vimgrep` and `--format jsonl`, as editors read them.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EditorFormatTests {
    let corpus: EditorCorpus

    init() throws {
        corpus = try EditorCorpus(name: "formats")
    }

    func vimgrep(_ query: String, cwd: String) throws -> (lines: [VimgrepLine], run: Run) {
        let result = try run(["search", query, "--index", corpus.index, "--format", "vimgrep"], cwd: cwd)
        let lines = result.stdout.split(separator: "\n").map { VimgrepLine($0) }
        #expect(lines.allSatisfy { $0 != nil }, "not path:line:column:text: \(result.stdout)")
        return (lines.compactMap { $0 }, result)
    }

    @Test func aPhrasePointsAtItsFirstWordAndTheTextIsTheTrimmedLine() throws {
        let (lines, result) = try vimgrep(#""port of rotterdam""#, cwd: corpus.folder)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        // Two spaces and a tab before "The port": the column counts them, the text drops them.
        let raw = try corpus.line(4, of: "harbour.txt")
        #expect(lines == [VimgrepLine(path: "articles/harbour.txt", line: 4,
                                      column: raw.utf8.count - raw.drop { $0 != "p" }.utf8.count + 1,
                                      text: "The port of Rotterdam reopened to container ships on Saturday.")])
        #expect(lines.first?.column == 8)
    }

    @Test func columnsAreBytesAndTheFirstMatchWins() throws {
        let (lines, _) = try vimgrep("terraces", cwd: corpus.folder)
        // "In Zürich, café owners protested against the new tax on ": ü and é take two bytes each.
        let text = "In Zürich, café owners protested against the new tax on terraces."
        #expect(lines == [VimgrepLine(path: "articles/cafe.txt", line: 3, column: 59, text: text)])
        #expect(text.utf8.count - "terraces.".utf8.count + 1 == 59)
        // Stemmed words match too, and the first match in the file wins: "Protest" in the headline.
        let (stemmed, _) = try vimgrep("protested", cwd: corpus.folder)
        #expect(stemmed.map { [$0.line, $0.column] } == [[1, 14]])
        // "rotterdam" is on lines 3 and 4; the first one counts.
        let (first, _) = try vimgrep("rotterdam", cwd: corpus.folder)
        #expect(first.map { [$0.line, $0.column] } == [[3, 17]])
        // A field query points at the word, not at the start of the file.
        let (title, _) = try vimgrep("title:owners", cwd: corpus.folder)
        #expect(title.map { [$0.line, $0.column] } == [[1, 7]])
    }

    @Test func pathsAreRelativeInsideTheCurrentFolderAndAbsoluteOutside() throws {
        let inside = try vimgrep("lighthouse", cwd: corpus.articles)
        #expect(inside.lines.map(\.path) == ["gone.txt"])
        let elsewhere = try temporaryFolder("elsewhere")
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let outside = try vimgrep("lighthouse", cwd: elsewhere)
        #expect(outside.lines.map(\.path) == [corpus.articles + "/gone.txt"])
        // A folder whose name merely starts like the article's folder is not inside it.
        let sibling = corpus.folder + "/art"
        try FileManager.default.createDirectory(atPath: sibling, withIntermediateDirectories: true)
        #expect(try vimgrep("lighthouse", cwd: sibling).lines.map(\.path) == [corpus.articles + "/gone.txt"])
    }

    @Test func aHitWhoseFileIsGoneIsSkippedWithAWarning() throws {
        let corpus = try EditorCorpus(name: "gone")
        try FileManager.default.removeItem(atPath: corpus.articles + "/gone.txt")
        let result = try run(["search", "lighthouse OR rotterdam", "--index", corpus.index, "--format", "vimgrep"],
                             cwd: corpus.folder)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").compactMap { VimgrepLine($0)?.path } == ["articles/harbour.txt"])
        #expect(result.stderr == "gazette: warning: skipped articles/gone.txt: the article's file is gone; re-run gazette index to update\n")
        let jsonl = try run(["search", "lighthouse", "--index", corpus.index, "--format", "jsonl"], cwd: corpus.folder)
        #expect(jsonl.stderr.contains("skipped articles/gone.txt"))
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(#""type":"summary""#) == true)
    }

    @Test func hitsInFilesOfSeveralArticlesPointIntoTheirOwnRecord() throws {
        let folder = try temporaryFolder("records")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let articles = folder + "/feeds"
        try FileManager.default.createDirectory(atPath: articles, withIntermediateDirectories: true)
        // Every record names the glacier; each article must point at its own line.
        try """
            {"id": "a1", "title": "Glacier survey", "body": "The glacier lost ice."}

            {"title": "Glacier museum", "body": "A museum about the glacier opened."}
            {"id": "a3", "title": "Ferry timetable", "body": "The glacier ferry runs daily."}
            """.write(toFile: articles + "/feed.jsonl", atomically: true, encoding: .utf8)
        try """
            {"articles": [
              {"id": "b1",
               "title": "Alpine pass {closed}",
               "body": "Snow on the \\"glacier\\" road [again]."},
              {"id": "b2",
               "title": "Alpine hut",
               "body": "The hut below the glacier reopened."}
            ]}
            """.write(toFile: articles + "/digest.json", atomically: true, encoding: .utf8)
        let built = try run(["index", articles, "--index", folder + "/index"])
        #expect(built.status == 0, "\(built.stderr)")
        let result = try run(["search", "glacier", "--index", folder + "/index", "--format", "vimgrep", "--limit", "20"],
                             cwd: folder)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").compactMap { VimgrepLine($0) }
        let byFile = Dictionary(grouping: lines, by: \.path).mapValues { Set($0.map(\.line)) }
        #expect(byFile == ["feeds/feed.jsonl": [1, 3, 4], "feeds/digest.json": [4, 7]])
    }

    @Test func nothingMatchingPrintsNothingAndExitsWithOne() throws {
        let result = try run(["search", "zanzibar", "--index", corpus.index, "--format", "vimgrep"], cwd: corpus.folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
    }

    @Test func jsonLinesHaveAMatchPerHitAndASummary() throws {
        let result = try run(["search", "rotterdam OR zürich", "--index", corpus.index, "--format", "jsonl"],
                             cwd: corpus.folder)
        #expect(result.status == 0)
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["type"] as? String } == ["match", "match", "summary"])
        var paths: [String] = []
        for object in objects.prefix(2) {
            let data = try #require(object["data"] as? [String: Any])
            let path = try #require((data["path"] as? [String: Any])?["text"] as? String)
            paths.append(path)
            let text = try #require((data["lines"] as? [String: Any])?["text"] as? String)
            let lineNumber = try #require(data["line_number"] as? Int)
            #expect(text == (try corpus.line(lineNumber, of: String(path.dropFirst("articles/".count)))) + "\n")
            let submatches = try #require(data["submatches"] as? [[String: Any]])
            #expect(!submatches.isEmpty)
            let bytes = Array(text.utf8)
            for submatch in submatches {
                let start = try #require(submatch["start"] as? Int)
                let end = try #require(submatch["end"] as? Int)
                let word = String(decoding: bytes[start..<end], as: UTF8.self)
                #expect(["rotterdam", "zürich"].contains(word.lowercased()), "\(word)")
                #expect((submatch["match"] as? [String: Any])?["text"] as? String == word)
            }
            #expect(data["column"] as? Int == (submatches.first?["start"] as? Int).map { $0 + 1 })
            #expect((data["id"] as? String)?.hasSuffix(path.dropFirst("articles/".count)) == true)
            #expect(data["title"] is String)
            #expect(data["score"] is Double || data["score"] is Int)
            #expect(data["actors"] is [Any])
            #expect(data["countries"] is [Any])
        }
        #expect(Set(paths) == ["articles/harbour.txt", "articles/cafe.txt"])
        let summary = try #require(objects.last?["data"] as? [String: Any])
        #expect(summary["total"] as? Int == 2)
        #expect(summary["shown"] as? Int == 2)
        #expect(summary["query"] as? String == "rotterdam OR zürich")
        #expect(((summary["elapsed"] as? [String: Any])?["secs"] as? Double).map { $0 >= 0 && $0 < 60 } == true)
    }
}
