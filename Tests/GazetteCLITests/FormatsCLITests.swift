import Foundation
import Testing

/// Web pages, feeds, mail and Usenet through the built `gazette`: index,
/// search, show, editor locations, and the choice of files.
@Suite(.serialized, .timeLimit(.minutes(3))) struct FormatsCLITests {
    let folder: String
    let news: String
    let index: String

    static let page = """
        <html><head><title>Harbour reopens | Coast Daily</title>
        <meta property="article:published_time" content="2024-03-05"></head>
        <body><nav><a href="/">Home</a> <a href="/world">World pages</a></nav>
        <article><h1>Harbour reopens</h1>
        <p>The harbour at Kiel reopened on Tuesday, three days after the storm tore boats loose.</p>
        <p>Ferries run to the usual timetable from Wednesday, the port authority said.</p>
        </article><footer>Copyright Coast Daily</footer></body></html>
        """

    static let feed = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>Wire</title>
        <item><title>Oil prices climb</title><guid>wire-1</guid><pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
        <description>&lt;p&gt;Oil prices rose in London after OPEC cut output.&lt;/p&gt;</description></item>
        <item><title>Harvest outlook</title><link>https://wire.example/harvest</link>
        <description>Farmers expect a record wheat harvest this summer.</description></item>
        </channel></rss>
        """

    static let mailbox = """
        From a Mon Jan  1 00:00:00 2024
        From: a@b.example
        Subject: Budget vote
        Message-ID: <budget-1@b.example>

        Parliament in Canberra passed the budget.

        From b Mon Jan  1 00:00:00 2024
        From: b@b.example
        Subject: Weather
        Message-ID: <rain-1@b.example>

        Heavy rain in Jakarta closed schools.

        """

    static let message = """
        From: desk@coast.example
        Subject: Ferry strike called off
        Date: Wed, 6 Mar 2024 09:00:00 +0000
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        The ferry strike in Norway was called off after talks ended at midnight.

        > old quoted text about pineapples
        """

    static let post = """
        From: jsmith@uni.example (John Smith)
        Newsgroups: sci.space
        Subject: Launch window moved
        Date: 20 Apr 93 14:22:05 GMT

        The launch window for the probe moved to May.
        """

    init() throws {
        folder = try temporaryFolder("formats")
        news = folder + "/news"
        index = folder + "/index"
        try write("page.html", Self.page)
        try write("wire.rss", Self.feed)
        try write("desk.mbox", Self.mailbox)
        try write("note.eml", Self.message)
        try write("posts/60101", Self.post)
    }

    func write(_ name: String, _ text: String, in base: String? = nil) throws {
        let path = (base ?? news) + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Runs `gazette` on a thread of its own, so that waiting for it does not
    /// hold one of the few threads that async tests (the daemon's) share.
    func gazette(_ arguments: [String], cwd: String? = nil) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try run(arguments, cwd: cwd) })
            }
        }
    }

    func ids(_ query: String) async throws -> [String] {
        let result = try await gazette(["search", query, "--index", index, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return ((object?["hits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
    }

    @Test func everyFormatIsIndexedFoundAndShownAsItsText() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let built = try await gazette(["index", news, "--index", index])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.hasPrefix("indexed 5, unchanged 0, failed 0, articles 7 in "))
        #expect(built.stderr.isEmpty)

        #expect(try await ids("kiel") == ["news/page.html"])
        #expect(try await ids("opec") == ["wire-1"])
        #expect(try await ids("wheat") == ["https://wire.example/harvest"])
        #expect(try await ids("canberra OR jakarta") == ["budget-1@b.example", "rain-1@b.example"])
        #expect(try await ids("norway") == ["news/note.eml"])
        #expect(try await ids("probe") == ["news/posts/60101"])
        // Only the extracted text is indexed: no menus, footers, quotations or headers.
        #expect(try await ids("copyright OR pineapples OR sci.space").isEmpty)
        // Entities are found in the extracted text and filter as facets.
        #expect(try await ids("country:uk") == ["wire-1"])
        #expect(try await ids("date:1993-04-20..1993-04-20") == ["news/posts/60101"])

        let shown = try await gazette(["show", "wire-1", "--index", index])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("Oil prices climb\n"))
        #expect(shown.stdout.contains("\nOil prices rose in London after OPEC cut output.\n"))
        #expect(!shown.stdout.contains("<p>"))
        let page = try await gazette(["show", "news/page.html", "--index", index])
        #expect(page.stdout.contains("The harbour at Kiel reopened"))
        #expect(!page.stdout.contains("World pages") && !page.stdout.contains("Copyright"))

        let again = try await gazette(["index", "--index", index])
        #expect(again.stdout.hasPrefix("indexed 0, unchanged 5, failed 0 in "))
        #expect(again.status == 0)
    }

    @Test func editorLocationsPointAtTheLineInTheOriginalFile() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try await gazette(["index", news, "--index", index]).status == 0)
        func location(_ query: String) async throws -> [String] {
            let result = try await gazette(["search", query, "--index", index, "--format", "vimgrep"], cwd: folder)
            return result.stdout.split(separator: "\n").compactMap { VimgrepLine($0) }.map { "\($0.path):\($0.line)" }
        }
        #expect(try await location("timetable") == ["news/page.html:6"])
        #expect(try await location("wheat") == ["news/wire.rss:6"])
        #expect(try await location("jakarta") == ["news/desk.mbox:13"])
        #expect(try await location("probe") == ["news/posts/60101:6"])
        // A title word in the second item of the feed: its own item's line, not the first item's.
        #expect(try await location("title:harvest") == ["news/wire.rss:5"])
    }

    @Test func aRunThatIndexesNothingExitsOneWithAHint() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let odd = folder + "/odd"
        try write("photo.jpg", "not really a photo", in: odd)
        try FileManager.default.createDirectory(atPath: odd + "/bin", withIntermediateDirectories: true)
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 2]).write(to: URL(fileURLWithPath: odd + "/bin/tool"))
        let result = try await gazette(["index", odd, "--index", index])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("indexed 0, unchanged 0, failed 0, ignored 2 in "))
        #expect(result.stderr.contains("gazette: ignored \(odd)/photo.jpg: not an article type (.jpg)"))
        #expect(result.stderr.contains("tool: no extension; binary content (NUL bytes)"))
        #expect(result.stderr.contains("gazette: nothing indexed: 2 files ignored"))
        #expect(result.stderr.contains("--include GLOB"))

        // An include glob reads the odd file as text.
        let included = try await gazette(["index", odd, "--index", index, "--include", "*.jpg"])
        #expect(included.status == 0, "\(included.stderr)")
        #expect(included.stdout.hasPrefix("indexed 1, unchanged 0, failed 0, ignored 1 in "))
    }

    @Test func badFilesAreNamedAndTheRunGoesOn() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(Array("Headline\n".utf8) + [0, 0, 0, 0]).write(to: URL(fileURLWithPath: news + "/data.txt"))
        try write("sitemap.rss", "<?xml version=\"1.0\"?><urlset><url/></urlset>")
        try write("half.html", "<html><head><title>Half a page")
        let result = try await gazette(["index", news, "--index", index])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("indexed 6, unchanged 0, failed 2, articles 8 in "))
        #expect(result.stderr.contains("data.txt: binary content (NUL bytes): not an article"))
        #expect(result.stderr.contains("sitemap.rss: no article in file: XML, but not an RSS or Atom feed (its root is <urlset>)"))
        #expect(try await ids("half") == ["news/half.html"])
    }

    @Test func excludedFoldersStayOutOnRefreshUntilTheFolderIsNamedAgain() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await gazette(["index", news, "--index", index, "--exclude", "posts", "--exclude", "*.eml"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("indexed 3, unchanged 0, failed 0, articles 5, ignored 2 in "))
        #expect(try await gazette(["index", "--index", index, "--quiet"]).stdout.hasPrefix("indexed 0, unchanged 3, failed 0, ignored 2 in "))
        #expect(try await ids("probe").isEmpty)
        let named = try await gazette(["index", news, "--index", index])
        #expect(named.stdout.hasPrefix("indexed 2, unchanged 3, failed 0 in "))
        #expect(try await ids("probe") == ["news/posts/60101"])
        let badGlob = try await gazette(["index", news, "--index", index, "--include", "[oops"])
        #expect(badGlob.status == 64 || badGlob.status == 2)
        #expect(badGlob.stderr.contains("glob '[oops': unclosed '['"))
    }
}
