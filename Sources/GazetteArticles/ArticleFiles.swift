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

/// A file passed over, and why.
public struct IgnoredFile: Sendable, Hashable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// What walking a folder found.
public struct FolderWalk: Sendable {
    public var files: [ArticleFile] = []
    public var ignored: [IgnoredFile] = []
    /// Folders and files that could not be listed or looked at.
    public var problems: [(path: String, reason: String)] = []
}

/// Whether a file is read, and as what.
public enum FileChoice: Sendable, Equatable {
    case read(ArticleFile)
    /// Not an article: an unknown type, binary content, or passed over by a glob.
    case ignored(reason: String)
    /// Could not be looked at, or (named by the user) is not an article.
    case failed(reason: String)
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
    /// Files of many articles larger than this are refused rather than read into memory.
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

    /// Every article file under `root`, recursively, in a stable order, as
    /// `selection` and the files' names and content choose them (see
    /// `choose`). Hidden files and folders are passed over silently, folder
    /// links are not followed (they can loop), and every other file passed
    /// over is in `ignored` with the reason. Globs see paths inside the indexed
    /// folder: `within` is the path of `root` inside it ("" when it is that folder).
    public static func walk(root: String, selection: FileSelection = FileSelection(), within: String = "") -> FolderWalk {
        var walk = FolderWalk()
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let dir = opendir(folder) else {
                walk.problems.append((folder, String(cString: strerror(errno))))
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
                let globPath = within.isEmpty ? rel : within + "/" + rel
                var isDir = type == UInt8(DT_DIR)
                var isFile = type == UInt8(DT_REG)
                var isLink = false
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    var info = stat()
                    var linkInfo = stat()
                    guard stat(full, &info) == 0 else {
                        walk.problems.append((full, "broken link or unreadable entry"))
                        continue
                    }
                    isLink = lstat(full, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK
                    isDir = (info.st_mode & S_IFMT) == S_IFDIR
                    isFile = (info.st_mode & S_IFMT) == S_IFREG
                }
                if isDir {
                    if isLink {
                        walk.ignored.append(IgnoredFile(path: full, reason: "a link to a folder (not followed)"))
                    } else if let glob = selection.excluding(folder: globPath) {
                        walk.ignored.append(IgnoredFile(path: full, reason: "folder excluded by '\(glob)'"))
                    } else {
                        subfolders.append(rel)
                    }
                    continue
                }
                guard isFile else {
                    walk.ignored.append(IgnoredFile(path: full, reason: "not a regular file"))
                    continue
                }
                switch choose(path: full, relativePath: rel, selection: selection, globPath: globPath) {
                case let .read(file): walk.files.append(file)
                case let .ignored(reason): walk.ignored.append(IgnoredFile(path: full, reason: reason))
                case let .failed(reason): walk.problems.append((full, reason))
                }
            }
            // Reverse so that popLast visits subfolders in name order.
            pending.append(contentsOf: subfolders.reversed())
        }
        walk.files.sort { $0.relativePath < $1.relativePath }
        return walk
    }

    /// Whether and how to read one file. Inside a folder (`selection` given):
    /// the globs first; then a known extension gives the format; a file
    /// without an extension (or an `.xml` one, or any chosen by an include
    /// glob) is read when its content is a message, web page, feed, JSON or
    /// text; other extensions are passed over. A file named by the user
    /// (`selection` nil) is always read, as its content says when its name
    /// does not. Globs see `globPath` (default: `relativePath`).
    public static func choose(path: String, relativePath: String, selection: FileSelection?,
                              globPath: String? = nil) -> FileChoice {
        let kind = FileName(relativePath).kind
        var included = selection == nil
        if let selection {
            let verdict = selection.verdict(file: globPath ?? relativePath)
            if let reason = verdict.passedOver { return .ignored(reason: reason) }
            included = verdict.included
        }
        switch kind {
        case let .known(format):
            return .read(ArticleFile(path: path, relativePath: relativePath, format: format))
        case let .other(ext) where !included:
            return .ignored(reason: "not an article type (.\(ext))")
        case .sniffed, .other:
            let prefix: [UInt8]
            do {
                prefix = try readBytes(path, limit: ContentSniffer.prefixBytes, truncating: true)
            } catch {
                return .failed(reason: error.description)
            }
            let feedOnly = kind != .sniffed ? false : FileName.fileExtension(relativePath) == "xml"
            switch ContentSniffer.sniff(prefix, feedOnly: feedOnly) {
            case let .format(format):
                return .read(ArticleFile(path: path, relativePath: relativePath, format: format))
            case let .notArticle(reason):
                let named = FileName.fileExtension(relativePath).map { ".\($0) file" } ?? "no extension"
                return selection == nil ? .failed(reason: reason) : .ignored(reason: "\(named); \(reason)")
            }
        }
    }

    /// Whether a file of this name may hold articles without a glob choosing
    /// it: its extension is one Gazette reads, or it has none (or `.xml`) and
    /// its content decides.
    public static func mayHoldArticles(name: String) -> Bool {
        if case .other = FileName(name).kind { return false }
        return true
    }

    /// The bytes of an article file as the parser takes them: a file of one
    /// article is read up to its format's limit (the parser cuts the rest,
    /// with a warning); a file of many is refused over `maxFileBytes`.
    public static func readBytes(of file: ArticleFile) throws(ArticleReadError) -> [UInt8] {
        if let limit = ArticleLimits.inputBytes(file.format) {
            return try readBytes(file.path, limit: limit + 1, truncating: true)
        }
        return try readBytes(file.path)
    }

    /// Reads a whole file (or with `truncating`, at most its first `limit`
    /// bytes), with the reason in the error when it cannot.
    public static func readBytes(_ path: String, limit: Int = maxFileBytes,
                                 truncating: Bool = false) throws(ArticleReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= limit || truncating else { throw .tooLarge(bytes: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: min(size, limit))
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file may have grown since fstat; read on in steps until EOF.
                if truncating && bytes.count >= limit { break }
                guard bytes.count < limit else { throw .tooLarge(bytes: bytes.count, limit: limit) }
                let step = max(4096, bytes.count / 2)
                bytes.append(contentsOf: repeatElement(0, count: truncating ? min(step, limit - bytes.count) : step))
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
