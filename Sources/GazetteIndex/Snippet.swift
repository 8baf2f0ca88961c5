/// A passage of an article around the matches, with the matched words marked
/// by byte offsets into `text` (UTF-8), so any front end can highlight them.
public struct Snippet: Sendable, Equatable {
    public let text: String
    public let highlights: [Range<Int>]

    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    /// The snippet of a hit of `mset` cut from `text` (the UTF-8 bytes of
    /// its body, or of its title when it has none), aiming at `length` bytes.
    /// The passage is looked for in the first `SearchCost.snippetSourceBytes`.
    init(of text: ArraySlice<UInt8>, in mset: XapianMSet, length: Int, language: String) throws(IndexError) {
        let source = text[..<Self.sourceEnd(text)]
        var result: Result<Snippet, IndexError> = .success(Snippet(text: "", highlights: []))
        source.withUnsafeBytes { bytes in
            result = Result { () throws(IndexError) -> Snippet in
                try mset.snippet(of: bytes, length: length, language: language, start: MarkedText.start,
                                 end: MarkedText.end, omit: "…") { Snippet(xapianSnippet: $0) }
            }
        }
        self = try result.get()
    }

    /// Where the first `SearchCost.snippetSourceBytes` of `text` end, cut at a character boundary.
    static func sourceEnd(_ text: ArraySlice<UInt8>) -> Int {
        guard text.count > SearchCost.snippetSourceBytes else { return text.endIndex }
        var end = text.startIndex + SearchCost.snippetSourceBytes
        while end > text.startIndex && UTF8.isContinuation(text[end]) { end -= 1 }
        return end
    }

    /// Reads Xapian's snippet output: words between the markers are
    /// highlights, HTML entities are undone, line breaks become spaces, and
    /// highlights separated only by spaces merge (a phrase reads as one).
    init(xapianSnippet marked: String) {
        var marked = marked
        self = marked.withUTF8 { Snippet(xapianSnippet: $0) }
    }

    /// The same from the shim's bytes, in one pass over them: this runs for
    /// every hit of every search, so it copies nothing on the way.
    init(xapianSnippet marked: UnsafeBufferPointer<UInt8>) {
        var out: [UInt8] = []
        out.reserveCapacity(marked.count)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(16)
        var openedAt: Int?
        var i = 0
        while i < marked.count {
            // A run of plain bytes (most of a word) is copied at once.
            var plain = i
            while plain < marked.count && !Self.special(marked[plain]) { plain += 1 }
            if plain > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: marked[i..<plain]))
                i = plain
                continue
            }
            var byte = marked[i]
            i += 1
            switch byte {
            case MarkedText.openByte:
                openedAt = out.count
                continue
            case MarkedText.closeByte:
                if let start = openedAt, start < out.count {
                    if let last = ranges.last, Self.onlySpaces(out, last.upperBound..<start) {
                        ranges[ranges.count - 1] = last.lowerBound..<out.count
                    } else {
                        ranges.append(start..<out.count)
                    }
                }
                openedAt = nil
                continue
            case 0x26:
                if let (decoded, length) = MarkedText.entity(in: marked, at: i - 1) {
                    byte = decoded
                    i += length - 1
                }
            default:
                break
            }
            switch byte {
            case 0x0A, 0x09, 0x0D, 0x20:
                if let last = out.last, last != 0x20 { out.append(0x20) }
            default:
                out.append(byte)
            }
        }
        while out.last == 0x20 { out.removeLast() }
        let length = out.count
        self.init(text: String(decoding: out, as: UTF8.self),
                  highlights: ranges.map { $0.clamped(to: 0..<length) }.filter { !$0.isEmpty })
    }

    /// Bytes the reader looks at one by one: markers, an entity's `&`, white space.
    @inline(__always)
    private static func special(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x26
    }

    private static func onlySpaces(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        for i in range where bytes[i] != 0x20 { return false }
        return true
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
