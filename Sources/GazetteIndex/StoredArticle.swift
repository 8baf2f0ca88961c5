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

    /// What the document data holds since layout 4: the body alone, behind
    /// its own magic. The other fields are in the summary value (`encoded()`
    /// without the body), which every hit reads; keeping them once took about
    /// a fifth off the data Xapian compresses and stores per Reuters article.
    public func encodedBody() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + Self.bodyHead.count)
        out.append(contentsOf: Self.bodyHead)
        out.append(contentsOf: Self.sanitised(body).utf8)
        return out
    }

    private static let bodyMagic = "g2"
    private static let bodyHead = Array(bodyMagic.utf8) + [field]

    /// Where the body lies in document data that holds it alone (`encodedBody()`);
    /// nil for a whole record (`encoded()`, as layouts before 4 stored).
    static func bodyOnly(_ data: [UInt8]) -> Range<Int>? {
        data.starts(with: bodyHead) ? bodyHead.count..<data.count : nil
    }

    /// Reads an article from its summary value and its document data, as
    /// any layout stored them: the data a whole record, or the body alone.
    init(summary: [UInt8], data: [UInt8]) throws(IndexError) {
        guard let body = Self.bodyOnly(data) else {
            self = try StoredArticle(decoding: data)
            return
        }
        self = try StoredArticle(decoding: summary)
        self.body = String(decoding: data[body], as: UTF8.self)
    }

    /// The article stored as document `docid` of `database`.
    init(docid: UInt32, in database: XapianDatabase) throws(IndexError) {
        try self.init(summary: Array(database.value(docid, slot: Schema.summary.slot!).utf8),
                      data: database.documentData(docid))
    }

    /// Reads a stored record; without `includeBody` the body is left empty,
    /// which saves copying it when no snippet or text is wanted.
    public init(decoding bytes: [UInt8], includeBody: Bool = true) throws(IndexError) {
        let fields = try Self.fields(of: bytes)
        self.init(bytes, fields: fields, includeBody: includeBody)
    }

    /// Reads a stored record for a search hit: every field but the body, and
    /// where the body lies in `bytes`, so that a snippet is cut from the
    /// record's bytes in place, never copied into a String.
    static func hit(decoding bytes: [UInt8]) throws(IndexError) -> (article: StoredArticle, body: Range<Int>) {
        let fields = try Self.fields(of: bytes)
        return (StoredArticle(bytes, fields: fields, includeBody: false), fields[fields.count - 1])
    }

    /// The same from a hit's document data and, when that holds the body
    /// alone, its summary value (`summary()`, read only then).
    static func hit(data: [UInt8], summary: () throws(IndexError) -> [UInt8]) throws(IndexError)
        -> (article: StoredArticle, body: Range<Int>) {
        guard let body = bodyOnly(data) else { return try hit(decoding: data) }
        return (try StoredArticle(decoding: try summary()), body)
    }

    /// Where each field lies: 12 fields, or 11 in records written before
    /// actor mentions were kept. The last (the body) runs to the end.
    private static func fields(of bytes: [UInt8]) throws(IndexError) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(12)
        var start = 0
        var i = 0
        while i < bytes.count && fields.count < 11 {
            if bytes[i] == Self.field {
                fields.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        fields.append(start..<bytes.count)
        guard fields.count == 11 || fields.count == 12, bytes[fields[0]].elementsEqual(Self.magic.utf8) else {
            throw IndexError(code: .corrupt, message: "stored article record is not in Gazette's format",
                             context: String(decoding: bytes.prefix(60), as: UTF8.self))
        }
        return fields
    }

    private init(_ bytes: [UInt8], fields: [Range<Int>], includeBody: Bool) {
        // Each hit of every search comes through here: fields are read by
        // their separator bytes in place, one String per value.
        self = bytes.withUnsafeBufferPointer { bytes in
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            func optional(_ i: Int) -> String? { fields[i].isEmpty ? nil : text(fields[i]) }
            func items(_ i: Int, _ each: (Range<Int>) -> Void) {
                let field = fields[i]
                guard !field.isEmpty else { return }
                var start = field.lowerBound
                for j in field where bytes[j] == Self.item {
                    each(start..<j)
                    start = j + 1
                }
                each(start..<field.upperBound)
            }
            func list(_ i: Int) -> [String] {
                var values: [String] = []
                items(i) { values.append(text($0)) }
                return values
            }
            func countries(_ i: Int) -> [Country] {
                var values: [Country] = []
                items(i) { entry in
                    let part = entry.first { bytes[$0] == Self.part }
                    let code = text(entry.lowerBound..<(part ?? entry.upperBound))
                    values.append(Country(code: code, name: part.map { text(($0 + 1)..<entry.upperBound) } ?? code))
                }
                return values
            }
            return StoredArticle(id: text(fields[1]), path: optional(2), title: text(fields[3]),
                                 date: optional(4).flatMap { ArticleDate(compactOrISO: $0) },
                                 source: optional(5), url: optional(6), actors: list(7),
                                 actorMentions: fields.count == 12 ? list(10) : [],
                                 countries: countries(8), mentions: countries(9),
                                 body: includeBody ? text(fields[fields.count - 1]) : "")
        }
    }

    /// Separator bytes cannot appear inside a field.
    static func sanitised(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 >= 0x1D && $0 <= 0x1F }) else { return text }
        return String(text.unicodeScalars.filter { !(0x1D...0x1F).contains($0.value) }.map(Character.init))
    }
}
