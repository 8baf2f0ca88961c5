#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TOMLKit

/// What `Config/gazette.toml` says, every key checked for its type and
/// bounds, before anything gives it a meaning: GazetteConfiguration turns it
/// into settings, and the small `gazette` reads only where gazetted listens.
/// One reader, so that both refuse the same files with the same words.
public struct SettingsFile: Sendable {
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    /// A file that exists but cannot be read; `cause` is the system's error.
    public struct Unreadable: Swift.Error {
        public let file: String
        public let cause: any Swift.Error
    }

    public var spelling: Bool?
    public var stories: Bool?
    public var indexPath: String?
    public var language: String?
    public var indexIsPrivate: Bool?
    public var searchLimit: Int?
    public var snippetLength: Int?
    public var facetLimit: Int?
    public var synonyms: String?
    /// `[daemon] socket`, when set and not empty.
    public var socket: String?
    public var maxLineBytes: Int?
    public var idleTimeoutSeconds: Int?
    public var maxConnections: Int?
    public var shardTimeoutMilliseconds: Int?
    public var shardConnectMilliseconds: Int?
    /// `[files]` include and exclude, unchecked as globs (GazetteArticles knows globs).
    public var include: [String] = []
    public var exclude: [String] = []

    public init() {}

    /// Reads `gazette.toml` in `configDirectory`; nil when there is none.
    public static func read(configDirectory: String) throws -> SettingsFile? {
        let file = configDirectory + "/gazette.toml"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw Unreadable(file: file, cause: error)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: Self.withoutCommentLines(text))
        } catch let error as TOMLParseError {
            throw Error(description: "\(file):\(error.source.begin.line): \(error.description)")
        }
        return try SettingsFile(table: table, file: file)
    }

    /// Checks in the order of the file's sections, so that the first problem is the one told.
    init(table: TOMLTable, file: String) throws {
        func section(_ name: String) -> TOMLTable? { table[name]?.table }
        func string(_ t: TOMLTable?, _ key: String) throws -> String? {
            guard let value = t?[key] else { return nil }
            guard let s = value.string else { throw Error(description: "\(file): \(key) must be a string") }
            return s
        }
        func int(_ t: TOMLTable?, _ key: String, min: Int) throws -> Int? {
            guard let value = t?[key] else { return nil }
            guard let n = value.int, n >= min else {
                throw Error(description: "\(file): \(key) must be a whole number of at least \(min)")
            }
            return n
        }
        func bool(_ t: TOMLTable?, _ key: String) throws -> Bool? {
            guard let value = t?[key] else { return nil }
            guard let b = value.bool else { throw Error(description: "\(file): \(key) must be true or false") }
            return b
        }
        let index = section("index")
        spelling = try bool(index, "spelling")
        stories = try bool(index, "stories")
        indexPath = try string(index, "path")
        language = try string(index, "language")
        if let value = index?["private"] {
            guard let flag = value.bool else { throw Error(description: "\(file): [index] private must be true or false") }
            indexIsPrivate = flag
        }
        let search = section("search")
        searchLimit = try int(search, "limit", min: 1)
        snippetLength = try int(search, "snippet_length", min: 20)
        facetLimit = try int(search, "facet_limit", min: 1)
        synonyms = try string(search, "synonyms")
        let daemon = section("daemon")
        if let socket = try string(daemon, "socket"), !socket.isEmpty { self.socket = socket }
        maxLineBytes = try int(daemon, "max_line_bytes", min: 1024)
        idleTimeoutSeconds = try int(daemon, "idle_timeout_seconds", min: 1)
        maxConnections = try int(daemon, "max_connections", min: 1)
        let shards = section("shards")
        shardTimeoutMilliseconds = try int(shards, "timeout_ms", min: 1)
        shardConnectMilliseconds = try int(shards, "connect_timeout_ms", min: 1)
        let files = section("files")
        func strings(_ key: String) throws -> [String] {
            guard let value = files?[key] else { return [] }
            let list = value.array?.compactMap(\.string)
            guard let list, list.count == value.array?.count else {
                throw Error(description: "\(file): [files] \(key) must be a list of glob strings")
            }
            return list
        }
        include = try strings("include")
        exclude = try strings("exclude")
    }
}

extension SettingsFile {
    /// `[daemon] socket` as a path: a relative one starts at the project folder.
    public func socketPath(project: String) -> String? {
        socket.map { $0.hasPrefix("/") ? $0 : PathSyntax.appending($0, to: project) }
    }
}

extension SettingsFile {
    /// `text` with each line that is only a comment made empty, so that the
    /// TOML parser, which reads a comment character by character (most of
    /// the shipped file, and a tenth of the small `gazette`'s search), skips
    /// it at once. Lines keep their numbers for error messages. Unchanged
    /// when a multi-line string could hold such a line, and a comment with a
    /// character TOML refuses there stays for the parser to refuse.
    static func withoutCommentLines(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
        // (Bytes, not Characters: a String search here cost more than the parse it saves.)
        for index in bytes.indices.dropLast(2) where bytes[index] == quote || bytes[index] == apostrophe {
            if bytes[index + 1] == bytes[index] && bytes[index + 2] == bytes[index] { return text }
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        for (number, line) in bytes.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            if number > 0 { kept.append(newline) }
            let start = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let body = start.last == carriageReturn ? start.dropLast() : start
            let isComment = body.first == UInt8(ascii: "#")
                && !body.contains { ($0 < 0x20 && $0 != UInt8(ascii: "\t")) || $0 == 0x7F }
            if !isComment {
                kept.append(contentsOf: line)
            } else if line.last == carriageReturn {
                kept.append(carriageReturn)
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
