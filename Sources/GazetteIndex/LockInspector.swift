#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Names the process holding an index's write lock, for error messages.
public enum LockInspector {
    /// "pid 1234, gazetted" when the holder can be found.
    ///
    /// Xapian locks with open-file-description locks, which do not record a
    /// pid, so the holder is found the way fuser does: by the process that
    /// has the index's lock file open.
    public static func holder(ofIndexAt path: String) -> String? {
        let lockFile = ((path as NSString).standardizingPath as NSString).appendingPathComponent(XapianFiles.lock)
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: lockFile)) ?? lockFile
        let me = getpid()
        guard let processes = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in processes {
            guard let pid = pid_t(entry), pid != me else { continue }
            let fdFolder = "/proc/\(entry)/fd"
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: fdFolder) else { continue }
            for fd in fds {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdFolder + "/" + fd),
                      target == resolved || target == lockFile else { continue }
                if let name = commandName(of: pid) { return "pid \(pid), \(name)" }
                return "pid \(pid)"
            }
        }
        return nil
    }

    static func commandName(of pid: pid_t) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
