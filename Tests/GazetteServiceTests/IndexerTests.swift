import Foundation
import GazetteProtocol
import GazetteService
import Testing

/// A scratch project: a corpus folder, an index folder, and the repository's configuration.
final class Workspace {
    let root: String
    let corpus: String
    let index: LocalIndex

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let shared = (repository as NSString).deletingLastPathComponent + "/shared"

    init() throws {
        root = NSTemporaryDirectory() + "gazette-ws-\(UUID().uuidString)"
        corpus = root + "/news"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let configuration = try GazetteConfiguration.read(configDirectory: Self.repository + "/Config")
        index = try LocalIndex(configuration: configuration, path: root + "/index")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ name: String, _ text: String) throws {
        let path = corpus + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func search(_ query: String, limit: Int = 50, collapse: Bool = true) throws(ServiceError) -> SearchResponse {
        try index.search(SearchParams(query: query, limit: limit, collapse: collapse))
    }

    func count() throws -> Int { try index.status().documents }
}

@Suite struct IndexerTests {
    @Test func indexingATemporaryCorpusCountsEveryFile() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "Harbour storm\n\nShips stayed in port.")
        try ws.write("sub/b.md", "# Ferry strike\n\nFerries stopped.")
        try ws.write("feed.jsonl", #"{"id": "j1", "title": "Rates rise", "body": "The bank raised rates."}"# + "\n"
                         + #"{"id": "j2", "title": "Rates hold", "body": "Another bank held rates."}"#)
        try ws.write("empty.txt", "   \n")
        try ws.write("picture.png", "not an article")
        let report = try ws.index.index(paths: [ws.corpus])
        #expect(report.indexed == 3)
        #expect(report.articles == 4)
        #expect(report.failed == 1)
        #expect(report.ignored == 1)
        #expect(report.failures.first?.path.hasSuffix("empty.txt") == true)
        #expect(report.failures.first?.message == "empty file")
        #expect(try ws.count() == 4)
        #expect(try ws.search("rates").hits.map(\.id).sorted() == ["j1", "j2"])
        let hit = try #require(try ws.search("ferries").hits.first)
        #expect(hit.id == "news/sub/b.md")
        #expect(hit.path == ws.corpus + "/sub/b.md")
        #expect(report.summary.hasPrefix("indexed 3, unchanged 0, failed 1"))
    }

    @Test func reindexingUnchangedFilesSkipsThemAndKeepsTheCount() throws {
        let ws = try Workspace()
        for i in 0..<20 { try ws.write("n\(i).txt", "Note \(i)\n\nBody \(i).") }
        #expect(try ws.index.index(paths: [ws.corpus]).indexed == 20)
        let again = try ws.index.index(paths: [ws.corpus])
        #expect(again.indexed == 0)
        #expect(again.unchanged == 20)
        #expect(try ws.count() == 20)
        let forced = try ws.index.index(paths: [ws.corpus], options: IndexingOptions(force: true))
        #expect(forced.indexed == 20)
        #expect(try ws.count() == 20)
    }

