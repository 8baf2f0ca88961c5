/// The lines and columns of Gazette's own text files (the gazetteers, the
/// synonym file), read the same way wherever they are read: split at the
/// newline byte, a carriage return before it dropped, and a byte order mark
/// at the start dropped, since editors on Windows write both. Splitting on
/// bytes is also what makes it fast: comparing Characters was a fifth of a
/// search's gazetteer load, and a "\r\n" pair is one Character, which a
/// split on "\n" never splits.
public enum TextLines {
    /// Every line of `text`, empty ones included (so a line's index is its number less one).
    public static func lines(of text: String) -> [Substring] {
        var text = Substring(text)
        if text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { text = Substring(text.utf8.dropFirst(3)) }
        return pieces(of: text, at: UInt8(ascii: "\n"), droppingCarriageReturns: true)
    }

    /// A line's tab-separated columns, empty ones included.
    public static func columns(_ line: Substring) -> [Substring] {
        pieces(of: line, at: UInt8(ascii: "\t"), droppingCarriageReturns: false)
    }

    /// The non-empty items of a column that lists several (`a|b|c`, `x,y`),
    /// split at every byte of the ASCII `separator` (a combining mark after
    /// one does not join it, as it would a Character: none follows one in
    /// Gazette's files).
    public static func items(_ column: Substring, separatedBy separator: Character) -> [Substring] {
        guard let byte = separator.asciiValue else { return column.split(separator: separator) }
        return pieces(of: column, at: byte, droppingCarriageReturns: false).filter { !$0.isEmpty }
    }

    /// `text` split at every `separator` byte, found over the bytes in place:
    /// the generic split of a UTF8View was a quarter of the instructions of a
    /// search that loads the gazetteer's names (`country:japan`) in a process
    /// of its own.
    static func pieces(of text: Substring, at separator: UInt8, droppingCarriageReturns: Bool) -> [Substring] {
        let utf8 = text.utf8
        var pieces: [Substring] = []
        let cut: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            var count = 1
            for byte in bytes where byte == separator { count += 1 }
            pieces.reserveCapacity(count)
            var start = 0
            for offset in 0...bytes.count where offset == bytes.count || bytes[offset] == separator {
                let end = droppingCarriageReturns && offset > start && bytes[offset - 1] == UInt8(ascii: "\r") ? offset - 1 : offset
                pieces.append(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]))
                start = offset + 1
            }
        }
        guard cut == nil else { return pieces }
        return utf8.split(separator: separator, omittingEmptySubsequences: false).map { piece in
            Substring(droppingCarriageReturns && piece.last == UInt8(ascii: "\r") ? piece.dropLast() : piece)
        }
    }
}
