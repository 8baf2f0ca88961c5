#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells what a file holds from its first bytes, for files whose name does
/// not say: a mail or Usenet message, a mailbox, a web page, a feed, JSON,
/// or plain text; or why it is none of them.
enum ContentSniffer {
    /// How much of a file is looked at.
    static let prefixBytes = 8192

    enum Verdict: Equatable {
        case format(ArticleFormat)
        case notArticle(reason: String)
    }

    /// What `prefix` (a file's first bytes) holds. With `feedOnly` (an `.xml`
    /// file) anything but a feed is not an article.
    static func sniff(_ prefix: [UInt8], feedOnly: Bool = false) -> Verdict {
        if let reason = binaryReason(prefix) { return .notArticle(reason: reason) }
        var start = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < prefix.count && isSpace(prefix[start]) { start += 1 }
        guard start < prefix.count else { return .notArticle(reason: "empty file") }
        let head = prefix[start...]
        if head.first == UInt8(ascii: "<") {
            switch markupRoot(head) {
            case "rss", "feed", "rdf:rdf": return .format(.feed)
            case let root? where !feedOnly && htmlRoots.contains(root): return .format(.html)
            default: break
            }
            if feedOnly || head.starts(with: Array("<?xml".utf8)) {
                return .notArticle(reason: "XML, but not an RSS or Atom feed")
            }
        }
        if feedOnly { return .notArticle(reason: "not XML") }
        if head.starts(with: Array("From ".utf8)) && start == 0,
           let lineEnd = head.firstIndex(of: 0x0A), isMessage(head[(lineEnd + 1)...]) {
            return .format(.mbox)
        }
        if isMessage(head) { return .format(.mail) }
        if head.first == UInt8(ascii: "[") { return .format(.json) }
        if head.first == UInt8(ascii: "{") { return .format(jsonKind(head, complete: prefix.count < prefixBytes)) }
        return .format(.text)
    }

    /// Why these bytes are not text: NUL bytes anywhere, or more than one
    /// byte in a hundred of the first 64 KB a control character that text
    /// does not use. Nil for text (a UTF-16 file with its byte-order mark is text).
    static func binaryReason(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        let hasNUL = bytes.withUnsafeBytes { raw in
            raw.count > 0 && memchr(raw.baseAddress!, 0, raw.count) != nil
        }
        if hasNUL { return "binary content (NUL bytes)" }
        let head = bytes.prefix(1 << 16)
        var controls = 0
        for byte in head where byte < 0x20 {
            // Tab, line feed, form feed, carriage return and escape (ISO-2022 mail) occur in text.
            if byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D && byte != 0x1B { controls += 1 }
        }
        return controls >= 4 && controls * 100 > head.count ? "binary content (control bytes)" : nil
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Tags a web page can start with once comments and the doctype are passed.
    static let htmlRoots: Set<String> = ["!doctype", "html", "head", "body", "meta", "title", "article", "div",
                                         "p", "h1", "main", "section", "link", "script", "style"]

    /// The lower-cased name of the first element (or `!doctype` when the
    /// doctype says html), after an XML declaration and comments.
    static func markupRoot(_ text: ArraySlice<UInt8>) -> String? {
        var i = text.startIndex
        while i < text.endIndex {
            while i < text.endIndex && isSpace(text[i]) { i += 1 }
            guard i < text.endIndex, text[i] == UInt8(ascii: "<") else { return nil }
            let rest = text[i...]
            if rest.starts(with: Array("<?".utf8)) || rest.starts(with: Array("<!--".utf8)) {
                let close: [UInt8] = rest.starts(with: Array("<?".utf8)) ? Array("?>".utf8) : Array("-->".utf8)
                guard let end = find(close, in: rest) else { return nil }
                i = end + close.count
                continue
            }
            var j = i + 1
            while j < text.endIndex, !isSpace(text[j]), text[j] != UInt8(ascii: ">"), text[j] != UInt8(ascii: "/") {
                j += 1
            }
            let name = String(decoding: text[(i + 1)..<j], as: UTF8.self).lowercased()
            if name == "!doctype" {
                let doctype = String(decoding: text[j..<min(j + 64, text.endIndex)], as: UTF8.self).lowercased()
                if doctype.contains("html") { return name }
                guard let end = text[j...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                i = end + 1
                continue
            }
            return name
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = haystack.startIndex
        while i + needle.count <= haystack.endIndex {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Header names that say a block of `Name: value` lines is a message.
    static let messageHeaders: Set<String> = ["from", "subject", "newsgroups", "message-id", "path", "received",
                                              "return-path", "date", "to", "mime-version", "xref", "references",
                                              "in-reply-to", "organization", "lines", "content-type", "sender"]

    /// Whether `text` starts with an RFC 822 header block: `Name: value`
    /// lines (and folded continuations) up to a blank line or the end of
    /// what was read, at least two of them message headers, one of them
    /// From, Newsgroups, Message-ID, Received or Path.
    static func isMessage(_ text: ArraySlice<UInt8>) -> Bool {
        var known = 0
        var decisive = false
        var lineStart = text.startIndex
        var first = true
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: 0x0A) ?? text.endIndex
            var line = text[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            lineStart = lineEnd + 1
            if line.isEmpty { break }
            if !first && (line.first == 0x20 || line.first == 0x09) { continue }  // a folded header
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  colon - line.startIndex <= 76,
                  line[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                // Not a header line: the block must already have ended, or this is not a message.
                if lineEnd == text.endIndex && !first { break }
                return false
            }
            first = false
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            if messageHeaders.contains(name) { known += 1 }
            if ["from", "newsgroups", "message-id", "received", "path"].contains(name) { decisive = true }
        }
        return known >= 2 && decisive
    }

    /// JSON Lines when the first line is a whole object and another line
    /// starts one; JSON (an object, an array, or {"articles": [...]}) otherwise.
    /// `complete`: `text` runs to the end of the file.
    static func jsonKind(_ text: ArraySlice<UInt8>, complete: Bool) -> ArticleFormat {
        guard let end = text.firstIndex(of: 0x0A) else {
            return complete ? .json : .jsonLines  // a first line longer than what was read: records, most likely
        }
        var line = text[..<end]
        while let last = line.last, isSpace(last) { line = line.dropLast() }
        let next = text[(end + 1)...].first { !isSpace($0) }
        return line.last == UInt8(ascii: "}") && next == UInt8(ascii: "{") ? .jsonLines : .json
    }
}
