import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a value computed from a few files (the synonym sources'
/// fingerprint) and computes it again only when inotify says something
/// about them may have changed: a daemon search then costs one
/// non-blocking read instead of a stat of every file.
///
/// The kernel queues an event before the system call that caused it returns,
/// so an edit that is done when a search starts is seen by that search,
/// as with a stat. Each file is watched, its folder (for a file replaced,
/// created or removed) and every folder above it (for one moved or removed).
/// Where that cannot cover every change (a folder reached through a
/// symbolic link, no inotify, a folder missing) it computes every time.
final class SourceChangeWatch: @unchecked Sendable {
    private let files: [String]
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var fd: Int32 = -1
    private var cached: String?
    /// Every watch is in place, so no event means no change.
    private var complete = false

    static let fileMask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
    static let folderMask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_MODIFY
        | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
    static let ancestorMask = UInt32(IN_DELETE_SELF | IN_MOVE_SELF)

    init(files: [String]) {
        self.files = files
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The value as `compute` gives it for the files as they are now.
    func value(_ compute: () throws(ServiceError) -> String) throws(ServiceError) -> String {
        lock.lock()
        defer { lock.unlock() }
        // Events first, then the files: an edit after this read is seen next time.
        if !drain(), complete, let cached { return cached }
        complete = addWatches()
        cached = nil  // a failure is not kept: the next call computes again
        let value = try compute()
        cached = value
        return value
    }

    /// Reads what is queued; true when anything was (or inotify failed).
    private func drain() -> Bool {
        guard fd >= 0 else { return true }
        var any = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                any = true
                continue
            }
            if count < 0 && errno == EINTR { continue }
            // EAGAIN: nothing more; any other error: rely on computing.
            return any || (count < 0 && errno != EAGAIN)
        }
    }

    /// Watches every file, its folder and the folders above; false when one
    /// could not be watched, or lies behind a symbolic link, whose target may
    /// change without an event here. Adding a watch again is harmless: the
    /// kernel keeps one per inode, and a replaced file's new inode gets its own.
    private func addWatches() -> Bool {
        guard fd >= 0 else { return false }
        var complete = true
        var folders: Set<String> = []
        for file in files {
            let folder = (file as NSString).deletingLastPathComponent
            guard folder.hasPrefix("/"), Self.resolved(folder) == folder else { return false }
            // A file not there yet is seen when it is created, through its folder.
            if Self.resolved(file).map({ $0 != file }) == true { complete = false }
            _ = inotify_add_watch(fd, file, Self.fileMask)
            folders.insert(folder)
        }
        for folder in folders {
            if inotify_add_watch(fd, folder, Self.folderMask) < 0 { complete = false }
            var above = (folder as NSString).deletingLastPathComponent
            while above != "/" && !above.isEmpty {
                if inotify_add_watch(fd, above, Self.ancestorMask) < 0 { complete = false }
                above = (above as NSString).deletingLastPathComponent
            }
        }
        return complete
    }

    /// `path` with every symbolic link resolved; nil when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}
