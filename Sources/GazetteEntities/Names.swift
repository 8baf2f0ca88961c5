/// How names compare wherever Gazette matches them: the gazetteer's look-ups,
/// the index's actor terms and `actor:` filters, the language server's hovers.
/// One rule, so a name found in one place is found in the others.
public enum Names {
    /// Lower case, runs of white space as one space and none at the ends,
    /// curly apostrophes straightened ("O’Brien" and "o'brien" are one name).
    public static func key(_ name: String) -> String {
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
