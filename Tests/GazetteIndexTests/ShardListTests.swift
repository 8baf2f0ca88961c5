import Foundation
import GazetteIndex
import Testing

/// Reading and writing Xapian stub files, and placing articles on shards.
@Suite struct ShardListTests {
    @Test func stubLinesAreReadAsXapianWritesThem() throws {
        let text = """
            # three shards
            auto shard-00
            glass /srv/news/shard-01
            remote 10.0.0.7:33333
            remote [::1]:4000

            """
        let list = try ShardList.parse(text, stub: "/data/index/XAPIANDB")
        #expect(list.shards == [.local(path: "/data/index/shard-00"), .local(path: "/srv/news/shard-01"),
                                .remote(host: "10.0.0.7", port: 33333), .remote(host: "::1", port: 4000)])
        #expect(list.shards.map(\.description).suffix(2) == ["remote 10.0.0.7:33333", "remote [::1]:4000"])
        #expect(list.isSharded)
        // Written back, local shards inside the folder stay relative so the folder can move.
        let again = try ShardList.parse(ShardList.stubText(list.shards, folder: "/data/index"), stub: "/data/index/XAPIANDB")
        #expect(again.shards == list.shards)
        #expect(ShardList.stubText(list.shards, folder: "/data/index").contains("auto shard-00\n"))
    }

    @Test func badStubLinesAreNamedByLine() {
        for (text, words) in [("remote :xapian-progsrv /srv/db", "runs a program"), ("remote host", "remote HOST:PORT"),
                              ("remote host:0", "remote HOST:PORT"), ("inmemory", "unknown kind 'inmemory'"),
                              ("auto", "needs a database folder"), ("# nothing\n", "lists no shards")] {
            let error = #expect(throws: IndexError.self) { try ShardList.parse(text, stub: "/x/XAPIANDB") }
            #expect(error?.message.contains(words) == true, "\(text)")
        }
    }

    @Test func placementIsStableAndEven() {
        // The hash must never change: re-indexing an article must find it on the shard it was put on.
        #expect(ShardList.shard(for: "seeds/000_e3109c2dbdf02a4d.txt", count: 4) == 3)
        #expect(ShardList.shard(for: "anything", count: 1) == 0)
        var counts = [0, 0, 0, 0]
        for n in 0..<4000 { counts[ShardList.shard(for: "news/\(n).txt", count: 4)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
    }

    @Test func aFolderWithAStubIsTheShardedIndexAndAPlainFolderIsOne() throws {
        let folder = NSTemporaryDirectory() + "gazette-stub-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try ShardList.resolve(folder) == ShardList(shards: [.local(path: folder)], stub: nil))
        let made = try ShardList.create(in: folder, count: 3)
        #expect(made.shards.map(\.description) == (0..<3).map { folder + "/" + ShardList.folderName($0) })
        #expect(try ShardList.resolve(folder) == made)
        #expect(try ShardList.resolve(folder + "/XAPIANDB") == made)
        #expect(throws: IndexError.self) { try ShardList.create(in: folder, count: 0) }
    }
}
