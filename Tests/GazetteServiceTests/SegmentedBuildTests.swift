import Foundation
@testable import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// A first build on several threads writes each thread's share as a run of
/// bounded scratch segments (ShardedBuild): with segments of a few dozen
/// articles it must make the index that one database per thread makes, and
/// keep the later article of an id two parts of a file share.
@Suite(.serialized) struct SegmentedBuildTests {
    static let count = 1_300
    static let topics = ["harbour", "grain", "election", "rates", "storm", "strike", "pipeline", "court", "budget"]
    static let places = ["France", "Germany", "Japan", "Brazil", "Kenya", "Canada", "India"]

    /// Article `n`: its words picked by `n`; every tenth one from the third is
    /// a copy of the body two before it (the same story under another id).
    static func line(_ n: Int) -> String {
        let source = n % 10 == 3 ? n - 2 : n
        // Topic words between words of this article's own, so that no two articles but copies look alike.
        let words = (0..<40).map { i in i % 2 == 0 ? topics[(source + i) % topics.count] : "k\(source)q\(i)" }
        let place = places[source % places.count], other = places[(source / 3) % places.count]
        let body = "Officials in \(place) said on Monday that the \(words.joined(separator: " ")) would go on. "
            + "Talks with \(other) about the \(topics[source % topics.count]) ended late, report w\(source)x."
        return #"{"id": "wire-\#(n)", "title": "Story \#(n) on the \#(topics[n % topics.count])", "#
            + #""date": "2024-03-\#(String(format: "%02d", n % 28 + 1))", "body": "\#(body)"}"#
    }

