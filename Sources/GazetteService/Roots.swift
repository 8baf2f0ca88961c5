import Foundation
import GazetteArticles
import GazetteIndex

/// The folders and files an index was built from, kept in the index's
/// metadata so that ids stay stable and later runs can refresh and prune.
///
/// An article file's id is its folder's label plus its path inside that
/// folder ("seeds/000_e3109c2dbdf02a4d.txt"). The label is the folder's
/// name, made unique within the index ("articles", "articles-2").
struct RootRegistry: Codable, Equatable {
    struct Root: Codable, Equatable {
        enum Kind: String, Codable { case folder, file }
        var path: String
        var kind: Kind
        /// The globs a folder was last indexed with (absent: none), so that
        /// refreshing and watching choose the same files.
        var include: [String]?
        var exclude: [String]?

        init(path: String, kind: Kind) {
            self.path = path
            self.kind = kind
        }

        var selection: FileSelection {
            (try? FileSelection(include: include ?? [], exclude: exclude ?? [])) ?? FileSelection()
        }
    }

    /// Folder path to its label.
    var labels: [String: String] = [:]
    var roots: [Root] = []

    static let metadataKey = "gazette.roots"

    static func load(from writer: IndexWriter) throws -> RootRegistry {
        let text = try writer.metadata(metadataKey)
        guard !text.isEmpty else { return RootRegistry() }
        return try JSONDecoder().decode(RootRegistry.self, from: Data(text.utf8))
    }

    func save(to writer: IndexWriter) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writer.setMetadata(Self.metadataKey, String(decoding: try encoder.encode(self), as: UTF8.self))
    }

    /// Where a path's files get their ids: a label and the path of the
    /// given folder or file inside the labelled folder ("" for the folder itself).
    struct Scope: Equatable {
        var label: String
        var inside: String

        func fileKey(relativeToScope relative: String) -> String {
            let parts = [label, inside, relative].filter { !$0.isEmpty }
            return parts.joined(separator: "/")
        }

        /// Every file key in this scope starts with this.
        var keyPrefix: String { [label, inside].filter { !$0.isEmpty }.joined(separator: "/") }
    }

    /// The scope for indexing `path` (absolute), registering it as a root
    /// unless an indexed folder already holds it.
    mutating func scope(for path: String, isFolder: Bool) -> Scope {
        if let scope = folderScope(for: path) { return scope }
        let folder = isFolder ? path : (path as NSString).deletingLastPathComponent
        let label = label(forFolder: folder)
        if !roots.contains(where: { $0.path == path && $0.kind == (isFolder ? .folder : .file) }) {
            roots.append(Root(path: path, kind: isFolder ? .folder : .file))
        }
        return Scope(label: label, inside: isFolder ? "" : (path as NSString).lastPathComponent)
    }

    /// The scope of a path already covered by an indexed root, without registering anything.
    func existingScope(for path: String) -> Scope? {
        if let scope = folderScope(for: path) { return scope }
        if roots.contains(where: { $0.path == path && $0.kind == .file }),
           let label = labels[(path as NSString).deletingLastPathComponent] {
            return Scope(label: label, inside: (path as NSString).lastPathComponent)
        }
        return nil
    }

    /// The scope inside the innermost indexed folder that holds `path`, if any.
    private func folderScope(for path: String) -> Scope? {
        guard let holder = folderRoot(holding: path), let label = labels[holder.path] else { return nil }
        return Scope(label: label, inside: String(path.dropFirst(holder.path.count).drop(while: { $0 == "/" })))
    }

    /// The innermost indexed folder that is or holds `path`.
    func folderRoot(holding path: String) -> Root? {
        roots.filter { $0.kind == .folder && (path == $0.path || path.hasPrefix($0.path + "/")) }
            .max { $0.path.count < $1.path.count }
    }

    /// Remembers the globs an indexed folder was named with (none: it forgets its old ones).
    mutating func remember(_ selection: FileSelection, forFolder path: String) {
        guard let index = roots.firstIndex(where: { $0.path == path && $0.kind == .folder }) else { return }
        roots[index].include = selection.include.isEmpty ? nil : selection.include.map(\.pattern)
        roots[index].exclude = selection.exclude.isEmpty ? nil : selection.exclude.map(\.pattern)
    }

    mutating func label(forFolder folder: String) -> String {
        if let existing = labels[folder] { return existing }
        var base = (folder as NSString).lastPathComponent
        if base.isEmpty || base == "/" { base = "root" }
        let taken = Set(labels.values)
        var candidate = base
        var n = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        labels[folder] = candidate
        return candidate
    }
}

/// What the index remembers of each article file, to skip it when unchanged
/// and to remove its articles when it changes or disappears.
struct FileRecord: Equatable, Sendable {
    var stamp: FileStamp
    var hash: String
    var ids: [String]
    /// The file key, kept only when the metadata key had to be shortened to a
    /// hash (Xapian limits key length): pruning needs it to tell which folder
    /// the file was in.
    var longKey: String?

    static let keyPrefix = "gazette.file:"

    static func key(_ fileKey: String) -> String { Schema.term(keyPrefix, fileKey) }

    /// Metadata keys to scan for the records of `fileKey` and every file below
    /// it: a prefix of all of them, short enough to survive the shortening of
    /// long keys. Callers check `fileKey(metadataKey:)` on what they find.
    static func scanPrefix(_ fileKey: String) -> String {
        let budget = 120 - keyPrefix.utf8.count
        guard fileKey.utf8.count > budget else { return keyPrefix + fileKey }
        var head = ""
        var used = 0
        for scalar in fileKey.unicodeScalars {
            used += String(scalar).utf8.count
            if used > budget { break }
            head.unicodeScalars.append(scalar)
        }
        return keyPrefix + head
    }

    /// The file key a record stored under `metadataKey` belongs to.
    func fileKey(metadataKey: String) -> String {
        longKey ?? String(metadataKey.dropFirst(Self.keyPrefix.count))
    }

    /// The encoded record; the file key goes into the hash field, after a
    /// `;`, only when its metadata key is shortened (older records stay valid).
    func encoded() -> String {
        let keyField = longKey.map { ";" + Data($0.utf8).base64EncodedString() } ?? ""
        return "\(stamp.size)\t\(stamp.modified)\t\(hash)\(keyField)\t" + ids.joined(separator: "\u{1E}")
    }

    init(stamp: FileStamp, hash: String, ids: [String], fileKey: String) {
        self.stamp = stamp
        self.hash = hash
        self.ids = ids
        longKey = Self.key(fileKey) == Self.keyPrefix + fileKey ? nil : fileKey
    }

    init?(encoded text: String) {
        let parts = text.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let size = Int64(parts[0]), let modified = Int64(parts[1]) else { return nil }
        stamp = FileStamp(size: size, modified: modified)
        let hashField = parts[2].split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        hash = String(hashField[0])
        if hashField.count == 2 {
            guard let data = Data(base64Encoded: String(hashField[1])) else { return nil }
            longKey = String(decoding: data, as: UTF8.self)
        }
        ids = parts[3].isEmpty ? [] : parts[3].split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init)
    }
}
