import Foundation
import GazetteArticles
import Testing

/// Which files are read and as what: names, content, globs, binary and oversized files.
@Suite final class FileChoiceTests {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "gazette-choice-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ name: String, _ text: String) throws {
        try write(name, Array(text.utf8))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func formats(_ walk: FolderWalk) -> [String: ArticleFormat] {
        Dictionary(uniqueKeysWithValues: walk.files.map { ($0.relativePath, $0.format) })
    }

    func reasons(_ walk: FolderWalk) -> [String: String] {
        Dictionary(uniqueKeysWithValues: walk.ignored.map { (String($0.path.dropFirst(root.count + 1)), $0.reason) })
    }

    @Test func filesWithoutAnExtensionAreReadByTheirContent() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("38976", "Path: news.example!uni\nFrom: a@uni.example\nNewsgroups: sci.space\nSubject: Orbits\n\nText.\n")
        try write("inbox", "From a@b.example Mon Jan  1 00:00:00 2024\nFrom: a@b.example\nSubject: Hi\n\nBody.\n")
        try write("saved-page", "<!-- saved -->\n<!DOCTYPE html><html><body><p>Page.</p></body></html>")
        try write("headlines", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><item><title>T</title></item></channel></rss>")
        try write("records", "{\"id\": \"1\", \"title\": \"One\"}\n{\"id\": \"2\", \"title\": \"Two\"}\n")
        try write("document", "{\n  \"id\": \"1\",\n  \"title\": \"One\"\n}\n")
        try write("array", "[{\"id\": \"1\", \"title\": \"One\"}]")
        try write("README", "Storm report\n\nWinds reached force ten.\n")
        try write("1993.04", "Numbered like a Usenet post: no extension.\n")
        try write("logo", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8))
        try write("empty", "")
        try write("sitemap.xml", "<?xml version=\"1.0\"?><urlset><url/></urlset>")
        try write("feed.xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>T</title></entry></feed>")
        try write("photo.jpg", [0xFF, 0xD8, 0xFF])
        let walk = ArticleFiles.walk(root: root)
        #expect(formats(walk) == ["38976": .mail, "inbox": .mbox, "saved-page": .html, "headlines": .feed,
                                  "records": .jsonLines, "document": .json, "array": .json, "README": .text,
                                  "1993.04": .text, "feed.xml": .feed])
        #expect(reasons(walk) == [
            "logo": "no extension; binary content (NUL bytes)",
            "empty": "no extension; empty file",
            "sitemap.xml": ".xml file; XML, but not an RSS or Atom feed",
            "photo.jpg": "not an article type (.jpg)",
        ])
        #expect(walk.problems.isEmpty)
    }

    @Test func globsExcludeFoldersAndFilesAndIncludeChoosesOnly() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["a.txt", "notes.md", "drafts/b.txt", "2024/march/c.txt", "2024/march/d.news", "2024/e.news"] {
            try write(name, "Headline\n\nBody.\n")
        }
        let excluding = try FileSelection(include: [], exclude: ["drafts", "*.md"])
        let walk = ArticleFiles.walk(root: root, selection: excluding)
        #expect(walk.files.map(\.relativePath) == ["2024/march/c.txt", "a.txt"])
        #expect(reasons(walk) == ["drafts": "folder excluded by 'drafts'", "notes.md": "excluded by '*.md'",
                                  "2024/march/d.news": "not an article type (.news)", "2024/e.news": "not an article type (.news)"])

        // An include glob chooses files whatever their extension, and only them.
        let including = try FileSelection(include: ["*.news"], exclude: ["2024/e.*"])
        let chosen = ArticleFiles.walk(root: root, selection: including)
        #expect(chosen.files.map(\.relativePath) == ["2024/march/d.news"])
        #expect(chosen.files.first?.format == .text)
        #expect(reasons(chosen)["2024/e.news"] == "excluded by '2024/e.*'")
        #expect(reasons(chosen)["a.txt"] == "matches no include glob ('*.news')")
    }

    @Test func globsMatchAsTheShellDoesWithDoubleStarsAcrossFolders() throws {
        func matches(_ pattern: String, _ path: String, folder: Bool = false) throws -> Bool {
            try Glob(pattern).matches(path, isFolder: folder)
        }
        #expect(try matches("*.html", "deep/down/page.html"))
        #expect(try !matches("*.html", "page.htm"))
        #expect(try matches("2024/*.txt", "2024/a.txt"))
        #expect(try !matches("2024/*.txt", "2024/march/a.txt"))
        #expect(try matches("2024/**/*.txt", "2024/march/a.txt"))
        #expect(try matches("2024/**/*.txt", "2024/a.txt"))
        #expect(try matches("**/draft-?.md", "x/y/draft-1.md"))
        #expect(try matches("[a-c]*.txt", "beta.txt"))
        #expect(try !matches("[!a-c]*.txt", "beta.txt"))
        #expect(try matches("drafts/", "drafts", folder: true))
        #expect(try !matches("drafts/", "drafts"))
        #expect(try matches("caf\\*", "caf*"))
        #expect(throws: Glob.Invalid.self) { try Glob("[abc") }
        #expect(throws: Glob.Invalid.self) { try Glob("") }
    }

    @Test func aFileNamedByTheUserIsReadWhateverItsName() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("post", "From: a@uni.example\nSubject: Orbits\nNewsgroups: sci.space\n\nText.\n")
        try write("report.news", "Storm report\n\nWinds.\n")
        try write("blob", [0x00, 0x01, 0x02, 0x03])
        #expect(ArticleFiles.choose(path: root + "/post", relativePath: "post", selection: nil)
                == .read(ArticleFile(path: root + "/post", relativePath: "post", format: .mail)))
        #expect(ArticleFiles.choose(path: root + "/report.news", relativePath: "report.news", selection: nil)
                == .read(ArticleFile(path: root + "/report.news", relativePath: "report.news", format: .text)))
        #expect(ArticleFiles.choose(path: root + "/blob", relativePath: "blob", selection: nil)
                == .failed(reason: "binary content (NUL bytes)"))
    }

    @Test func binaryContentIsRefusedWhateverTheExtension() {
        #expect(throws: ArticleReadError.binary(reason: "binary content (NUL bytes)")) {
            try ArticleParser.parse(bytes: Array("Headline\n".utf8) + [0, 0, 0, 1] + Array("rest".utf8), format: .text, fileID: "x.txt")
        }
        let controls = (0..<200).map { UInt8($0 % 2 == 0 ? 0x01 : 0x41) }
        #expect(throws: ArticleReadError.binary(reason: "binary content (control bytes)")) {
            try ArticleParser.parse(bytes: controls, format: .text, fileID: "x.txt")
        }
        #expect(ArticleReadError.binary(reason: "binary content (NUL bytes)").description == "binary content (NUL bytes): not an article")
    }

    @Test func utf16TextWithAByteOrderMarkIsText() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Café opens\n\nOn the quay.".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let parsed = try ArticleParser.parse(bytes: bytes, format: .text, fileID: "x.txt")
        #expect(parsed.articles.first?.title == "Café opens")
        #expect(parsed.encoding == .utf16)
    }

    @Test func anOversizedArticleIsCutWithAWarningAndReadOnlyUpToTheLimit() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let limit = ArticleLimits.maxArticleBytes
        // A headline of odd length, then "é" (two bytes) past the limit: the limit falls inside a character.
        let text = "Long report!\n" + String(repeating: "é", count: limit / 2 + 1000)
        try write("long.txt", text)
        let file = ArticleFile(path: root + "/long.txt", relativePath: "long.txt", format: .text)
        let bytes = try ArticleFiles.readBytes(of: file)
        #expect(bytes.count == limit + 1)  // only what is needed to tell it is over
        let parsed = try ArticleParser.parse(bytes: bytes, format: .text, fileID: "long.txt")
        let body = try #require(parsed.articles.first?.body)
        #expect(parsed.encoding == .utf8)
        #expect(body.utf8.count == limit - 14)
        #expect(body.hasPrefix("éé") && body.hasSuffix("éé"))
        #expect(parsed.warnings == ["over the 10 MB limit for one article: only its first 10 MB are read"])

        // In a file of many articles, each one is cut on its own.
        let json = "[{\"id\": \"big\", \"title\": \"Big\", \"body\": \"" + String(repeating: "a", count: limit + 10) + "\"}, {\"id\": \"small\", \"title\": \"S\", \"body\": \"b\"}]"
        let many = try ArticleParser.parse(bytes: Array(json.utf8), format: .json, fileID: "f.json")
        #expect(many.articles.map { $0.body.utf8.count } == [limit, 1])
        #expect(many.warnings == ["article big: text over 10 MB; only its first 10 MB are indexed"])
    }
}
