import Foundation

/// What one file yielded.
public struct ParsedFile: Sendable {
    public var articles: [Article]
    public var encoding: TextEncoding
    /// Things a user should hear about that did not stop the file from being read.
    public var warnings: [String]
}

/// Why a file yielded no article at all.
public enum ArticleReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(reason: String)
    case empty
    case tooLarge(bytes: Int, limit: Int)
    case invalidJSON(reason: String)
    case noArticles(reason: String)
    /// NUL or control bytes: an image, an archive, a program.
    case binary(reason: String)

    public var description: String {
        switch self {
        case let .unreadable(reason): return "cannot read: \(reason)"
        case .empty: return "empty file"
        case let .tooLarge(bytes, limit): return "file is \(bytes) bytes, over the \(limit)-byte limit"
        case let .invalidJSON(reason): return "invalid JSON: \(reason)"
        case let .noArticles(reason): return "no article in file: \(reason)"
        case let .binary(reason): return "\(reason): not an article"
        }
    }
}

public enum ArticleParser {
    /// Longest headline kept as such; a longer first line stays in the body too.
    static let maxTitleLength = 300

    /// The articles of a file's bytes read as `format`. A file of text is
    /// refused when it holds binary content; an article's text over
    /// `ArticleLimits.maxArticleBytes` is cut there, with a warning.
    public static func parse(bytes: [UInt8], format: ArticleFormat, fileID: String) throws(ArticleReadError) -> ParsedFile {
        if let reason = ContentSniffer.binaryReason(bytes) { throw .binary(reason: reason) }
        guard bytes.contains(where: { !ContentSniffer.isSpace($0) }) else { throw .empty }
        var bytes = bytes
        var warnings: [String] = []
        if let limit = ArticleLimits.inputBytes(format), bytes.count > limit {
            var cut = limit
            while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a UTF-8 character
            bytes.removeSubrange(cut...)
            warnings.append("over the \(megabytes(limit)) limit for \(format.holdsOneArticle ? "one article" : "a file"): "
                + "only its first \(megabytes(limit)) are read")
        }
        var format = format
        // A text file that is a saved message (a Usenet post, say) reads better as one.
        if format == .text, ContentSniffer.isMessage(bytes.prefix(ContentSniffer.prefixBytes)) { format = .mail }
        var encoding = TextEncoding.utf8
        var articles: [Article]
        switch format {
        case .html:
            articles = [try HTMLReader.article(bytes, id: fileID)]
        case .feed:
            articles = try FeedReader.articles(bytes, fileID: fileID, warnings: &warnings)
        case .mail:
            articles = [try MailReader.article(bytes, id: fileID, warnings: &warnings)]
        case .mbox:
            articles = try MailReader.mailbox(bytes, fileID: fileID, warnings: &warnings)
        case .text, .markdown, .json, .jsonLines:
            let decoded = TextDecoder.decode(bytes)
            encoding = decoded.encoding
            if encoding == .windows1252 {
                warnings.append("not valid UTF-8; read as Windows-1252")
            }
            let text = decoded.text
            guard text.contains(where: { !$0.isWhitespace }) else { throw .empty }
            switch format {
            case .markdown: articles = [parsePlain(text, id: fileID, markdown: true)]
            case .json: articles = try parseJSONDocument(text, fileID: fileID, warnings: &warnings)
            case .jsonLines: articles = try parseJSONLines(text, fileID: fileID, warnings: &warnings)
            default: articles = [parsePlain(text, id: fileID, markdown: false)]
            }
        }
        limitArticleText(&articles, warnings: &warnings)
        return ParsedFile(articles: articles, encoding: encoding, warnings: warnings)
    }

    /// Cuts each article's text at `ArticleLimits.maxArticleBytes`, with a warning.
    static func limitArticleText(_ articles: inout [Article], warnings: inout [String]) {
        for index in articles.indices where articles[index].body.utf8.count > ArticleLimits.maxArticleBytes {
            articles[index].body = cut(articles[index].body, toBytes: ArticleLimits.maxArticleBytes)
            warnings.append("article \(articles[index].id): text over \(megabytes(ArticleLimits.maxArticleBytes)); "
                + "only its first \(megabytes(ArticleLimits.maxArticleBytes)) are indexed")
        }
    }

    static func megabytes(_ bytes: Int) -> String { "\(bytes >> 20) MB" }

