#if canImport(Glibc)
import Glibc
#endif

/// A run of whole lines of a JSON Lines file: what one worker reads and
/// indexes, so that a large export is streamed in pieces rather than read
/// whole, and its records are spread over the workers like files.
public struct RecordPart: Sendable, Equatable {
    /// Where the part starts in the file, in bytes.
    public let offset: Int64
    public let length: Int
    /// The 1-based number of its first line in the file (fallback ids and
    /// warnings count lines from the top of the file, not of the part).
    public let firstLine: Int
    /// How many lines it holds (blank ones too): about how many articles.
    public let lines: Int

    public init(offset: Int64, length: Int, firstLine: Int, lines: Int) {
        self.offset = offset
        self.length = length
        self.firstLine = firstLine
        self.lines = lines
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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var hash = StreamingHash()
        var parts: [RecordPart] = []
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var blockStart: Int64 = 0
        var partStart: Int64 = 0
        var partFirstLine = 1
        var newlines = 0
        var lastByte: UInt8 = 0x0A
        while true {
            let got = block.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            block.withUnsafeBytes { raw in
                let filled = UnsafeRawBufferPointer(rebasing: raw[0..<got])
                hash.add(filled)
                lastByte = filled[got - 1]
                var at = 0
                while at < got, let found = memchr(filled.baseAddress! + at, 0x0A, got - at) {
                    let index = filled.baseAddress!.distance(to: UnsafeRawPointer(found))
                    newlines += 1
                    let end = blockStart + Int64(index) + 1
                    if end - partStart >= Int64(partBytes) {
                        parts.append(RecordPart(offset: partStart, length: Int(end - partStart), firstLine: partFirstLine,
                                                lines: newlines + 1 - partFirstLine))
                        partStart = end
                        partFirstLine = newlines + 1
                    }
                    at = index + 1
                }
            }
            blockStart += Int64(got)
        }
        if blockStart > partStart {
            let lastLine = lastByte == 0x0A ? newlines : newlines + 1  // the last line may have no line end
            parts.append(RecordPart(offset: partStart, length: Int(blockStart - partStart), firstLine: partFirstLine,
                                    lines: lastLine + 1 - partFirstLine))
        }
        return (parts, hash.hex)
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
    /// The articles of one part of a JSON Lines file: lines that are not
    /// articles are warnings (numbered from the top of the file), and a part
    /// without any article is no error, since the file's other parts may have some.
    public static func parsePart(bytes: [UInt8], part: RecordPart, fileID: String) -> ParsedFile {
        let lastLine = part.firstLine + part.lines - 1
        if let reason = ContentSniffer.binaryReason(bytes) {
            return ParsedFile(articles: [], encoding: .utf8,
                              warnings: ["lines \(part.firstLine)-\(lastLine): \(reason) (skipped)"])
        }
        let decoded = TextDecoder.decode(bytes)
        var warnings: [String] = []
        if decoded.encoding == .windows1252 {
            warnings.append("lines \(part.firstLine)-\(lastLine): not valid UTF-8; read as Windows-1252")
        }
        var articles = jsonLines(decoded.text, fileID: fileID, firstLine: part.firstLine, warnings: &warnings)
        limitArticleText(&articles, warnings: &warnings)
        return ParsedFile(articles: articles, encoding: decoded.encoding, warnings: warnings)
    }
}
