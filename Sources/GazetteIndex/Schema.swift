import GazetteEntities

/// How Gazette lays articles out in Xapian, following Omega's conventions:
/// `Q` + stable id is the unique term, user prefixes start with `X`, dates
/// live in a value slot as `YYYYMMDD`.
///
/// Its fields are one table (as notmuch's `lib/prefix.cc` is): the query
/// parsers, the facets and the query help are all made from it.
public enum Schema {
    /// Bumped when the layout changes incompatibly; stored in the index.
    public static let version = "1"

    /// One row of the table: a field as users type it and as the index keeps it.
    public struct Field: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// Words under `prefix`, ranked like body text.
            case text
            /// A boolean filter on terms under `prefix`: it narrows, never ranks.
            case filter(Lookup)
            /// A range over the `YYYYMMDD` dates in `slots`.
            case dateRange
            /// Kept for the index's own use; not a query field.
            case stored
        }

        /// How a filter's typed value becomes terms.
        public enum Lookup: Sendable, Hashable {
            /// The value itself.
            case exact
            /// A country's name, code, demonym or city, through the gazetteer.
            case country
            /// An actor's name or alias, else every actor with all the words.
            case actor
        }

        /// What users type before the colon (`actor:putin`).
        public let name: String
        /// Term prefix; "" for a field kept only in value slots.
        public let prefix: String
        public let kind: Kind
        /// Value slots: the date's, or one per counted value of a facet.
        public let slots: Range<UInt32>
        /// Counted over every match with `--facet NAME`, from its `slots`.
        public let isFacet: Bool
        /// Queries as users write them, for the help.
        public let example: String
        public let description: String

        /// The field's first (for a date, its only) value slot.
        public var slot: UInt32 { slots.lowerBound }

        /// Users can type it in a query.
        public var isQueryField: Bool { kind != .stored }

        /// Its values are words of the article itself (a headline word, an
        /// actor's or a country's name), so highlighting can look for them as
        /// plain words: Xapian highlights unprefixed terms only.
        var valuesAreArticleWords: Bool {
            switch kind {
            case .text, .filter(.actor), .filter(.country): true
            case .filter(.exact), .dateRange, .stored: false
            }
        }
    }

    // The table. Query fields come first, in the order the help lists them.
    public static let title = Field(name: "title", prefix: "S", kind: .text, slots: 0..<0, isFacet: false,
                                    example: "title:attack",
                                    description: "words in the headline")
    /// Canonical actor name, normalised (`Names.key`).
    public static let actor = Field(name: "actor", prefix: "XA", kind: .filter(.actor), slots: 10..<26, isFacet: true,
                                    example: "actor:putin  actor:IMF",
                                    description: "articles about an actor (aliases resolve)")
    /// ISO code of a country the article is about (salient), lower-cased.
    public static let country = Field(name: "country", prefix: "XC", kind: .filter(.country), slots: 30..<38,
                                      isFacet: true, example: "country:russia  country:RU",
                                      description: "countries an article is about (salient)")
    /// ISO code of every country the article mentions, lower-cased.
    public static let mentions = Field(name: "mentions", prefix: "XM", kind: .filter(.country), slots: 0..<0,
                                       isFacet: false, example: "mentions:afghanistan",
                                       description: "any mention of a country")
    public static let date = Field(name: "date", prefix: "", kind: .dateRange, slots: 0..<1, isFacet: false,
                                   example: "date:2024-03-01..2024-03-31",
                                   description: "a date range (also ..2024-03-31)")
    public static let id = Field(name: "id", prefix: "Q", kind: .filter(.exact), slots: 0..<0, isFacet: false,
                                 example: "id:seeds/story.txt",
                                 description: "one article, by its id")
    /// Each word of an actor's name, lower-cased, so `actor:putin` finds "Vladimir Putin".
    public static let actorWord = Field(name: "actor word", prefix: "XAW", kind: .stored, slots: 0..<0,
                                        isFacet: false, example: "", description: "a word of an actor's name")
    public static let file = Field(name: "file", prefix: "XF", kind: .stored, slots: 0..<0, isFacet: false,
                                   example: "", description: "the file an article came from (root label + path)")
    public static let root = Field(name: "root", prefix: "XR", kind: .stored, slots: 0..<0, isFacet: false,
                                   example: "", description: "the indexed folder an article came from")
    /// Values are read without decompressing the document's data, which made
    /// up a fifth of the time of a search for ten hits.
    public static let summary = Field(name: "summary", prefix: "", kind: .stored, slots: 1..<2, isFacet: false,
                                      example: "", description: "the stored record without its body: all a hit shows")

    /// The near-duplicate signature of the article's text (StorySignature).
    public static let signature = Field(name: "signature", prefix: "", kind: .stored, slots: 50..<51, isFacet: false,
                                        example: "", description: "what finds an article's copies as articles arrive")
    /// The story an article is a copy of: the collapse key in its slot, and a
    /// term under its prefix that lists every copy.
    public static let story = Field(name: "story", prefix: "XS", kind: .stored, slots: 51..<52, isFacet: false,
                                    example: "", description: "the story an article is a copy of")

    public static let fields: [Field] = [title, actor, country, mentions, date, id, actorWord, file, root, summary,
                                         signature, story]

    /// The fields users can type, in the order the help lists them.
    public static let queryFields = fields.filter(\.isQueryField)

    /// The query fields, one per line: examples, then what they find, in a
    /// column. For `--help` and the README.
    public static func queryHelp(indent: String = "") -> String {
        let width = queryFields.map(\.example.count).max() ?? 0
        return queryFields.map { field in
            indent + field.example + String(repeating: " ", count: width + 2 - field.example.count) + field.description
        }.joined(separator: "\n")
    }

    /// Headline words count this many times over body words.
    public static let titleWeight: UInt32 = 5
    /// Position gap between headline and body, so phrases don't span them.
    public static let fieldGap: UInt32 = 100

    // Metadata keys.
    public static let schemaKey = "gazette.schema"
    public static let languageKey = "gazette.language"
    public static let lastCommitKey = "gazette.last-commit"

    /// Xapian refuses terms over 245 bytes; long values keep a readable
    /// head and a hash of the whole, so they stay unique.
    public static let maxTermBytes = 240

    public static func term(_ prefix: String, _ value: String) -> String {
        let full = prefix + value
        guard full.utf8.count > maxTermBytes else { return full }
        var head = ""
        var used = prefix.utf8.count
        for character in value {
            let size = character.utf8.count
            if used + size > maxTermBytes - 17 { break }
            head.append(character)
            used += size
        }
        return prefix + head + "#" + fnv1a(value)
    }

    public static func idTerm(_ id: String) -> String { term(Self.id.prefix, id) }

    public static func actorTerm(_ actor: String) -> String { term(Self.actor.prefix, Names.key(actor)) }

    public static func actorWordTerms(_ actor: String) -> [String] {
        words(of: actor).map { term(actorWord.prefix, $0) }
    }

    /// A country's term under a country field's prefix (`country`, `mentions`).
    public static func countryTerm(_ field: Field, code: String) -> String { term(field.prefix, code.lowercased()) }

    /// The words of a name, lower-cased, split at anything not a letter or digit.
    public static func words(of text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// 64-bit FNV-1a as 16 hex digits: stable across runs and platforms.
    public static func fnv1a(_ text: String) -> String {
        fnv1a(text.utf8)
    }

    public static func fnv1a<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A field counted over every match (`--facet actor`): a row of the Schema
/// table marked as a facet, whose value slots hold the values to count.
public struct Facet: Sendable, Hashable {
    public let field: Schema.Field

    private init(_ field: Schema.Field) { self.field = field }

    public static let actor = Facet(Schema.actor)
    public static let country = Facet(Schema.country)

    /// Every facet, in table order.
    public static let all = Schema.fields.filter(\.isFacet).map(Facet.init)

    /// The facet called `name`, in any case; nil for any other name.
    public init?(named name: String) {
        guard let facet = Self.all.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = facet
    }

    public var name: String { field.name }
    public var slots: Range<UInt32> { field.slots }

    /// The facets' names for messages and help: "actor or country".
    public static func names(joinedBy separator: String) -> String {
        all.map(\.name).joined(separator: separator)
    }
}