    @Test func changedFilesAreReindexedAndVanishedOnesPruned() throws {
        let ws = try Workspace()
        try ws.write("keep.txt", "Keep\n\nalpha")
        try ws.write("edit.txt", "Edit\n\nbeta")
        try ws.write("gone.txt", "Gone\n\ngamma")
        try ws.write("feed.jsonl", #"{"id": "x1", "title": "One", "body": "delta"}"# + "\n" + #"{"id": "x2", "title": "Two", "body": "delta"}"#)
        _ = try ws.index.index(paths: [ws.corpus])
        #expect(try ws.count() == 5)

        try ws.write("edit.txt", "Edited\n\nepsilon and more")
        try FileManager.default.removeItem(atPath: ws.corpus + "/gone.txt")
        try ws.write("feed.jsonl", #"{"id": "x1", "title": "One", "body": "delta"}"#)
        let report = try ws.index.index(paths: [ws.corpus])
        #expect(report.indexed == 2)
        #expect(report.unchanged == 1)
        #expect(report.removed == 2)  // gone.txt and x2
        #expect(try ws.count() == 3)
        #expect(try ws.search("beta").total == 0)
        #expect(try ws.search("epsilon").total == 1)
        #expect(try ws.search("gamma").total == 0)
        #expect(try ws.search("delta").hits.map(\.id) == ["x1"])
    }

    @Test func indexingASubfolderKeepsTheIdsOfItsIndexedParent() throws {
        let ws = try Workspace()
        try ws.write("world/a.txt", "A\n\nalpha")
        _ = try ws.index.index(paths: [ws.corpus])
        try ws.write("world/a.txt", "A again\n\nalpha beta")
        _ = try ws.index.index(paths: [ws.corpus + "/world"])
        #expect(try ws.count() == 1)
        #expect(try ws.search("beta").hits.first?.id == "news/world/a.txt")
        // A single file inside the indexed folder gets the same id too.
        _ = try ws.index.index(paths: [ws.corpus + "/world/a.txt"], options: IndexingOptions(force: true))
        #expect(try ws.count() == 1)
    }

    @Test func twoFoldersWithTheSameNameGetDistinctIds() throws {
        let ws = try Workspace()
        for side in ["left", "right"] {
            let folder = ws.root + "/\(side)/news"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "Same name\n\n\(side) text".write(toFile: folder + "/1.txt", atomically: false, encoding: .utf8)
        }
        _ = try ws.index.index(paths: [ws.root + "/left/news", ws.root + "/right/news"])
        #expect(try ws.count() == 2)
        #expect(Set(try ws.search("same").hits.map(\.id)) == ["news/1.txt", "news-2/1.txt"])
    }

    @Test func missingPathsAreReportedAndTheRestIndexed() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "A\n\nalpha")
        let report = try ws.index.index(paths: [ws.root + "/nope", ws.corpus])
        #expect(report.failed == 1)
        #expect(report.failures.first?.message == "no such file or folder")
        #expect(report.indexed == 1)
    }

    @Test func theLatin1BBCFileIsIndexedWithAWarningAndFindable() throws {
        let ws = try Workspace()
        let file = Workspace.shared + "/corpora/bbc/sport/199.txt"
        let report = try ws.index.index(paths: [file])
        #expect(report.indexed == 1)
        #expect(report.warnings.contains { $0.path == file && $0.message.contains("Windows-1252") })
        let hits = try ws.search("Mutu").hits
        #expect(hits.count == 1)
        let article = try ws.index.document(DocumentParams(id: try #require(hits.first?.id)))
        #expect(article.text.contains("£"))
    }

    @Test func aSecondWriterGetsALockedErrorNamingTheIndex() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "A\n\nalpha")
        let holder = try ws.index.openWriter()
        defer { _ = holder }
        do {
            _ = try ws.index.index(paths: [ws.corpus])
            Issue.record("a second writer must fail")
        } catch {
            #expect(error.kind == .indexLocked)
            #expect(error.description.contains("locked by another process"))
            #expect(error.description.contains(ws.root + "/index"))
        }
    }

    @Test func searchingAMissingIndexNamesTheFix() throws {
        let ws = try Workspace()
        do {
            _ = try ws.search("anything")
            Issue.record("searching a missing index must fail")
        } catch {
            #expect(error.kind == .indexMissing)
            #expect(error.description.contains("gazette index"))
        }
    }

    @Test func badSearchParamsAreRejected() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "A\n\nalpha")
        _ = try ws.index.index(paths: [ws.corpus])
        let refused: [(SearchParams, String)] = [
            (SearchParams(query: "a", limit: -1), "limit must be between 0 and 10000, not -1"),
            (SearchParams(query: "a", offset: 1_000_001), "offset must be between"),
            (SearchParams(query: "a", facets: ["colour"]), "unknown facet 'colour'"),
            (SearchParams(query: "a", facetLimit: 0), "facet_limit must be between"),
            (SearchParams(query: "a", sort: "random"), "sort must be"),
        ]
        for (params, message) in refused {
            do {
                _ = try ws.index.search(params)
                Issue.record("\(params) must be refused")
            } catch {
                #expect(error.kind == .badParams, "\(params)")
                #expect(error.rpcCode == .invalidParams)
                #expect(error.description.hasPrefix(message), "\(error)")
            }
        }
        // A facets request is held to the same bounds, under its own names.
        do {
            _ = try ws.index.facets(FacetsParams(facet: "colour"))
            Issue.record("an unknown facet must be refused")
        } catch {
            #expect(error.kind == .badParams)
        }
        // Too long a query is a bad query, as one Xapian cannot parse is.
        do {
            _ = try ws.index.search(SearchParams(query: String(repeating: "a ", count: SearchBounds.queryBytes)))
            Issue.record("an oversized query must be refused")
        } catch {
            #expect(error.kind == .badQuery)
            #expect(error.rpcCode == .badQuery)
        }
        // Names are matched whatever their case; defaults from the configuration are checked too.
        #expect(try ws.index.search(SearchParams(query: "alpha", facets: ["COUNTRY"], sort: "Date")).facets?["country"] != nil)
        do {
            _ = try ws.search("alpha AND")
            Issue.record("a dangling AND must fail")
        } catch {
            #expect(error.kind == .badQuery)
        }
    }
}