    /// The longest start of `text` that fits in `limit` UTF-8 bytes.
    static func cut(_ text: String, toBytes limit: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }  // not inside a character
        return String(decoding: utf8[..<end], as: UTF8.self)
    }

    // MARK: Plain text and Markdown

    static func parsePlain(_ text: String, id: String, markdown: Bool) -> Article {
        // The lines still to read, as one slice of the text: a line is found
        // when it is needed, not the whole text split into lines and joined again.
        var rest = text[...]
        var meta: [String: String] = [:]
        if markdown {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.first?.trimmingWhitespace() == "---",
               let end = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "---" }) {
                for line in lines[1..<end] {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    let key = line[..<colon].trimmingWhitespace().lowercased()
                    var value = line[line.index(after: colon)...].trimmingWhitespace()
                    if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                        value = String(value.dropFirst().dropLast())
                    }
                    meta[key] = value
                }
                rest = afterLine(lines[end], of: text[...])
            }
        }
        // Lines of white space before the headline are skipped (the last line has no "\n" after it).
        while let newline = rest.firstIndex(of: "\n"), rest[..<newline].allSatisfy(\.isWhitespace) {
            rest = rest[rest.index(after: newline)...]
        }

        var title = meta["title"] ?? ""
        var bodyText = rest
        if title.isEmpty {
            let first = rest[..<(rest.firstIndex(of: "\n") ?? rest.endIndex)]
            var headline = first.trimmingWhitespace()
            if markdown {
                headline = String(headline.drop(while: { $0 == "#" })).trimmingWhitespace()
            }
            if headline.count <= maxTitleLength {
                title = headline
                bodyText = afterLine(first, of: rest)
            } else {
                title = shortened(headline, to: 200)  // the whole line stays in the body
            }
        }
        let body = bodyText.trimmingWhitespace()
        let date = meta["date"].flatMap(DateParser.parseField) ?? dateline(in: body)
        return Article(id: id, title: title, body: body, date: date,
                       source: meta["source"], url: meta["url"])
    }

    /// What follows `line` (a line of `text`) and its "\n": empty after the last line.
    private static func afterLine(_ line: Substring, of text: Substring) -> Substring {
        line.endIndex < text.endIndex ? text[text.index(after: line.endIndex)...] : text[text.endIndex...]
    }

    /// A date given at the top of the body: a short line of its own
    /// ("March 22, 2024", "Published 2024-03-22") or a dateline before the
    /// first dash ("MOSCOW, March 22, 2024 - ..."). A date inside a sentence
    /// is not the article's date: hard-wrapped text has lines of 60 to 80
    /// characters, so a date line must be shorter than that.
    static func dateline(in body: String) -> ArticleDate? {
        asciiDateline(in: body) ?? characterDateline(in: body)
    }

    /// `dateline(in:)` read Character by Character: any text.
    static func characterDateline(in body: String) -> ArticleDate? {
        let head = body.prefix(400)
        var checked = 0
        // Three lines are read at most: the rest of the head stays in one piece.
        for line in head.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: true) {
            if checked == 3 { break }
            checked += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.count <= 40, let date = DateParser.firstDate(in: trimmed[...]) { return date }
            let start = line.prefix(60)
            if let dash = Self.dash.lazy.compactMap({ firstOccurrence(of: $0, in: start) }).first {
                if let date = DateParser.firstDate(in: line[..<dash]) { return date }
            }
        }
        return nil
    }

    /// `dateline(in:)` read byte by byte, when the body's first 400
    /// characters are ASCII without a carriage return, each of them one byte
    /// (splitting the head into Characters was two thirds of the dateline's
    /// cost): the same lines, trimmed alike, the same dash. Nil for other text.
    static func asciiDateline(in body: String) -> ArticleDate?? {
        let utf8 = body.utf8
        var end = utf8.startIndex
        for _ in 0..<400 where end != utf8.endIndex {
            if utf8[end] >= 0x80 || utf8[end] == UInt8(ascii: "\r") { return nil }
            end = utf8.index(after: end)
        }
        // A mark after the last of them would join its character.
        if end != utf8.endIndex && utf8[end] >= 0x80 { return nil }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var lineStart = utf8.startIndex
        var checked = 0
        while checked < 3 {
            var lineEnd = lineStart
            while lineEnd != end && utf8[lineEnd] != UInt8(ascii: "\n") { lineEnd = utf8.index(after: lineEnd) }
            if lineEnd != lineStart {
                checked += 1
                var first = lineStart, last = lineEnd
                while first != last && isSpace(utf8[first]) { first = utf8.index(after: first) }
                while last != first && isSpace(utf8[utf8.index(before: last)]) { last = utf8.index(before: last) }
                if utf8.distance(from: first, to: last) <= 40, let date = DateParser.firstDate(in: body[first..<last]) {
                    return .some(date)
                }
                let start = body[lineStart..<(utf8.index(lineStart, offsetBy: 60, limitedBy: lineEnd) ?? lineEnd)]
                if let dash = firstOccurrence(of: Self.dash[0], in: start),
                   let date = DateParser.firstDate(in: body[lineStart..<dash]) {
                    return .some(date)
                }
            }
            if lineEnd == end { break }
            lineStart = utf8.index(after: lineEnd)
        }
        return .some(nil)
    }

    /// What separates a dateline from the story, in order of preference.
    static let dash: [[UInt8]] = [" - ", " — ", " – "].map { Array($0.utf8) }

    /// Where `needle` first starts in `text`, compared byte by byte: the
    /// generic substring search cost half of the dateline's time, which was
    /// 5 % of a first build's CPU.
    static func firstOccurrence(of needle: [UInt8], in text: Substring) -> String.Index? {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == needle[0], utf8[index...].starts(with: needle) { return index }
            index = utf8.index(after: index)
        }
        return nil
    }

    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        if let space = cut.lastIndex(of: " ") { return String(cut[..<space]) + "…" }
        return String(cut) + "…"
    }

    // MARK: JSON and JSON Lines

    static func parseJSONDocument(_ text: String, fileID: String, warnings: inout [String]) throws(ArticleReadError) -> [Article] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .invalidJSON(reason: jsonErrorDescription(error))
        }
        let items: [Any]
        if let array = object as? [Any] {
            items = array
        } else if let dict = object as? [String: Any], let array = dict["articles"] as? [Any] {
            items = array
        } else if object is [String: Any] {
            items = [object]
        } else {
            throw .noArticles(reason: "expected an article object, an array of them, or {\"articles\": [...]}")
        }
        var articles: [Article] = []
        for (n, item) in items.enumerated() {
            switch article(from: item, fallbackID: "\(fileID)#\(n + 1)") {
            case let .success(article): articles.append(article)
            case let .failure(problem): warnings.append("article \(n + 1): \(problem) (skipped)")
            }
        }
        guard !articles.isEmpty else { throw .noArticles(reason: warnings.last ?? "empty array") }
        return articles
    }

    static func parseJSONLines(_ text: String, fileID: String, warnings: inout [String]) throws(ArticleReadError) -> [Article] {
        let articles = jsonLines(text, fileID: fileID, firstLine: 1, warnings: &warnings)
        guard !articles.isEmpty else { throw .noArticles(reason: warnings.last ?? "no lines") }
        return articles
    }

    /// The articles of JSON Lines text whose first line is line `firstLine` of its file.
    static func jsonLines(_ text: String, fileID: String, firstLine: Int, warnings: inout [String]) -> [Article] {
        var articles: [Article] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let number = firstLine + n
            appendRecord(Data(line.utf8), place: "line \(number)", fallbackID: "\(fileID)#\(number)",
                         to: &articles, warnings: &warnings)
        }
        return articles
    }

    /// One record of a file of many (a line of JSON Lines, an element of a
    /// JSON array) as an article; what is wrong with it is a warning naming
    /// its `place` ("line 3", "article 3").
    static func appendRecord(_ json: Data, place: String, fallbackID: String, to articles: inout [Article],
                             warnings: inout [String]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            warnings.append("\(place): invalid JSON: \(jsonErrorDescription(error)) (skipped)")
            return
        }
        switch article(from: object, fallbackID: fallbackID) {
        case let .success(article): articles.append(article)
        case let .failure(problem): warnings.append("\(place): \(problem) (skipped)")
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func article(from item: Any, fallbackID: String) -> Result<Article, Problem> {
        guard let dict = item as? [String: Any] else { return .failure(Problem(description: "not a JSON object")) }
        func string(_ keys: String...) -> String? { jsonString(dict, keys) }
        let body = string("body", "text", "content")?.trimmingWhitespace() ?? ""
        var title = string("title", "headline")?.trimmingWhitespace() ?? ""
        if title.isEmpty, body.isEmpty { return .failure(Problem(description: "no title and no body")) }
        if title.isEmpty {
            title = shortened(String(body.prefix(while: { $0 != "\n" })), to: 200)
        }
        let id = articleID(in: dict)
        let date = string("date", "published", "published_at").flatMap(DateParser.parseField)
            ?? dateline(in: body)
        return .success(Article(id: id ?? fallbackID, title: title, body: body,
                                date: date, source: string("source"), url: string("url")))
    }

    /// The first of `keys` holding a string or a number, as text.
    static func jsonString(_ dict: [String: Any], _ keys: [String]) -> String? {
        for key in keys {
            if let s = dict[key] as? String { return TextDecoder.clean(s) }
            if let n = dict[key] as? NSNumber, !(dict[key] is Bool) { return n.stringValue }
        }
        return nil
    }

    /// An article object's own id, if it has a non-blank one.
    static func articleID(in dict: [String: Any]) -> String? {
        guard let id = jsonString(dict, ["id"])?.trimmingWhitespace(), !id.isEmpty else { return nil }
        return id
    }

    static func jsonErrorDescription(_ error: Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return ns.localizedDescription
    }
}
