#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import Testing

@Suite(.serialized) struct CrashSafetyTests {
    static let bbc = Binaries.shared + "/corpora/bbc"

    /// Every article file under the BBC folder, with its headline.
    func corpusTitles() throws -> [(id: String, title: String)] {
        try ArticleFiles.walk(root: Self.bbc).files.map { file in
            let parsed = try ArticleParser.parse(bytes: try ArticleFiles.readBytes(file.path), format: file.format,
                                                 fileID: "bbc/" + file.relativePath)
            return ("bbc/" + file.relativePath, parsed.articles[0].title)
        }
    }

    func documentCount(_ index: String) throws -> Int? {
        let status = try run(["status", "--index", index, "--format", "json"])
        guard status.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] else { return nil }
        return object["documents"] as? Int
    }

    func startIndexing(_ index: String, extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.products + "/gazette")
        process.arguments = ["index", Self.bbc, "--index", index, "--quiet"] + extra
        process.currentDirectoryURL = URL(fileURLWithPath: Binaries.repository)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }

    @Test func aKilledRunLeavesAUsableIndexAndTheNextRunCompletesIt() throws {
        let folder = try temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = folder + "/index"
        let expected = try corpusTitles()

        let process = try startIndexing(index, extra: ["--workers", "1", "--commit-every", "100"])
        var seen = 0
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if let count = try documentCount(index), count > 0 {
                seen = count
                break
            }
            usleep(30_000)
        }
        let killedMidway = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidway, "the run finished before it could be killed")
        #expect(seen > 0 && seen < expected.count)

        // The interrupted index opens and answers.
        let partial = try run(["search", "the", "--index", index, "--limit", "1"])
        #expect(partial.status == 0)
        #expect(try documentCount(index) ?? 0 < expected.count)

        // The next run finishes the work: exactly the files on disk, each findable by its title.
        let rerun = try run(["index", Self.bbc, "--index", index], timeout: 300)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try documentCount(index) == expected.count)
        let gazetteer = try Gazetteer.load(directory: Binaries.repository + "/Config")
        let reader = try IndexReader(path: index, gazetteer: gazetteer)
        var missing: [String] = []
        for (id, title) in expected {
            // Inside a quoted phrase the parser splits words as the indexer did; every copy of a story is listed.
            let words = title.replacingOccurrences(of: "\"", with: " ")
            let result = try reader.search(SearchRequest(query: "title:\"\(words)\"", limit: 50, snippets: false,
                                                         collapse: false))
            if !result.hits.contains(where: { $0.article.id == id }) { missing.append(id) }
        }
        #expect(missing.isEmpty, "not findable by title: \(missing.prefix(10))")
    }

    @Test func twoWritersNeverCorruptTheIndex() throws {
        let folder = try temporaryFolder("writers")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = folder + "/index"
        let expected = ArticleFiles.walk(root: Self.bbc).files.count
        let first = try startIndexing(index, extra: ["--workers", "1"])
        // Start the second once the first holds the lock.
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: index + "/flintlock") && Date() < deadline { usleep(5_000) }
        let second = try run(["index", Self.bbc, "--index", index])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.status == 2)
        #expect(second.stderr.contains("locked by another process"))
        #expect(second.stderr.contains("gazette"))  // the holder is named
        #expect(try documentCount(index) == expected)
        let again = try run(["index", Self.bbc, "--index", index])
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("indexed 0, unchanged \(expected), failed 0"))
    }
}
