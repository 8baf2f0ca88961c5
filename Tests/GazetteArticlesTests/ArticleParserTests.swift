import Foundation
import GazetteArticles
import Testing

@Suite struct ArticleParserTests {
    func parse(_ text: String, _ format: ArticleFormat, id: String = "f") throws -> ParsedFile {
        try ArticleParser.parse(bytes: Array(text.utf8), format: format, fileID: id)
    }

    @Test func textFilesHaveTheirHeadlineOnTheFirstNonEmptyLine() throws {
        let parsed = try parse("\n\n  Storm closes harbour  \n\nShips stayed in port.\nMore text.\n", .text, id: "news/a.txt")
        #expect(parsed.articles.count == 1)
        let article = try #require(parsed.articles.first)
        #expect(article.id == "news/a.txt")
        #expect(article.title == "Storm closes harbour")
        #expect(article.body == "Ships stayed in port.\nMore text.")
        #expect(article.date == nil)
        #expect(parsed.encoding == .utf8)
        #expect(parsed.warnings.isEmpty)
    }

    @Test func aDatelineGivesTheDate() throws {
        let parsed = try parse("Harbour reopens\n\nKIEL, March 22, 2024 - The harbour reopened today.\n", .text)
        #expect(parsed.articles.first?.date == ArticleDate(year: 2024, month: 3, day: 22))
        let iso = try parse("Harbour reopens\n2024-03-05\nThe harbour reopened.\n", .text)
        #expect(iso.articles.first?.date?.iso == "2024-03-05")
        let written = try parse("Harbour reopens\n\nPublished 5 April 2023\n\nText.\n", .text)
        #expect(written.articles.first?.date?.compact == "20230405")
        // Em and en dashes end a dateline too, but only within a line's first 60 characters.
        let em = try parse("Harbour reopens\n\nKIEL, March 22, 2024 — The harbour reopened today.\n", .text)
        #expect(em.articles.first?.date?.iso == "2024-03-22")
        let en = try parse("Harbour reopens\n\nKIEL, March 21, 2024 – The harbour reopened today, said Ü.\n", .text)
        #expect(en.articles.first?.date?.iso == "2024-03-21")
        let late = "Harbour reopens\n\nThe harbour of the old town of Kiel reopened on March 22, 2024 - after repairs.\n"
        #expect(try parse(late, .text).articles.first?.date == nil)
    }

    @Test func aDateInAHardWrappedSentenceIsNotTheArticleDate() throws {
        let text = "Bank issues bond\n\nThe bank is issuing a 10 billion yen bond due\nApril 10, 1994 paying 4-1/2 pct and priced at par,\nthe lead manager said.\n"
        #expect(try parse(text, .text).articles.first?.date == nil)
    }

    @Test func aDateDeepInTheBodyIsNotTheArticleDate() throws {
        let text = "Harbour reopens\n\nThe harbour reopened after a long closure that many sailors and traders in the town had been worried about for weeks, and the mayor, speaking at length, recalled that on June 1, 1990 it had also closed.\n"
        #expect(try parse(text, .text).articles.first?.date == nil)
    }

    @Test func markdownFrontMatterAndHeadingMarks() throws {
        let text = "---\ntitle: \"Rates rise\"\ndate: 2024-01-31\nsource: Example Wire\n---\n\n# Ignored heading\n\nBody here.\n"
        let article = try #require(try parse(text, .markdown).articles.first)
        #expect(article.title == "Rates rise")
        #expect(article.date?.iso == "2024-01-31")
        #expect(article.source == "Example Wire")
        #expect(article.body.contains("Body here."))
        let plain = try #require(try parse("## Rates rise\n\nBody.\n", .markdown).articles.first)
        #expect(plain.title == "Rates rise")
    }

