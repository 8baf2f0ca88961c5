#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteWire

/// Preparing the place where the daemon's socket lives.
enum SocketFile {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates the socket's folder (and missing parents) with mode 0700, or
    /// checks an existing one without changing it: it must be a folder of this
    /// user (or root) that no other user can write, or one whose sticky bit
    /// keeps others from removing or renaming what is not theirs (as /tmp).
    /// Otherwise another user could replace the socket, and it is refused.
    static func prepareFolder(for socketPath: String) throws {
        let folder = (socketPath as NSString).deletingLastPathComponent
        var info = stat()
        if stat(folder, &info) != 0 {
            guard errno == ENOENT else { throw Problem(description: "cannot use \(folder) for the socket: \(reason(errno))") }
            try create(folder)
            return
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw Problem(description: "cannot put the socket in \(folder): it is not a folder; choose another --socket")
        }
        let mode = String(info.st_mode & 0o7777, radix: 8)
        guard info.st_uid == getuid() || info.st_uid == 0 else {
            throw Problem(description: "refusing to put the socket in \(folder): it belongs to another user (uid \(info.st_uid)), "
                          + "who could replace it; choose a folder of yours with --socket")
        }
        let sticky = info.st_mode & S_ISVTX != 0
        guard info.st_mode & 0o022 == 0 || sticky else {
            throw Problem(description: "refusing to put the socket in \(folder): other users can write to it (mode \(mode)) "
                          + "and so replace the socket; run chmod go-w \(folder), or choose a private folder with --socket")
        }
    }

    /// Makes `folder` and its missing parents, each 0700: only folders Gazette creates get their mode set.
    private static func create(_ folder: String) throws {
        var missing: [String] = []
        var path = folder
        var info = stat()
        while !path.isEmpty && path != "/" && stat(path, &info) != 0 && errno == ENOENT {
            missing.append(path)
            path = (path as NSString).deletingLastPathComponent
        }
        for path in missing.reversed() {
            if mkdir(path, 0o700) == 0 {
                _ = chmod(path, 0o700)  // whatever the umask took away, on a folder just made
            } else if errno != EEXIST {
                throw Problem(description: "cannot create \(path) for the socket: \(reason(errno)); choose another --socket")
            }
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }

    /// Removes a socket file left by a daemon that died; refuses when a
    /// live daemon answers there, or when the path is not a socket.
    static func clearStale(_ socketPath: String) throws {
        var info = stat()
        guard lstat(socketPath, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw Problem(description: "\(socketPath) exists and is not a socket; remove it or choose another --socket")
        }
        if SocketProbe.isListening(socketPath: socketPath) {
            throw Problem(description: "another gazetted is already serving \(socketPath)")
        }
        guard unlink(socketPath) == 0 || errno == ENOENT else {
            throw Problem(description: "cannot remove the stale socket \(socketPath): \(String(cString: strerror(errno)))")
        }
    }

    static func restrict(_ socketPath: String) throws {
        guard chmod(socketPath, 0o600) == 0 else {
            throw Problem(description: "cannot set the mode of \(socketPath): \(String(cString: strerror(errno)))")
        }
    }

    static func remove(_ socketPath: String) {
        unlink(socketPath)
    }
}
