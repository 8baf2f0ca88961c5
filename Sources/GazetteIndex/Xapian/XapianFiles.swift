import Foundation

/// The files of a Xapian (glass) database that Gazette has to know by name.
enum XapianFiles {
    /// Holds the write lock; belongs to the folder, never moved.
    static let lock = "flintlock"
    /// The version file: a reader sees a database once it is in place.
    static let version = "iamglass"
    /// A stub database: a file (or this file in a folder) listing shards, one per line.
    static let stub = "XAPIANDB"

    /// Whether `path` is a stub database that lists a remote shard
    /// (`remote :HOST:PORT` or `remote HOST:PORT`), which runs only Xapian's own match spies.
    static func listsRemoteShards(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return false }
        let stub = isFolder.boolValue ? path + "/" + Self.stub : path
        guard let text = try? String(contentsOfFile: stub, encoding: .utf8) else { return false }
        return text.split(whereSeparator: \.isNewline).contains {
            $0.drop(while: \.isWhitespace).hasPrefix("remote")
        }
    }
}
