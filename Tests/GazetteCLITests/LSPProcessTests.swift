#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `gazette lsp` as a child process, fed raw bytes on stdin.
final class LSPProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var stdout: [UInt8] = []
    private var stderrBytes: [UInt8] = []
    private let group = DispatchGroup()

    init(_ arguments: [String], environment: [String: String] = [:], cwd: String) throws {
        process.executableURL = URL(fileURLWithPath: Binaries.products + "/gazette")
        process.arguments = ["lsp"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        for (pipe, isOut) in [(output, true), (errors, false)] {
            group.enter()
            DispatchQueue.global().async { [self] in
                while true {
                    let data = pipe.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    lock.withLock { if isOut { stdout += data } else { stderrBytes += data } }
                }
                group.leave()
            }
        }
    }

    func send(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes))
    }

    func send(_ message: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: message)
        send(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body))
    }

    func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// The messages written so far; fails on anything on stdout that is not a frame.
    func messages() throws -> [[String: Any]] {
        var bytes = lock.withLock { stdout }[...]
        var out: [[String: Any]] = []
        while !bytes.isEmpty {
            let header = Array("Content-Length: ".utf8)
            guard bytes.starts(with: header), let end = bytes.firstIndex(of: 0x0D),
                  let length = Int(String(decoding: bytes[(bytes.startIndex + header.count)..<end], as: UTF8.self)),
                  bytes[end...].starts(with: [0x0D, 0x0A, 0x0D, 0x0A]) else {
                throw EditorTestFailure("stdout holds something other than frames: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
            }
            let body = bytes[(end + 4)...]
            guard body.count >= length else { break }  // still arriving
            out.append(try #require(try JSONSerialization.jsonObject(with: Data(body.prefix(length))) as? [String: Any]))
            bytes = body.dropFirst(length)
        }
        return out
    }

    /// Waits (60 s at most) until `count` messages have been written.
    func waitForMessages(_ count: Int) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let got = try messages()
            if got.count >= count { return got }
            usleep(10_000)
        }
        throw EditorTestFailure("expected \(count) messages within 60 s, got \(try messages()); stderr: \(stderr)")
    }

    /// The exit status; a process still running after 60 s is killed and the test fails.
    func wait() throws -> Int32 {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw EditorTestFailure("gazette lsp did not exit within 60 s; stderr: \(stderr)")
        }
        _ = group.wait(timeout: .now() + 30)
        return process.terminationStatus
    }

    var stderr: String { String(decoding: lock.withLock { stderrBytes }, as: UTF8.self) }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

func code(_ message: [String: Any]) -> Int? {
    (message["error"] as? [String: Any])?["code"] as? Int
}

