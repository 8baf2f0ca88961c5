import Foundation
import GazetteFrontend
import GazetteLSP
import GazetteProtocol
import GazetteService

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

/// Articles written for these tests (never copied from a corpus), indexed
/// into a scratch index that the server reads directly.
final class Corpus: @unchecked Sendable {
    let folder: String
    let index: String
    let session: Session

    static let articles: [String: String] = [
        "kremlin.txt": """
            Putin Meets Xi in Moscow

            Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow on Tuesday.
            Vladimir Putin said Russia and China would deepen their trade ties despite sanctions.
            """,
        "grain.txt": """
            Grain Talks Stall Again

            Turkey's President Recep Tayyip Erdogan urged Vladimir Putin to revive the grain corridor with Ukraine.
            Officials in Kyiv said Ukraine was ready to ship wheat from Odesa within days.
            """,
        "summit.md": """
            # Macron Hosts Ukraine Summit

            French President Emmanuel Macron hosted European leaders in Paris on Monday.
            France pledged new aid to Ukraine, and Macron said Vladimir Putin must withdraw his troops.
            """,
        "ceasefire.txt": """
            Émigrés Watch the Border

            Émigrés 🚀 said the ceasefire held overnight, and nobody on the Georgian side fired.
            """,
    ]

    init() throws {
        folder = NSTemporaryDirectory() + "gazette-lsp-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder + "/articles", withIntermediateDirectories: true)
        for (name, text) in Self.articles {
            try (text + "\n").write(toFile: folder + "/articles/" + name, atomically: true, encoding: .utf8)
        }
        index = folder + "/index"
        session = try Session(configDirectory: Paths.repository + "/Config", index: index)
        let report = try session.localIndex().index(paths: [folder + "/articles"])
        guard report.failed == 0, report.articles == Self.articles.count else {
            throw TestFailure(description: "indexing the test corpus: \(report.summary)")
        }
    }

    func path(_ name: String) -> String { folder + "/articles/" + name }
    func uri(_ name: String) -> String { URL(fileURLWithPath: path(name)).absoluteString }

    /// What the index says directly, to check the server's answers against.
    func search(_ query: String, facets: [String]? = nil) async throws -> SearchResponse {
        try await Backend.search(SearchParams(query: query, limit: 0, facets: facets, facetLimit: 100, snippets: false),
                                 session: session)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Collects what the server writes, one message body at a time.
final class MemorySink: MessageSink, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [[UInt8]] = []

    func send(_ body: [UInt8]) -> Bool {
        lock.withLock { bodies.append(body) }
        return true
    }

    var messages: [[String: Any]] {
        lock.withLock { bodies }.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    var count: Int { lock.withLock { bodies.count } }

    /// The bodies as sent, for what a JSON reader would change (an id of 1e400).
    var raw: [[UInt8]] { lock.withLock { bodies } }
}

/// A language server running in this process, fed message by message.
final class Harness: @unchecked Sendable {
    let sink = MemorySink()
    let logs = LogLines()
    private let continuation: AsyncStream<Frame>.Continuation
    private let task: Task<Int32, Never>
    private var nextID = 1

    init(source: ArticleSource) {
        let (frames, continuation) = AsyncStream.makeStream(of: Frame.self)
        self.continuation = continuation
        let server = LanguageServer(source: source, sink: sink) { [logs] in logs.append($0) }
        nonisolated(unsafe) let unsafeServer = server
        task = Task { await unsafeServer.run(frames: frames) }
    }

    convenience init(corpus: Corpus) {
        self.init(source: SessionSource(session: corpus.session))
    }

    func send(_ message: [String: Any]) throws {
        continuation.yield(.message(Array(try JSONSerialization.data(withJSONObject: message))))
    }

    func sendRaw(_ frame: Frame) {
        continuation.yield(frame)
    }

    func notify(_ method: String, _ params: [String: Any] = [:]) throws {
        try send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    /// Sends a request and waits (60 s at most) for the reply with its id.
    func request(_ method: String, _ params: [String: Any]? = nil) async throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        try send(message)
        return try await reply(to: id)
    }

    func reply(to id: Int) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let found = sink.messages.first(where: { ($0["id"] as? Int) == id }) { return found }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        throw TestFailure(description: "no reply to request \(id) within 60 s; got \(sink.messages)")
    }

    func initialize(_ capabilities: [String: Any] = [:]) async throws -> [String: Any] {
        let reply = try await request("initialize", ["processId": NSNull(), "rootUri": NSNull(), "capabilities": capabilities])
        try notify("initialized")
        return reply
    }

    /// Ends the input and returns the server's exit status (60 s at most).
    func end() async throws -> Int32 {
        continuation.yield(.end)
        continuation.finish()
        return try await status()
    }

    /// The exit status, once the server stops; a server still running after
    /// 60 s is cancelled and the test fails.
    func status() async throws -> Int32 {
        let task = self.task
        let watchdog = Task {
            try await Task.sleep(nanoseconds: 60_000_000_000)
            task.cancel()
        }
        let status = await task.value
        watchdog.cancel()
        if task.isCancelled { throw TestFailure(description: "the server did not stop within 60 s") }
        return status
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Bytes handed out a few at a time, as a pipe might.
final class ChunkedSource: ByteSource, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]
    private let chunk: Int

    init(_ bytes: [UInt8], chunk: Int = 3) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(maxBytes: Int) -> [UInt8]? {
        lock.withLock {
            guard !bytes.isEmpty else { return nil }
            let n = min(chunk, maxBytes, bytes.count)
            defer { bytes.removeFirst(n) }
            return Array(bytes[..<n])
        }
    }
}

func framed(_ body: String) -> [UInt8] {
    Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
}

func frames(_ bytes: [UInt8], chunk: Int = 3) -> [Frame] {
    let reader = FrameReader(source: ChunkedSource(bytes, chunk: chunk))
    var out: [Frame] = []
    for _ in 0..<100 {
        let frame = reader.next()
        out.append(frame)
        if frame == .end { break }
    }
    return out
}
