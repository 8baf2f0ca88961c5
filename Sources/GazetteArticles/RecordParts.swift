#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A run of whole records of a file of many articles (lines of a JSON Lines
/// file, elements of a JSON array): what one worker reads and indexes, so
/// that a large export is streamed in pieces rather than read whole, and its
/// records are spread over the workers like files.
public struct RecordPart: Sendable, Equatable {
    /// Where the part starts in the file, in bytes.
    public let offset: Int64
    public let length: Int
    /// The 1-based number of its first record in the file: fallback ids and
    /// warnings count records (lines, or array elements) from the top of the
    /// file, not of the part.
    public let firstRecord: Int
    /// How many records it holds (blank lines too): about how many articles.
    public let records: Int

    public init(offset: Int64, length: Int, firstRecord: Int, records: Int) {
        self.offset = offset
        self.length = length
        self.firstRecord = firstRecord
        self.records = records
    }
}

/// FNV-1a, 64 bits, fed in pieces; its hex digest is the one Gazette records
/// to tell a touched file from a changed one (the same as hashing the bytes at once).
public struct StreamingHash: Sendable {
    private var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        value = hash
    }

    public var hex: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

public enum RecordParts {
    /// Reads the file at `path` once, a block at a time (memory stays flat
    /// whatever its size), and cuts it after the first line end past every
    /// `partBytes`. Returns the parts and the hash of the whole file.
    public static func split(path: String, partBytes: Int) throws(ArticleReadError) -> (parts: [RecordPart], hash: String) {
        var parts: [RecordPart] = []
        var partStart: Int64 = 0
        var partFirstLine = 1
        var newlines = 0
        var lastByte: UInt8 = 0x0A
        let (size, hash) = try forEachBlock(of: path) { filled, blockStart in
            let got = filled.count
            lastByte = filled[got - 1]
            var at = 0
            while at < got, let found = memchr(filled.baseAddress! + at, 0x0A, got - at) {
                let index = filled.baseAddress!.distance(to: UnsafeRawPointer(found))
                newlines += 1
                let end = blockStart + Int64(index) + 1
                if end - partStart >= Int64(partBytes) {
                    parts.append(RecordPart(offset: partStart, length: Int(end - partStart), firstRecord: partFirstLine,
                                            records: newlines + 1 - partFirstLine))
                    partStart = end
                    partFirstLine = newlines + 1
                }
                at = index + 1
            }
            return true
        }
        if size > partStart {
            let lastLine = lastByte == 0x0A ? newlines : newlines + 1  // the last line may have no line end
            parts.append(RecordPart(offset: partStart, length: Int(size - partStart), firstRecord: partFirstLine,
                                    records: lastLine + 1 - partFirstLine))
        }
        return (parts, hash)
    }

    /// Reads the file at `path` in 1 MB blocks, handing each (never empty)
    /// to `body` with its offset, until the end or until `body` says stop.
    /// Returns the bytes read and their hash.
    static func forEachBlock(of path: String, _ body: (UnsafeRawBufferPointer, Int64) -> Bool)
        throws(ArticleReadError) -> (size: Int64, hash: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var hash = StreamingHash()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var blockStart: Int64 = 0
        while true {
            let got = block.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            let more = block.withUnsafeBytes { raw in
                let filled = UnsafeRawBufferPointer(rebasing: raw[0..<got])
                hash.add(filled)
                return body(filled, blockStart)
            }
            blockStart += Int64(got)
            if !more { break }
        }
        return (blockStart, hash.hex)
    }

    /// The bytes of one part, as the file holds them now.
    public static func read(_ part: RecordPart, of path: String) throws(ArticleReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: part.length)
        var filled = 0
        while filled < part.length {
            let n = bytes.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + filled, raw.count - filled, off_t(part.offset) + off_t(filled))
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
            guard n > 0 else { throw .unreadable(reason: "the file shrank while it was read") }
            filled += n
        }
        return bytes
    }
}

extension ArticleParser {
    /// The articles of one part of a JSON Lines file or of a JSON array:
    /// records that are not articles are warnings (numbered from the top of
    /// the file), and a part without any article is no error, since the
    /// file's other parts may have some.
    public static func parsePart(bytes: [UInt8], part: RecordPart, format: ArticleFormat = .jsonLines,
                                 fileID: String) -> ParsedFile {
        let records = "\(format == .json ? "articles" : "lines") \(part.firstRecord)-\(part.firstRecord + part.records - 1)"
        if let reason = ContentSniffer.binaryReason(bytes) {
            return ParsedFile(articles: [], encoding: .utf8, warnings: ["\(records): \(reason) (skipped)"])
        }
        let decoded = TextDecoder.decode(bytes)
        var warnings: [String] = []
        if decoded.encoding == .windows1252 {
            warnings.append("\(records): not valid UTF-8; read as Windows-1252")
        }
        var articles = format == .json
            ? jsonElements(decoded.text, fileID: fileID, first: part.firstRecord, warnings: &warnings)
            : jsonLines(decoded.text, fileID: fileID, firstLine: part.firstRecord, warnings: &warnings)
        limitArticleText(&articles, warnings: &warnings)
        return ParsedFile(articles: articles, encoding: decoded.encoding, warnings: warnings)
    }

    /// The articles of a run of a JSON array's elements (the text between
    /// its brackets), the first being element `first` of its file.
    static func jsonElements(_ text: String, fileID: String, first: Int, warnings: inout [String]) -> [Article] {
        let bytes = [UInt8(ascii: "[")] + Array(text.utf8) + [UInt8(ascii: "]")]
        var scanner = JSONScanner(bytes: bytes)
        guard let ranges = scanner.articleRanges() else {
            warnings.append("articles from \(first): not JSON (skipped)")
            return []
        }
        var articles: [Article] = []
        for (n, range) in ranges.enumerated() {
            let number = first + n
            appendRecord(Data(bytes[range]), place: "article \(number)", fallbackID: "\(fileID)#\(number)",
                         to: &articles, warnings: &warnings)
        }
        return articles
    }
}
