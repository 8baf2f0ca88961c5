import GazetteArticles
import GazetteEntities

/// What the index stores for each article: enough to show a hit, a snippet
/// and the whole article without reading its file again.
public struct StoredArticle: Sendable, Equatable {
    public var id: String
    /// Absolute path of the file it came from; nil for articles sent inline.
    public var path: String?
    public var title: String
    public var date: ArticleDate?
    public var source: String?
    public var url: String?
    public var actors: [String]
    /// Every actor the article names (canonical names, each once).
    public var actorMentions: [String]
    public var countries: [Country]
    public var mentions: [Country]
    public var body: String

    public init(id: String, path: String?, title: String, date: ArticleDate?, source: String?, url: String?,
                actors: [String], actorMentions: [String] = [], countries: [Country], mentions: [Country], body: String) {
        self.id = id
        self.path = path
        self.title = title
        self.date = date
        self.source = source
        self.url = url
        self.actors = actors
        self.actorMentions = actorMentions
        self.countries = countries
        self.mentions = mentions
        self.body = body
    }

    public init(article: Article, path: String?, entities: Entities) {
        self.init(id: article.id, path: path, title: article.title, date: article.date,
                  source: article.source, url: article.url, actors: entities.actors,
                  actorMentions: entities.mentionedActors, countries: entities.countries, mentions: entities.mentions, body: article.body)
    }

    // The record is a few fields joined by ASCII separators. Article text
    // never contains them: the reader strips control characters.
    private static let magic = "g1"
    private static let field: UInt8 = 0x1F
    private static let item: UInt8 = 0x1E
    private static let part: UInt8 = 0x1D

    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + title.utf8.count + 256)
        func put(_ text: String) { out.append(contentsOf: Self.sanitised(text).utf8) }
        func list(_ items: [String]) {
            for (i, s) in items.enumerated() {
                if i > 0 { out.append(Self.item) }
                put(s)
            }
        }
        func countries(_ items: [Country]) {
            for (i, c) in items.enumerated() {
                if i > 0 { out.append(Self.item) }
                put(c.code)
                out.append(Self.part)
                put(c.name)
            }
        }
        put(Self.magic); out.append(Self.field)
        put(id); out.append(Self.field)
        put(path ?? ""); out.append(Self.field)
        put(title); out.append(Self.field)
        put(date?.compact ?? ""); out.append(Self.field)
        put(source ?? ""); out.append(Self.field)
        put(url ?? ""); out.append(Self.field)
        list(actors); out.append(Self.field)
        countries(self.countries); out.append(Self.field)
        countries(mentions); out.append(Self.field)
        list(actorMentions); out.append(Self.field)
        put(body)
        return out
    }

    /// Reads a stored record; without `includeBody` the body is left empty,
    /// which saves copying it when no snippet or text is wanted.
    public init(decoding bytes: [UInt8], includeBody: Bool = true) throws(IndexError) {
        // Records written before actor mentions were kept have 11 fields.
        let fields = bytes.split(separator: Self.field, maxSplits: 11, omittingEmptySubsequences: false)
        guard fields.count == 11 || fields.count == 12, String(decoding: fields[0], as: UTF8.self) == Self.magic else {
            throw IndexError(code: .corrupt, message: "stored article record is not in Gazette's format",
                             context: String(decoding: bytes.prefix(60), as: UTF8.self))
        }
        func text(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }
        func optional(_ i: Int) -> String? { fields[i].isEmpty ? nil : text(i) }
        func list(_ i: Int) -> [String] {
            fields[i].isEmpty ? [] : fields[i].split(separator: Self.item, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
        }
        func countries(_ i: Int) -> [Country] {
            guard !fields[i].isEmpty else { return [] }
            // Split on the separator bytes, not on Characters: this runs for every hit.
            return fields[i].split(separator: Self.item, omittingEmptySubsequences: false).map { entry in
                let parts = entry.split(separator: Self.part, maxSplits: 1, omittingEmptySubsequences: false)
                let code = String(decoding: parts[0], as: UTF8.self)
                return Country(code: code, name: parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : code)
            }
        }
        self.init(id: text(1), path: optional(2), title: text(3),
                  date: optional(4).flatMap { ArticleDate(compactOrISO: $0) },
                  source: optional(5), url: optional(6), actors: list(7),
                  actorMentions: fields.count == 12 ? list(10) : [],
                  countries: countries(8), mentions: countries(9), body: includeBody ? text(fields.count - 1) : "")
    }

    /// Separator bytes cannot appear inside a field.
    static func sanitised(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x1D && $0 <= 0x1F }) else { return text }
        return String(text.unicodeScalars.filter { !(0x1D...0x1F).contains($0.value) }.map(Character.init))
    }
}