    @Test func smallSegmentsMakeTheIndexThatOneSegmentPerThreadMakes() throws {
        let ws = try Workspace()
        var lines = (1...Self.count).map(Self.line)
        // An id in two parts far apart: its earlier article lands in an early segment, the later one many segments on.
        lines.append(#"{"id": "wire-2", "title": "Story 2 corrected", "body": "The corrected report on the harbour, r2r."}"#)
        try ws.write("wire.jsonl", lines.joined(separator: "\n") + "\n")
        let single = try LocalIndex(configuration: ws.index.configuration, path: ws.root + "/single")
        var segments: [Int] = []
        for (index, size) in [(ws.index, 40), (single, 1_000_000)] {
            var options = IndexingOptions(workers: 2)
            options.partBytes = 2_000
            options.segmentArticles = size
            var seen = 0
            let report = try index.index(paths: [ws.corpus], options: options) { seen = max(seen, $0.segments) }
            #expect(report.indexed == 1)
            #expect(report.warnings.contains { $0.message == "id wire-2 appears twice in the file; the later article wins" })
            segments.append(seen)
        }
        // Two threads of about 650 articles, 40 (and one part more) a segment.
        #expect(segments[0] >= 28, "\(segments)")
        #expect(segments[1] == 2)

        let segmented = try IndexContents(path: ws.root + "/index")
        let reference = try IndexContents(path: ws.root + "/single")
        #expect(segmented.data.count == Self.count)
        #expect(segmented.data == reference.data)
        #expect(segmented.postings.count > 1_000)
        #expect(segmented.postings == reference.postings)
        #expect(segmented.values.values.contains { !$0.isEmpty })
        #expect(segmented.values == reference.values)
        // Copies in different segments still share a story.
        #expect(segmented.stories.contains { $0.isSuperset(of: ["wire-1", "wire-3"]) })
        #expect(segmented.stories == reference.stories)
        #expect(segmented.metadata == reference.metadata)
        #expect(try ws.search("id:wire-2").hits.map(\.title) == ["Story 2 corrected"])
        #expect(try ws.search("w2x").total == 0)
        #expect(try ws.search("r2r").hits.map(\.id) == ["wire-2"])
    }

    /// `--shards 3` on several threads: each thread's segments are stubs of
    /// three shards, merged shard by shard. Each shard must hold what the
    /// single writer puts there, and the shards answer as the whole index.
    @Test func aShardedFirstBuildMergesEachShardFromSmallSegments() throws {
        let ws = try Workspace()
        var lines = (1...Self.count).map(Self.line)
        lines.append(#"{"id": "wire-2", "title": "Story 2 corrected", "body": "The corrected report on the harbour, r2r."}"#)
        try ws.write("wire.jsonl", lines.joined(separator: "\n") + "\n")
        var whole = IndexingOptions(workers: 2)
        whole.partBytes = 2_000
        _ = try ws.index.index(paths: [ws.corpus], options: whole)
        let folders = [ws.root + "/segmented", ws.root + "/written"]
        var segments = 0
        for (folder, workers) in zip(folders, [2, 1]) {
            var options = IndexingOptions(workers: workers)
            options.partBytes = 2_000
            options.segmentArticles = 40
            options.shards = 3
            let report = try LocalIndex(configuration: ws.index.configuration, path: folder)
                .index(paths: [ws.corpus], options: options) { segments = max(segments, $0.segments) }
            #expect(report.warnings.contains { $0.message == "id wire-2 appears twice in the file; the later article wins" })
        }
        // The parallel build went through segments (the single writer reports none).
        #expect(segments >= 28, "\(segments)")
        var total = 0
        var generations: [Int] = []
        for shard in 0..<3 {
            let name = "/" + ShardList.folderName(shard)
            var segmented = try IndexContents(path: folders[0] + name)
            var written = try IndexContents(path: folders[1] + name)
            #expect(segmented.data.count > 300)
            #expect(segmented.data.keys.allSatisfy { ShardList.shard(for: $0, count: 3) == shard })
            #expect(segmented.data == written.data)
            #expect(segmented.postings == written.postings)
            #expect(segmented.values == written.values)
            #expect(segmented.stories == written.stories)
            // The single writer's generation counts its commits; a merged build starts at one (and the
            // home shard moves on when the synonyms are stored after the build).
            generations.append(Int(segmented.metadata.removeValue(forKey: IndexWriter.generationKey) ?? "") ?? 0)
            written.metadata.removeValue(forKey: IndexWriter.generationKey)
            #expect(segmented.metadata == written.metadata)
            total += segmented.data.count
        }
        #expect(total == Self.count)
        #expect(generations.allSatisfy { $0 >= 1 && $0 <= generations[0] }, "\(generations)")
        // Whole: no scratch left, and the next writer finds no interrupted commit.
        let left = try FileManager.default.contentsOfDirectory(atPath: folders[0])
        #expect(left.sorted() == ["XAPIANDB", "shard-00", "shard-01", "shard-02"], "\(left)")
        #expect(try IndexWriter(path: folders[0]).needsRepair == false)
        let sharded = try LocalIndex(configuration: ws.index.configuration, path: folders[0])
        for query in ["harbour", "grain AND storm", "\"talks with france\"", "r2r", "w2x", "id:wire-2", "country:france"] {
            // Every match, copies uncollapsed: these generated articles tie often, and Xapian breaks ties (and
            // picks a story's shown copy) by document number, which differs between the layouts.
            var params = SearchParams(query: query, limit: 2_000, facets: ["actor", "country"], facetLimit: 100,
                                      snippets: false)
            params.collapse = false
            let whole = try ws.index.search(params), split = try sharded.search(params)
            #expect(whole.total == split.total, "\(query)")
            #expect(whole.hits.map(\.score) == split.hits.map(\.score), "\(query)")
            let scored = { (hits: [GazetteProtocol.SearchHit]) in hits.map { "\($0.score) \($0.id)" }.sorted() }
            #expect(scored(whole.hits) == scored(split.hits), "\(query)")
            #expect(whole.facets == split.facets, "\(query)")
        }
        #expect(try sharded.search(SearchParams(query: "harbour")).total > 100)
        #expect(try sharded.search(SearchParams(query: "r2r")).hits.map(\.id) == ["wire-2"])
    }

    @Test func aSegmentSizeThatIsNotAPositiveNumberIsRefused() throws {
        let ws = try Workspace()
        try ws.write("wire.jsonl", (1...1_100).map(Self.line).joined(separator: "\n") + "\n")
        var options = IndexingOptions(workers: 2)
        options.partBytes = 2_000
        options.segmentArticles = 0
        #expect(throws: ServiceError.self) { try ws.index.index(paths: [ws.corpus], options: options) }
    }
}

/// Everything a build writes, keyed by article id (document numbers differ
/// between builds), with stories as the groups of ids that share one: which
/// copy names a story depends on which thread wrote it first.
struct IndexContents {
    var data: [String: [UInt8]] = [:]
    /// Each term (but stories') with the ids of the articles that have it.
    var postings: [String: Set<String>] = [:]
    /// Each slot Gazette writes (but the story's) with each id's value.
    var values: [UInt32: [String: [UInt8]]] = [:]
    var stories: Set<Set<String>> = []
    /// All but the time of the last commit.
    var metadata: [String: String] = [:]

    init(path: String) throws {
        let database = try XapianDatabase.open(path: path)
        let idPrefix = Schema.idTerm("")
        var ids: [UInt32: String] = [:]
        for term in try database.terms(prefix: idPrefix) {
            for docid in try database.postings(term) { ids[docid] = String(term.dropFirst(idPrefix.count)) }
        }
        let id = { (docid: UInt32) in ids[docid] ?? "document \(docid) without an id" }
        for (docid, article) in ids { data[article] = try database.documentData(docid) }
        for term in try database.terms(prefix: "") where !term.hasPrefix(Schema.story.prefix) {
            postings[term] = Set(try database.postings(term).map(id))
        }
        let storySlot = Schema.story.slot!
        for slot in Set(Schema.fields.flatMap(\.slots)) where slot != storySlot {
            let pairs = try database.values(slot: slot)
            if !pairs.isEmpty { values[slot] = Dictionary(uniqueKeysWithValues: pairs.map { (id($0.docid), $0.value) }) }
        }
        var groups: [[UInt8]: Set<String>] = [:]
        for (docid, value) in try database.values(slot: storySlot) { groups[value, default: []].insert(id(docid)) }
        stories = Set(groups.values)
        for key in try database.metadataKeys(prefix: "") where key != Schema.lastCommitKey {
            metadata[key] = try database.metadata(key)
        }
    }
}
