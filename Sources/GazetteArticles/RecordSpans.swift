import Foundation

/// Where each article of a JSON or JSON Lines file sits in the file's text,
/// so that editor output points into the article's own record rather than
/// at the first match anywhere in the file.
public struct RecordSpans: Sendable {
    /// Byte ranges in the text's UTF-8, in file order, with the record's own
    /// `id` when it has one and its number as the parser counts records
    /// (JSON Lines: the line; JSON: the element).
    public var records: [(id: String?, number: Int, bytes: Range<Int>)]

    /// The records of `text` read as `format`; nil for formats that hold one
    /// article per file, or when the text is not shaped as the parser expects.
    public init?(text: String, format: ArticleFormat) {
        guard !format.holdsOneArticle else { return nil }
        let bytes = Array(text.utf8)
        switch format {
        case .text, .markdown, .html, .mail: return nil
        case .jsonLines, .json: self.init(json: bytes, lines: format == .jsonLines)
        case .mbox:
            self.init(records: MailReader.messages(in: bytes).enumerated().map { n, range in
                (MailReader.messageID(MailMessage(bytes[range])), n + 1, range)
            })
        case .feed:
            guard let items = FeedReader.items(bytes) else { return nil }
            let starts = Self.lineStarts(bytes)
            func start(ofLine line: Int) -> Int { line >= 1 && line <= starts.count ? starts[line - 1] : bytes.count }
            self.init(records: items.enumerated().map { n, item in
                let lower = start(ofLine: item.line)
                // To the next item's line; at least to the end of this one (a feed may be all on one line).
                let next = n + 1 < items.count ? start(ofLine: items[n + 1].line) : bytes.count
                let upper = max(next, start(ofLine: item.line + 1) - 1, lower)
                return (item.id, n + 1, lower..<min(upper, bytes.count))
            })
        }
    }

    /// The records of the file at `path` whose text is `text`, read as the
    /// indexer reads it: by its name's format, else by its content's.
    public init?(text: String, path: String) {
        let format: ArticleFormat
        switch FileName(path).kind {
        case let .known(known): format = known
        case .sniffed, .other:
            guard case let .format(sniffed) = ContentSniffer.sniff(Array(text.utf8.prefix(ContentSniffer.prefixBytes)))
            else { return nil }
            format = sniffed
        }
        self.init(text: text, format: format)
    }

    private init?(json bytes: [UInt8], lines: Bool) {
        let ranges: [(number: Int, range: Range<Int>)]
        if lines {
            ranges = Self.lines(bytes)
        } else {
            var scanner = JSONScanner(bytes: bytes)
            guard let found = scanner.articleRanges() else { return nil }
            ranges = found.enumerated().map { ($0.offset + 1, $0.element) }
        }
        self.init(records: ranges.map { number, range in
            let object = try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: [])
            return ((object as? [String: Any]).flatMap(ArticleParser.articleID(in:)), number, range)
        })
    }

    private init(records: [(id: String?, number: Int, bytes: Range<Int>)]) {
        self.records = records
    }

    /// The offset of each line's first byte.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
        return starts
    }

    /// The record an article came from: the last one carrying its id (the
    /// parser keeps the later of two), else the numbered record of an id the
    /// parser made up ("file.jsonl#3": line 3; "file.json#2": the second).
    public func bytes(ofArticle id: String) -> Range<Int>? {
        if let match = records.last(where: { $0.id == id }) { return match.bytes }
        guard let hash = id.lastIndex(of: "#"), let n = Int(id[id.index(after: hash)...]) else { return nil }
        return records.first(where: { $0.id == nil && $0.number == n })?.bytes
    }

    /// Non-blank lines with their 1-based numbers, as the JSON Lines parser reads them.
    static func lines(_ bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var out: [(Int, Range<Int>)] = []
        var start = 0
        var number = 1
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            if bytes[start..<i].contains(where: { !JSONScanner.isSpace($0) }) { out.append((number, start..<i)) }
            start = i + 1
            number += 1
        }
        return out
    }
}

/// Finds the byte ranges of the article objects in a JSON document: the
/// elements of a top-level array, of a top-level object's "articles" array,
/// or the top-level object itself. Strings and nesting are respected; the
/// values are not validated (the parser has already done that).
struct JSONScanner {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    mutating func articleRanges() -> [Range<Int>]? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpace()
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "[") { return elements() }
        guard bytes[i] == UInt8(ascii: "{") else { return nil }
        let objectStart = i
        i += 1
        var articles: [Range<Int>]?
        while true {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard let key = string() else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            if key == "articles", i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                guard let found = elements() else { return nil }
                articles = found
            } else {
                guard skipValue() else { return nil }
            }
        }
        return articles ?? [objectStart..<i]
    }

    /// The ranges of an array's elements; `i` at its `[`, left after its `]`.
    private mutating func elements() -> [Range<Int>]? {
        i += 1
        var out: [Range<Int>] = []
        while true {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return out }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            let start = i
            guard skipValue() else { return nil }
            out.append(start..<i)
        }
    }

    private mutating func skipSpace() {
        while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
    }

    /// A string's raw contents (escapes left as written); `i` at its quote.
    private mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
            default: i += 1
            }
        }
        return nil
    }

    /// Moves past one value: a string, an object or array with everything
    /// inside, or a bare literal.
    private mutating func skipValue() -> Bool {
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        default:
            while i < bytes.count && !Self.isSpace(bytes[i])
                && ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[i]) { i += 1 }
            return true
        }
    }
}
