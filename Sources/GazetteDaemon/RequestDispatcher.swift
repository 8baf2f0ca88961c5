import GazetteService
import GazetteWire
import Logging
import NIOCore

/// Sends each request line of a connection from the event loop straight to a
/// reader thread, which answers a search (any request that only reads the
/// index) and writes its reply to the channel itself: two thread hops a
/// request, with no task in between. A line the reader does not answer
/// (another method, a batch, an error) goes on down the pipeline to the
/// connection's task, which tells `finished()` when it has replied.
///
/// One request of a connection at a time, in order: each connection has at
/// most one job queued for the readers, who take the connections in turn.
/// While one runs, further lines wait here, and the socket is not read once
/// a few are waiting; the next is taken only when the channel is writable,
/// so a client that does not read its replies holds back only its own requests.
/// Lives on the channel's event loop: all its state is touched only there.
final class RequestDispatcher: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = InboundLine
    typealias InboundOut = InboundLine
    typealias OutboundIn = Any
    typealias OutboundOut = ByteBuffer

    private let router: RequestRouter
    private let connections: ConnectionRegistry
    /// Set at debug level, which logs each request's time.
    private let debugLogger: Logger?
    private var context: ChannelHandlerContext?
    /// Set once the connection's task has checked the peer.
    private var open = false
    private var busy = false
    private var waiting = CircularBuffer<InboundLine>()
    private var readHeld = false
    /// The client closed its side: told to the task once every line is answered
    /// and every reply written (the task then closes the channel, dropping what is not).
    private var inputClosedHeld = false
    /// Lines waiting beyond which the socket is not read.
    static let maxWaiting = 2

    init(router: RequestRouter, connections: ConnectionRegistry, logger: Logger) {
        self.router = router
        self.connections = connections
        debugLogger = logger.logLevel <= .debug ? logger : nil
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Called (from any thread) once the connection may be served.
    func start(on eventLoop: EventLoop) {
        eventLoop.execute { [self] in
            open = true
            next()
        }
    }

    /// Called (from any thread) when the connection's task has answered a line it was given.
    func finished(on eventLoop: EventLoop) {
        eventLoop.execute { [self] in
            busy = false
            next()
        }
    }

    /// Says why a connection ended with requests unanswered (a client that
    /// hung up, or an error on its socket).
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        debugLogger?.debug("connection error", metadata: ["error": "\(error)", "waiting": "\(waiting.count)"])
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if busy || !waiting.isEmpty {
            debugLogger?.debug("connection closed with requests unanswered",
                               metadata: ["waiting": "\(waiting.count)", "busy": "\(busy)"])
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waiting.append(unwrapInboundIn(data))
        next()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.fireChannelWritabilityChanged()
        next()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosedHeld = true
            next()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func read(context: ChannelHandlerContext) {
        if waiting.count >= Self.maxWaiting {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// Gives `line` to the connection's task (NIOAsyncChannel hands over what it read at each read's end).
    private func pass(_ line: InboundLine) {
        context?.fireChannelRead(wrapInboundOut(line))
        context?.fireChannelReadComplete()
    }

    /// Takes the next line when none runs and the client reads its replies.
    private func next() {
        guard let context, open, !busy, context.channel.isWritable else { return }
        guard let line = waiting.popFirst() else {
            if inputClosedHeld {
                inputClosedHeld = false
                // Writes complete in order, so an empty one completes after every reply
                // before it: the readers' and the task's (a status reply, say), flushed or not.
                context.writeAndFlush(wrapOutboundOut(ByteBuffer()))
                    .whenComplete { [self] _ in self.context?.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
            }
            return
        }
        if readHeld && waiting.count < Self.maxWaiting {
            readHeld = false
            context.read()
        }
        busy = true
        guard case let .line(buffer) = line else {
            pass(line)  // an over-long line: the task answers and closes
            return
        }
        let id = ObjectIdentifier(context.channel)
        guard connections.begin(id) else {
            context.close(promise: nil)  // shutting down
            return
        }
        let channel = context.channel
        let eventLoop = context.eventLoop
        let bytes = Array(buffer.readableBytesView)
        let started = debugLogger == nil ? nil : NIODeadline.now()
        router.host.submitRead { [self, router, connections] reader in
            guard let reply = router.answerOnReader(bytes, reader: reader) else {
                eventLoop.execute { [self] in pass(line) }
                return
            }
            var out = channel.allocator.buffer(capacity: reply.count + 1)
            out.writeBytes(reply)
            out.writeInteger(UInt8(ascii: "\n"))
            if let started {
                let micros = (NIODeadline.now() - started).nanoseconds / 1000
                debugLogger?.debug("request", metadata: ["bytes": "\(bytes.count)", "us": "\(micros)"])
            }
            // One task on the loop: the reply, then the next line.
            eventLoop.execute { [self, out] in
                channel.writeAndFlush(out, promise: nil)
                guard connections.end(id) else {
                    channel.close(promise: nil)  // shutting down: closed after this reply
                    return
                }
                busy = false
                next()
            }
        }
    }
}
