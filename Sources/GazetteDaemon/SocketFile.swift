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

    /// Creates the socket's folder (mode 0700) or checks that an existing
    /// one belongs to this user and is closed to others.
    static func prepareFolder(for socketPath: String) throws {
        let folder = (socketPath as NSString).deletingLastPathComponent
        var info = stat()
        if stat(folder, &info) != 0 {
            let parent = (folder as NSString).deletingLastPathComponent
            if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
                throw Problem(description: "cannot create \(folder): \(String(cString: strerror(errno)))")
            }
            _ = chmod(folder, 0o700)  // whatever the umask took away
            guard stat(folder, &info) == 0 else {
                throw Problem(description: "cannot use \(folder): \(String(cString: strerror(errno)))")
            }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw Problem(description: "\(folder) is not a folder")
        }
        guard info.st_uid == getuid() else {
            throw Problem(description: "\(folder) belongs to another user (uid \(info.st_uid)); choose another --socket")
        }
        if info.st_mode & 0o077 != 0 {
            // Ours but open to others: close it, since the socket inside answers anyone who can reach it.
            guard chmod(folder, 0o700) == 0 else {
                throw Problem(description: "cannot make \(folder) private: \(String(cString: strerror(errno)))")
            }
        }
    }

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
