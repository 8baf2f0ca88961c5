/// The kinds of files Gazette reads.
public enum ArticleFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case json
    case jsonLines
    /// A saved web page: one article, its main text chosen from the page.
    case html
    /// RSS 2.0, RSS 1.0 or Atom: each item an article.
    case feed
    /// One mail or Usenet message (RFC 822, MIME).
    case mail
    /// A mailbox: many messages, each an article.
    case mbox

    /// File name extensions (lower-cased) and the format each one names.
    /// `.xml` is not here: only its content tells a feed from other XML.
    static let byExtension: [String: ArticleFormat] = [
        "txt": .text, "text": .text,
        "md": .markdown, "markdown": .markdown,
        "json": .json,
        "jsonl": .jsonLines, "ndjson": .jsonLines,
        "html": .html, "htm": .html, "xhtml": .html,
        "rss": .feed, "atom": .feed,
        "eml": .mail,
        "mbox": .mbox, "mbx": .mbox,
    ]

    /// Extensions whose files are read only when their content says which format they hold.
    static let sniffedExtensions: Set<String> = ["xml"]

    /// The format a file's name gives, if its extension is one Gazette reads.
    public init?(path: String) {
        guard case let .known(format) = FileName(path).kind else { return nil }
        self = format
    }

    /// Whether a file of this format holds exactly one article.
    public var holdsOneArticle: Bool {
        switch self {
        case .text, .markdown, .html, .mail: return true
        case .json, .jsonLines, .feed, .mbox: return false
        }
    }
}

/// What a file's name says about its content.
struct FileName {
    enum Kind: Equatable {
        /// An extension Gazette reads.
        case known(ArticleFormat)
        /// No extension (or one like `.xml` that does not say enough): the content decides.
        case sniffed
        /// An extension of something else (`.pdf`, `.jpg`, `.docx`).
        case other(extension: String)
    }

    let kind: Kind

    init(_ path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let ext = Self.fileExtension(name) else {
            kind = .sniffed
            return
        }
        if let format = ArticleFormat.byExtension[ext] {
            kind = .known(format)
        } else if ArticleFormat.sniffedExtensions.contains(ext) {
            kind = .sniffed
        } else {
            kind = .other(extension: ext)
        }
    }

    /// The lower-cased extension, when the name has one: 1 to 10 letters and
    /// digits after the last dot, at least one of them a letter. Usenet
    /// archives name posts by number ("38976", "1993.04"), and such names
    /// have no extension.
    static func fileExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        guard (1...10).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              ext.contains(where: \.isLetter) else { return nil }
        return ext.lowercased()
    }
}

/// How much of a file becomes an article: what is over a limit is cut with
/// a warning, so that one huge file cannot take the machine's memory.
public enum ArticleLimits {
    /// The text of one article (10 MB).
    public static let maxArticleBytes = 10 << 20

    /// The most bytes read of a file that holds one article: its text for
    /// plain text and Markdown; more for web pages and messages, whose markup,
    /// encodings and attachments take room. Nil for files of many articles,
    /// read whole up to `ArticleFiles.maxFileBytes`.
    public static func inputBytes(_ format: ArticleFormat) -> Int? {
        switch format {
        case .text, .markdown: return maxArticleBytes
        case .html, .mail: return 6 * maxArticleBytes
        case .json, .jsonLines, .feed, .mbox: return nil
        }
    }
}
