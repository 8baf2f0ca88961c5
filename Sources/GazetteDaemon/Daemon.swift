#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteProtocol
import GazetteService
import GazetteWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Limits that keep one client from hurting the others.
public struct DaemonLimits: Sendable {
    public var maxLineBytes: Int
    public var idleTimeout: TimeAmount
    public var maxConnections: Int

    public init(maxLineBytes: Int = 1 << 20, idleTimeout: TimeAmount = .seconds(60), maxConnections: Int = 128) {
        self.maxLineBytes = maxLineBytes
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    public init(configuration: GazetteConfiguration) {
        self.init(maxLineBytes: configuration.maxLineBytes,
                  idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)),
                  maxConnections: configuration.maxConnections)
    }
}

/// The kernel's `struct ucred` (pid, uid, gid), as SO_PEERCRED fills it in.
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

/// gazetted: serves one index over a Unix socket, JSON-RPC 2.0, one JSON
/// object per line. Each connection is its own task; a bad client only
/// ever ends its own connection.
public final class GazetteDaemon: Service, @unchecked Sendable {
    public let socketPath: String
    public let host: IndexHost
    let limits: DaemonLimits
    let logger: Logger
    let router: RequestRouter
    private let connections = ConnectionRegistry()
    private let readiness = Readiness()
    private let watcher: RootWatcher?

    /// With `watch`, indexed folders are watched and changes applied as they happen.
    public init(host: IndexHost, socketPath: String, limits: DaemonLimits, logger: Logger, watch: Bool = true) {
        self.host = host
        self.socketPath = socketPath
        self.limits = limits
        self.logger = logger
        let watcher = watch ? RootWatcher(host: host, logger: logger) : nil
        host.alertFailure = { [logger] error in logger.error("checking saved searches failed: \(error)") }
        self.watcher = watcher
        let lastProgress = NIOLockedValueBox(NIODeadline.uptimeNanoseconds(0))
        self.router = RequestRouter(host: host, socketPath: socketPath, onIndexed: {
            await watcher?.watchRoots()
        }, onProgress: { [logger] step in
            // At debug level, a line a second while an index request runs.
            guard logger.logLevel <= .debug else { return }
            let now = NIODeadline.now()
            let due = lastProgress.withLockedValue { last in
                guard now - last >= .seconds(1) || step.done == step.total else { return false }
                last = now
                return true
            }
            if due {
                logger.debug("indexing", metadata: ["files": "\(step.done)/\(step.total)", "articles": "\(step.articles)"])
            }
        })
    }

    /// Checks that the socket can be served here: its folder is private and
    /// no live daemon answers on it (a stale file is removed). Call it before
    /// opening the index, so a second daemon says so rather than "locked".
    public static func claimSocket(_ socketPath: String) throws {
        try SocketFile.prepareFolder(for: socketPath)
        try SocketFile.clearStale(socketPath)
    }

    public func run() async throws {
        do {
            try await serveSocket()
            readiness.settle(.failure(SocketFile.Problem(description: "gazetted stopped before it listened")))
        } catch {
            readiness.settle(.failure(error))
            throw error
        }
    }

    /// Returns once the socket accepts connections; throws what stopped the
    /// daemon first, if it never got that far.
    public func waitUntilListening() async throws {
        try await readiness.wait()
    }

