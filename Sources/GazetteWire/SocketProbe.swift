#if canImport(Glibc)
import Glibc
#endif

/// Asks whether anything accepts connections on a Unix socket, without NIO:
/// used before binding (to tell a live daemon from a stale file) and by the
/// client to choose between the daemon and direct access.
public enum SocketProbe {
    /// Whether a daemon answers at `socketPath` (a connection is accepted).
    public static func isListening(socketPath: String) -> Bool {
        var info = stat()
        guard stat(socketPath, &info) == 0 else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

}
