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
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
    }

    /// A line's tab-separated columns, empty ones included.
    public static func columns(_ line: Substring) -> [Substring] {
        line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Substring.init)
    }
}
