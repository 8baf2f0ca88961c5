/// A shell-style pattern that chooses files: `*` and `?` stay within one
/// path part, `[abc]` and `[!a-z]` are sets, `**` crosses folders, `\` quotes
/// the next character. A pattern without a slash is matched against names
/// (of files, and of folders for exclusion) at any depth; one with a slash
/// against the path inside the indexed folder. A trailing slash matches
/// folders only.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let bytes: [UInt8]
    /// Matched against the whole relative path rather than a name.
    private let anchored: Bool
    private let foldersOnly: Bool

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(_ pattern: String) throws(Invalid) {
        var body = pattern
        foldersOnly = body.hasSuffix("/")
        while body.hasSuffix("/") { body.removeLast() }
        while body.hasPrefix("./") { body.removeFirst(2) }
        if body.hasPrefix("/") { body.removeFirst() }
        guard !body.isEmpty else { throw Invalid(description: "empty glob '\(pattern)'") }
        bytes = Array(body.utf8)
        if let problem = Self.problem(in: bytes) { throw Invalid(description: "glob '\(pattern)': \(problem)") }
        self.pattern = pattern
        anchored = body.contains("/")
    }

    public var description: String { pattern }

    /// Whether a file (or folder) at `relativePath` inside the indexed folder matches.
    public func matches(_ relativePath: String, isFolder: Bool = false) -> Bool {
        if foldersOnly && !isFolder { return false }
        let path = Array(relativePath.utf8)
        if anchored { return Self.match(bytes[...], path[...]) }
        let name = path.lastIndex(of: 0x2F).map { path[($0 + 1)...] } ?? path[...]
        return Self.match(bytes[...], name)
    }

    private static func problem(in pattern: [UInt8]) -> String? {
        var i = 0
        while i < pattern.count {
            switch pattern[i] {
            case 0x5C:  // backslash quotes the next byte
                guard i + 1 < pattern.count else { return "ends with '\\'" }
                i += 2
            case 0x5B:
                guard let close = setEnd(pattern[...], from: i) else { return "unclosed '['" }
                i = close + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index of the `]` closing the set that opens at `start`.
    private static func setEnd(_ p: ArraySlice<UInt8>, from start: Int) -> Int? {
        var i = start + 1
        if i < p.endIndex && (p[i] == 0x21 || p[i] == 0x5E) { i += 1 }  // ! or ^
        if i < p.endIndex && p[i] == 0x5D { i += 1 }  // a leading ] is a member
        while i < p.endIndex && p[i] != 0x5D { i += 1 }
        return i < p.endIndex ? i : nil
    }

    /// Whether byte `c` is in the set `p[start...end]` (`[` to `]`).
    private static func setContains(_ p: ArraySlice<UInt8>, _ start: Int, _ end: Int, _ c: UInt8) -> Bool {
        var i = start + 1
        var negated = false
        if p[i] == 0x21 || p[i] == 0x5E { negated = true; i += 1 }
        var found = false
        var first = true
        while i < end {
            let low = p[i]
            if !first || low != 0x5D, i + 2 < end, p[i + 1] == 0x2D {
                if low <= c && c <= p[i + 2] { found = true }
                i += 3
            } else {
                if low == c { found = true }
                i += 1
            }
            first = false
        }
        return found != negated
    }

    /// Backtracking match; patterns are short, so this stays cheap.
    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        var p = p
        var s = s
        while let c = p.first {
            switch c {
            case 0x2A:  // *
                var stars = 0
                while p.first == 0x2A { p = p.dropFirst(); stars += 1 }
                if stars >= 2 {
                    // "**/" also matches no folder at all.
                    if p.first == 0x2F, match(p.dropFirst(), s) { return true }
                    for k in s.indices where match(p, s[k...]) { return true }
                    return match(p, s[s.endIndex...])
                }
                var k = s.startIndex
                while true {
                    if match(p, s[k...]) { return true }
                    guard k < s.endIndex, s[k] != 0x2F else { return false }
                    k += 1
                }
            case 0x3F:  // ? is one character, never a slash
                guard let first = s.first, first != 0x2F else { return false }
                s = s.dropFirst()
                while let next = s.first, next & 0xC0 == 0x80 { s = s.dropFirst() }
                p = p.dropFirst()
            case 0x5B:  // [set]
                guard let end = setEnd(p, from: p.startIndex), let first = s.first, first != 0x2F,
                      setContains(p, p.startIndex, end, first) else { return false }
                p = p[(end + 1)...]
                s = s.dropFirst()
            case 0x5C where p.count > 1:
                guard s.first == p[p.startIndex + 1] else { return false }
                p = p.dropFirst(2)
                s = s.dropFirst()
            default:
                guard s.first == c else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            }
        }
        return s.isEmpty
    }
}

/// Which files of a folder Gazette reads, beyond what their names and
/// content say: globs to include (when any is given, only files matching
/// one are read, whatever their extension) and globs to exclude (files, and
/// whole folders, matching one are passed over).
public struct FileSelection: Sendable, Equatable {
    public var include: [Glob]
    public var exclude: [Glob]

    public init(include: [Glob] = [], exclude: [Glob] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Parses the patterns; the error names the first bad one.
    public init(include: [String], exclude: [String]) throws(Glob.Invalid) {
        var included: [Glob] = []
        for pattern in include { included.append(try Glob(pattern)) }
        var excluded: [Glob] = []
        for pattern in exclude { excluded.append(try Glob(pattern)) }
        self.init(include: included, exclude: excluded)
    }

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }

    /// Both selections' globs: a file must pass both.
    public func adding(_ other: FileSelection) -> FileSelection {
        FileSelection(include: include + other.include, exclude: exclude + other.exclude)
    }

    /// The exclude glob that passes over this folder, if any.
    func excluding(folder relativePath: String) -> Glob? {
        exclude.first { $0.matches(relativePath, isFolder: true) }
    }

    /// Why this file is passed over by the globs, or nil when they let it through.
    /// `included` says whether an include glob chose it (so its extension does not matter).
    func verdict(file relativePath: String) -> (passedOver: String?, included: Bool) {
        if let glob = exclude.first(where: { $0.matches(relativePath) }) {
            return ("excluded by '\(glob)'", false)
        }
        // A file reported on its own (by the watcher) may be inside an excluded folder.
        var folder = relativePath[...]
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if let glob = excluding(folder: String(folder)) { return ("in a folder excluded by '\(glob)'", false) }
        }
        guard !include.isEmpty else { return (nil, false) }
        if include.contains(where: { $0.matches(relativePath) }) { return (nil, true) }
        return ("matches no include glob (\(include.map { "'\($0)'" }.joined(separator: ", ")))", false)
    }
}
