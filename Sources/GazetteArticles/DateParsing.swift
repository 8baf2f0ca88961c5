/// Finds dates in the forms news files carry them: `2024-03-22`, `20240322`,
/// `March 22, 2024`, `Mar. 22 2024`, `22 March 2024`, optionally with a weekday
/// or time around them. Hand-written rather than a regex because it runs on
/// every file of a large indexing run.
public enum DateParser {
    /// The first full date (day, month and year) in `text`, if any.
    public static func firstDate(in text: Substring) -> ArticleDate? {
        // Most lines a dateline is looked for in hold no year, and tokenizing is dear.
        guard hasFourDigits(text) else { return nil }
        let tokens = tokenize(text)
        var i = 0
        while i < tokens.count {
            if let date = date(at: i, in: tokens) { return date }
            i += 1
        }
        return nil
    }

    /// Four ASCII digits in a row: every form of date holds them (a year, or YYYYMMDD).
    static func hasFourDigits(_ text: Substring) -> Bool {
        var run = 0
        for byte in text.utf8 {
            run = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? run + 1 : 0
            if run == 4 { return true }
        }
        return false
    }

    public static func firstDate(in text: String) -> ArticleDate? {
        firstDate(in: text[...])
    }

    /// A whole string that is a date (as in a JSON `date` field): ISO 8601
    /// with or without time, `YYYYMMDD`, or one of the written forms.
    public static func parseField(_ text: String) -> ArticleDate? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.count >= 10 {
            let head = String(trimmed.prefix(10))
            if let date = ArticleDate(compactOrISO: head), head.contains("-") { return date }
        }
        if trimmed.count == 8, let date = ArticleDate(compactOrISO: trimmed) { return date }
        return firstDate(in: trimmed[...])
    }

    /// A mail or feed date (RFC 822: `Tue, 20 Apr 1993 10:12:05 GMT`), which
    /// old Usenet posts write with two-digit years (`20 Apr 93`: 1950-2049);
    /// ISO 8601 and the other forms of `parseField` too.
    public static func parseMessageDate(_ text: String) -> ArticleDate? {
        if let date = parseField(text) { return date }
        let tokens = tokenize(text[...])
        for i in tokens.indices.dropLast(2) {
            if case let .number(day, digits: dd) = tokens[i], dd <= 2,
               case let .word(name) = tokens[i + 1], let month = month(named: name),
               case let .number(year, digits: 2) = tokens[i + 2] {
                return ArticleDate(year: year < 50 ? 2000 + year : 1900 + year, month: month, day: day)
            }
        }
        return nil
    }

    enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case dash
        case other
    }

    static func tokenize(_ text: Substring) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c.isASCII && c.isNumber {
                var value = 0
                var digits = 0
                while index < text.endIndex, text[index].isASCII, let d = text[index].wholeNumberValue {
                    if digits < 9 { value = value * 10 + d }
                    digits += 1
                    index = text.index(after: index)
                }
                // Ordinal suffixes ("22nd") belong to the number.
                if index < text.endIndex, text[index].isLetter,
                   ["st", "nd", "rd", "th"].contains(text[index...].prefix(2).lowercased()) {
                    let after = text.index(index, offsetBy: 2)
                    if after == text.endIndex || !text[after].isLetter { index = after }
                }
                tokens.append(.number(value, digits: digits))
            } else if c.isLetter {
                var word = ""
                while index < text.endIndex, text[index].isLetter {
                    word.append(text[index])
                    index = text.index(after: index)
                }
                tokens.append(.word(word.lowercased()))
            } else if c == "-" || c == "/" {
                tokens.append(.dash)
                index = text.index(after: index)
            } else if c == "," || c == "." || c.isWhitespace {
                index = text.index(after: index)  // separators between date parts
            } else {
                tokens.append(.other)
                index = text.index(after: index)
            }
        }
        return tokens
    }

    static func date(at i: Int, in tokens: [Token]) -> ArticleDate? {
        func token(_ k: Int) -> Token? { k < tokens.count ? tokens[k] : nil }
        switch tokens[i] {
        case let .number(year, digits: 4):
            // 2024-03-22 or 2024/03/22
            if case .dash = token(i + 1), case let .number(month, digits: md) = token(i + 2), md <= 2,
               case .dash = token(i + 3), case let .number(day, digits: dd) = token(i + 4), dd <= 2 {
                return ArticleDate(year: year, month: month, day: day)
            }
        case let .number(n, digits: 8):
            return ArticleDate(year: n / 10_000, month: (n / 100) % 100, day: n % 100)
        case let .number(day, digits: dd) where dd <= 2:
            // 22 March 2024
            if case let .word(name) = token(i + 1), let month = month(named: name),
               case let .number(year, digits: 4) = token(i + 2) {
                return ArticleDate(year: year, month: month, day: day)
            }
        case let .word(name):
            // March 22, 2024
            if let month = month(named: name), case let .number(day, digits: dd) = token(i + 1), dd <= 2,
               case let .number(year, digits: 4) = token(i + 2) {
                return ArticleDate(year: year, month: month, day: day)
            }
        default:
            break
        }
        return nil
    }

    static func month(named word: String) -> Int? {
        switch word {
        case "january", "jan": return 1
        case "february", "feb": return 2
        case "march", "mar": return 3
        case "april", "apr": return 4
        case "may": return 5
        case "june", "jun": return 6
        case "july", "jul": return 7
        case "august", "aug": return 8
        case "september", "sep", "sept": return 9
        case "october", "oct": return 10
        case "november", "nov": return 11
        case "december", "dec": return 12
        default: return nil
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[start..<end])
    }
}
