#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An article file found under an indexed root.
public struct ArticleFile: Sendable, Hashable {
    /// Absolute, normalised path.
    public let path: String
    /// Path relative to the root it was found under.
    public let relativePath: String
    public let format: ArticleFormat

    public init(path: String, relativePath: String, format: ArticleFormat) {
        self.path = path
        self.relativePath = relativePath
        self.format = format
    }
}

/// Size and modification time, enough to tell an unchanged file cheaply.
public struct FileStamp: Sendable, Hashable, Codable {
    public let size: Int64
    /// Modification time in nanoseconds since 1970.
    public let modified: Int64

    public init(size: Int64, modified: Int64) {
        self.size = size
        self.modified = modified
    }
}

public enum ArticleFiles {
    /// Files larger than this are refused rather than read into memory.
    public static let maxFileBytes = 256 << 20

    /// The absolute, normalised form of `path` (relative paths are taken from
    /// the current folder; `.` and `..` are folded; symbolic links are kept).
    public static func absolute(_ path: String) -> String {
        var base = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count) != nil
                ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                : "/"
            base = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in base.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    public enum Kind: Sendable { case file, directory, missing, other }

    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public static func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return FileStamp(size: Int64(info.st_size), modified: nanos)
    }

    /// Every article file under `root`, recursively, in a stable order.
    /// Hidden files and folders are passed over, and folder links are not
    /// followed (they can loop); files of other types are counted in `ignored`.
    public static func walk(root: String) -> (files: [ArticleFile], ignored: Int, problems: [(path: String, reason: String)]) {
        var files: [ArticleFile] = []
        var ignored = 0
        var problems: [(String, String)] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let dir = opendir(folder) else {
                problems.append((folder, String(cString: strerror(errno))))
                continue
            }
            var names: [(String, UInt8)] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue }
                names.append((name, entry.pointee.d_type))
            }
            closedir(dir)
            var subfolders: [String] = []
            for (name, type) in names.sorted(by: { $0.0 < $1.0 }) {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + rel
                var isDir = type == UInt8(DT_DIR)
                var isFile = type == UInt8(DT_REG)
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    var info = stat()
                    var linkInfo = stat()
                    guard stat(full, &info) == 0 else {
                        problems.append((full, "broken link or unreadable entry"))
                        continue
                    }
                    let isLink = lstat(full, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK
                    isDir = (info.st_mode & S_IFMT) == S_IFDIR && !isLink
                    isFile = (info.st_mode & S_IFMT) == S_IFREG
                }
                if isDir {
                    subfolders.append(rel)
                } else if isFile, let format = ArticleFormat(path: name) {
                    files.append(ArticleFile(path: full, relativePath: rel, format: format))
                } else {
                    ignored += 1
                }
            }
            // Reverse so that popLast visits subfolders in name order.
            pending.append(contentsOf: subfolders.reversed())
        }
        files.sort { $0.relativePath < $1.relativePath }
        return (files, ignored, problems)
    }

    /// Reads a whole file, with the reason in the error when it cannot.
    public static func readBytes(_ path: String, limit: Int = maxFileBytes) throws(ArticleReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= limit else { throw .tooLarge(bytes: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file may have grown since fstat; read on in steps until EOF.
                guard bytes.count < limit else { throw .tooLarge(bytes: bytes.count, limit: limit) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2)))
            }
            let n = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
