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
}
