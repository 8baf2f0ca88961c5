#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the raw text of JSON values where a decoder would turn them into
/// Swift values and lose how they were written: a request id `1e308` or
/// `9223372036854775808` must come back in the reply as it was sent.
/// It never traps: on text that is not what it expects it answers nil.
public enum JSONScanner {
    /// The text of the value of member `name` of the top-level object in
    /// `bytes`, as written (the last one, if the name repeats); nil when
    /// there is no such member or the text is not an object.
    public static func member(_ name: String, in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var scanner = Cursor(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        let wanted = Array(name.utf8)
        var found: ArraySlice<UInt8>?
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "}")) { return nil }
        while true {
            scanner.skipSpace()
            guard let key = scanner.string() else { return nil }
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: ":")) else { return nil }
            scanner.skipSpace()
            let start = scanner.position
            guard scanner.skipValue() else { return nil }
            if Self.key(bytes[key], equals: wanted) { found = bytes[start..<scanner.position] }
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            return scanner.take(UInt8(ascii: "}")) ? found : nil
        }
    }

    /// The text of each element of the top-level array in `bytes`, as
    /// written; nil when the text is not an array. A batch is split with it
    /// so that each request keeps the exact text of its id.
    public static func elements(in bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        var scanner = Cursor(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var elements: [ArraySlice<UInt8>] = []
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "]")) { return elements }
        while true {
            scanner.skipSpace()
            let start = scanner.position
            guard scanner.skipValue() else { return nil }
            elements.append(bytes[start..<scanner.position])
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            return scanner.take(UInt8(ascii: "]")) ? elements : nil
        }
    }

    /// Whether a string in `bytes` holds a raw control character (below
    /// U+0020), which JSON requires escaped. Foundation's decoder lets them
    /// through; a server that answers such text as JSON would not be exact.
    public static func hasRawControlCharacter(_ bytes: [UInt8]) -> Bool {
        var inString = false
        var escaped = false
        for byte in bytes {
            if escaped {
                escaped = false
            } else if inString {
                if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                else if byte < 0x20 { return true }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            }
        }
        return false
    }

    /// Whether `bytes` are exactly one JSON text (RFC 8259): one value with
    /// optional white space around it, strings with nothing raw below U+0020
    /// and only JSON's escapes, numbers by JSON's grammar whatever their size.
    /// Foundation's readers turn numbers into Swift values and refuse JSON
    /// that holds one no Swift type fits (`1e400`); a server must not call
    /// such a request a parse error. UTF-8 is not checked here.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        var validator = Validator(bytes: bytes)
        validator.skipSpace()
        guard validator.value(depth: 0) else { return false }
        validator.skipSpace()
        return validator.position == bytes.count
    }

    /// Whether `bytes` are exactly one JSON number:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    public static func isNumber<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var i = bytes.startIndex
        func digits() -> Int {
            var n = 0
            while i != bytes.endIndex, isDigit(bytes[i]) { i = bytes.index(after: i); n += 1 }
            return n
        }
        func take(_ byte: UInt8) -> Bool {
            guard i != bytes.endIndex, bytes[i] == byte else { return false }
            i = bytes.index(after: i)
            return true
        }
        _ = take(UInt8(ascii: "-"))
        guard i != bytes.endIndex else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i = bytes.index(after: i)
        } else if digits() == 0 {
            return false
        }
        if take(UInt8(ascii: ".")), digits() == 0 { return false }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return i == bytes.endIndex
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// Whether a quoted key (with its quotes) names `wanted`; a key written
    /// with escapes (`"\u0069d"`) is decoded first.
    private static func key(_ quoted: ArraySlice<UInt8>, equals wanted: [UInt8]) -> Bool {
        let inner = quoted.dropFirst().dropLast()
        if !inner.contains(UInt8(ascii: "\\")) { return inner.elementsEqual(wanted) }
        guard let decoded = try? JSONDecoder().decode(String.self, from: Data(quoted)) else { return false }
        return decoded.utf8.elementsEqual(wanted)
    }

    /// A strict reader for `isValid`: it follows the grammar and keeps nothing.
    private struct Validator {
        var cursor: Cursor
        var bytes: [UInt8] { cursor.bytes }
        var position: Int {
            get { cursor.position }
            set { cursor.position = newValue }
        }
        var current: UInt8? { cursor.current }

        init(bytes: [UInt8]) { cursor = Cursor(bytes: bytes) }

        mutating func skipSpace() { cursor.skipSpace() }
        mutating func take(_ byte: UInt8) -> Bool { cursor.take(byte) }

        mutating func value(depth: Int) -> Bool {
            guard let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true, depth: depth + 1)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false, depth: depth + 1)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        /// An object or an array, `position` at its opening bracket.
        mutating func container(close: UInt8, keyed: Bool, depth: Int) -> Bool {
            guard depth <= Cursor.maxDepth else { return false }
            position += 1
            skipSpace()
            if take(close) { return true }
            while true {
                skipSpace()
                if keyed {
                    guard string() else { return false }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return false }
                    skipSpace()
                }
                guard value(depth: depth) else { return false }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                return take(close)
            }
        }

        mutating func string() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while let byte = current {
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return true
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { return false }
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        // A surrogate must come in a pair: no string can hold half a character.
                        guard let unit = hexUnit() else { return false }
                        if (0xDC00...0xDFFF).contains(unit) { return false }
                        if (0xD800...0xDBFF).contains(unit) {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hexUnit(),
                                  (0xDC00...0xDFFF).contains(low) else { return false }
                        }
                    default:
                        return false
                    }
                case ..<0x20:
                    return false
                default:
                    continue
                }
            }
            return false
        }

        /// The four hex digits after `\u`, as a UTF-16 unit.
        mutating func hexUnit() -> UInt16? {
            var unit: UInt16 = 0
            for _ in 0..<4 {
                guard let hex = current, JSONScanner.isHexDigit(hex) else { return nil }
                let digit: UInt8 = hex <= UInt8(ascii: "9") ? hex - UInt8(ascii: "0") : (hex | 0x20) - UInt8(ascii: "a") + 10
                unit = unit << 4 | UInt16(digit)
                position += 1
            }
            return unit
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            let matches = word.withUTF8Buffer { bytes[position..<(position + count)].elementsEqual($0) }
            if matches { position += count }
            return matches
        }

        /// A number as far as the next delimiter, checked by JSON's grammar.
        mutating func number() -> Bool {
            let start = position
            while let byte = current, !Cursor.isDelimiter(byte) { position += 1 }
            return JSONScanner.isNumber(bytes[start..<position])
        }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var position = 0
        /// Containers may nest this deep; deeper text is refused rather than followed.
        static let maxDepth = 512

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            position += 1
            return true
        }

        /// A string with its quotes, or nil.
        mutating func string() -> Range<Int>? {
            let start = position
            guard take(UInt8(ascii: "\"")) else { return nil }
            while let byte = current {
                position += 1
                if byte == UInt8(ascii: "\\") {
                    guard current != nil else { return nil }
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    return start..<position
                }
            }
            return nil
        }

        /// Moves past one value; false when the text is not one.
        mutating func skipValue() -> Bool {
            var depth = 0
            repeat {
                skipSpace()
                guard let byte = current else { return false }
                switch byte {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    guard depth <= Self.maxDepth else { return false }
                    position += 1
                    continue
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { return false }
                    depth -= 1
                    position += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"):
                    guard depth > 0 else { return false }
                    position += 1
                    continue
                default:
                    // A number or a literal: up to the next delimiter.
                    let start = position
                    while let next = current, !Self.isDelimiter(next) { position += 1 }
                    guard position > start else { return false }
                }
            } while depth > 0
            return true
        }

        static func isDelimiter(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
    }
}
