#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteArticles

/// Watches folders recursively with inotify and reports what changed in
/// batches: a burst of events (an editor's save-and-rename, a `git checkout`
/// of thousands of files) becomes one batch once the folders have been quiet
/// for `quiet` seconds, or `maxDelay` after the first event at the latest.
public final class FolderWatcher: @unchecked Sendable {
    public struct Batch: Sendable, Equatable {
        /// Files and folders created, written or moved in.
        public var changed: Set<String> = []
        /// Files and folders deleted or moved away.
        public var removed: Set<String> = []
        /// The kernel dropped events: rescan everything.
        public var overflowed = false

        public init(changed: Set<String> = [], removed: Set<String> = [], overflowed: Bool = false) {
            self.changed = changed
            self.removed = removed
            self.overflowed = overflowed
        }

        public var isEmpty: Bool { changed.isEmpty && removed.isEmpty && !overflowed }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let fd: Int32
    private let quiet: TimeInterval
    private let maxDelay: TimeInterval
    private let onBatch: @Sendable (Batch) -> Void
    private let lock = NSLock()
    /// Watch descriptor to folder path; guarded by `lock`.
    private var folders: [Int32: String] = [:]
    private var stopped = false
    private var thread: Thread?
    private let wakePipe: (read: Int32, write: Int32)

    private static let folderMask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    public init(quiet: TimeInterval = 0.3, maxDelay: TimeInterval = 1.5,
                onBatch: @escaping @Sendable (Batch) -> Void) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw Failure(description: "inotify: \(String(cString: strerror(errno)))") }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for end in pipeFDs {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        wakePipe = (pipeFDs[0], pipeFDs[1])
        self.quiet = quiet
        self.maxDelay = maxDelay
        self.onBatch = onBatch
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "gazette-watcher"
        self.thread = thread
        thread.start()
    }

    deinit {
        close(fd)
        close(wakePipe.read)
        close(wakePipe.write)
    }

    /// Starts watching `root` and every folder below it (hidden ones excepted).
    /// Returns folders that could not be watched, with the reason.
    @discardableResult
    public func watch(_ root: String) -> [String] {
        var problems: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            let wd = inotify_add_watch(fd, folder, Self.folderMask)
            if wd < 0 {
                let reason = errno == ENOSPC
                    ? "the inotify watch limit is reached (raise fs.inotify.max_user_watches)"
                    : String(cString: strerror(errno))
                problems.append("\(folder): \(reason)")
                continue
            }
            lock.withLock { folders[wd] = folder }
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in entries where !name.hasPrefix(".") {
                let path = folder + "/" + name
                if ArticleFiles.kind(of: path) == .directory, !isLink(path) { pending.append(path) }
            }
        }
        return problems
    }

    public var watchedFolders: Int { lock.withLock { folders.count } }

    /// Stops the watching thread; no batch is reported after this returns.
    public func stop() {
        lock.withLock { stopped = true }
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
        while let thread, !thread.isFinished { usleep(1000) }
    }

    private func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func loop() {
        var batch = Batch()
        var firstEvent: Date?
        var lastEvent = Date()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            var timeout: Int32 = -1
            if let first = firstEvent {
                let untilQuiet = quiet - Date().timeIntervalSince(lastEvent)
                let untilMax = maxDelay - Date().timeIntervalSince(first)
                timeout = Int32(max(0, min(untilQuiet, untilMax)) * 1000)
            }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, timeout)
            if isStopped { return }
            if ready > 0 && fds[0].revents & Int16(POLLIN) != 0 {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 {
                    parse(buffer[..<n], into: &batch)
                    lastEvent = Date()
                    if firstEvent == nil { firstEvent = lastEvent }
                }
            }
            if let first = firstEvent,
               Date().timeIntervalSince(lastEvent) >= quiet || Date().timeIntervalSince(first) >= maxDelay {
                if !batch.isEmpty { onBatch(batch) }
                batch = Batch()
                firstEvent = nil
            }
        }
    }

    private func parse(_ bytes: ArraySlice<UInt8>, into batch: inout Batch) {
        var offset = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= bytes.endIndex {
            let event = bytes[offset..<(offset + header)].withUnsafeBytes { $0.loadUnaligned(as: inotify_event.self) }
            let nameStart = offset + header
            let nameEnd = min(bytes.endIndex, nameStart + Int(event.len))
            let name = String(decoding: bytes[nameStart..<nameEnd].prefix(while: { $0 != 0 }), as: UTF8.self)
            offset = nameEnd
            let mask = event.mask
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                batch.overflowed = true
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                _ = lock.withLock { folders.removeValue(forKey: event.wd) }
                continue
            }
            guard let folder = lock.withLock({ folders[event.wd] }) else { continue }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                batch.removed.insert(folder)
                batch.changed.remove(folder)
                continue
            }
            guard !name.isEmpty, !name.hasPrefix(".") else { continue }  // editors' swap and temporary files
            let path = folder + "/" + name
            let isFolder = mask & UInt32(IN_ISDIR) != 0
            // Only folders and files that may be articles (by extension, or by content when the name has none).
            guard isFolder || ArticleFiles.mayHoldArticles(name: name) else { continue }
            if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
                batch.removed.insert(path)
                batch.changed.remove(path)
            } else if mask & UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
                if isFolder {
                    watch(path)  // a new subfolder: watch it, and index what is already in it
                } else if mask & UInt32(IN_CREATE) != 0 {
                    continue  // a new file is indexed once it is written and closed
                }
                batch.changed.insert(path)
                batch.removed.remove(path)
            }
        }
    }
}
