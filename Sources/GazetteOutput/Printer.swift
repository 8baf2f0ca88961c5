#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GazetteProtocol

/// Every output format of every command: one enum, one printer each.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text
    case json
    /// One JSON object per line: a `match` per hit, then a `summary` (like ripgrep's --json).
    case jsonl
    /// `path:line:column:text`, for Vim's quickfix list and Emacs' grep-mode.
    case vimgrep

    /// Formats that point into files need each hit's first match located.
    public var needsLocations: Bool { self == .jsonl || self == .vimgrep }

    /// What commands that print one record (show, status, facets, entities)
    /// offer: the editor formats are lists of places in files.
    public static let recordFormats: [OutputFormat] = [.text, .json]

    /// `styled`: bold highlights (on a terminal). `base`: the folder paths are shown relative to.
    public func printer(styled: Bool = Terminal.stdoutIsStyled,
                        base: String = FileManager.default.currentDirectoryPath) -> any Printer {
        switch self {
        case .text: return TextPrinter(styled: styled)
        case .json: return JSONPrinter()
        case .jsonl: return JSONLinesPrinter(base: base)
        case .vimgrep: return VimgrepPrinter(base: base)
        }
    }
}

/// Turns what a command answers into what it writes on stdout, in one format.
public protocol Printer {
    /// Search results; `elapsed` is the seconds the search took.
    func search(_ response: SearchResponse, elapsed: Double) -> PrintedHits
    /// One record: an article, the status, facet counts, an article's entities.
    func record(_ record: some PrintableRecord) -> String
}

extension Printer {
    /// A record is one line of JSON unless the format says otherwise.
    public func record(_ record: some PrintableRecord) -> String {
        JSONPrinter.line(record)
    }
}

/// What `show`, `status`, `facets` and `entities` print: encoded as it is for
/// JSON, and as text for people.
public protocol PrintableRecord: Encodable {
    func text(styled: Bool) -> String
}

/// Printed search results, and the hits the format could not show: editor
/// formats point into files, and some hits have none.
public struct PrintedHits: Sendable, Equatable {
    public var output: String
    public var skipped: [SearchHit]

    public init(output: String, skipped: [SearchHit] = []) {
        self.output = output
        self.skipped = skipped
    }

    /// One stderr line per skipped hit, saying why.
    public var warnings: [String] {
        skipped.map { hit in
            let place = hit.path.map { Terminal.displayPath($0) } ?? hit.id
            let why = hit.path == nil ? "has no file (it was sent inline)" : "is gone; re-run gazette index to update"
            return "gazette: warning: skipped \(place): the article's file \(why)"
        }
    }
}

/// The JSON documents: a search reply as the daemon sends it, a record as encoded.
public struct JSONPrinter: Printer {
    public init() {}

    public func search(_ response: SearchResponse, elapsed: Double) -> PrintedHits {
        PrintedHits(output: String(decoding: response.jsonBytes, as: UTF8.self) + "\n")
    }

    static func line(_ value: some Encodable) -> String {
        guard let bytes = try? WireJSON.encode(value) else { return "{}\n" }
        return String(decoding: bytes, as: UTF8.self) + "\n"
    }
}