@Suite(.serialized, .timeLimit(.minutes(3))) struct LSPProcessTests {
    let corpus: EditorCorpus

    init() throws {
        corpus = try EditorCorpus(name: "lsp")
    }

    func start(_ arguments: [String]? = nil, environment: [String: String]? = nil) throws -> LSPProcess {
        try LSPProcess(arguments ?? ["--index", corpus.index], environment: environment ?? corpus.environment, cwd: corpus.folder)
    }

    func initialize(_ server: LSPProcess) throws {
        try server.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        try server.send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
    }

    @Test func itAnswersEachRequestWhileItsInputStaysOpen() throws {
        let server = try start()
        try initialize(server)
        let first = try server.waitForMessages(1)
        #expect(first[0]["id"] as? Int == 1)
        #expect(((first[0]["result"] as? [String: Any])?["serverInfo"] as? [String: Any])?["name"] as? String == "gazette")
        try server.send(["jsonrpc": "2.0", "id": 2, "method": "workspace/symbol", "params": ["query": #""port of rotterdam""#]])
        let second = try server.waitForMessages(2)
        let symbols = try #require(second[1]["result"] as? [[String: Any]])
        #expect(symbols.count == 1)
        let location = try #require(symbols.first?["location"] as? [String: Any])
        #expect(location["uri"] as? String == URL(fileURLWithPath: corpus.articles + "/harbour.txt").absoluteString)
        // Line 4 of the file; "  \t" comes before "The port": 3 + 4 UTF-16 units.
        #expect(location["range"] as? NSDictionary == ["start": ["line": 3, "character": 7],
                                                       "end": ["line": 3, "character": 24]] as NSDictionary)
        try server.send(["jsonrpc": "2.0", "id": 3, "method": "shutdown"])
        try server.send(["jsonrpc": "2.0", "method": "exit"])
        #expect(try server.wait() == 0)
        #expect(try server.messages().count == 3)
        #expect(server.stderr.contains("gazette lsp: initialized; answering from the index at \(corpus.index)"))
    }

    @Test func malformedFramesGetErrorsAndTheServerCarriesOn() throws {
        let server = try start()
        try initialize(server)
        let request = #"{"jsonrpc":"2.0","id":5,"method":"workspace/symbol","params":{"query":"lighthouse"}}"#
        server.send(Array("Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}".utf8))
        server.send(Array("Content-Length: 12\r\n\r\n".utf8) + Array(request.utf8))  // too short
        server.send(Array("Content-Length: 11\r\n\r\n{\"id\": [3}\n".utf8))  // not JSON
        server.send(Array("Content-Length: 4\r\n\r\n".utf8) + [0x22, 0xC3, 0x28, 0x22])  // not UTF-8
        server.send(Array("Content-Length: \(request.utf8.count)\r\n\r\n\(request)".utf8))
        try server.send(["jsonrpc": "2.0", "id": 6, "method": "textDocument/formatting", "params": [:]])
        try server.send(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 5]])
        try server.send(["jsonrpc": "2.0", "method": "gazette/unknownNotification"])
        let replies = try server.waitForMessages(7)
        #expect(replies.count == 7)
        #expect(replies[0]["id"] as? Int == 1)
        #expect(replies[1...4].map { code($0) } == [-32700, -32700, -32700, -32700])
        #expect(replies[1...4].allSatisfy { $0["id"] is NSNull })
        #expect((replies[5]["result"] as? [[String: Any]])?.first?["name"] as? String == "Lighthouse Keeper Retires")
        #expect(code(replies[6]) == -32601)
        #expect(replies[6]["id"] as? Int == 6)
        // A Content-Length longer than what follows, then the end of input: no hang, and
        // no shutdown was asked for, so the status is 1.
        server.send(Array("Content-Length: 500\r\n\r\n{\"jsonrpc\":".utf8))
        try server.closeInput()
        #expect(try server.wait() == 1)
        #expect(try server.messages().count == 8)
        #expect(code(try server.messages()[7]) == -32700)
        #expect(server.stderr.contains("malformed message: a message without a Content-Length header"))
    }

    @Test func exitBeforeShutdownEndsWithOne() throws {
        let server = try start()
        try initialize(server)
        try server.send(["jsonrpc": "2.0", "method": "exit"])
        #expect(try server.wait() == 1)
    }

    @Test func theEndOfInputEndsTheServer() throws {
        let server = try start()
        try server.closeInput()
        #expect(try server.wait() == 1)
        #expect(try server.messages().isEmpty)
        let polite = try start()
        try initialize(polite)
        try polite.send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        _ = try polite.waitForMessages(2)
        try polite.closeInput()
        #expect(try polite.wait() == 0)
    }

    @Test func badOptionsAreRefusedBeforeStarting() throws {
        let both = try run(["lsp", "--index", corpus.index, "--socket", corpus.folder + "/s.sock"], stdin: "")
        #expect(both.status == 2)
        #expect(both.stderr.contains("exclude each other"))
        let limit = try run(["lsp", "--symbol-limit", "0"], stdin: "")
        #expect(limit.status == 2)
        #expect(try run(["lsp", "--help"]).stdout.contains("--symbol-limit"))
    }

    @Test func itTalksToTheDaemonWhenOneRuns() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let indexed = try run(["index", corpus.articles], environment: daemon.environment)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let server = try start([], environment: daemon.environment)
        try initialize(server)
        try server.send(["jsonrpc": "2.0", "id": 2, "method": "workspace/symbol", "params": ["query": "terraces"]])
        let replies = try server.waitForMessages(2)
        let symbol = try #require((replies[1]["result"] as? [[String: Any]])?.first)
        #expect(symbol["name"] as? String == "Café Owners Protest")
        // "In Zürich, café owners protested against the new tax on ": 56 UTF-16 units.
        #expect(((symbol["location"] as? [String: Any])?["range"] as? [String: Any])?["start"] as? NSDictionary
            == ["line": 2, "character": 56] as NSDictionary)
        try server.closeInput()
        _ = try server.wait()
        #expect(server.stderr.contains("answering from gazetted at \(daemon.socket)"))
    }
}
