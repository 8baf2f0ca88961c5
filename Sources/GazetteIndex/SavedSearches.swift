import Foundation

/// A saved search: a name and a query, kept in the index's metadata so that
/// every client of the index (and the daemon that alerts on it) sees them.
public struct SavedSearch: Sendable, Equatable {
    public let name: String
    public let query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }

    /// Every saved search in the database's metadata, by name.
    static func all(in database: XapianDatabase) throws(IndexError) -> [SavedSearch] {
        var searches: [SavedSearch] = []
        for key in try database.metadataKeys(prefix: keyPrefix) {
            let query = try database.metadata(key)
            if !query.isEmpty { searches.append(SavedSearch(name: String(key.dropFirst(keyPrefix.count)), query: query)) }
        }
        return searches.sorted { $0.name < $1.name }
    }

    /// Metadata key of a saved search: this prefix and its name.
    static let keyPrefix = "gazette.alert."
    public static let maxNameLength = 64

    /// Why `name` cannot name a saved search, or nil when it can: 1 to 64
    /// letters, digits, `-`, `_` or `.`, so that it is one word in a shell and a log line.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "an alert's name is empty" }
        if name.count > maxNameLength { return "an alert's name has at most \(maxNameLength) characters" }
        let allowed = name.allSatisfy { ($0.isLetter || $0.isNumber || "-_.".contains($0)) && $0.isASCII }
        return allowed ? nil : "an alert's name is made of ASCII letters, digits, '-', '_' and '.': '\(name)' is not"
    }
}

/// An article a saved search matched when it was written.
public struct AlertMatch: Sendable, Equatable {
    public let alert: String
    public let id: String
    public let title: String
    public let path: String?
}

extension IndexReader {
    /// Every saved search, by name.
    public func savedSearches() throws(IndexError) -> [SavedSearch] {
        try SavedSearch.all(in: database)
    }

    /// Parses `text` as a search would: a syntax error throws with Xapian's message.
    public func checkQuery(_ text: String) throws(IndexError) {
        _ = try parse(text)
    }
}

extension IndexWriter {
    /// Every saved search, as this writer sees them (uncommitted ones too).
    public func savedSearches() throws(IndexError) -> [SavedSearch] {
        try SavedSearch.all(in: database)
    }

    /// Saves (or replaces) a saved search; `commit()` makes it visible.
    public func save(_ search: SavedSearch) throws(IndexError) {
        try setMetadata(SavedSearch.keyPrefix + search.name, search.query)
    }

    /// Removes a saved search; false when there was none by that name.
    @discardableResult
    public func removeSavedSearch(named name: String) throws(IndexError) -> Bool {
        guard !(try metadata(SavedSearch.keyPrefix + name)).isEmpty else { return false }
        try setMetadata(SavedSearch.keyPrefix + name, "")  // Xapian deletes a key set to ""
        return true
    }
}
