import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GazetteIndex
import GazetteProtocol
import GazetteService
import Testing

/// Network namespaces joined to this one by veth pairs: shards served in
/// them are reached over a real interface, not loopback. Needs root and `ip`.
final class NetworkNamespaces {
    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Whether namespaces can be made here (root, `ip`, the kernel allows it).
    static let available: Bool = {
        guard geteuid() == 0, ip != nil else { return false }
        let name = "gzprobe\(getpid() % 100_000)"
        guard run(["netns", "add", name]) else { return false }
        _ = run(["netns", "del", name])
        return true
    }()

    let names: [String]
    /// The address of the namespace's end of each veth pair.
    let addresses: [String]

    init(count: Int) throws {
        let tag = getpid() % 100_000
        let subnet = 200 + Int(tag % 50)
        var names: [String] = []
        var addresses: [String] = []
        for n in 0..<count {
            let name = "gz\(tag)n\(n)"
            let host = "gz\(tag)h\(n)"
            let peer = "gz\(tag)p\(n)"
            names.append(name)
            addresses.append("10.\(subnet).\(n).2")
            for step in [["netns", "add", name],
                         ["link", "add", host, "type", "veth", "peer", "name", peer, "netns", name],
                         ["addr", "add", "10.\(subnet).\(n).1/30", "dev", host], ["link", "set", host, "up"],
                         ["-n", name, "addr", "add", "10.\(subnet).\(n).2/30", "dev", peer],
                         ["-n", name, "link", "set", peer, "up"], ["-n", name, "link", "set", "lo", "up"]] {
                guard Self.run(step) else {
                    self.names = names
                    self.addresses = addresses
                    remove()
                    throw ShardServer.Failure("ip \(step.joined(separator: " ")) failed")
                }
            }
        }
        self.names = names
        self.addresses = addresses
    }

    deinit { remove() }

    /// Deleting a namespace deletes its end of the veth pair, and so the pair.
    func remove() {
        for name in names { _ = Self.run(["netns", "del", name]) }
    }

    /// The prefix that runs a command inside namespace `index`.
    func exec(_ index: Int) -> [String] { [Self.ip!, "netns", "exec", names[index]] }

    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
        guard let ip else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

@Suite(.serialized) struct NamespaceShardTests {
    @Test(.enabled(if: NetworkNamespaces.available, "needs root and ip netns"))
    func shardsInOtherNetworkNamespacesAnswerAsTheWholeIndex() throws {
        let ws = try Workspace()
        try ShardTests.copyCorpus(into: ws, count: 40)
        _ = try ws.index.index(paths: [ws.corpus])
        let spaces = try NetworkNamespaces(count: 3)
        defer { spaces.remove() }
        let servers = try (0..<3).map {
            try ShardServer(folder: ws.root + "/served/shard-\($0)", writable: true, address: spaces.addresses[$0],
                            prefix: spaces.exec($0))
        }
        defer { servers.forEach { $0.stop() } }
        let stub = ws.root + "/remote.stub"
        try (servers.map(\.stubLine).joined(separator: "\n") + "\n").write(toFile: stub, atomically: true, encoding: .utf8)
        let remote = try ShardTests.local(ws, at: stub, timeouts: RemoteTimeouts(timeoutMilliseconds: 700, connectMilliseconds: 700))
        _ = try remote.index(paths: [ws.corpus])
        try ShardTests.expectSameAnswers(ws.index, remote)

        servers[0].stop()
        let partial = try remote.search(SearchParams(query: "company", allowPartial: true))
        #expect(partial.missingShards == [servers[0].name])
    }
}
