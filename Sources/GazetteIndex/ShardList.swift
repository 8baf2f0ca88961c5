import Foundation

/// Where an index lives: one database folder, or the shards a Xapian stub
/// file lists. A stub is Xapian's own format (one database per line:
/// `auto PATH`, `glass PATH`, or `remote HOST:PORT` for a database served by
/// `xapian-tcpsrv`; relative paths are read from the stub's folder), so
/// Xapian's tools open the same index. A folder holding a stub named
/// `XAPIANDB` is the index that stub describes.
public struct ShardList: Sendable, Equatable {
    public enum Shard: Sendable, Equatable, CustomStringConvertible {
        case local(path: String)
        case remote(host: String, port: Int)

        /// How errors and `gazette status` name the shard: its folder, or `remote HOST:PORT`.
        public var description: String {
            switch self {
            case let .local(path): path
            case let .remote(host, port): "remote \(host.contains(":") ? "[\(host)]" : host):\(port)"
            }
        }

        public var isRemote: Bool {
            if case .remote = self { return true }
            return false
        }
    }

    public let shards: [Shard]
    /// The stub file the shards came from; nil for a plain database folder.
    public let stub: String?

    /// The stub a folder holds when it is a sharded index (Xapian opens the folder through it).
    public static let stubName = "XAPIANDB"
    /// Shard folders made by `ShardList.create`: shard-00, shard-01 ...
    public static func folderName(_ index: Int) -> String { String(format: "shard-%02d", index) }

    public init(shards: [Shard], stub: String?) {
        self.shards = shards
        self.stub = stub
    }

    public var isSharded: Bool { stub != nil }

    /// The shard that holds the article with `id`, out of `count`: FNV-1a of
    /// the id's UTF-8 bytes, so the choice never changes between runs,
    /// machines or versions. Changing `count` moves most articles: a rebuild.
    public static func shard(for id: String, count: Int) -> Int {
        guard count > 1 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }

    /// What `path` holds: a stub file, a folder with a `XAPIANDB` stub, or a
    /// single database folder (existing or not yet built).
    public static func resolve(_ path: String) throws(IndexError) -> ShardList {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let stub = exists && isFolder.boolValue ? path + "/" + stubName : path
        guard exists, FileManager.default.fileExists(atPath: stub, isDirectory: &isFolder), !isFolder.boolValue else {
            return ShardList(shards: [.local(path: path)], stub: nil)
        }
        guard let data = FileManager.default.contents(atPath: stub) else {
            throw IndexError(code: .notFound, message: "cannot read the stub file", context: stub)
        }
        return try parse(String(decoding: data, as: UTF8.self), stub: stub)
    }

    /// Reads a stub's lines; `#` starts a comment line.
    public static func parse(_ text: String, stub: String) throws(IndexError) -> ShardList {
        let folder = (stub as NSString).deletingLastPathComponent
        var shards: [Shard] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            func bad(_ why: String) -> IndexError {
                IndexError(code: .invalidArgument, message: "line \(number + 1) of the stub: \(why)", context: stub)
            }
            switch parts[0] {
            case "auto", "glass":
                guard !argument.isEmpty else { throw bad("'\(parts[0])' needs a database folder") }
                let path = argument.hasPrefix("/") ? argument : folder + "/" + argument
                shards.append(.local(path: (path as NSString).standardizingPath))
            case "remote":
                if argument.hasPrefix(":") {
                    throw bad("'remote :PROGRAM' runs a program; Gazette serves shards over TCP: write remote HOST:PORT")
                }
                guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
                      (1...65535).contains(port), colon != argument.startIndex else {
                    throw bad("write a TCP shard as remote HOST:PORT (IPv6: remote [ADDRESS]:PORT)")
                }
                var host = String(argument[..<colon])
                if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                shards.append(.remote(host: host, port: port))
            default:
                throw bad("unknown kind '\(parts[0])' (Gazette reads auto, glass and remote HOST:PORT lines)")
            }
        }
        guard !shards.isEmpty else {
            throw IndexError(code: .invalidArgument, message: "the stub lists no shards", context: stub)
        }
        return ShardList(shards: shards, stub: stub)
    }

    /// The stub's text for `shards`: local folders inside `folder` are written
    /// relative to it, so the index can be moved as one folder.
    public static func stubText(_ shards: [Shard], folder: String) -> String {
        var text = "# Gazette index: \(shards.count) shards; articles are placed by a hash of their id.\n"
        text += "# Changing the number or order of the lines is a rebuild.\n"
        for shard in shards {
            switch shard {
            case let .local(path):
                let relative = path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
                text += "auto \(relative)\n"
            case let .remote(host, port):
                text += "remote \(host.contains(":") ? "[\(host)]" : host):\(port)\n"
            }
        }
        return text
    }

    /// Makes `count` shard folders and their stub in `folder` (which must not
    /// hold an index yet). The shards' databases are created by the first writer.
    public static func create(in folder: String, count: Int) throws(IndexError) -> ShardList {
        guard (1...256).contains(count) else {
            throw IndexError(code: .invalidArgument, message: "the number of shards must be 1 to 256, not \(count)",
                             context: folder)
        }
        let stub = folder + "/" + stubName
        let shards = (0..<count).map { Shard.local(path: folder + "/" + folderName($0)) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Written whole, then renamed: a reader never sees half a stub.
            let scratch = stub + ".new"
            try stubText(shards, folder: folder).write(toFile: scratch, atomically: false, encoding: .utf8)
            if FileManager.default.fileExists(atPath: stub) { try FileManager.default.removeItem(atPath: stub) }
            try FileManager.default.moveItem(atPath: scratch, toPath: stub)
        } catch {
            throw IndexError(code: .databaseError, message: "cannot write the stub: \(error.localizedDescription)",
                             context: stub)
        }
        return ShardList(shards: shards, stub: stub)
    }
}

/// How long a remote shard may take before it counts as not answering.
public struct RemoteTimeouts: Sendable, Equatable {
    /// For each exchange with a shard (a search, a document), in milliseconds.
    public var timeoutMilliseconds: Int
    /// For making the connection, in milliseconds.
    public var connectMilliseconds: Int

    public init(timeoutMilliseconds: Int = 10_000, connectMilliseconds: Int = 3_000) {
        self.timeoutMilliseconds = max(0, timeoutMilliseconds)
        self.connectMilliseconds = max(0, connectMilliseconds)
    }
}
