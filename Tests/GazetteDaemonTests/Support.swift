#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteClient
import GazetteProtocol
@testable import GazetteDaemon
import GazetteService
import Logging
import NIOCore
import ServiceLifecycle

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let shared = (repository as NSString).deletingLastPathComponent + "/shared"
}

/// Runs the in-process daemons' tasks on threads of their own. Swift's
/// cooperative pool has one thread per core, and tests in other suites hold
/// those threads while they wait (for a child process) or compute: on a
/// 2-core machine two such tests kept a daemon here from even starting.
/// With this preference the daemon's connection tasks never wait for them.
final class DaemonExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DaemonExecutor()
    private let threads = WorkerThreads<Void>(count: 4, name: "test-daemon") {}

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        threads.submit { [self] _ in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}

/// Runs blocking work (a socket read, a wait) on a thread of its own, so
/// that a test waiting for the daemon does not hold a thread of the pool.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A gazetted running inside the test process, on a scratch socket and index.
final class RunningDaemon: @unchecked Sendable {
    let root: String
    let socket: String
    let daemon: GazetteDaemon
    let host: IndexHost
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    /// What the daemon logged, when a `logLevel` was given: for a failing test to show.
    let log = LogRecorder()

    /// `root` reuses the folder (and index) of an earlier daemon. Returns once
    /// the daemon listens, or throws why it could not.
    /// `socket` puts the socket elsewhere than the daemon's own folder. The
    /// idle timeout is long: on a loaded machine a test can take a minute to
    /// send its next request (the idle-timeout test sets its own). With
    /// `logLevel`, the daemon's log is kept in `log`.
    init(limits: DaemonLimits = DaemonLimits(idleTimeout: .seconds(600)), root reuse: String? = nil,
         socket: String? = nil, logLevel: Logger.Level? = nil) async throws {
        let root = reuse ?? NSTemporaryDirectory() + "gzd-\(UUID().uuidString.prefix(8))"
        self.root = root
        self.socket = socket ?? root + "/run/gazetted.sock"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let configuration = try GazetteConfiguration.read(configDirectory: Paths.repository + "/Config")
        let local = try LocalIndex(configuration: configuration, path: root + "/index")
        host = try IndexHost(local: local, readers: 3)
        var logger = Logger(label: "test") { [log] _ -> any LogHandler in
            logLevel == nil ? SwiftLogNoOpLogHandler() : log
        }
        if let logLevel { logger.logLevel = logLevel }
        daemon = GazetteDaemon(host: host, socketPath: self.socket, limits: limits, logger: logger)
        group = ServiceGroup(configuration: .init(services: [daemon], logger: logger))
        let group = self.group
        task = Task(executorPreference: DaemonExecutor.shared) { try await group.run() }
        try await daemon.waitUntilListening()
    }

    /// Graceful shutdown, as on SIGTERM; waits until the daemon has stopped.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Keeps every message logged through it, for a test to print when it fails.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let line = "\(event.level) \(event.message) \(fields.joined(separator: " "))"
        lock.withLock { lines.append(line) }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

/// A Unix-socket client for sending exactly the bytes a test wants,
/// including the bad ones. Its blocking calls run off the cooperative pool.
final class RawConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let fd: Int32
    private var pending: [UInt8] = []

    init(_ path: String) async throws {
        fd = try await offThePool { try Self.connect(path) }
    }

    private static func connect(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect: \(String(cString: strerror(errno)))")
        }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    deinit { close(fd) }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        let fd = self.fd
        try await offThePool {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
    }

    /// The next line, or nil when the daemon closed the connection.
    func readLine() async throws -> String? {
        try await offThePool { [self] in try readLineBlocking() }
    }

    private func readLineBlocking() throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &buffer, buffer.count, 0)
            // A daemon that hangs up on bytes it did not read resets the connection: closed all the same.
            if n == 0 || (n < 0 && errno == ECONNRESET) { return nil }
            guard n > 0 else { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
            pending += buffer[..<n]
        }
    }

    /// Sends one request line and reads the reply as JSON.
    func call(_ line: String) async throws -> [String: Any] {
        try await send(line + "\n")
        guard let reply = try await readLine() else { throw Failure(description: "connection closed") }
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] else {
            throw Failure(description: "not an object: \(reply)")
        }
        return object
    }

    func shutdownWriting() { shutdown(fd, Int32(SHUT_WR)) }
}

func errorCode(_ reply: [String: Any]) -> Int? {
    (reply["error"] as? [String: Any])?["code"] as? Int
}

func writeArticle(_ folder: String, _ name: String, _ text: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
}

/// Polls the daemon (at most `seconds`) until `condition` holds for a search.
/// It always asks once more after the deadline: this task may itself have
/// waited past it for a thread while other suites kept the pool busy.
func eventually(_ daemon: RunningDaemon, _ query: String, seconds: Double = 30,
                _ condition: @escaping (SearchResponse) -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        let late = Date() >= deadline
        let response = try await DaemonClient.withConnection(socketPath: daemon.socket) { c throws(ClientError) in
            // Every article counts: files with one body are copies of one story, collapsed by default.
            try await c.call(SearchMethod.self, SearchParams(query: query, limit: 100, snippets: false, collapse: false))
        }
        if condition(response) { return true }
        if late { return false }
        try await Task.sleep(nanoseconds: 100_000_000)
    }
}
