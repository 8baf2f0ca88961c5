/// A passage of an article around the matches, with the matched words marked
/// by byte offsets into `text` (UTF-8), so any front end can highlight them.
public struct Snippet: Sendable, Equatable {
    public let text: String
    public let highlights: [Range<Int>]

    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    static let startMarker = "\u{1}"
    static let endMarker = "\u{2}"

    /// Reads Xapian's snippet output: words between the markers are
    /// highlights, HTML entities are undone, line breaks become spaces, and
    /// highlights separated only by spaces merge (a phrase reads as one).
    init(xapianSnippet marked: String) {
        var out: [UInt8] = []
        out.reserveCapacity(marked.utf8.count)
        var ranges: [Range<Int>] = []
        var openedAt: Int?
        let bytes = Array(marked.utf8)
        var i = 0
        func lastIsSpace() -> Bool { out.last == nil || out.last == 0x20 }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x01:
                openedAt = out.count
                i += 1
            case 0x02:
                if let start = openedAt, start < out.count {
                    if let last = ranges.last,
                       out[last.upperBound..<start].allSatisfy({ $0 == 0x20 }) {
                        ranges[ranges.count - 1] = last.lowerBound..<out.count
                    } else {
                        ranges.append(start..<out.count)
                    }
                }
                openedAt = nil
                i += 1
            case 0x26:  // '&': the three entities Xapian writes
                if bytes[i...].starts(with: Array("&lt;".utf8)) { out.append(0x3C); i += 4 }
                else if bytes[i...].starts(with: Array("&gt;".utf8)) { out.append(0x3E); i += 4 }
                else if bytes[i...].starts(with: Array("&amp;".utf8)) { out.append(0x26); i += 5 }
                else { out.append(b); i += 1 }
            case 0x0A, 0x09, 0x0D, 0x20:
                if !lastIsSpace() { out.append(0x20) }
                i += 1
            default:
                out.append(b)
                i += 1
            }
        }
        while out.last == 0x20 { out.removeLast() }
        let length = out.count
        self.init(text: String(decoding: out, as: UTF8.self),
                  highlights: ranges.map { $0.clamped(to: 0..<length) }.filter { !$0.isEmpty })
    }

    /// The text with each highlight wrapped in `open` and `close`.
    public func rendered(open: String, close: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var cursor = 0
        for range in highlights where range.lowerBound >= cursor && range.upperBound <= bytes.count {
            out.append(contentsOf: bytes[cursor..<range.lowerBound])
            out.append(contentsOf: open.utf8)
            out.append(contentsOf: bytes[range])
            out.append(contentsOf: close.utf8)
            cursor = range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The highlighted words themselves.
    public var highlightedTexts: [String] {
        let bytes = Array(text.utf8)
        return highlights.map { String(decoding: bytes[$0], as: UTF8.self) }
    }
}
