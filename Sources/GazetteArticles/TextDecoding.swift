/// How the bytes of a file became text.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    /// Windows-1252, a superset of Latin-1 for printable text: the usual
    /// encoding of older news files that are not UTF-8.
    case windows1252 = "Windows-1252"
    /// UTF-16 with a byte-order mark, as some Windows tools save text.
    case utf16 = "UTF-16"
}

public enum TextDecoder {
    /// Decodes UTF-8 when the bytes are valid UTF-8, else Windows-1252 (which
    /// never fails). A byte-order mark is dropped, line ends become `\n`, and
    /// control characters other than tab and newline are removed, because the
    /// index uses some of them as separators and markers.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextEncoding) {
        var slice = bytes[...]
        if let text = utf16(slice) { return (clean(text), .utf16) }
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        if let text = String(validating: slice, as: UTF8.self) {
            return (clean(text), .utf8)
        }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(slice.count)
        for byte in slice {
            scalars.append(windows1252Scalar(byte))
        }
        return (clean(String(scalars)), .windows1252)
    }

    /// Text of UTF-16 bytes that start with a byte-order mark (either order).
    static func utf16(_ bytes: ArraySlice<UInt8>) -> String? {
        let bigEndian: Bool
        if bytes.starts(with: [0xFE, 0xFF]) { bigEndian = true }
        else if bytes.starts(with: [0xFF, 0xFE]) { bigEndian = false }
        else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex + 2
        while i + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Normalises line ends and drops control characters (keeping tab and newline).
    public static func clean(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F }) else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D:
                scalars.append("\n")
                previousWasCR = true
                continue
            case 0x0A:
                if !previousWasCR { scalars.append(scalar) }
            case 0x09:
                scalars.append(scalar)
            case 0x00..<0x20, 0x7F:
                break
            default:
                scalars.append(scalar)
            }
            previousWasCR = false
        }
        return String(scalars)
    }

    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        if (0x80...0x9F).contains(byte) {
            return Unicode.Scalar(high[Int(byte) - 0x80])!
        }
        return Unicode.Scalar(byte)
    }
}

extension String {
    /// Whether a byte of the text's UTF-8 satisfies `predicate`, looked at in
    /// place: the generic UTF8View walk cost about 25 instructions a byte.
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }
}
