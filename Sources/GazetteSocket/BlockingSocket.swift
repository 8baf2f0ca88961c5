#if canImport(Glibc)
import Glibc
#endif

/// Asks whether anything accepts connections on a Unix socket, without NIO:
/// used before binding (to tell a live daemon from a stale file).
public enum SocketProbe {
    /// Whether a daemon answers at `socketPath` (a connection is accepted).
    public static func isListening(socketPath: String) -> Bool {
        (try? BlockingSocket(connectingTo: socketPath)) != nil
    }
}

/// A connected Unix stream socket with blocking reads and writes on the
/// calling thread: for a process that sends one request and waits for its
/// reply, where starting an event loop's threads costs more than the request.
public final class BlockingSocket {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already handed out as lines.
    private var consumed = 0

    /// Why a connection could not be made or went wrong: the system's words.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        static func errno(_ what: String) -> Failure {
            Failure(description: String(cString: strerror(Glibc.errno)))
        }
    }

    /// Connects to `path`; throws when nothing accepts there.
    public init(connectingTo path: String) throws(Failure) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(description: "the socket path is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        // Kept in a local until connected: once `self.fd` is set, a throw runs
        // deinit, which would close the descriptor a second time (by then
        // perhaps another thread's file).
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .errno("socket") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let failure = Failure.errno("connect")
            close(fd)
            throw failure
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes all of `bytes`.
    public func send(_ bytes: [UInt8]) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .errno("send") }
            sent += n
        }
    }

    /// The next line without its newline (and a `\r` before it); nil when
    /// the peer closed first. A line over `maxLength` bytes is an error.
    public func readLine(maxLength: Int) throws(Failure) -> [UInt8]? {
        var scanned = consumed
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > consumed && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                guard end - consumed <= maxLength else {
                    throw Failure(description: "a line over the limit of \(maxLength) bytes")
                }
                let line = Array(buffer[consumed..<end])
                consumed = newline + 1
                return line
            }
            scanned = buffer.count
            guard buffer.count - consumed <= maxLength else {
                throw Failure(description: "a line over the limit of \(maxLength) bytes")
            }
            if consumed > 0 {
                buffer.removeFirst(consumed)
                scanned -= consumed
                consumed = 0
            }
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: 64 << 10))
            let (n, failure) = buffer.withUnsafeMutableBytes { raw in
                let n = recv(fd, raw.baseAddress! + start, raw.count - start, 0)
                return (n, n < 0 ? errno : 0)
            }
            buffer.removeLast(buffer.count - start - max(0, n))
            if failure == EINTR { continue }
            guard n >= 0 else { throw Failure(description: String(cString: strerror(failure))) }
            if n == 0 { return nil }
        }
    }
}
