#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import Testing

/// SIGTERM to a gazetted that is indexing: it stops at the next file,
/// commits what it wrote, answers the request as interrupted and exits,
/// rather than finishing the whole run first. Nothing is lost or half
/// written: the index opens, and a refresh completes it.
@Suite(.serialized) struct DaemonShutdownTests {
    /// 510 articles: long enough to index that a stop lands mid-run, short enough to complete in a test.
    static let business = Binaries.shared + "/corpora/bbc/business"

    func documents(_ environment: [String: String], index: String? = nil) throws -> Int? {
        let status = try run(["status", "--format", "json"] + (index.map { ["--index", $0] } ?? []), environment: environment)
        guard status.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] else { return nil }
        return object["documents"] as? Int
    }

    @Test func sigtermStopsAnIndexRunAtTheNextFileAndARefreshCompletesIt() throws {
        let expected = ArticleFiles.walk(root: Self.business).files.map { "business/" + $0.relativePath }
        let daemon = try DaemonProcess()
        try daemon.start(arguments: ["--log-level", "debug"])
        // The client asks the daemon to index the folder, which takes it seconds.
        let client = Process()
        client.executableURL = URL(fileURLWithPath: Binaries.products + "/gazette")
        client.arguments = ["index", Self.business]
        client.environment = ProcessInfo.processInfo.environment.merging(daemon.environment) { $1 }
        let output = daemon.root + "/client.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        client.standardOutput = FileHandle(forWritingAtPath: output)
        client.standardError = FileHandle(forWritingAtPath: output)
        try client.run()
        defer { if client.isRunning { kill(client.processIdentifier, SIGKILL) } }
        // Once the daemon says it has written a file (its debug log's progress line), it is told to stop.
        let deadline = Date().addingTimeInterval(180)
        while client.isRunning && Date() < deadline,
              !((try? String(contentsOfFile: daemon.log, encoding: .utf8)) ?? "").contains("files=") {
            usleep(20_000)
        }
        #expect(client.isRunning, "the run ended before SIGTERM: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")

        let sent = Date()
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        let stopping = Date().timeIntervalSince(sent)
        client.waitUntilExit()
        let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // Bounded by a file's work and a commit, not by the run (a debug build on a loaded machine is slow).
        #expect(stopping < 20, "gazetted took \(stopping) s to stop")
        #expect(daemon.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        // The request is answered: interrupted, what was done committed, and how to finish.
        #expect(client.terminationStatus == 2, "\(said)")
        #expect(said.contains("indexing interrupted (gazetted is shutting down)"), "\(said)")
        #expect(said.contains("run gazette index again"), "\(said)")
        let committed = try #require(try documents(daemon.environment, index: daemon.index))
        #expect(committed > 0 && committed < expected.count, "\(committed) of \(expected.count) committed")

        // A new daemon starts on the same index (no stale lock), and a refresh through it completes the run.
        try daemon.start()
        defer { daemon.stop() }
        let refresh = try run(["index"], environment: daemon.environment, timeout: 600)
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(try documents(daemon.environment) == expected.count)
        // Exactly the files: none lost, none twice, nothing that is not a file.
        let gazetteer = try Gazetteer.load(directory: Binaries.repository + "/Config", lookupOnly: true)
        let reader = try IndexReader(path: daemon.index, gazetteer: gazetteer)
        #expect(try reader.documentCount() == expected.count)
        let missing = try expected.filter { try reader.article(id: $0) == nil }
        #expect(missing.isEmpty, "not in the index: \(missing.prefix(10))")
    }
}
