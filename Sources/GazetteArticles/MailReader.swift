/// Reads mail and Usenet messages: `Subject:` is the headline, `Date:` the
/// date, `From:` the source; the body is the message's own text, without
/// the quoted replies and the signature it marks as such.
enum MailReader {
    /// One message: the file's id is the article's.
    static func article(_ bytes: [UInt8], id: String, warnings: inout [String]) throws(ArticleReadError) -> Article {
        let message = MailMessage(bytes[...])
        guard let article = article(message, id: id, warnings: &warnings, label: nil) else {
            throw .noArticles(reason: "a message with no subject and no text")
        }
        return article
    }

    /// Every message of a mailbox, its id its `Message-ID` (else the file's id and its number).
    static func mailbox(_ bytes: [UInt8], fileID: String, warnings: inout [String]) throws(ArticleReadError) -> [Article] {
        let ranges = messages(in: bytes)
        var articles: [Article] = []
        for (n, range) in ranges.enumerated() {
            let message = MailMessage(bytes[range])
            let id = messageID(message) ?? "\(fileID)#\(n + 1)"
            if let article = article(message, id: id, warnings: &warnings, label: "message \(n + 1)") {
                articles.append(article)
            } else {
                warnings.append("message \(n + 1): no subject and no text (skipped)")
            }
        }
        guard !articles.isEmpty else {
            throw .noArticles(reason: ranges.isEmpty ? "no message in the mailbox" : warnings.last ?? "no usable message")
        }
        return articles
    }

    /// A message's `Message-ID` without its angle brackets.
    static func messageID(_ message: MailMessage) -> String? {
        guard var id = message.rawHeader("message-id")?.trimmingWhitespace() else { return nil }
        if id.hasPrefix("<"), let close = id.firstIndex(of: ">") { id = String(id[id.index(after: id.startIndex)..<close]) }
        id = id.trimmingWhitespace()
        return id.isEmpty ? nil : id
    }

    /// The byte ranges of a mailbox's messages, each from its `From ` line.
    /// A `From ` line starts a message at the top of the file or after a
    /// blank line, when a header line follows it.
    static func messages(in bytes: [UInt8]) -> [Range<Int>] {
        var starts: [Int] = []
        var i = 0
        var previousBlank = true
        let marker = Array("From ".utf8)
        while i < bytes.count {
            let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[i..<end]
            if previousBlank, line.starts(with: marker), end < bytes.count,
               ContentSniffer.isMessage(bytes[(end + 1)..<min(bytes.count, end + 1 + 1024)]) {
                starts.append(i)
            }
            previousBlank = line.isEmpty || line == [0x0D]
            i = end + 1
        }
        return starts.enumerated().map { n, start in start..<(n + 1 < starts.count ? starts[n + 1] : bytes.count) }
    }

    static func article(_ message: MailMessage, id: String, warnings: inout [String], label: String?) -> Article? {
        var problems: [String] = []
        let text = message.text(problems: &problems)
        for problem in Set(problems).sorted() {
            warnings.append(label.map { "\($0): \(problem)" } ?? problem)
        }
        let body = ownText(text)
        var title = message.header("subject") ?? ""
        if title.isEmpty {
            guard !body.isEmpty else { return nil }
            title = ArticleParser.shortened(String(body.prefix(while: { $0 != "\n" })), to: 200)
        }
        let date = message.rawHeader("date").flatMap(DateParser.parseMessageDate)
        let source = message.header("from").flatMap { $0.isEmpty ? nil : $0 }
        return Article(id: id, title: title, body: body, date: date, source: source, url: nil)
    }

    /// The writer's own text: `>From ` lines unescaped; lines quoted with
    /// `>` and the attribution line before them ("… wrote:", "In article
    /// <…>, … writes:") dropped; everything after a signature separator
    /// (`-- `) or an "-----Original Message-----" line dropped. A message
    /// that is all quotation keeps it, so that it still has a body.
    static func ownText(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var end = lines.count
        if let signature = lines.lastIndex(where: { $0 == "-- " || $0 == "--" }),
           lines[signature] == "-- " || lines.count - signature <= 12 {
            end = signature
        }
        if let original = lines[..<end].firstIndex(where: { isOriginalMessageLine($0) }) { end = original }
        var kept: [Substring] = []
        for line in lines[..<end] {
            if line.hasPrefix(">From ") {
                kept.append(line.dropFirst())
            } else if line.hasPrefix(">") {
                // A quotation: its attribution (the last line written before it) goes too.
                while let last = kept.last, last.allSatisfy(\.isWhitespace) { kept.removeLast() }
                if let last = kept.last, isAttribution(last) {
                    kept.removeLast()
                    if let before = kept.last, before.hasPrefix("On "), !before.contains(".") { kept.removeLast() }
                }
                kept.append("")
            } else {
                kept.append(line)
            }
        }
        let own = collapseBlankLines(kept)
        if own.isEmpty && end == lines.count { return collapseBlankLines(lines[...]) }
        return own
    }

    static func isAttribution(_ line: Substring) -> Bool {
        let trimmed = line.trimmingWhitespace()
        let lower = trimmed.lowercased()
        return lower.hasSuffix("wrote:") || lower.hasSuffix("writes:") || lower.hasSuffix("said:")
            || lower.hasSuffix("wrote") || lower.hasPrefix("in article <") || lower.hasPrefix("quoting ")
    }

    static func isOriginalMessageLine(_ line: Substring) -> Bool {
        let trimmed = line.trimmingWhitespace().lowercased()
        return trimmed.hasPrefix("-----original message") || trimmed.hasPrefix("----- original message")
    }

    /// Lines joined, runs of blank lines folded into one, trimmed.
    static func collapseBlankLines<S: Sequence>(_ lines: S) -> String where S.Element == Substring {
        var out: [Substring] = []
        for line in lines {
            let blank = line.allSatisfy(\.isWhitespace)
            if blank && (out.isEmpty || out.last!.isEmpty) { continue }
            out.append(blank ? "" : line)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n").trimmingWhitespace()
    }
}
