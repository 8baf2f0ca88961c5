/// A passage of an article around the matches, with the matched words marked
/// by byte offsets into `text` (UTF-8), so any front end can highlight them.
public struct Snippet: Sendable, Equatable {
    public let text: String
    public let highlights: [Range<Int>]

    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    /// Reads Xapian's snippet output: words between the markers are
    /// highlights, HTML entities are undone, line breaks become spaces, and
    /// highlights separated only by spaces merge (a phrase reads as one).
    init(xapianSnippet marked: String) {
        var out: [UInt8] = []
        out.reserveCapacity(marked.utf8.count)
        var ranges: [Range<Int>] = []
        var openedAt: Int?
        MarkedText.scan(marked) { piece in
            switch piece {
            case .open:
                openedAt = out.count
            case .close:
                if let start = openedAt, start < out.count {
                    if let last = ranges.last,
                       out[last.upperBound..<start].allSatisfy({ $0 == 0x20 }) {
                        ranges[ranges.count - 1] = last.lowerBound..<out.count
                    } else {
                        ranges.append(start..<out.count)
                    }
                }
                openedAt = nil
            case .byte(0x0A), .byte(0x09), .byte(0x0D), .byte(0x20):
                if out.last != nil && out.last != 0x20 { out.append(0x20) }
            case let .byte(byte):
                out.append(byte)
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
