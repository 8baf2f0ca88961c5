import Foundation
import GazetteService
import Testing

/// Collects batches from a watcher for assertions.
final class BatchLog: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [FolderWatcher.Batch] = []

    func add(_ batch: FolderWatcher.Batch) { lock.withLock { batches.append(batch) } }
    var all: [FolderWatcher.Batch] { lock.withLock { batches } }

    /// Waits (at most `seconds`) until the batches seen so far satisfy `condition`.
    func wait(seconds: Double = 30, until condition: ([FolderWatcher.Batch]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(all) { return true }
            usleep(20_000)
        }
        return condition(all)
    }
}

@Suite(.serialized) struct FolderWatcherTests {
    @Test func reportsWritesDeletesRenamesAndNewSubfolders() throws {
        let root = NSTemporaryDirectory() + "gazette-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = BatchLog()
        let watcher = try FolderWatcher(quiet: 0.1, maxDelay: 1) { log.add($0) }
        defer { watcher.stop() }
        #expect(watcher.watch(root).isEmpty)
        #expect(watcher.watchedFolders == 2)

        try "A\n\na".write(toFile: root + "/sub/a.txt", atomically: false, encoding: .utf8)
        try "ignored".write(toFile: root + "/notes.pdf", atomically: false, encoding: .utf8)
        try "swap".write(toFile: root + "/.a.txt.swp", atomically: false, encoding: .utf8)
        #expect(log.wait { $0.contains { $0.changed.contains(root + "/sub/a.txt") } })
        #expect(!log.all.contains { $0.changed.contains(root + "/notes.pdf") || $0.changed.contains(root + "/.a.txt.swp") })

        try FileManager.default.moveItem(atPath: root + "/sub/a.txt", toPath: root + "/b.txt")
        #expect(log.wait { batches in
            batches.contains { $0.removed.contains(root + "/sub/a.txt") } && batches.contains { $0.changed.contains(root + "/b.txt") }
        })

        try FileManager.default.createDirectory(atPath: root + "/new/deeper", withIntermediateDirectories: true)
        #expect(log.wait { $0.contains { $0.changed.contains(root + "/new") } })
        #expect(log.wait { _ in watcher.watchedFolders == 4 })
        try "C\n\nc".write(toFile: root + "/new/deeper/c.md", atomically: false, encoding: .utf8)
        #expect(log.wait { $0.contains { $0.changed.contains(root + "/new/deeper/c.md") } })

        try FileManager.default.removeItem(atPath: root + "/b.txt")
        #expect(log.wait { $0.contains { $0.removed.contains(root + "/b.txt") } })
    }

    @Test func aBurstOfWritesArrivesAsFewBatches() throws {
        let root = NSTemporaryDirectory() + "gazette-burst-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = BatchLog()
        let watcher = try FolderWatcher(quiet: 0.3, maxDelay: 1.5) { log.add($0) }
        defer { watcher.stop() }
        watcher.watch(root)
        let started = Date()
        for i in 0..<1000 {
            try "N\(i)\n\ntext".write(toFile: root + "/n\(i).txt", atomically: true, encoding: .utf8)
        }
        let writing = Date().timeIntervalSince(started)
        // Distinct paths: on a loaded machine one file's events can fall into two batches.
        #expect(log.wait(seconds: 60) { batches in Set(batches.flatMap(\.changed)).count == 1000 })
        // A batch closes after 0.3 s of quiet: a loaded machine that stalls
        // this loop that long gets one batch per stall, never one per file.
        let allowed = max(10, Int(writing / 0.3) + 2)
        #expect(log.all.count <= allowed, "\(log.all.count) batches for 1000 files written in \(writing) s")
    }
}
