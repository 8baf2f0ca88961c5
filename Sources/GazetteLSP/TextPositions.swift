/// How LSP positions count characters within a line.
public enum PositionEncoding: String, Sendable {
    /// The protocol's default: UTF-16 code units.
    case utf16 = "utf-16"
    /// Bytes, when the client offers it (Gazette's own offsets are bytes).
    case utf8 = "utf-8"
}

/// Conversions between LSP positions and UTF-8 byte offsets.
public enum TextPositions {
    /// Byte ranges of each line's text (without its line end). Lines end at
    /// `\n`, `\r\n` or `\r`, as LSP counts them.
    public static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A || bytes[i] == 0x0D {
                ranges.append(start..<i)
                if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        ranges.append(start..<bytes.count)
        return ranges
    }

    /// The byte offset within `line` of a character offset counted in
    /// `encoding`; past the end means the end, and the middle of a character
    /// means its start.
    public static func byteOffset(ofCharacter character: Int, inLine line: String, encoding: PositionEncoding) -> Int {
        guard character > 0 else { return 0 }
        var units = 0
        var bytes = 0
        for scalar in line.unicodeScalars {
            let width = encoding == .utf16 ? scalar.utf16.count : scalar.utf8.count
            if units + width > character { break }
            units += width
            bytes += scalar.utf8.count
        }
        return bytes
    }

    /// The character offset, counted in `encoding`, of a byte offset within `line`.
    public static func character(ofByte offset: Int, inLine line: String, encoding: PositionEncoding) -> Int {
        guard offset > 0 else { return 0 }
        if encoding == .utf8 { return min(offset, line.utf8.count) }
        var units = 0
        var bytes = 0
        for scalar in line.unicodeScalars {
            if bytes + scalar.utf8.count > offset { break }
            bytes += scalar.utf8.count
            units += scalar.utf16.count
        }
        return units
    }

    /// The text of a line (0-based), or nil past the last line.
    public static func line(_ number: Int, of text: String) -> String? {
        let bytes = Array(text.utf8)
        let lines = lineRanges(bytes)
        guard number >= 0 && number < lines.count else { return nil }
        return String(decoding: bytes[lines[number]], as: UTF8.self)
    }

    /// The byte offset in `bytes` of an LSP position; nil for a line past the end.
    static func byteOffset(of position: Position, in bytes: [UInt8], lines: [Range<Int>],
                           encoding: PositionEncoding) -> Int? {
        guard position.line >= 0 && position.line < lines.count else { return nil }
        let range = lines[position.line]
        let line = String(decoding: bytes[range], as: UTF8.self)
        return range.lowerBound + byteOffset(ofCharacter: position.character, inLine: line, encoding: encoding)
    }

    /// Applies one `didChange` edit: the whole text when `range` is nil.
    public static func apply(_ newText: String, range: TextRange?, to text: String,
                             encoding: PositionEncoding) -> String? {
        guard let range else { return newText }
        let bytes = Array(text.utf8)
        let lines = lineRanges(bytes)
        // A position past the last line means the end of the text.
        let start = byteOffset(of: range.start, in: bytes, lines: lines, encoding: encoding) ?? bytes.count
        let end = byteOffset(of: range.end, in: bytes, lines: lines, encoding: encoding) ?? bytes.count
        guard start <= end else { return nil }
        return String(decoding: bytes[..<start] + Array(newText.utf8) + bytes[end...], as: UTF8.self)
    }
}