    @Test func jsonArraysObjectsAndWrappedLists() throws {
        let array = try parse(#"[{"id": "a1", "title": "One", "body": "First.", "date": "2024-02-03T10:00:00Z"}, {"id": 7, "title": "Two", "body": "Second.", "url": "https://example.org/2"}]"#, .json)
        #expect(array.articles.map(\.id) == ["a1", "7"])
        #expect(array.articles[0].date?.iso == "2024-02-03")
        #expect(array.articles[1].url == "https://example.org/2")
        let single = try parse(#"{"id": "x", "title": "Solo", "body": "Text"}"#, .json)
        #expect(single.articles.count == 1)
        let wrapped = try parse(#"{"articles": [{"id": "w", "title": "T", "text": "B"}]}"#, .json)
        #expect(wrapped.articles.first?.body == "B")
    }

    @Test func jsonLinesSkipBadLinesWithAWarning() throws {
        let text = """
            {"id": "1", "title": "Good", "body": "Fine."}
            {not json}
            [1, 2]

            {"id": "2", "title": "Also good", "body": "Fine too."}
            {"id": "3"}
            """
        let parsed = try parse(text, .jsonLines)
        #expect(parsed.articles.map(\.id) == ["1", "2"])
        #expect(parsed.warnings.count == 3)
        #expect(parsed.warnings[0].hasPrefix("line 2:"))
        #expect(parsed.warnings.contains { $0.hasPrefix("line 6:") && $0.contains("no title and no body") })
    }

    @Test func aJSONArticleWithoutAnIdGetsOneFromItsFile() throws {
        let parsed = try parse(#"[{"title": "No id", "body": "x"}]"#, .json, id: "feeds/today.json")
        #expect(parsed.articles.first?.id == "feeds/today.json#1")
    }

    @Test func emptyAndInvalidFilesAreErrors() {
        #expect(throws: ArticleReadError.empty) { try parse("  \n\t\n", .text) }
        #expect(throws: ArticleReadError.self) { try parse("{ oops", .json) }
        #expect(throws: ArticleReadError.self) { try parse("{\"a\": 1}\n", .jsonLines) }
    }

    @Test func windows1252IsDecodedWithAWarning() throws {
        // "Caf\xe9 opens" and a pound sign, as a Latin-1 editor would save them, and a stray
        // control character (dropped; a NUL would make the file binary).
        let bytes: [UInt8] = Array("Caf".utf8) + [0xE9] + Array(" opens\n\nIt cost ".utf8) + [0xA3] + Array("5 and \u{7}more ".utf8) + [0x93, 0x94]
        let parsed = try ArticleParser.parse(bytes: bytes, format: .text, fileID: "cafe.txt")
        #expect(parsed.encoding == .windows1252)
        #expect(parsed.warnings == ["not valid UTF-8; read as Windows-1252"])
        #expect(parsed.articles.first?.title == "Café opens")
        #expect(parsed.articles.first?.body == "It cost £5 and more \u{201C}\u{201D}")
    }

    @Test func theBBCLatin1FileReadsAsText() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/corpora/bbc/sport/199.txt").standardized.path
        let bytes = try ArticleFiles.readBytes(path)
        let parsed = try ArticleParser.parse(bytes: bytes, format: .text, fileID: "sport/199.txt")
        #expect(parsed.encoding == .windows1252)
        #expect(parsed.articles.first?.body.contains("£") == true)
    }

    @Test func windowsLineEndsAndByteOrderMarksAreNormalised() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Title\r\n\r\nLine one\r\nLine two\r\n".utf8)
        let article = try #require(try ArticleParser.parse(bytes: bytes, format: .text, fileID: "w").articles.first)
        #expect(article.title == "Title")
        #expect(article.body == "Line one\nLine two")
    }

    @Test func aHugeFirstLineStaysInTheBody() throws {
        let line = String(repeating: "word ", count: 200)
        let article = try #require(try parse(line + "\nmore", .text).articles.first)
        #expect(article.title.count <= 201)
        #expect(article.body.hasPrefix("word word"))
        #expect(article.body.hasSuffix("more"))
    }
}

@Suite struct ArticleFilesTests {
    @Test func walkingFindsArticleFilesRecursivelyInOrder() throws {
        let root = NSTemporaryDirectory() + "gazette-walk-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/b/deep", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/.hidden", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: root) }
        for name in ["a.txt", "b/deep/c.md", "b/d.json", "b/e.jsonl", "notes.pdf", ".hidden/x.txt", ".dot.txt"] {
            try "x\n\ny".write(toFile: root + "/" + name, atomically: true, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)
        let walk = ArticleFiles.walk(root: root)
        #expect(walk.files.map(\.relativePath) == ["a.txt", "b/d.json", "b/deep/c.md", "b/e.jsonl"])
        #expect(walk.files.map(\.format) == [.text, .json, .markdown, .jsonLines])
        #expect(walk.ignored.map(\.reason) == ["a link to a folder (not followed)", "not an article type (.pdf)"])
        #expect(walk.problems.isEmpty)
    }

    @Test func readingAFolderOrAMissingFileFailsWithAReason() {
        #expect(throws: ArticleReadError.self) { try ArticleFiles.readBytes("/nonexistent/file.txt") }
        do {
            _ = try ArticleFiles.readBytes(NSTemporaryDirectory())
            Issue.record("reading a folder should fail")
        } catch {
            #expect(error.description.contains("not a regular file"))
        }
    }

    @Test func absolutePathsAreNormalised() {
        #expect(ArticleFiles.absolute("/a/./b/../c") == "/a/c")
        #expect(ArticleFiles.absolute("x").hasSuffix("/x"))
    }
}

/// Where each article of a multi-article file sits, for editor output.
@Suite struct RecordSpanTests {
    func records(_ text: String, _ format: ArticleFormat) throws -> [(id: String?, number: Int, text: String)] {
        let spans = try #require(RecordSpans(text: text, format: format))
        let bytes = Array(text.utf8)
        return spans.records.map { ($0.id, $0.number, String(decoding: bytes[$0.bytes], as: UTF8.self)) }
    }

    @Test func jsonArrayElementsAreFoundThroughStringsThatLookLikeStructure() throws {
        let text = #"[{"id": "x", "body": "a } ] \" , {"}, {"title": "[no id]", "n": [1, {"k": 2}]} , 7]"#
        let found = try records(text, .json)
        #expect(found.map(\.id) == ["x", nil, nil])
        #expect(found.map(\.number) == [1, 2, 3])
        #expect(found.map(\.text) == [#"{"id": "x", "body": "a } ] \" , {"}"#,
                                      #"{"title": "[no id]", "n": [1, {"k": 2}]}"#, "7"])
        let spans = try #require(RecordSpans(text: text, format: .json))
        #expect(spans.bytes(ofArticle: "x") != nil)
        #expect(spans.bytes(ofArticle: "news/f.json#2") == spans.records[1].bytes)
        #expect(spans.bytes(ofArticle: "news/f.json#1") == nil)  // record 1 has its own id
    }

    @Test func anArticlesArrayOrASingleObjectAreRecordsToo() throws {
        let wrapped = "\u{FEFF}" + #"{"source": "wire", "articles": [{"id": 5}, {"id": true}], "more": {"a": [1]}}"#
        #expect(try records(wrapped, .json).map(\.id) == ["5", nil])
        let single = #"  {"id": "only", "title": "One"}  "#
        #expect(try records(single, .json).map(\.text) == [#"{"id": "only", "title": "One"}"#])
        #expect(RecordSpans(text: #"{"articles": [{"id": 1}"#, format: .json) == nil)
        #expect(RecordSpans(text: "plain text", format: .text) == nil)
    }

    @Test func jsonLinesAreNumberedByLineAndTheLaterDuplicateWins() throws {
        let text = "{\"id\": \"d\"}\n\n  \n{\"title\": \"t\"}\r\n{\"id\": \"d\", \"v\": 2}"
        let found = try records(text, .jsonLines)
        #expect(found.map(\.number) == [1, 4, 5])
        let spans = try #require(RecordSpans(text: text, format: .jsonLines))
        #expect(spans.bytes(ofArticle: "d") == spans.records[2].bytes)
        #expect(spans.bytes(ofArticle: "feed.jsonl#4") == spans.records[1].bytes)
    }
}