    private func serveSocket() async throws {
        try Self.claimSocket(socketPath)
        let maxLine = limits.maxLineBytes
        // The socket is made 0600 right after binding (the umask is
        // process-wide, so it is left alone); a connection from another user
        // in between is refused by its peer credentials.
        let server: NIOAsyncChannel<NIOAsyncChannel<InboundLine, ByteBuffer>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                // A client may send its requests and close its side (as `nc -U` and
                // `socat` do): it still gets every reply.
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: socketPath) { [router, connections, logger] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LineFrameDecoder(maxLength: maxLine)))
                        try channel.pipeline.syncOperations.addHandler(
                            RequestDispatcher(router: router, connections: connections, logger: logger))
                        return try NIOAsyncChannel<InboundLine, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SocketFile.Problem(description: "cannot listen on \(socketPath): \(error)")
        }
        defer { SocketFile.remove(socketPath) }
        try SocketFile.restrict(socketPath)
        readiness.settle(.success(()))
        logger.info("listening", metadata: ["socket": "\(socketPath)", "index": "\(host.local.path)"])

        let connections = self.connections
        let watcher = self.watcher
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    if let watcher { group.addTask { await watcher.run() } }
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                    watcher?.stop()
                }
            }
        } onGracefulShutdown: { [logger, host] in
            logger.info("shutting down: finishing requests in flight")
            // An index run stops at its next file, commits, and is answered as interrupted.
            host.local.stop.request("gazetted is shutting down")
            connections.drain()
            watcher?.stop()
            server.channel.close(promise: nil)
        }
        host.close()
        logger.info("stopped; index committed")
    }


    // MARK: one connection

    private func serve(_ connection: NIOAsyncChannel<InboundLine, ByteBuffer>) async {
        let channel = connection.channel
        let id = ObjectIdentifier(channel)
        do {
            try await connection.executeThenClose { inbound, outbound in
                let sender = LineSender(outbound)
                let peer: PeerCredentials
                do {
                    peer = try await peerCredentials(channel)
                } catch {
                    logger.warning("refused a connection whose user cannot be checked: \(error)")
                    return
                }
                guard peer.uid == getuid() else {
                    logger.warning("refused a connection from another user", metadata: ["uid": "\(peer.uid)", "pid": "\(peer.pid)"])
                    await sender.send(router.errorLine(nil, .invalidRequest, "refused: gazetted serves only its own user"))
                    return
                }
                guard connections.add(id, channel: channel, limit: limits.maxConnections) else {
                    logger.warning("refused a connection: \(limits.maxConnections) already open")
                    await sender.send(router.errorLine(nil, .indexBusy,
                                                       "too many connections (\(limits.maxConnections)); try again later"))
                    return
                }
                defer { connections.remove(id) }
                // Searches go from the event loop to the readers; the lines they leave come here.
                let dispatcher = try await channel.pipeline.handler(type: RequestDispatcher.self).get()
                dispatcher.start(on: channel.eventLoop)
                var subscription: UUID?
                defer { if let subscription { host.stopObserving(subscription) } }
                var alertSubscription: UUID?
                defer { if let alertSubscription { host.stopObservingAlerts(alertSubscription) } }
                // Notifications go out in revision order through a child task; a
                // client that does not read them keeps only the newest few.
                let (notes, noteQueue) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(16))
                defer { noteQueue.finish() }

                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.watchIdle(id, channel: channel, sender: sender) }
                    for try await frame in inbound {
                        guard connections.begin(id) else { break }
                        switch frame {
                        case let .tooLong(length):
                            logger.notice("closing a connection that sent an over-long line", metadata: ["bytes": "\(length)"])
                            await sender.send(router.errorLine(nil, .requestTooLarge,
                                "request line of \(length)+ bytes is over the \(limits.maxLineBytes)-byte limit; closing"))
                            connections.end(id)
                            channel.close(promise: nil)
                            continue
                        case let .line(buffer):
                            let started = NIODeadline.now()
                            let reply = await router.handle(Array(buffer.readableBytesView)) { part in
                                await sender.send(part)
                            }
                            if logger.logLevel <= .debug {
                                let micros = (NIODeadline.now() - started).nanoseconds / 1000
                                logger.debug("request", metadata: ["bytes": "\(buffer.readableBytes)", "us": "\(micros)"])
                            }
                            switch reply {
                            case .none:
                                break
                            case let .line(reply):
                                await sender.send(reply)
                            case let .subscribed(reply, alerts):
                                await sender.send(reply)
                                connections.subscribe(id)
                                if alerts && alertSubscription == nil {
                                    alertSubscription = host.observeAlerts { matches in
                                        let lines = RequestRouter.notificationLines(matches)
                                        Task { await sender.send(lines: lines) }
                                    }
                                }
                                if subscription == nil {
                                    subscription = host.observeRevisions { revision, documents in
                                        let note = RPCNotification(method: IndexChanged.method,
                                                                   params: IndexChanged(revision: revision, documents: documents))
                                        noteQueue.yield(RequestRouter.encode(note))
                                    }
                                    group.addTask { for await note in notes { await sender.send(note) } }
                                }
                            }
                        }
                        if !connections.end(id) { break }  // draining: finish after this reply
                        dispatcher.finished(on: channel.eventLoop)
                    }
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("connection ended: \(error)")
        }
    }

    /// Closes the connection when it has been silent, with no request
    /// running, for longer than the idle timeout.
    private func watchIdle(_ id: ObjectIdentifier, channel: Channel, sender: LineSender) async throws {
        let timeout = limits.idleTimeout
        let step = TimeAmount.nanoseconds(min(timeout.nanoseconds / 4, 1_000_000_000))
        while !Task.isCancelled {
            try await Task.sleep(nanoseconds: UInt64(step.nanoseconds))
            if connections.idleFor(id) >= timeout {
                await sender.send(router.errorLine(nil, .invalidRequest,
                                                   "no complete request for \(timeout.nanoseconds / 1_000_000_000) s; closing"))
                try? await channel.close()
                return
            }
        }
    }

    private func peerCredentials(_ channel: Channel) async throws -> PeerCredentials {
        guard let provider = channel as? SocketOptionProvider else {
            throw SocketFile.Problem(description: "no socket options on this channel")
        }
        return try await provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET),
                                                        name: SocketOptionName(SO_PEERCRED)).get()
    }
}

