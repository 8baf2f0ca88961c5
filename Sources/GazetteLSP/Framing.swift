#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteProtocol

/// Where the server reads bytes from: stdin in `gazette lsp`, a pipe in tests.
public protocol ByteSource: Sendable {
    /// Up to `maxBytes` bytes; nil at end of input.
    func read(maxBytes: Int) -> [UInt8]?
}

/// Reads a file descriptor with read(2), retrying on EINTR.
public struct FileDescriptorSource: ByteSource {
    public let fd: Int32

    public init(fd: Int32) { self.fd = fd }

    public func read(maxBytes: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, maxBytes) }
            if n > 0 { return Array(buffer[..<n]) }
            if n < 0 && errno == EINTR { continue }
            return nil  // EOF, or an error that ends input all the same
        }
    }
}

/// What the reader makes of the next bytes.
public enum Frame: Sendable, Equatable {
    /// A message body, as long as its Content-Length said: UTF-8 JSON.
    case message([UInt8])
    /// Bytes that are not a well-formed frame. `reply` is false for leftovers
    /// of a message that was already answered with an error.
    case malformed(String, reply: Bool)
    /// The input ended.
    case end
}

/// Splits a byte stream into LSP base-protocol frames:
/// `Content-Length: N\r\n` (other headers allowed), a blank line, N bytes.
/// Malformed input never stops it: it reports the problem and resynchronises
/// at the next `Content-Length:` header.
public final class FrameReader {
    public static let maxHeaderBytes = 8 * 1024
    public static let maxContentLength = 64 * 1024 * 1024

    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var ended = false
    /// Set after a body failed to parse: junk before the next header is its
    /// tail, already answered, so it is dropped without a second reply.
    private var expectingJunk = false
    private static let marker = Array("content-length:".utf8)

    public init(source: ByteSource) {
        self.source = source
    }

    /// Reads more input; false at end of input.
    private func fill() -> Bool {
        if ended { return false }
        guard let bytes = source.read(maxBytes: 64 * 1024) else {
            ended = true
            return false
        }
        buffer += bytes
        return true
    }

    public func next() -> Frame {
        while true {
            // Blank lines between messages are tolerated.
            let blanks = buffer.prefix { $0 == 0x0D || $0 == 0x0A }.count
            if blanks > 0 { buffer.removeFirst(blanks) }
            if buffer.isEmpty && !fill() { return .end }
            if buffer.first == 0x0D || buffer.first == 0x0A { continue }

            guard let (headerEnd, bodyStart) = Self.headerEnd(in: buffer) else {
                if buffer.count > Self.maxHeaderBytes {
                    return malformed("a header longer than \(Self.maxHeaderBytes) bytes, or no blank line after it")
                }
                if !fill() {
                    let reply = !expectingJunk
                    buffer.removeAll()
                    expectingJunk = false
                    return reply ? .malformed("the input ended inside a message header", reply: true) : .end
                }
                continue
            }
            let length: Int
            switch Self.contentLength(header: buffer[..<headerEnd]) {
            case let .success(value): length = value
            case let .failure(problem): return malformed(problem.message)
            }
            while buffer.count - bodyStart < length {
                if !fill() {
                    let got = buffer.count - bodyStart
                    buffer.removeAll()
                    return .malformed("the input ended after \(got) of the \(length) bytes its Content-Length announced",
                                      reply: true)
                }
            }
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            buffer.removeFirst(bodyStart + length)
            expectingJunk = false
            if let problem = Self.problem(with: body) {
                bodyWasInvalid(body)
                return .malformed(problem, reply: true)
            }
            return .message(body)
        }
    }

    /// Why a body is not a JSON text, or nil when it is one.
    static func problem(with body: [UInt8]) -> String? {
        guard String(validating: body, as: UTF8.self) != nil else { return "the message is not valid UTF-8" }
        // By JSON's grammar: Foundation's reader refuses numbers no Swift type holds (an id of 1e400).
        return JSONScanner.isValid(body) ? nil : "the message is not valid JSON (\(body.count) bytes)"
    }

    /// A body that is not JSON may hold the start of the next frame (its
    /// Content-Length was too large): that frame is put back to be read next,
    /// and what is left of the bad one is dropped quietly.
    private func bodyWasInvalid(_ body: [UInt8]) {
        expectingJunk = true
        if let start = Self.findMarker(in: body, from: 1) {
            buffer.insert(contentsOf: body[start...], at: 0)
        }
    }

    /// Reports bad header bytes and drops input up to the next `Content-Length:`.
    private func malformed(_ reason: String) -> Frame {
        let reply = !expectingJunk
        // Past the first byte: the bad header itself may start with the marker.
        var from = 1
        while true {
            if let start = Self.findMarker(in: buffer, from: from) {
                buffer.removeFirst(start)
                break
            }
            // Keep a tail that could be the start of a marker split across reads.
            let keep = min(buffer.count, Self.marker.count - 1)
            buffer.removeFirst(buffer.count - keep)
            from = 0
            if !fill() {
                buffer.removeAll()
                break
            }
        }
        expectingJunk = false
        return .malformed(reason, reply: reply)
    }

    /// The end of the header block and the start of the body: after the first
    /// empty line (`\r\n\r\n`, or `\n\n` from lenient clients).
    static func headerEnd(in bytes: [UInt8]) -> (Int, Int)? {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { return (i, i + 2) }
                if i + 2 < bytes.count && bytes[i + 1] == 0x0D && bytes[i + 2] == 0x0A { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    struct HeaderProblem: Error { let message: String }

    /// Checks every header line and returns the Content-Length.
    static func contentLength(header: ArraySlice<UInt8>) -> Result<Int, HeaderProblem> {
        var length: Int?
        for rawLine in header.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                  let name = String(validating: line[..<colon], as: UTF8.self),
                  !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                let shown = String(decoding: line.prefix(40), as: UTF8.self)
                return .failure(HeaderProblem(message: "not a header line: \(shown.debugDescription)"))
            }
            guard name.lowercased() == "content-length" else { continue }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, value.utf8.count <= 10, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let parsed = Int(value) else {
                return .failure(HeaderProblem(message: "Content-Length is not a number: \(value.prefix(40).debugDescription)"))
            }
            guard parsed <= maxContentLength else {
                return .failure(HeaderProblem(message: "Content-Length \(parsed) is over the limit of \(maxContentLength) bytes"))
            }
            length = parsed
        }
        guard let length else { return .failure(HeaderProblem(message: "a message without a Content-Length header")) }
        return .success(length)
    }

    /// RFC 7230 token characters: what a header name may hold.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// The first `Content-Length:` (any case) at or after `from`.
    static func findMarker(in bytes: [UInt8], from: Int) -> Int? {
        let marker = Self.marker
        guard bytes.count >= marker.count, from <= bytes.count - marker.count else { return nil }
        outer: for start in from...(bytes.count - marker.count) {
            for (k, expected) in marker.enumerated() {
                var byte = bytes[start + k]
                if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                if byte != expected { continue outer }
            }
            return start
        }
        return nil
    }
}

/// Where the server writes framed messages: stdout in `gazette lsp`.
public protocol MessageSink: Sendable {
    /// Writes one framed message; false when the reader has gone away.
    func send(_ body: [UInt8]) -> Bool
}

/// Writes frames to a file descriptor, whole, one at a time.
public final class FileDescriptorSink: MessageSink, @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()

    public init(fd: Int32) { self.fd = fd }

    public func send(_ body: [UInt8]) -> Bool {
        let frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        return lock.withLock {
            frame.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
        }
    }
}
