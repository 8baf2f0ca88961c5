import Foundation
import GazetteIndex
import Testing

/// A first build written into shards and merged into the index.
@Suite struct ShardedBuildTests {
    @Test func shardsMergeIntoTheIndexAndLeaveNothingBehind() throws {
        let index = try TemporaryIndex()
        do {  // the build, and the lock it holds, end with this block
            let build = try #require(try ShardedBuild.begin(indexPath: index.path, language: "english"))
            // Until it is done, other writers are kept out.
            let locked = #expect(throws: IndexError.self) { try IndexWriter(path: index.path) }
            #expect(locked?.code == .locked)
            try build.openShards(2, inputBytes: 10_000)
            let builder = try DocumentBuilder(language: build.language)
            for i in 0..<10 {
                let prepared = try builder.prepare(article("n\(i)", "Note \(i)", "shared words \(i)"))
                try build.withShard(i % 2) { try $0.replace(prepared) }
            }
            try build.finish()
        }

        let reader = try index.reader()
        #expect(try reader.documentCount() == 10)
        #expect(reader.language == "english")
        #expect(try reader.search(SearchRequest(query: "shared", limit: 20)).total == 10)
        #expect(try reader.article(id: "n7")?.title == "Note 7")
        let left = try FileManager.default.contentsOfDirectory(atPath: index.path)
        #expect(!left.contains { $0.contains("gazette-build") })
        // A populated index is updated through the single writer instead.
        #expect(try ShardedBuild.begin(indexPath: index.path, language: "english") == nil)
    }

    /// Each shard moves on to a new segment when its current one holds
    /// `segmentArticles`; every segment of every shard is merged.
    @Test func shardsWriteInBoundedSegmentsThatAllReachTheIndex() throws {
        let index = try TemporaryIndex()
        do {
            let build = try #require(try ShardedBuild.begin(indexPath: index.path, language: "english"))
            try build.openShards(2, inputBytes: 10_000, segmentArticles: 3)
            let builder = try DocumentBuilder(language: build.language)
            for i in 0..<20 {
                let prepared = try builder.prepare(article("n\(i)", "Note \(i)", "shared words \(i)"))
                try build.segment(forShard: i % 2).replace(prepared)
            }
            // Ten articles a shard, three a segment: four segments each.
            #expect(build.segmentCount == 8)
            var counts: [Int] = []
            try build.forEachSegment { counts.append(try $0.documentCount()) }
            #expect(counts.sorted() == [1, 1, 3, 3, 3, 3, 3, 3])
            try build.finish()
        }
        let reader = try index.reader()
        #expect(try reader.documentCount() == 20)
        #expect(try reader.search(SearchRequest(query: "shared", limit: 30)).total == 20)
        #expect(try reader.article(id: "n19")?.title == "Note 19")
        #expect(try reader.article(id: "n0")?.title == "Note 0")
    }

    @Test func aSegmentMustHoldAnArticle() throws {
        let index = try TemporaryIndex()
        let build = try #require(try ShardedBuild.begin(indexPath: index.path, language: "english"))
        let error = #expect(throws: IndexError.self) { try build.openShards(2, inputBytes: 10_000, segmentArticles: 0) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func theMergedIndexHoldsSpellingDataForEveryShardsWords() throws {
        let index = try TemporaryIndex()
        do {
            let build = try #require(try ShardedBuild.begin(indexPath: index.path, language: "english"))
            try build.openShards(2, inputBytes: 10_000)
            let builder = try DocumentBuilder(language: build.language)
            // "putin" only in one shard, "ukraine" only in the other.
            for i in 0..<6 {
                let prepared = try builder.prepare(i % 2 == 0
                    ? article("p\(i)", "Putin speaks \(i)", "President Putin gave a speech.")
                    : article("u\(i)", "Grain \(i)", "Ukraine shipped grain."))
                try build.withShard(i % 2) { try $0.replace(prepared) }
            }
            try build.finish()
        }
        let reader = try index.reader()
        #expect(try reader.search(SearchRequest(query: "putn ukrane")).reading.correctedQuery == "putin ukraine")
        #expect(try reader.search(SearchRequest(query: "presdent")).reading.correctedQuery == "president")
        #expect(try reader.search(SearchRequest(query: "putin ukraine")).reading.correctedQuery == nil)
    }

    /// Spelling counts are of the whole build, not of one segment: a word
    /// spread thinly over many segments outranks one packed into a single
    /// segment when it is the more frequent overall.
    @Test func spellingCountsAddUpAcrossSegments() throws {
        let index = try TemporaryIndex()
        do {
            let build = try #require(try ShardedBuild.begin(indexPath: index.path, language: "english"))
            try build.openShards(2, inputBytes: 10_000, segmentArticles: 2)
            let builder = try DocumentBuilder(language: build.language)
            // Shard 0, two articles a segment: "whale" once in each of three segments, "whole" twice in a fourth.
            let bodies = ["A whale surfaced.", "Filler one.", "The whale sang.", "Filler two.", "One whale dived.",
                          "Filler three.", "The whole fleet.", "The whole port."]
            for (i, body) in bodies.enumerated() {
                try build.segment(forShard: 0).replace(try builder.prepare(article("s\(i)", "Note \(i)", body)))
            }
            try build.segment(forShard: 1).replace(try builder.prepare(article("t0", "Other", "Nothing here.")))
            #expect(build.segmentCount == 5)
            try build.finish()
        }
        let reader = try index.reader()
        // One letter from both; "whale" is in three articles, "whole" in two.
        #expect(try reader.search(SearchRequest(query: "whxle")).reading.correctedQuery == "whale")
    }

    /// A first build's writers flush every few hundred articles as they go
    /// (a sharded index's shards would otherwise each hold up to 10,000 in
    /// memory until one commit at the end); writers opened later keep Xapian's default.
    @Test func writersOfAFirstBuildFlushAsTheyGo() throws {
        let articles = Int(ShardedBuild.flushThreshold)! + 50
        var seen: [Bool: Int] = [:]
        for small in [true, false] {
            let index = try TemporaryIndex()
            let writer = small ? try ShardedBuild.withSmallFlushes { try IndexWriter(path: index.path) }
                : try IndexWriter(path: index.path)
            let builder = try DocumentBuilder(language: "english")
            for i in 0..<articles { try writer.replace(try builder.prepare(article("a\(i)", "Note \(i)", "words of note \(i)"))) }
            // Not committed: what another reader sees was flushed on the way.
            seen[small] = try index.reader().documentCount()
            try writer.commit()
        }
        #expect(seen[true]! >= Int(ShardedBuild.flushThreshold)!)
        #expect(seen[false] == 0)
        #expect(getenv("XAPIAN_FLUSH_THRESHOLD") == nil)
    }
}