/// Settled once: whether the daemon came to listen, for those waiting on it.
final class Readiness: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Void, any Error>])
        case settled(Result<Void, any Error>)
    }

    private let state = NIOLockedValueBox(State.waiting([]))

    func settle(_ outcome: Result<Void, any Error>) {
        let waiting: [CheckedContinuation<Void, any Error>] = state.withLockedValue { state in
            guard case let .waiting(list) = state else { return [] }
            state = .settled(outcome)
            return list
        }
        for continuation in waiting { continuation.resume(with: outcome) }
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let settled: Result<Void, any Error>? = state.withLockedValue { state in
                switch state {
                case var .waiting(list):
                    list.append(continuation)
                    state = .waiting(list)
                    return nil
                case let .settled(outcome):
                    return outcome
                }
            }
            if let settled { continuation.resume(with: settled) }
        }
    }
}

/// Serialises writes of reply and notification lines on one connection.
/// A batch's reply line goes out in parts; notifications that come up
/// meanwhile wait until its end, so that no line is cut in two.
actor LineSender {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var broken = false
    private var inBatch = false
    private var held: [[UInt8]] = []

    init(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.outbound = outbound
    }

    /// Sends one whole line (the newline is added).
    func send(_ line: [UInt8]) async {
        if inBatch {
            held.append(line)
            return
        }
        await write(line, newline: true)
    }

    /// Sends whole lines in one write (a commit's alerts).
    func send(lines: [[UInt8]]) async {
        if inBatch {
            held += lines
            return
        }
        guard !lines.isEmpty else { return }
        await write(Array(lines.joined(separator: [UInt8(ascii: "\n")])), newline: true)
    }

    func send(_ part: RequestRouter.BatchPart) async {
        switch part {
        case let .reply(reply, first):
            inBatch = true
            await write(CollectionOfOne(UInt8(ascii: first ? "[" : ",")) + reply, newline: false)
        case .end:
            await write([UInt8(ascii: "]")], newline: true)
            // Lines held meanwhile; more may arrive while these are written.
            while !held.isEmpty { await write(held.removeFirst(), newline: true) }
            inBatch = false
        }
    }

    private func write(_ bytes: [UInt8], newline: Bool) async {
        guard !broken else { return }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 1)
        buffer.writeBytes(bytes)
        if newline { buffer.writeInteger(UInt8(ascii: "\n")) }
        do {
            try await outbound.write(buffer)
        } catch {
            broken = true  // the client went away; its connection task will end
        }
    }
}

/// The open connections, whether each is busy with a request, and when
/// each last finished one: for the connection limit, idle timeouts and a
/// graceful shutdown.
final class ConnectionRegistry: @unchecked Sendable {
    private struct Entry {
        let channel: Channel
        var busy = false
        /// A subscriber waits for notifications: silence is what it expects.
        var subscribed = false
        var lastActive = NIODeadline.now()
    }

    private let lock = NIOLock()
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var draining = false

    func add(_ id: ObjectIdentifier, channel: Channel, limit: Int) -> Bool {
        lock.withLock {
            guard !draining, entries.count < limit else { return false }
            entries[id] = Entry(channel: channel)
            return true
        }
    }

    func remove(_ id: ObjectIdentifier) {
        lock.withLock { _ = entries.removeValue(forKey: id) }
    }

    /// Marks a request as started; false when shutting down.
    func begin(_ id: ObjectIdentifier) -> Bool {
        lock.withLock {
            entries[id]?.busy = true
            return !draining
        }
    }

    /// Marks a request as answered; false when the connection should now close.
    @discardableResult
    func end(_ id: ObjectIdentifier) -> Bool {
        lock.withLock {
            entries[id]?.busy = false
            entries[id]?.lastActive = .now()
            return !draining
        }
    }

    /// Exempts a subscribed connection from the idle timeout.
    func subscribe(_ id: ObjectIdentifier) {
        lock.withLock { entries[id]?.subscribed = true }
    }

    func idleFor(_ id: ObjectIdentifier) -> TimeAmount {
        lock.withLock {
            guard let entry = entries[id], !entry.busy, !entry.subscribed else { return TimeAmount.zero }
            return NIODeadline.now() - entry.lastActive
        }
    }

    /// Stops accepting; closes idle connections now, busy ones after their reply.
    func drain() {
        let idle: [Channel] = lock.withLock {
            draining = true
            return entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}