@Suite struct IncrementalTests {
    @Test func aRenamedFileIsIndexedUnderItsNewPathAndTheOldOneRemoved() throws {
        let ws = try Workspace()
        try ws.write("old-name.txt", "Volcano report\n\nash everywhere")
        _ = try ws.index.index(paths: [ws.corpus])
        try FileManager.default.moveItem(atPath: ws.corpus + "/old-name.txt", toPath: ws.corpus + "/new-name.txt")
        let report = try ws.index.index(paths: [ws.corpus])
        #expect(report.indexed == 1)
        #expect(report.removed == 1)
        #expect(try ws.search("volcano").hits.map(\.id) == ["news/new-name.txt"])
        #expect(try ws.count() == 1)
    }

    @Test func indexingWithNoPathRefreshesEveryRoot() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "Alpha\n\nfirst")
        let single = ws.root + "/loose.md"
        try "# Loose\n\nsingle file".write(toFile: single, atomically: false, encoding: .utf8)
        _ = try ws.index.index(paths: [ws.corpus, single])
        try ws.write("b.txt", "Beta\n\nsecond")
        try "# Loose, edited\n\nsingle file changed".write(toFile: single, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: ws.corpus + "/a.txt")
        let report = try ws.index.refresh()
        #expect(report.indexed == 2)
        #expect(report.removed == 1)
        #expect(Set(try ws.search("").hits.map(\.id)) == ["news/b.txt", "\((ws.root as NSString).lastPathComponent)/loose.md"])
        #expect(try ws.search("edited").total == 1)
        // A root that vanished is reported and its articles kept.
        try FileManager.default.removeItem(atPath: ws.corpus)
        let gone = try ws.index.refresh()
        #expect(gone.failed == 1)
        #expect(gone.failures.first?.message.contains("is gone") == true)
        #expect(try ws.count() == 2)
    }

    /// Keys this long are stored shortened to a hash; the files must still be
    /// kept while they exist and removed once they are gone.
    @Test func filesBelowVeryLongPathsSurviveRerunsAndArePrunedWhenGone() throws {
        let ws = try Workspace()
        let deep = (1...4).map { String(repeating: "folder\($0)-", count: 8) }.joined(separator: "/")
        try ws.write(deep + "/zebra.txt", "Zebra crossing\n\nA zebra crossing opened.")
        try ws.write(deep + "/other/okapi.txt", "Okapi sighting\n\nAn okapi was seen.")
        try ws.write("short.txt", "Zebra shelter\n\nA zebra shelter opened.")
        let first = try ws.index.index(paths: [ws.corpus])
        #expect(first.indexed == 3)
        #expect(first.removed == 0)
        #expect(try ws.search("zebra").total == 2)

        let again = try ws.index.index(paths: [ws.corpus])
        #expect(again.unchanged == 3)
        #expect(again.removed == 0)
        #expect(try ws.search("zebra").total == 2)

        try FileManager.default.removeItem(atPath: ws.corpus + "/" + deep + "/zebra.txt")
        let pruned = try ws.index.index(paths: [ws.corpus])
        #expect(pruned.removed == 1)
        #expect(try ws.search("zebra").hits.map(\.id) == ["news/short.txt"])

        // A watcher reporting the long folder gone removes what is below it, and only that.
        let writer = try ws.index.openWriter()
        try FileManager.default.removeItem(atPath: ws.corpus + "/" + deep)
        let watched = try Indexer(writer: writer, gazetteer: ws.index.gazetteer)
            .apply(FolderWatcher.Batch(removed: [ws.corpus + "/" + deep]))
        #expect(watched.removed == 1)
        #expect(try ws.search("okapi").total == 0)
        #expect(try ws.search("zebra").total == 1)
    }

    @Test func reindexingAnUnchangedFileSkipsItEvenWhenTouched() throws {
        let ws = try Workspace()
        try ws.write("a.txt", "Alpha\n\nfirst")
        _ = try ws.index.index(paths: [ws.corpus])
        // New modification time, same bytes: compared by content hash.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)],
                                              ofItemAtPath: ws.corpus + "/a.txt")
        let report = try ws.index.index(paths: [ws.corpus])
        #expect(report.unchanged == 1)
        #expect(report.indexed == 0)
    }
}

