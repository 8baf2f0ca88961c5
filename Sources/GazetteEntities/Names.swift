/// How names compare wherever Gazette matches them: the gazetteer's look-ups,
/// the index's actor terms and `actor:` filters, the language server's hovers.
/// One rule, so a name found in one place is found in the others.
public enum Names {
    /// Lower case, runs of white space as one space and none at the ends,
    /// curly apostrophes straightened ("O’Brien" and "o'brien" are one name).
    public static func key(_ name: String) -> String {
        asciiKey(name) ?? unicodeKey(name)
    }

    /// The key of an ASCII name, made from its bytes (the indexer makes one
    /// per actor of every article); nil for any other name.
    static func asciiKey(_ name: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        var space = false
        for byte in name.utf8 {
            guard byte < 0x80 else { return nil }
            // Character.isWhitespace in ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
            if byte == 0x20 || (0x09...0x0D).contains(byte) { space = !out.isEmpty; continue }
            if space { out.append(0x20); space = false }
            out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unicodeKey(_ name: String) -> String {
        var out = ""
        var space = false
        for ch in name.lowercased() {
            if ch.isWhitespace { space = !out.isEmpty; continue }
            if space { out.append(" "); space = false }
            out.append(ch == "\u{2019}" ? "'" : ch)
        }
        return out
    }
}
