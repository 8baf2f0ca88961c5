#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteDaemon
import Testing

/// Where the socket may go: gazetted sets the mode only of folders it makes,
/// and refuses an existing folder through which another user could replace
/// the socket (issue 14, item 1).
@Suite struct SocketFolderTests {
    private func scratch() throws -> String {
        let root = NSTemporaryDirectory() + "gzs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    /// A folder shared like /tmp (1777): the daemon serves there and leaves its mode alone.
    @Test func aDaemonInAnExisting1777FolderLeavesItsModeUnchanged() async throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let shared = root + "/shared"
        #expect(mkdir(shared, 0o700) == 0)
        #expect(chmod(shared, 0o1777) == 0)
        let daemon = try await RunningDaemon(socket: shared + "/gz.sock")
        defer { daemon.cleanUp() }
        #expect(mode(shared) == 0o1777)
        #expect(mode(daemon.socket) == 0o600)
        let reply = try await RawConnection(daemon.socket).call(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#)
        #expect(reply["result"] != nil)
        try await daemon.stop()
        #expect(mode(shared) == 0o1777)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
    }

    /// A user's own 0755 folder (a home, say) is used as it is.
    @Test func anExistingFolderOfTheUserKeepsItsMode() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(chmod(root, 0o755) == 0)
        try GazetteDaemon.claimSocket(root + "/gz.sock")
        #expect(mode(root) == 0o755)
    }

    /// Folders that do not exist are made, each private to the user.
    @Test func missingFoldersAreCreatedPrivate() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(chmod(root, 0o755) == 0)
        try GazetteDaemon.claimSocket(root + "/a/b/gz.sock")
        #expect(mode(root + "/a") == 0o700)
        #expect(mode(root + "/a/b") == 0o700)
        #expect(mode(root) == 0o755)
    }

    /// Others may write, and no sticky bit: another user could swap the socket.
    @Test func aFolderOthersCanWriteIsRefusedAndLeftAlone() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(chmod(root, 0o777) == 0)
        let error = #expect(throws: (any Error).self) { try GazetteDaemon.claimSocket(root + "/gz.sock") }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains(root))
        #expect(message.contains("other users can write to it"))
        #expect(message.contains("chmod go-w"))
        #expect(!message.contains("\n"))
        #expect(mode(root) == 0o777)
    }

    @Test func aFolderOfAnotherUserIsRefused() throws {
        // Only root can give a folder away; as anyone else there is nothing to try.
        guard getuid() == 0 else { return }
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(chown(root, 65534, 65534) == 0)
        let error = #expect(throws: (any Error).self) { try GazetteDaemon.claimSocket(root + "/gz.sock") }
        #expect("\(error.map { "\($0)" } ?? "")".contains("belongs to another user"))
    }

    @Test func aFileWhereTheFolderShouldBeIsRefused() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(FileManager.default.createFile(atPath: root + "/file", contents: Data()))
        let error = #expect(throws: (any Error).self) { try GazetteDaemon.claimSocket(root + "/file/gz.sock") }
        #expect("\(error.map { "\($0)" } ?? "")".contains("not a folder"))
    }
}
