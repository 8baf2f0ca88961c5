extension RecordParts {
    /// Reads a JSON file once, a block at a time (memory stays flat whatever
    /// its size), and cuts its array of articles (a top-level array, or the
    /// `articles` array of a top-level object) into parts of whole elements
    /// of about `partBytes` each. Returns the parts and the hash of the whole
    /// file; nil when the file is not shaped so (one article object, an empty
    /// array, brackets that do not balance, text after the end), and it is
    /// read whole instead, where the parser says what is wrong. Elements are
    /// not checked here: one that is not JSON is a warning when its part is read.
    public static func splitJSON(path: String, partBytes: Int) throws(ArticleReadError)
        -> (parts: [RecordPart], hash: String)? {
        var cutter = JSONArrayCutter(partBytes: Int64(max(1, partBytes)))
        let (_, hash) = try forEachBlock(of: path) { filled, blockStart in
            // A UTF-8 byte order mark is not part of the JSON.
            let skip = blockStart == 0 && filled.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            cutter.feed(UnsafeRawBufferPointer(rebasing: filled[skip...]), at: blockStart + Int64(skip))
            return !cutter.failed
        }
        guard let parts = cutter.finish() else { return nil }
        return (parts, hash)
    }
}

/// What `splitJSON` knows between blocks: where it is in the JSON's
/// structure, and the elements and parts found so far.
struct JSONArrayCutter {
    private enum Phase { case start, object, articles, end }
    /// Where a member of the top-level object is, at its depth.
    private enum Member { case key, colon, value, scalar, done }

    let partBytes: Int64
    private var phase = Phase.start
    private var member = Member.key
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Gathering the key of a member of the top-level object (its first bytes).
    private var inKey = false
    private var key: [UInt8] = []
    private var sawArticles = false
    /// The depth of the articles' array itself: 1, or 2 inside an object.
    private var arrayDepth = 0
    private var elementStart: Int64?
    /// An element just ended: a comma or the array's end must come next.
    private var afterElement = false
    private var lastEnd: Int64 = 0
    private var elements = 0
    private var partStart: Int64?
    private var partFirst = 1
    private var parts: [RecordPart] = []
    private(set) var failed = false

    init(partBytes: Int64) { self.partBytes = partBytes }

    static let articlesKey = Array("articles".utf8)

    mutating func feed(_ bytes: UnsafeRawBufferPointer, at base: Int64) {
        for (i, byte) in bytes.enumerated() where !failed {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    inKey = false
                } else if inKey && key.count <= Self.articlesKey.count {
                    key.append(byte)
                }
                continue
            }
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
            let position = base + Int64(i)
            switch phase {
            case .start: start(byte)
            case .object: inObject(byte)
            case .articles: inArticles(byte, at: position)
            case .end: failed = true  // text after the end
            }
        }
    }

    /// The parts, once the whole file was fed; nil when it was not a non-empty array of articles.
    mutating func finish() -> [RecordPart]? {
        guard !failed, phase == .end, !inString, elements > 0 else { return nil }
        if let start = partStart { cut(from: start, to: lastEnd) }
        return parts
    }

    private mutating func start(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "["):
            phase = .articles
            depth = 1
            arrayDepth = 1
        case UInt8(ascii: "{"):
            phase = .object
            depth = 1
        default:
            failed = true
        }
    }

    /// The top-level object, outside its articles: members are read until
    /// the `articles` one; any other member's value is passed over.
    private mutating func inObject(_ byte: UInt8) {
        let quote = UInt8(ascii: "\"")
        if depth > 1 {
            if byte == quote { inString = true }
            else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 1 { member = .done }
            }
            return
        }
        switch (member, byte) {
        case (.key, quote):
            inString = true
            inKey = true
            key = []
            member = .colon
        case (.colon, UInt8(ascii: ":")):
            member = .value
        case (.value, UInt8(ascii: "[")) where key == Self.articlesKey:
            // A second "articles" member: which one a reader keeps is not for this cutter to guess.
            guard !sawArticles else { failed = true; return }
            sawArticles = true
            phase = .articles
            depth = 2
            arrayDepth = 2
        case (.value, quote):
            inString = true
            member = .done
        case (.value, UInt8(ascii: "{")), (.value, UInt8(ascii: "[")):
            depth += 1
        case (.value, _):
            member = .scalar
        case (.scalar, UInt8(ascii: ",")), (.done, UInt8(ascii: ",")):
            member = .key
        case (.key, UInt8(ascii: "}")), (.scalar, UInt8(ascii: "}")), (.done, UInt8(ascii: "}")):
            depth = 0
            phase = .end
            if !sawArticles { failed = true }  // one article: read whole
        case (.scalar, _):
            break
        default:
            failed = true
        }
    }

    private mutating func inArticles(_ byte: UInt8, at position: Int64) {
        switch byte {
        case UInt8(ascii: "\""):
            if depth == arrayDepth { startElement(at: position) }
            inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if depth == arrayDepth { startElement(at: position) }
            depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            if depth == arrayDepth {
                // The end of the articles' array.
                guard byte == UInt8(ascii: "]") else { failed = true; return }
                if elementStart != nil { endElement(at: position) }
                depth -= 1
                if arrayDepth == 1 {
                    phase = .end
                } else {
                    phase = .object
                    member = .done
                }
            } else {
                depth -= 1
                if depth == arrayDepth { endElement(at: position + 1) }
            }
        case UInt8(ascii: ","):
            guard depth == arrayDepth else { return }
            if elementStart != nil {
                endElement(at: position)
            } else if !afterElement {
                failed = true  // an empty element
            }
            afterElement = false
        default:
            if depth == arrayDepth { startElement(at: position) }
        }
    }

    /// A scalar's later bytes come here too; only the first starts an element.
    private mutating func startElement(at position: Int64) {
        guard elementStart == nil else { return }
        guard !afterElement else { failed = true; return }  // two elements without a comma
        elementStart = position
        if partStart == nil { partStart = position }
    }

    private mutating func endElement(at end: Int64) {
        guard elementStart != nil else { failed = true; return }
        elementStart = nil
        afterElement = true
        elements += 1
        lastEnd = end
        if let start = partStart, end - start >= partBytes {
            cut(from: start, to: end)
        }
    }

    private mutating func cut(from start: Int64, to end: Int64) {
        parts.append(RecordPart(offset: start, length: Int(end - start), firstRecord: partFirst,
                                records: elements + 1 - partFirst))
        partStart = nil
        partFirst = elements + 1
    }
}
