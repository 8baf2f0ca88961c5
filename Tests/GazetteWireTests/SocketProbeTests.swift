#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteWire
import Testing

@Suite struct SocketProbeTests {
    let folder = NSTemporaryDirectory() + "gzw-\(UUID().uuidString.prefix(8))"

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A Unix socket bound at `path`; listening when asked. Returns its descriptor.
    func bind(_ path: String, listening: Bool) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind: \(String(cString: strerror(errno)))")
        if listening { try #require(listen(fd, 4) == 0) }
        return fd
    }

    @Test func aListeningSocketAnswers() throws {
        let path = folder + "/live.sock"
        let fd = try bind(path, listening: true)
        defer { close(fd); try? FileManager.default.removeItem(atPath: folder) }
        #expect(SocketProbe.isListening(socketPath: path))
    }

    @Test func aStaleSocketFileAMissingPathAndAPlainFileDoNot() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stale = folder + "/stale.sock"
        close(try bind(stale, listening: false))
        #expect(FileManager.default.fileExists(atPath: stale))
        #expect(!SocketProbe.isListening(socketPath: stale))
        #expect(!SocketProbe.isListening(socketPath: folder + "/missing.sock"))
        let plain = folder + "/plain.txt"
        try Data("not a socket".utf8).write(to: URL(fileURLWithPath: plain))
        #expect(!SocketProbe.isListening(socketPath: plain))
    }

    @Test func aPathTooLongForASocketAddressIsNotProbed() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // sun_path holds 108 bytes; a file may exist at a longer path all the same.
        var deep = folder
        while deep.utf8.count < 120 { deep += "/deeper" }
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        let path = deep + "/gazetted.sock"
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(!SocketProbe.isListening(socketPath: path))
    }

    /// A probe that finds nothing closes its descriptor once: a second close
    /// would take the file another thread has just opened under that number.
    @Test func aFailedProbeNeverClosesAnotherThreadsFile() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let missing = folder + "/missing.sock"
        let lost = SharedTally()
        let opener = Thread {
            while !lost.stopped {
                let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                for _ in 0..<20 where fcntl(fd, F_GETFD) == -1 { lost.add() }
                close(fd)
            }
            lost.finish()
        }
        opener.start()
        for _ in 0..<20_000 { _ = SocketProbe.isListening(socketPath: missing) }
        lost.stop()
        lost.waitUntilFinished()
        #expect(lost.count == 0, "another thread's descriptor was closed \(lost.count) times")
    }
}

/// Counts, with a stop flag, shared by two threads.
final class SharedTally: @unchecked Sendable {
    private let lock = NSCondition()
    private var value = 0
    private var stopping = false
    private var finished = false

    var stopped: Bool { lock.withLock { stopping } }
    var count: Int { lock.withLock { value } }
    func add() { lock.withLock { value += 1 } }
    func stop() { lock.withLock { stopping = true } }
    func finish() { lock.withLock { finished = true; lock.broadcast() } }
    func waitUntilFinished() { lock.withLock { while !finished { lock.wait() } } }
}