@Suite(.serialized) struct ParallelBuildTests {
    static let bbc = Workspace.shared + "/corpora/bbc"

    @Test func aFirstBuildOnAllCoresMatchesASingleWriterBuild() throws {
        let parallel = try Workspace()
        var single = try Workspace()
        // A build that a killed run left behind is cleaned up.
        let stale = parallel.root + "/index/.gazette-build-999999"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        let built = try parallel.index.index(paths: [Self.bbc], options: IndexingOptions(workers: 2))
        var reference = try single.index.index(paths: [Self.bbc], options: IndexingOptions(workers: 2, parallelBuild: false))
        if reference.indexed != built.indexed {
            // Seen once in a whole-suite run (the reference one file short), never alone: say so
            // and build the reference again; a difference that repeats fails below.
            print("ParallelBuildTests: reference build differed (indexed \(reference.indexed), failed \(reference.failed), "
                  + "unchanged \(reference.unchanged), failures \(reference.failures)); building it again")
            single = try Workspace()
            reference = try single.index.index(paths: [Self.bbc], options: IndexingOptions(workers: 2, parallelBuild: false))
        }
        #expect(reference.failed == 0, "\(reference.failures)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(built.indexed == reference.indexed)
        #expect(built.articles == reference.articles)
        #expect(built.warnings.count == reference.warnings.count)  // the Latin-1 file
        #expect(try parallel.count() == reference.articles)
        #expect(try parallel.count() == (try single.count()))
        for query in ["chelsea", #""prime minister""#, "country:france", "actor:blair", "title:oil", "mutu"] {
            // Whole result sets: document ids (and so ties) differ between the two builds, and
            // so does which copy of a story stands for it, so every copy is listed.
            let a = try parallel.search(query, limit: 3000, collapse: false).hits.map(\.id).sorted()
            let b = try single.search(query, limit: 3000, collapse: false).hits.map(\.id).sorted()
            #expect(a == b, "\(query)")
            #expect(!a.isEmpty, "\(query)")
        }
        let facetsA = try parallel.index.facets(FacetsParams(facet: "country", limit: 20))
        let facetsB = try single.index.facets(FacetsParams(facet: "country", limit: 20))
        #expect(facetsA.values == facetsB.values)
        // Spelling data counted once from the merged words corrects as counting every article does.
        for typo in ["chelsae", "footbal", "primme ministr", "goverment plans"] {
            let a = try parallel.search(typo, limit: 0).correctedQuery
            #expect(a != nil, "\(typo)")
            #expect(a == (try single.search(typo, limit: 0).correctedQuery), "\(typo)")
        }
        // The roots and file records made it through the merge: nothing to redo.
        let again = try parallel.index.index(paths: [Self.bbc])
        #expect(again.indexed == 0)
        #expect(again.unchanged == reference.indexed)
        let refreshed = try parallel.index.refresh()
        #expect(refreshed.unchanged == reference.indexed)
        let scratch = try FileManager.default.contentsOfDirectory(atPath: parallel.root + "/index")
        #expect(!scratch.contains { $0.contains("gazette-build") })
    }

    @Test func aPopulatedIndexIsUpdatedInPlaceNotRebuilt() throws {
        let ws = try Workspace()
        try ws.write("first.txt", "First\n\nzyxwvut here")
        _ = try ws.index.index(paths: [ws.corpus])
        let report = try ws.index.index(paths: [Self.bbc])
        #expect(try ws.count() == report.articles + 1)
        #expect(try ws.search("zyxwvut").total == 1)
    }
}
