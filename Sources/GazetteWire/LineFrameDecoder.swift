import NIOCore

/// One newline-delimited frame, or news that a frame was too long.
public enum InboundLine: Sendable, Equatable {
    /// The bytes before the newline (a trailing `\r` removed).
    case line(ByteBuffer)
    /// A line went past the limit; its bytes were dropped. `length` is how
    /// many had arrived when it was cut.
    case tooLong(length: Int)
}

/// Splits a byte stream at newlines, with a limit on line length, so that
/// one huge request cannot exhaust the daemon's memory. Bytes of an
/// overlong line are discarded up to its newline; the stream then goes on.
public struct LineFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundLine

    public let maxLength: Int
    private var scanned = 0
    private var discarding = false

    public init(maxLength: Int) {
        self.maxLength = maxLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        let searchStart = view.index(view.startIndex, offsetBy: scanned)
        guard let newline = view[searchStart...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = view.count
            if buffer.readableBytes > maxLength {
                if !discarding {
                    context.fireChannelRead(wrapInboundOut(.tooLong(length: buffer.readableBytes)))
                    discarding = true
                }
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                scanned = 0
            }
            return .needMoreData
        }
        let length = newline - view.startIndex
        scanned = 0
        if discarding {
            buffer.moveReaderIndex(forwardBy: length + 1)
            discarding = false
            return .continue
        }
        if length > maxLength {
            buffer.moveReaderIndex(forwardBy: length + 1)
            context.fireChannelRead(wrapInboundOut(.tooLong(length: length)))
            return .continue
        }
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)!
        }
        context.fireChannelRead(wrapInboundOut(.line(line)))
        return .continue
    }

    /// A last line without its newline still counts when the peer closes.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                                    seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 && !discarding {
            let rest = buffer.readSlice(length: buffer.readableBytes)!
            if rest.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                context.fireChannelRead(wrapInboundOut(.line(rest)))
            }
        }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        return .needMoreData
    }
}
