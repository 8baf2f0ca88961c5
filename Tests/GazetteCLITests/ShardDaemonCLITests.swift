#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A shard served by `xapian-tcpsrv --writable` on a loopback port, started
/// and killed by the test. The server says "Listening..." once it is bound;
/// a port taken meanwhile makes it exit, and another is tried.
final class ServedShard {
    let port: Int
    private let process: Process
    var stubLine: String { "remote 127.0.0.1:\(port)" }

    init(folder: String) throws {
        for _ in 0..<10 {
            let port = Int.random(in: 20_000..<60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/xapian-tcpsrv")
            process.arguments = ["--writable", "--port", String(port), "--interface", "127.0.0.1", folder]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Read until it listens, or exits (end of output).
            var seen = ""
            while !seen.contains("Listening") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            if seen.contains("Listening") {
                self.port = port
                self.process = process
                return
            }
            process.waitUntilExit()
        }
        throw TimedOut(arguments: ["xapian-tcpsrv did not start for \(folder)"])
    }

    /// Kills it as a crash would, with the child it forked for each
    /// connection (which would go on serving the daemon's open connections).
    func stop() {
        guard process.isRunning else { return }
        let forked = children()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for child in forked { kill(child, SIGKILL) }
    }

    private func children() -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After the command name: the state, then the parent's id.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == process.processIdentifier
        }
    }

    deinit { stop() }
}

/// gazetted serving a sharded index (two local shards and one behind
/// xapian-tcpsrv) answers search, facets and show over its socket exactly as
/// the shards opened directly do; with the remote shard killed, both fail
/// naming it, or answer from the others with --allow-partial, flagged.
@Suite(.serialized) struct ShardDaemonCLITests {
    static let queries = ["oil", "bank AND rates", "\"interest rates\"", "profit OR loss"]

    func json(_ run: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    @Test func gazettedOnShardsAnswersAsTheShardsOpenedDirectly() throws {
        let daemon = try DaemonProcess()
        let corpus = daemon.root + "/news"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let source = Binaries.shared + "/corpora/bbc/business"
        for name in try FileManager.default.contentsOfDirectory(atPath: source).sorted().prefix(80) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: corpus + "/" + name)
        }
        let built = try run(["index", corpus, "--index", daemon.index, "--shards", "3"], environment: daemon.environment)
        #expect(built.status == 0, "\(built.stderr)")
        // The third shard moves behind xapian-tcpsrv: the stub lists it as remote.
        let server = try ServedShard(folder: daemon.index + "/shard-02")
        defer { server.stop() }
        try "auto shard-00\nauto shard-01\n\(server.stubLine)\n"
            .write(toFile: daemon.index + "/XAPIANDB", atomically: true, encoding: .utf8)
        try daemon.start()

        let served = { (arguments: [String]) throws -> Run in try run(arguments, environment: daemon.environment) }
        let direct = { (arguments: [String]) throws -> Run in
            try run(arguments + ["--index", daemon.index], environment: daemon.environment)
        }
        let status = try json(try served(["status", "--format", "json"]))
        #expect(status["mode"] as? String == "daemon")
        let shards = try #require(status["shards"] as? [[String: Any]])
        #expect(shards.compactMap { $0["name"] as? String }.last == server.stubLine)
        #expect(shards.allSatisfy { $0["answers"] as? Bool == true })
        #expect(status["documents"] as? Int == 80)

        var shown: [String] = []
        for query in Self.queries {
            let arguments = ["search", query, "--format", "json", "--facet", "actor", "--facet", "country"]
            let (a, b) = (try served(arguments), try direct(arguments))
            #expect(a.status == 0, "\(query): \(a.stderr)")
            #expect(a.stdout == b.stdout, "\(query)")
            let hits = try #require(try json(a)["hits"] as? [[String: Any]])
            shown += hits.prefix(2).compactMap { $0["id"] as? String }
            let facets = ["facets", "country", query, "--format", "json"]
            let (c, d) = (try served(facets), try direct(facets))
            #expect(c.status == 0, "\(query): \(c.stderr)")
            #expect(c.stdout == d.stdout, "\(query)")
        }
        #expect(shown.count >= 4)
        for id in Set(shown) {
            let (a, b) = (try served(["show", id, "--format", "json"]), try direct(["show", id, "--format", "json"]))
            #expect(a.status == 0, "\(id): \(a.stderr)")
            #expect(a.stdout == b.stdout, "\(id)")
        }

        // The remote shard dies: an error naming it, or a partial answer that says so, the same both ways.
        server.stop()
        // An article on a local shard, which still answers.
        let home = try #require(try Set(shown).first { try direct(["show", $0, "--allow-partial"]).status == 0 })
        for arguments in [["facets", "country", "oil"], ["show", home], ["search", "oil"]] {
            for answer in [served, direct] {
                let failed = try answer(arguments)
                #expect(failed.status == 2, "\(arguments)")
                #expect(failed.stderr.contains(server.stubLine), "\(arguments): \(failed.stderr)")
            }
            let (a, b) = (try served(arguments + ["--format", "json", "--allow-partial"]),
                          try direct(arguments + ["--format", "json", "--allow-partial"]))
            #expect(a.status == 0, "\(arguments): \(a.stderr)")
            #expect(a.stderr.contains("partial answer: shard \(server.stubLine) did not answer"), "\(arguments)")
            #expect(a.stdout == b.stdout, "\(arguments)")
            let object = try json(a)
            #expect(object["partial"] as? Bool == true, "\(arguments)")
            #expect(object["missing_shards"] as? [String] == [server.stubLine], "\(arguments)")
        }
        daemon.stop()
        #expect(daemon.process.terminationStatus == 0)
    }
}
