#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The decodings a MIME message needs: transfer encodings (quoted-printable,
/// base64), charsets (through iconv), and encoded words in headers (RFC 2047).
enum MIMEDecoding {
    /// Quoted-printable: `=XX` is a byte, `=` at a line's end joins it to the
    /// next; anything malformed is kept as written.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "=") {
                var j = i + 1
                // A soft line break: "=", maybe trailing white space, then the line's (or the text's) end.
                while j < bytes.endIndex && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j < bytes.endIndex && bytes[j] == 0x0D { j += 1 }
                if j == bytes.endIndex { break }
                if bytes[j] == 0x0A {
                    i = j + 1
                    continue
                }
                if i + 2 < bytes.endIndex, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
            }
            out.append(underscoreIsSpace && byte == UInt8(ascii: "_") ? 0x20 : byte)
            i += 1
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// Base64, passing over line breaks and anything outside the alphabet;
    /// a trailing partial group gives what bytes it can.
    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): bits = 0; continue
            default: continue
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }

    /// Text of `bytes` in `charset`. UTF-8 and ASCII are checked and, when
    /// the bytes are not what was declared, read as Windows-1252 (the usual
    /// truth of old mail); Latin-1 is read as Windows-1252, its superset for
    /// text; other charsets go through iconv. `problem` says what went wrong:
    /// an unknown charset (then the bytes are read as UTF-8 or Windows-1252)
    /// or bytes the charset does not allow (each becomes U+FFFD).
    static func text(_ bytes: [UInt8], charset declared: String?) -> (text: String, problem: String?) {
        let charset = (declared ?? "us-ascii").trimmingWhitespace().lowercased()
        switch charset {
        case "", "us-ascii", "ascii", "utf-8", "utf8", "unknown-8bit", "x-unknown", "default":
            let (text, encoding) = TextDecoder.decode(bytes)
            let lied = encoding == .windows1252 && charset.hasPrefix("utf")
            return (text, lied ? "text declared UTF-8 is not; read as Windows-1252" : nil)
        case "iso-8859-1", "latin1", "l1", "iso8859-1", "iso_8859-1", "windows-1252", "cp1252", "x-cp1252":
            var scalars = String.UnicodeScalarView()
            scalars.reserveCapacity(bytes.count)
            for byte in bytes { scalars.append(TextDecoder.windows1252Scalar(byte)) }
            return (TextDecoder.clean(String(scalars)), nil)
        default:
            guard let converted = iconvUTF8(bytes, from: charset) else {
                let (text, encoding) = TextDecoder.decode(bytes)
                return (text, "unknown charset '\(declared ?? "")'; read as \(encoding.rawValue)")
            }
            let text = TextDecoder.clean(String(decoding: converted.bytes, as: UTF8.self))
            return (text, converted.invalid > 0 ? "\(converted.invalid) bytes not valid in \(charset) (replaced)" : nil)
        }
    }

    /// `bytes` converted from `charset` to UTF-8, with the count of bytes
    /// that were not valid in it; nil when iconv does not know the charset.
    static func iconvUTF8(_ bytes: [UInt8], from charset: String) -> (bytes: [UInt8], invalid: Int)? {
        let descriptor = iconv_open("UTF-8", charset)
        guard let descriptor, descriptor != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var out = [UInt8](repeating: 0, count: max(64, bytes.count * 4))
        var invalid = 0
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            out.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                var inLeft = inBuffer.count
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                while inLeft > 0 {
                    var outOptional: UnsafeMutablePointer<CChar>? = outPointer
                    if iconv(descriptor, &inPointer, &inLeft, &outOptional, &outLeft) != -1 { outPointer = outOptional!; break }
                    outPointer = outOptional!
                    // An invalid or cut-off sequence: U+FFFD for its first byte, then on.
                    guard (errno == EILSEQ || errno == EINVAL), outLeft >= 3 else { break }
                    for byte: UInt8 in [0xEF, 0xBF, 0xBD] {
                        outPointer.pointee = CChar(bitPattern: byte)
                        outPointer += 1
                    }
                    outLeft -= 3
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                    invalid += 1
                }
                return outBuffer.count - outLeft
            }
        }
        out.removeSubrange(produced...)
        return (out, invalid)
    }

    /// A header's value with RFC 2047 encoded words (`=?utf-8?Q?...?=`,
    /// `=?iso-8859-1?B?...?=`) decoded; white space between two encoded
    /// words is dropped, as the RFC says. Raw 8-bit bytes are read as UTF-8,
    /// else Windows-1252.
    static func headerText(_ raw: ArraySlice<UInt8>) -> String {
        var out = ""
        var literal: [UInt8] = []
        var pendingSpace: [UInt8] = []
        var afterEncodedWord = false
        var i = raw.startIndex
        func flushLiteral() {
            if !literal.isEmpty { out += TextDecoder.decode(literal).text }
            literal.removeAll()
        }
        while i < raw.endIndex {
            if raw[i] == UInt8(ascii: "="), i + 1 < raw.endIndex, raw[i + 1] == UInt8(ascii: "?"),
               let (decoded, end) = encodedWord(raw, at: i) {
                if !afterEncodedWord { literal += pendingSpace }
                pendingSpace.removeAll()
                flushLiteral()
                out += decoded
                afterEncodedWord = true
                i = end
                continue
            }
            if raw[i] == 0x20 || raw[i] == 0x09 {
                pendingSpace.append(raw[i])
            } else {
                literal += pendingSpace
                pendingSpace.removeAll()
                literal.append(raw[i])
                afterEncodedWord = false
            }
            i += 1
        }
        literal += pendingSpace
        flushLiteral()
        return out
    }

    /// The encoded word starting at `start`, decoded, and the index after it.
    private static func encodedWord(_ raw: ArraySlice<UInt8>, at start: Int) -> (String, Int)? {
        // =?charset?encoding?text?=
        var parts: [ArraySlice<UInt8>] = []
        var i = start + 2
        var partStart = i
        while i < raw.endIndex && parts.count < 2 {
            if raw[i] == UInt8(ascii: "?") {
                parts.append(raw[partStart..<i])
                partStart = i + 1
            } else if raw[i] == 0x20 || raw[i] == 0x09 {
                return nil
            }
            i += 1
        }
        guard parts.count == 2, let close = ContentSniffer.find(Array("?=".utf8), in: raw[partStart...]) else { return nil }
        let payload = raw[partStart..<close]
        guard !payload.contains(0x20) else { return nil }
        var charset = String(decoding: parts[0], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let bytes: [UInt8]
        switch String(decoding: parts[1], as: UTF8.self).uppercased() {
        case "B": bytes = base64(payload)
        case "Q": bytes = quotedPrintable(payload, underscoreIsSpace: true)
        default: return nil
        }
        return (text(bytes, charset: charset).text, close + 2)
    }
}
