import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `xapian-tcpsrv` serving one shard folder on a free loopback port (or
/// on `address`, run through `prefix`, e.g. `ip netns exec NAME`), started
/// by the test and stopped by it (or at deinit).
final class ShardServer {
    let folder: String
    let address: String
    let port: Int
    private let process: Process

    static let binary = "/usr/bin/xapian-tcpsrv"

    /// Starts the server and waits until it accepts connections. Retries on
    /// another port when the one picked was taken meanwhile.
    init(folder: String, writable: Bool, address: String = "127.0.0.1", prefix: [String] = []) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw Failure("xapian-tcpsrv is missing: install xapian-tools (.ci/setup does)")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.folder = folder
        self.address = address
        for _ in 0..<5 {
            let port = Self.freePort()
            let process = Process()
            var arguments = prefix + [Self.binary, "--port", String(port), "--interface", address, "--quiet"]
            if writable { arguments.append("--writable") }
            arguments.append(folder)
            process.executableURL = URL(fileURLWithPath: prefix.isEmpty ? Self.binary : "/usr/bin/env")
            process.arguments = prefix.isEmpty ? Array(arguments.dropFirst()) : arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline {
                if Self.connects(address: address, port: port) {
                    self.port = port
                    self.process = process
                    return
                }
                usleep(20_000)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        throw Failure("xapian-tcpsrv did not start for \(folder)")
    }

    deinit { stop() }

    /// The stub line for this shard.
    var stubLine: String { "remote \(address):\(port)" }
    /// How Gazette names this shard.
    var name: String { stubLine }

    /// Kills the server as a crash would (a test runner's child may not act on SIGTERM).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the process without closing its sockets: connections hang, as to a host that stopped answering.
    func pause() { kill(process.processIdentifier, SIGSTOP) }

    func resume() { kill(process.processIdentifier, SIGCONT) }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A port the kernel had free a moment ago.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func connects(address: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_addr.s_addr = inet_addr(address)
        target.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
