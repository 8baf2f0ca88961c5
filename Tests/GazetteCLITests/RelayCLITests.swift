import Foundation
import Testing

/// `gazette` is the small program: it answers what gazetted serves itself and
/// hands everything else to gazette-full beside it. Each test compares it
/// with gazette-full run on the same arguments: same stdout, stderr and status.
@Suite(.serialized) struct RelayCLITests {
    /// A folder holding a copy of `gazette` and nothing else: what it does
    /// there, it did without gazette-full.
    static func lonelyGazette() throws -> String {
        let folder = try temporaryFolder("alone")
        try FileManager.default.copyItem(atPath: Binaries.products + "/gazette", toPath: folder + "/gazette")
        return folder + "/gazette"
    }

    static func expectSame(_ small: Run, _ full: Run, _ arguments: [String]) {
        #expect(small.status == full.status, "\(arguments): \(small.stderr) / \(full.stderr)")
        #expect(withoutTimes(small.stdout) == withoutTimes(full.stdout), "\(arguments)")
        #expect(small.stderr == full.stderr, "\(arguments)")
    }

    /// Output with the time a search took (JSON Lines' summary) left out: it differs between any two runs.
    static func withoutTimes(_ output: String) -> String {
        output.replacingOccurrences(of: #""elapsed":\{[^}]*\}"#, with: #""elapsed":{}"#, options: .regularExpression)
    }

    @Test func theSmallGazetteAnswersThroughTheDaemonByItselfAsGazetteFullDoes() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let indexed = try run(["index", "seeds"], environment: daemon.environment)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let listed = try run(["search", "concert", "--format", "json"], environment: daemon.environment)
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let hits = try #require(reply["hits"] as? [[String: Any]])
        let id = try #require(hits.first?["id"] as? String)
        let alone = try Self.lonelyGazette()
        defer { try? FileManager.default.removeItem(atPath: (alone as NSString).deletingLastPathComponent) }
        let commands: [[String]] = [
            ["search", "concert hall"],
            ["search", "concert", "hall", "--limit", "3"],
            ["search", #""concert hall""#, "--format", "json"],
            ["search", "moscow", "--format=jsonl", "--limit", "1"],
            ["search", "moscow", "--format", "vimgrep", "--sort", "date"],
            ["search", "moscow", "--facet", "country", "--facet", "actor", "--no-snippets", "--color", "always"],
            ["search", "wordthatmatchesnothing"],
            ["similar", id, "--format", "json"],
            ["show", id],
            ["show", id, "--format", "json"],
            ["facets", "country"],
            ["facets", "actor", "concert", "--format", "json", "--limit", "3"],
            ["facets", "country", "concert", "OR", "moscow"],
            ["search", "moscow", "--socket", daemon.socket],
        ]
        for arguments in commands {
            let small = try runBinary(alone, arguments, environment: daemon.environment)
            let full = try runBinary("gazette-full", arguments, environment: daemon.environment)
            #expect(small.stderr.isEmpty, "\(arguments): \(small.stderr)")
            Self.expectSame(small, full, arguments)
        }
        // The status alike but for the daemon's uptime, which moves between the two runs.
        func status(_ binary: String) throws -> NSDictionary {
            let status = try runBinary(binary, ["status", "--format", "json"], environment: daemon.environment)
            #expect(status.status == 0, "\(status.stderr)")
            var object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            #expect(object.removeValue(forKey: "uptime") != nil)
            return object as NSDictionary
        }
        #expect(try status(alone) == status("gazette-full"))
    }

    @Test func whatTheDaemonDoesNotAnswerGazetteFullDoesWithTheSameOutput() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        _ = try run(["index", "seeds"], environment: daemon.environment)
        let commands: [[String]] = [
            ["show", "no/such/article.txt"],
            ["search", "concert", "--limit", "0"],
            ["search", "concert", "--limit", "x"],
            ["search", "concert", "--limit", "2", "--limit", "3"],
            ["search", "concert", "--format", "xml"],
            ["facets", "nonsense"],
            ["status", "--format", "vimgrep"],
            ["search", "--help"],
            ["--version"],
            ["search"],
            ["search", "concert", "--index", daemon.index],
        ]
        for arguments in commands {
            Self.expectSame(try run(arguments, environment: daemon.environment),
                            try runBinary("gazette-full", arguments, environment: daemon.environment), arguments)
        }
    }

    @Test func withoutADaemonTheSmallGazetteRunsGazetteFull() throws {
        let daemon = try DaemonProcess()  // never started: its socket has no daemon
        _ = try run(["index", "seeds", "--index", daemon.index], environment: daemon.environment)
        let commands: [[String]] = [
            ["search", "concert hall"],
            ["search", "concert", "--format", "jsonl"],
            ["status"],
            ["search", "concert", "--socket", daemon.socket],
            ["facets", "country", "--config", daemon.root + "/nowhere"],
        ]
        for arguments in commands {
            let small = try run(arguments, environment: daemon.environment)
            Self.expectSame(small, try runBinary("gazette-full", arguments, environment: daemon.environment), arguments)
        }
        let found = try run(["search", "concert hall"], environment: daemon.environment)
        #expect(found.status == 0 && found.stdout.contains("concert"), "\(found.stderr)")
    }

    @Test func aGazetteWithoutGazetteFullSaysWhatIsMissingInOneLine() throws {
        let alone = try Self.lonelyGazette()
        let folder = (alone as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["XDG_RUNTIME_DIR": folder, "GAZETTE_CONFIG": Binaries.repository + "/Config"]
        for arguments in [["index", "seeds", "--index", folder + "/index"], ["search", "concert", "--index", folder + "/index"]] {
            let missing = try runBinary(alone, arguments, environment: environment)
            #expect(missing.status == 2)
            #expect(missing.stdout.isEmpty)
            #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
            #expect(missing.stderr.contains(folder + "/gazette-full is missing"), "\(missing.stderr)")
            #expect(missing.stderr.contains("swift build --product gazette-full"))
        }
        let version = try runBinary(alone, ["--version"], environment: environment)
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }
}
