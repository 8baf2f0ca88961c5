#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Names the process holding an index's write lock, for error messages.
public enum LockInspector {
    /// "pid 1234, gazetted" when the holder can be found.
    public static func holder(ofIndexAt path: String) -> String? {
        let lockFile = path + "/flintlock"
        let fd = open(lockFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        // Xapian takes the lock in a helper process whose parent is the writer.
        guard fcntl(fd, F_GETLK, &lock) == 0, lock.l_type != Int16(F_UNLCK), lock.l_pid > 0 else { return nil }
        var pid = lock.l_pid
        if let parent = parentPID(of: pid), parent > 1, let name = commandName(of: parent),
           commandName(of: pid) == name {
            pid = parent
        }
        if let name = commandName(of: pid) { return "pid \(pid), \(name)" }
        return "pid \(pid)"
    }

    static func commandName(of pid: pid_t) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func parentPID(of pid: pid_t) -> pid_t? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2 else { return nil }
        return pid_t(fields[1])
    }
}
