import Foundation
@testable import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// Sharded indexes: the same articles answer alike whole, in local shards and
/// in shards served by xapian-tcpsrv; shards that do not answer; writes that
/// stay on their shard; a crash between two shards' commits.
@Suite(.serialized) struct ShardTests {
    static let queries = ["oil", "bank AND rates", "\"interest rates\"", "profit OR loss", "sales -china"]
    /// Pure filters weigh every match alike; Xapian breaks ties by document
    /// number, which depends on the layout, so these compare whole match sets.
    static let filters = ["country:us", "actor:\"European Union\"", ""]

    /// Copies the first `count` BBC business articles into the workspace's corpus.
    static func copyCorpus(into ws: Workspace, count: Int = 80) throws {
        let source = Workspace.shared + "/corpora/bbc/business"
        let names = try FileManager.default.contentsOfDirectory(atPath: source).sorted().prefix(count)
        for name in names { try FileManager.default.copyItem(atPath: source + "/" + name, toPath: ws.corpus + "/" + name) }
    }

    static func local(_ ws: Workspace, at path: String, timeouts: RemoteTimeouts? = nil) throws -> LocalIndex {
        var configuration = ws.index.configuration
        if let timeouts { configuration.shardTimeouts = timeouts }
        return try LocalIndex(configuration: configuration, path: path)
    }

    static func sharded(_ count: Int) -> IndexingOptions {
        var options = IndexingOptions()
        options.shards = count
        return options
    }

    /// Totals, top-10 ids, every facet count and `show` of the hits agree.
    static func expectSameAnswers(_ whole: LocalIndex, _ sharded: LocalIndex) throws {
        for query in queries {
            let params = SearchParams(query: query, limit: 10, facets: ["actor", "country", "region"], facetLimit: 1000)
            let a = try whole.search(params)
            let b = try sharded.search(params)
            #expect(a.total > 0, "\(query)")
            #expect(a.total == b.total, "\(query)")
            #expect(a.hits.map(\.id) == b.hits.map(\.id), "\(query)")
            #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query)")
            #expect(a.facets == b.facets, "\(query)")
            #expect(b.partial == nil)
            for id in a.hits.prefix(3).map(\.id) {
                #expect(try whole.document(DocumentParams(id: id)) == sharded.document(DocumentParams(id: id)))
            }
        }
        for query in filters {
            let params = SearchParams(query: query, limit: 1000, facets: ["actor", "country", "region"], facetLimit: 1000,
                                      snippets: false)
            let a = try whole.search(params)
            let b = try sharded.search(params)
            #expect(a.total == b.total, "\(query)")
            #expect(a.hits.map(\.id).sorted() == b.hits.map(\.id).sorted(), "\(query)")
            #expect(a.facets == b.facets, "\(query)")
        }
    }

    @Test func threeRemoteShardsAnswerAsTheWholeIndexAndNameAShardThatStops() throws {
        let ws = try Workspace()
        try Self.copyCorpus(into: ws)
        _ = try ws.index.index(paths: [ws.corpus])
        let servers = try (0..<3).map { try ShardServer(folder: ws.root + "/served/shard-\($0)", writable: true) }
        defer { servers.forEach { $0.stop() } }
        let stub = ws.root + "/remote.stub"
        try (servers.map(\.stubLine).joined(separator: "\n") + "\n").write(toFile: stub, atomically: true, encoding: .utf8)
        let remote = try Self.local(ws, at: stub, timeouts: RemoteTimeouts(timeoutMilliseconds: 700, connectMilliseconds: 700))
        _ = try remote.index(paths: [ws.corpus])  // written through xapian-tcpsrv --writable
        try Self.expectSameAnswers(ws.index, remote)

        let status = try remote.status()
        let shards = try #require(status.shards)
        #expect(shards.map(\.name) == servers.map(\.name))
        #expect(shards.allSatisfy { $0.answers && ($0.documents ?? 0) > 0 })
        #expect(shards.compactMap(\.documents).reduce(0, +) == status.documents)
        #expect(status.documents == (try ws.index.status()).documents)

        // A shard that stops: a clear error naming it, or a partial answer that says so.
        let whole = try ws.index.search(SearchParams(query: "oil"))
        servers[1].stop()
        let started = Date()
        let error = #expect(throws: ServiceError.self) { try remote.search(SearchParams(query: "oil")) }
        #expect(error?.kind == .shardUnavailable)
        #expect(error?.message.contains(servers[1].name) == true)
        #expect(error?.message.contains(servers[0].name) == false)
        let partial = try remote.search(SearchParams(query: "oil", allowPartial: true))
        #expect(partial.partial == true)
        #expect(partial.missingShards == [servers[1].name])
        #expect(partial.total > 0 && partial.total < whole.total)
        let after = try #require(try remote.status().shards)
        #expect(after.map(\.answers) == [true, false, true])
        try Self.expectFacetsAndShowFlagTheMissingShard(servers[1].name, whole: ws.index, remote: remote)

        // One that hangs (stopped, its socket still open): the timeouts bound the wait.
        servers[2].pause()
        let hung = try remote.search(SearchParams(query: "oil", allowPartial: true))
        #expect(hung.missingShards == [servers[1].name, servers[2].name])
        servers[2].resume()
        #expect(Date().timeIntervalSince(started) < 8)
    }

