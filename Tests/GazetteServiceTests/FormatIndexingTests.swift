import Foundation
import GazetteArticles
import GazetteProtocol
import GazetteService
import Testing

/// Web pages, feeds and mail keep the guarantees text files have: stable
/// ids, incremental refresh, bad files named while the run goes on; globs
/// are remembered by the folders they were given with.
@Suite struct FormatIndexingTests {
    static func rss(_ items: [(guid: String, title: String, body: String)]) -> String {
        "<rss version=\"2.0\"><channel><title>Wire</title>"
            + items.map { "<item><guid>\($0.guid)</guid><title>\($0.title)</title><description>\($0.body)</description></item>" }.joined()
            + "</channel></rss>"
    }

    @Test func reReadingAFeedReplacesItsItemsAndDropsTheOnesGone() throws {
        let ws = try Workspace()
        try ws.write("wire.rss", Self.rss([("w1", "Oil climbs", "Crude rose."), ("w2", "Wheat falls", "Grain fell.")]))
        let first = try ws.index.index(paths: [ws.corpus])
        #expect(first.indexed == 1 && first.articles == 2)
        #expect(try ws.search("crude OR grain").hits.map(\.id).sorted() == ["w1", "w2"])

        // The feed moves on: w1 stays (edited), w2 drops out, w3 arrives.
        try ws.write("wire.rss", Self.rss([("w3", "Copper steady", "Metal held."), ("w1", "Oil climbs again", "Crude rose further.")]))
        let second = try ws.index.index(paths: [ws.corpus])
        #expect(second.articles == 2)
        #expect(second.removed == 1)
        #expect(try ws.count() == 2)
        #expect(try ws.search("further").hits.map(\.id) == ["w1"])
        #expect(try ws.search("grain").hits.isEmpty)

        let unchanged = try ws.index.index(paths: [ws.corpus])
        #expect(unchanged.unchanged == 1 && unchanged.indexed == 0)
    }

    @Test func mailboxesPagesAndPostsAreArticlesAndBadFilesAreNamed() throws {
        let ws = try Workspace()
        try ws.write("box.mbox", """
            From a Mon Jan  1 00:00:00 2024
            From: a@b.example
            Subject: Budget vote
            Message-ID: <budget-1@b.example>

            Parliament passed the budget.

            From b Mon Jan  1 00:00:00 2024
            From: b@b.example
            Subject: Rain
            Message-ID: <rain-1@b.example>

            Heavy rain closed schools.
            """)
        try ws.write("page.htm", "<html><head><title>Bridge closes</title></head><body><p>The bridge closes for repairs on Monday.</p></body></html>")
        try ws.write("posts/60101", "From: j@uni.example\nNewsgroups: sci.space\nSubject: Launch moved\n\nThe launch moved to May.\n")
        try ws.write("broken.txt", "Headline\n\u{0}\u{0}binary")
        try ws.write("nothing", "\u{0}\u{1}\u{2}")
        let report = try ws.index.index(paths: [ws.corpus])
        #expect(report.indexed == 3)
        #expect(report.articles == 4)
        #expect(report.failures.map(\.message) == ["binary content (NUL bytes): not an article"])
        #expect(report.ignoredFiles.map { ($0.path as NSString).lastPathComponent } == ["nothing"])
        #expect(try ws.search("budget").hits.first?.id == "budget-1@b.example")
        #expect(try ws.search("launch").hits.first?.id == "news/posts/60101")
        #expect(try ws.search("title:launch").hits.count == 1)
        let page = try ws.index.document(DocumentParams(id: "news/page.htm"))
        #expect(page.title == "Bridge closes")
        #expect(page.text == "The bridge closes for repairs on Monday.")
    }

    @Test func foldersRememberTheirGlobsForRefreshes() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "Alpha\n\nFirst.")
        try ws.write("drafts/b.txt", "Beta\n\nSecond.")
        try ws.write("c.news", "Gamma\n\nThird.")
        var options = IndexingOptions()
        options.selection = try FileSelection(include: [], exclude: ["drafts"])
        let first = try ws.index.index(paths: [ws.corpus], options: options)
        #expect(first.indexed == 1)
        #expect(first.ignoredFiles.map(\.message).sorted() == ["folder excluded by 'drafts'", "not an article type (.news)"])

        // A refresh uses what the folder remembers: drafts stay out, and so does a draft the watcher reports.
        let refreshed = try ws.index.refresh()
        #expect(refreshed.unchanged == 1 && refreshed.indexed == 0)
        #expect(try ws.count() == 1)
        try ws.write("drafts/e.txt", "Epsilon\n\nFifth.")
        let watchedDraft = try applyWatched(ws, [ws.corpus + "/drafts/e.txt"])
        #expect(watchedDraft.ignoredFiles.map(\.message) == ["in a folder excluded by 'drafts'"])
        #expect(try ws.count() == 1)

        // Named again with other globs, the folder takes them: only .news files, the .txt one pruned.
        options.selection = try FileSelection(include: ["*.news"], exclude: [])
        let chosen = try ws.index.index(paths: [ws.corpus], options: options)
        #expect(chosen.indexed == 1 && chosen.removed == 1)
        #expect(try ws.search("third").hits.map(\.id) == ["news/c.news"])
        #expect(try ws.index.refresh().unchanged == 1)

        // A file changed inside the folder follows its globs when the watcher reports it.
        try ws.write("d.txt", "Delta\n\nFourth.")
        let applied = try applyWatched(ws, [ws.corpus + "/d.txt"])
        #expect(applied.indexed == 0 && applied.ignored == 1)
    }

    /// What the daemon does with a watcher's batch (the writer is closed on return).
    func applyWatched(_ ws: Workspace, _ changed: Set<String>) throws -> IndexingReport {
        try Indexer(writer: ws.index.openWriter(), gazetteer: ws.index.gazetteer).apply(FolderWatcher.Batch(changed: changed))
    }
}
