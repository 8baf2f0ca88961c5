import Foundation
import GazetteArticles
import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// A run asked to stop ends at its next file or part, commits what it
/// wrote, and says so; a refresh then completes the work.
@Suite struct IndexingStopTests {
    static func options(partBytes: Int = 256 << 10) -> IndexingOptions {
        var options = IndexingOptions(workers: 2, parallelBuild: false)
        options.partBytes = partBytes
        return options
    }

    /// A second handle on the workspace's index, whose stop was not asked for.
    func fresh(_ ws: Workspace) throws -> LocalIndex {
        try LocalIndex(configuration: ws.index.configuration, path: ws.index.path)
    }

    @Test func aStoppedRunCommitsTheFilesItWroteAndARefreshDoesTheRest() throws {
        let ws = try Workspace()
        for n in 1...40 { try ws.write("s\(n).txt", "Story \(n) on the harbour\n\nReport h\(n)x about ships.") }
        var error: ServiceError?
        do {
            // Asked to stop once the first file is written: the run ends at the next one.
            _ = try ws.index.index(paths: [ws.corpus], options: Self.options()) { _ in
                ws.index.stop.request("the test asked")
            }
        } catch let caught {
            error = caught
        }
        let stopped = try #require(error)
        #expect(stopped.kind == .interrupted)
        #expect(stopped.rpcCode == .interrupted)
        #expect(stopped.description.hasPrefix("indexing interrupted (the test asked) after indexed 1, unchanged 0, failed 0"),
                "\(stopped)")
        #expect(try ws.count() == 1)
        // Every later run of this index stops before it writes anything.
        #expect(throws: ServiceError.self) { try ws.index.refresh(options: Self.options()) }
        #expect(try ws.count() == 1)

        let again = try fresh(ws)
        let report = try again.refresh(options: Self.options())
        #expect(report.indexed == 39 && report.unchanged == 1 && report.failed == 0)
        #expect(try again.status().documents == 40)
        #expect(try again.search(SearchParams(query: "h40x")).hits.map(\.id) == ["news/s40.txt"])
    }

    @Test func aStoppedExportInPartsKeepsWhatItWroteAndIsReadAgainWhole() throws {
        let ws = try Workspace()
        try ws.write("wire.jsonl", PartIndexingTests.export(lines: 60))
        #expect(throws: ServiceError.self) {
            try ws.index.index(paths: [ws.corpus], options: Self.options(partBytes: 700)) { _ in
                ws.index.stop.request("the test asked")
            }
        }
        // The first part is in; the file has no record yet, so the next run reads all of it.
        let written = try ws.count()
        #expect(written > 0 && written < 60)
        let again = try fresh(ws)
        let report = try again.refresh(options: Self.options(partBytes: 700))
        #expect(report.indexed == 1 && report.articles == 60)
        #expect(try again.status().documents == 60)
    }
}