    /// With shard 1 of 3 stopped, `facets` and `show` fail naming it, or
    /// with `allowPartial` answer from the others, flagged as search is.
    static func expectFacetsAndShowFlagTheMissingShard(_ missing: String, whole: LocalIndex, remote: LocalIndex) throws {
        let counts = FacetsParams(facet: "country", query: "oil", limit: 100)
        let failed = #expect(throws: ServiceError.self) { try remote.facets(counts) }
        #expect(failed?.kind == .shardUnavailable)
        #expect(failed?.message.contains(missing) == true)
        var partialCounts = counts
        partialCounts.allowPartial = true
        let facets = try remote.facets(partialCounts)
        let wholeFacets = try whole.facets(counts)
        #expect(facets.partial == true)
        #expect(facets.missingShards == [missing])
        #expect(facets.total > 0 && facets.total < wholeFacets.total)
        #expect(facets.values.reduce(0) { $0 + $1.count } < wholeFacets.values.reduce(0) { $0 + $1.count })
        #expect(wholeFacets.partial == nil && wholeFacets.missingShards == nil)

        let ids = try whole.search(SearchParams(query: "", limit: 200, snippets: false, collapse: false)).hits.map(\.id)
        let answering = try #require(ids.first { ShardList.shard(for: $0, count: 3) == 0 })
        let stopped = try #require(ids.first { ShardList.shard(for: $0, count: 3) == 1 })
        let refused = #expect(throws: ServiceError.self) { try remote.document(DocumentParams(id: answering)) }
        #expect(refused?.kind == .shardUnavailable)
        #expect(refused?.message.contains(missing) == true)
        var shown = try remote.document(DocumentParams(id: answering, allowPartial: true))
        #expect(shown.partial == true)
        #expect(shown.missingShards == [missing])
        (shown.partial, shown.missingShards) = (nil, nil)
        #expect(try whole.document(DocumentParams(id: answering)) == shown)
        // An article on the shard that did not answer: not found, and the message says where it may be.
        let lost = #expect(throws: ServiceError.self) { try remote.document(DocumentParams(id: stopped, allowPartial: true)) }
        #expect(lost?.kind == .documentNotFound)
        #expect(lost?.message.contains(missing) == true)
    }

