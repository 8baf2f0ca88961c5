#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A real gazetted process on a scratch runtime folder, index and configuration.
final class DaemonProcess {
    let root: String
    let runtime: String
    let config: String
    let index: String
    /// The running daemon; `start` makes a new one each time (same folders, same index).
    private(set) var process = Process()
    let log: String

    var socket: String { runtime + "/gazette/gazetted.sock" }
    var environment: [String: String] { ["XDG_RUNTIME_DIR": runtime, "GAZETTE_CONFIG": config] }

    init() throws {
        root = try temporaryFolder("daemon")
        runtime = root + "/run"
        config = root + "/Config"
        index = root + "/index"
        log = root + "/gazetted.log"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binaries.repository + "/Config", toPath: config)
        let toml = try String(contentsOfFile: config + "/gazette.toml", encoding: .utf8)
            .replacingOccurrences(of: #"path = "Index""#, with: #"path = "\#(index)""#)
        try toml.write(toFile: config + "/gazette.toml", atomically: true, encoding: .utf8)
    }

    func start(arguments: [String] = []) throws {
        if process.processIdentifier != 0 { process = Process() }
        process.executableURL = URL(fileURLWithPath: Binaries.products + "/gazetted")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        do {
            try waitUntilListening(socket, process: process)
        } catch {
            throw TimedOut(arguments: ["gazetted did not start (\(error)): " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")])
        }
    }

    func stop(signal: Int32 = SIGTERM) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit {
        stop(signal: SIGKILL)
        try? FileManager.default.removeItem(atPath: root)
    }
}

@Suite(.serialized) struct DaemonCLITests {
    @Test func theClientUsesTheDaemonWhenItRunsAndTheIndexWhenNot() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        // No --index, no --socket: the daemon answers, and indexing goes through it.
        let indexed = try run(["index", "seeds"], environment: daemon.environment)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(indexed.stdout.hasPrefix("indexed 1, unchanged 0, failed 0"))
        let status = try run(["status", "--format", "json"], environment: daemon.environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(object["mode"] as? String == "daemon")
        #expect(object["documents"] as? Int == 1)
        let found = try run(["search", #""concert hall""#], environment: daemon.environment)
        #expect(found.status == 0)
        #expect(found.stdout.lowercased().contains("**concert hall**"))
        // --index forces direct access; the daemon holds the write lock, reading is fine.
        let direct = try run(["search", "moscow", "--index", daemon.index], environment: daemon.environment)
        #expect(direct.status == 0)

        daemon.stop()
        #expect(daemon.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        let fallback = try run(["status", "--format", "json"], environment: daemon.environment)
        #expect(fallback.status == 0, "\(fallback.stderr)")
        let after = try #require(try JSONSerialization.jsonObject(with: Data(fallback.stdout.utf8)) as? [String: Any])
        #expect(after["mode"] as? String == "direct")
        #expect(after["documents"] as? Int == 1)
        // --socket insists on the daemon.
        let forced = try run(["status", "--socket", daemon.socket], environment: daemon.environment)
        #expect(forced.status == 2)
        #expect(forced.stderr.contains("no daemon at"))
    }

    @Test func aSecondDaemonOnTheSameSocketExitsWithAClearMessage() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let second = try runBinary("gazetted", ["--index", daemon.root + "/other"], environment: daemon.environment, timeout: 30)
        #expect(second.status == 2)
        #expect(second.stderr.contains("another gazetted is already serving"))
        // A stale socket left by a killed daemon is replaced.
        daemon.stop(signal: SIGKILL)
        #expect(FileManager.default.fileExists(atPath: daemon.socket))
        let replacement = try DaemonProcess()
        defer { replacement.stop() }
        let env = replacement.environment.merging(["XDG_RUNTIME_DIR": daemon.runtime]) { $1 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.products + "/gazetted")
        process.arguments = ["--index", replacement.index]
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer { kill(process.processIdentifier, SIGTERM); process.waitUntilExit() }
        try waitUntilListening(daemon.socket, process: process)
        let status = try run(["status", "--socket", daemon.socket], environment: env)
        #expect(status.status == 0, "\(status.stderr)")
    }

    @Test func nothingCommittedIsLostWhenTheDaemonIsStopped() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let corpus = daemon.root + "/news"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for i in 0..<60 {
            try "Story \(i)\n\nharbour news item \(i)".write(toFile: corpus + "/s\(i).txt", atomically: false, encoding: .utf8)
        }
        let indexed = try run(["index", corpus], environment: daemon.environment)
        #expect(indexed.stdout.hasPrefix("indexed 60"))
        daemon.stop(signal: SIGINT)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        let count = try run(["search", "harbour", "--index", daemon.index, "--format", "json", "--limit", "0"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(count.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 60)
    }
}