    @Test func localShardsAnswerAsTheWholeIndexAndAChangeStaysOnItsShard() throws {
        let ws = try Workspace()
        try Self.copyCorpus(into: ws, count: 40)
        _ = try ws.index.index(paths: [ws.corpus])
        let folder = ws.root + "/sharded"
        let sharded = try Self.local(ws, at: folder)
        _ = try sharded.index(paths: [ws.corpus], options: Self.sharded(3))
        #expect(FileManager.default.fileExists(atPath: folder + "/XAPIANDB"))
        try Self.expectSameAnswers(ws.index, sharded)

        // Re-index one changed article: only its shard (and the home shard, which keeps the file records) move.
        let names = try FileManager.default.contentsOfDirectory(atPath: ws.corpus).sorted()
        let name = try #require(names.first { ShardList.shard(for: "news/\($0)", count: 3) == 2 })
        let lookup = try sharded.lookup
        func revisions() throws -> [UInt64] {
            try (0..<3).map { try IndexReader(path: folder + "/" + ShardList.folderName($0), gazetteer: lookup).revision() }
        }
        let before = try revisions()
        let path = ws.corpus + "/" + name
        try (try String(contentsOfFile: path, encoding: .utf8) + "\nA quokka walked in.\n")
            .write(toFile: path, atomically: false, encoding: .utf8)
        let report = try sharded.index(paths: [ws.corpus], options: Self.sharded(3))
        #expect(report.indexed == 1)
        let after = try revisions()
        #expect(after[2] > before[2] && after[0] > before[0] && after[1] == before[1])
        #expect(try sharded.search(SearchParams(query: "quokka")).hits.map(\.id) == ["news/\(name)"])
        #expect(try sharded.status().documents == names.count)
        let holders = try (0..<3).filter {
            try IndexReader(path: folder + "/" + ShardList.folderName($0), gazetteer: lookup).article(id: "news/\(name)") != nil
        }
        #expect(holders == [2])
    }

    @Test func aCrashBetweenTwoShardsCommitsIsRepairedByTheNextRefresh() throws {
        let ws = try Workspace()
        for n in 0..<12 { try ws.write("a\(n).txt", "Harbour report \(n)\n\nShips number \(n) stayed in port.") }
        let folder = ws.root + "/sharded"
        let sharded = try Self.local(ws, at: folder)
        _ = try sharded.index(paths: [ws.corpus], options: Self.sharded(3))
        let name = try #require((0..<12).map { "a\($0).txt" }.first { ShardList.shard(for: "news/\($0)", count: 3) == 1 })
        let original = try String(contentsOfFile: ws.corpus + "/" + name, encoding: .utf8)

        // The article's shard commits, then the run dies before the home shard (with the file records) does.
        try ws.write(name, "Harbour report\n\nA walrus came ashore.")
        do {
            let writer = try IndexWriter(path: folder)
            writer.crashAfterShardCommits = 1
            #expect(throws: (any Error).self) { try sharded.index(paths: [ws.corpus], writer: writer) }
        }
        // In between: the shard is ahead of the records; nothing is duplicated.
        #expect(try sharded.search(SearchParams(query: "walrus")).total == 1)
        #expect(try sharded.status().documents == 12)
        // The file goes back to what the records say it was: only a full re-read can notice.
        try ws.write(name, original)
        #expect(try IndexWriter(path: folder).needsRepair)
        _ = try sharded.refresh()
        #expect(try sharded.search(SearchParams(query: "walrus")).total == 0)
        #expect(try sharded.search(SearchParams(query: "ships")).total == 12)
        #expect(try IndexWriter(path: folder).needsRepair == false)
        #expect(try sharded.status().documents == 12)
    }

    @Test func changingTheNumberOrOrderOfShardsIsRefused() throws {
        let ws = try Workspace()
        for n in 0..<6 { try ws.write("b\(n).txt", "Market note \(n)\n\nPrices moved \(n).") }
        let folder = ws.root + "/sharded"
        let sharded = try Self.local(ws, at: folder)
        _ = try sharded.index(paths: [ws.corpus], options: Self.sharded(3))
        let error = #expect(throws: ServiceError.self) { try sharded.index(paths: [ws.corpus], options: Self.sharded(2)) }
        #expect(error?.message.contains("has 3 shards, not 2") == true)
        #expect(error?.hint?.contains("rebuild") == true)

        _ = try ws.index.index(paths: [ws.corpus])
        let whole = #expect(throws: ServiceError.self) { try ws.index.index(paths: [ws.corpus], options: Self.sharded(2)) }
        #expect(whole?.message.contains("built whole") == true)

        // Shards listed in another order: their articles would be looked for on the wrong shard.
        let stub = folder + "/XAPIANDB"
        try "auto shard-01\nauto shard-00\nauto shard-02\n".write(toFile: stub, atomically: true, encoding: .utf8)
        let swapped = #expect(throws: ServiceError.self) { try sharded.index(paths: [ws.corpus]) }
        #expect(swapped?.message.contains("was built as shard 1/3") == true)
    }
}
