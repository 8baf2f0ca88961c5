import GazetteArticles
import GazetteEntities

/// How Gazette lays articles out in Xapian, following Omega's conventions:
/// `Q` + stable id is the unique term, user prefixes start with `X`, dates
/// live in a value slot as `YYYYMMDD`.
///
/// Its fields are one table (as notmuch's `lib/prefix.cc` is): the query
/// parsers, the facets and the query help are all made from it.
public enum Schema {
    /// Bumped when the layout changes incompatibly; stored in the index.
    /// 2: every facet value of an article is kept (no per-field slot cap), packed in one slot,
    /// one value per rank slot, and one entry term per value.
    /// 3: no rank slots (remote shards count the packed slot with Xapian's own spy).
    /// 4: the document data holds the body alone (`StoredArticle.encodedBody()`);
    /// the rest is in the summary value. No file and root terms, which nothing read.
    /// 5: an English index keeps its words as written and no stem terms; a
    /// query finds the words of its stems (CXapian's stems.cpp).
    public static let version = "5"

    /// Layouts this Gazette reads, and writes on (stamping them `version`):
    /// layout 2 only adds rank slots, which nothing reads any more; 2 and 3
    /// store whole records as data, which readers still take; 2 to 4 hold
    /// stem terms beside the words, which queries no longer read.
    public static let readableVersions: Set<String> = ["2", "3", "4", version]

    /// One value of a field in one article: the key its filter term carries
    /// (`Schema.term(prefix, key)`) and the label a facet shows for it.
    public struct Value: Sendable, Hashable {
        public let key: String
        public let label: String

        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    /// One row of the table: a field as users type it and as the index keeps it.
    public struct Field: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// Words under `prefix`, ranked like body text.
            case text
            /// A boolean filter on terms under `prefix`: it narrows, never ranks.
            case filter(Lookup)
            /// A range over the `YYYYMMDD` dates in `slot`.
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
            /// A UN M49 region or sub-region: any of its countries, under the
            /// prefix of the country tier it follows (`country`, `mentions`).
            case region
        }

        /// What users type before the colon (`actor:putin`).
        public let name: String
        /// Term prefix; "" for a field kept only in a value slot.
        public let prefix: String
        public let kind: Kind
        /// The value slot of a date or of a stored record.
        public let slot: UInt32?
        /// An article's values, written as terms under `prefix` by the
        /// indexer (nil: the indexer writes this field's terms itself).
        public let values: (@Sendable (StoredArticle) -> [Value])?
        /// How the values are kept for counting, when the field is a facet.
        public let facet: FacetLayout?
        /// Queries as users write them, for the help.
        public let example: String
        public let description: String
        /// What `--facet NAME` counts, for the help; nil when the row is not counted.
        public let counts: String?

        init(name: String, prefix: String, kind: Kind, slot: UInt32? = nil,
             values: (@Sendable (StoredArticle) -> [Value])? = nil, facet: FacetLayout? = nil,
             example: String, description: String, counts: String? = nil) {
            self.name = name
            self.prefix = prefix
            self.kind = kind
            self.slot = slot
            self.values = values
            self.facet = facet
            self.example = example
            self.description = description
            self.counts = counts
        }

        /// Names are unique in the table (a test checks it), so a row is its name.
        public static func == (a: Field, b: Field) -> Bool { a.name == b.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        /// Counted over every match with `--facet NAME`.
        public var isFacet: Bool { facet != nil }

        /// Users can type it in a query.
        public var isQueryField: Bool { kind != .stored }

        /// Every value slot the field uses.
        public var slots: [UInt32] {
            (slot.map { [$0] } ?? []) + (facet.map { [$0.packedSlot] } ?? [])
        }

        /// Its values are words of the article itself (a headline word, an
        /// actor's or a country's name), so highlighting can look for them as
        /// plain words: Xapian highlights unprefixed terms only.
        var valuesAreArticleWords: Bool {
            switch kind {
            case .text, .filter(.actor), .filter(.country): true
            case .filter(.exact), .filter(.region), .dateRange, .stored: false
            }
        }
    }

    /// How a facet's values are kept, so that each way of counting reads
    /// every value of every article (see FacetCounter for which runs when).
    public struct FacetLayout: Sendable, Hashable {
        /// All of an article's entries in one slot, separated by NUL: one
        /// read per article for the counting MatchSpy, the in-memory column
        /// and Xapian's own ValueCountMatchSpy (the one remote shards run).
        public let packedSlot: UInt32
        /// One boolean term per value: this prefix and the entry. Their
        /// frequencies are the counts over the whole index.
        public let entryPrefix: String
        /// Values kept per article; the rest are dropped from terms and slot alike.
        public let cap: Int

        init(packedSlot: UInt32, entryPrefix: String, cap: Int = 1000) {
            self.packedSlot = packedSlot
            self.entryPrefix = entryPrefix
            self.cap = cap
        }
    }

    static func actorValues(_ article: StoredArticle) -> [Value] {
        article.actors.map { Value(key: Names.key($0), label: $0) }
    }

    static func countryValues(_ countries: [Country]) -> [Value] {
        countries.map { Value(key: $0.code.lowercased(), label: $0.name) }
    }

    // The table. Query fields come first, in the order the help lists them.
    public static let title = Field(name: "title", prefix: "S", kind: .text,
                                    example: "title:attack",
                                    description: "words in the headline")
    /// Canonical actor name, normalised (`Names.key`).
    public static let actor = Field(name: "actor", prefix: "XA", kind: .filter(.actor), values: actorValues,
                                    facet: FacetLayout(packedSlot: 10, entryPrefix: "XVA"),
                                    example: "actor:putin  actor:IMF",
                                    description: "articles about an actor (aliases resolve)",
                                    counts: "people and organisations the articles are about")
    /// ISO code of a country the article is about (salient), lower-cased.
    public static let country = Field(name: "country", prefix: "XC", kind: .filter(.country),
                                      values: { countryValues($0.countries) },
                                      facet: FacetLayout(packedSlot: 11, entryPrefix: "XVC"),
                                      example: "country:russia  country:RU",
                                      description: "countries an article is about (salient)",
                                      counts: "countries the articles are about")
    /// ISO code of every country the article mentions, lower-cased.
    public static let mentions = Field(name: "mentions", prefix: "XM", kind: .filter(.country),
                                       values: { countryValues($0.mentions) },
                                       example: "mentions:afghanistan",
                                       description: "any mention of a country")
    /// No terms or values of its own: an area is the country terms of its
    /// countries, under the tier's prefix (FilterLookup).
    public static let region = Field(name: "region", prefix: "", kind: .filter(.region),
                                     example: "region:\"western europe\"",
                                     description: "countries of a UN M49 region or sub-region (salient)",
                                     counts: "UN M49 regions, then their sub-regions and countries")
    /// Canonical name of every actor the article names, normalised: finds an
    /// article that merely mentions an actor, and counts them.
    public static let mentioned = Field(name: "mentioned", prefix: "XN", kind: .filter(.actor),
                                        values: { $0.actorMentions.map { Value(key: Names.key($0), label: $0) } },
                                        facet: FacetLayout(packedSlot: 12, entryPrefix: "XVN"),
                                        example: "mentioned:putin",
                                        description: "any mention of an actor (aliases resolve)",
                                        counts: "every actor the articles name")
    public static let date = Field(name: "date", prefix: "", kind: .dateRange, slot: 0,
                                   example: "date:2024-03-01..2024-03-31",
                                   description: "a day, a month or a year (date:2024-03), or a range of them "
                                       + "(date:2023..2024-06, date:..2024-03-31)",
                                   counts: "a timeline, articles per day, month or year as their span suits; "
                                       + "date:day, date:month or date:year fix the size")
    public static let id = Field(name: "id", prefix: "Q", kind: .filter(.exact),
                                 example: "id:seeds/story.txt",
                                 description: "one article, by its id")
    /// Each word of an actor's name, lower-cased, so `actor:putin` finds "Vladimir Putin".
    public static let actorWord = Field(name: "actor word", prefix: "XAW", kind: .stored,
                                        example: "", description: "a word of an actor's name")
    /// Each word of a mentioned actor's name, for `mentioned:` as `actorWord` is for `actor:`.
    public static let mentionedWord = Field(name: "mentioned word", prefix: "XNW", kind: .stored,
                                            example: "", description: "a word of a mentioned actor's name")
    /// A group of names' canonical term (a country's code, lower-cased, or
    /// `Schema.groupNameTerm`), in an article that writes one of its names
    /// (CountryNames): what a query's name of the group expands to. The
    /// query expander writes it as `XK:code`, a field of the parser only.
    public static let countryName = Field(name: "country name", prefix: "XK", kind: .stored,
                                          example: "", description: "a group of names (a country's, an actor's) named by one of them")
    /// Every stored field but the body (which the document data holds, since
    /// layout 4). Values are read without decompressing the document's data,
    /// which made up a fifth of the time of a search for ten hits.
    public static let summary = Field(name: "summary", prefix: "", kind: .stored, slot: 1,
                                      example: "", description: "the stored record without its body: all a hit shows")

    /// The near-duplicate signature of the article's text (StorySignature).
    public static let signature = Field(name: "signature", prefix: "", kind: .stored, slot: 50,
                                        example: "", description: "what finds an article's copies as articles arrive")
    /// The story an article is a copy of: the collapse key in its slot, and a
    /// term under its prefix that lists every copy.
    public static let story = Field(name: "story", prefix: "XS", kind: .stored, slot: 51,
                                    example: "", description: "the story an article is a copy of")

    public static let fields: [Field] = [title, actor, country, mentions, mentioned, region, date, id, actorWord,
                                         mentionedWord, countryName, summary, signature, story]

    /// The fields users can type, in the order the help lists them.
    public static let queryFields = fields.filter(\.isQueryField)

    /// Every row a search counts (`--facet NAME`, a request's `facets`): the
    /// facets, then the rows whose counts are made from other values (the
    /// date's timeline, the regions of the countries).
    public static let countedFields = fields.filter(\.isFacet) + fields.filter { $0.counts != nil && !$0.isFacet }

    /// "actor (people and organisations ...), country (...), ...": every
    /// counted row with what it counts, for help texts and tool descriptions.
    public static func countsHelp(joinedBy separator: String = ", ") -> String {
        countedFields.map { "\($0.name) (\($0.counts ?? $0.description))" }.joined(separator: separator)
    }

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
    /// The fingerprint of the CountryNames every article was given terms by;
    /// "" (or none, from a Gazette before them) when not all were.
    public static let countryNamesKey = "gazette.country-names"

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

    /// An actor's term under an actor field's prefix (`actor`, `mentioned`).
    public static func actorTerm(_ actor: String, field: Field = Self.actor) -> String {
        term(field.prefix, Names.key(actor))
    }

    /// The words of an actor's name under the field's word prefix.
    public static func actorWordTerms(_ actor: String, field: Field = Self.actor) -> [String] {
        let prefix = field == mentioned ? mentionedWord.prefix : actorWord.prefix
        return words(of: actor).map { term(prefix, $0) }
    }

    /// A country's term under a country field's prefix (`country`, `mentions`).
    public static func countryTerm(_ field: Field, code: String) -> String { term(field.prefix, code.lowercased()) }

    /// A country's canonical term (`countryName`).
    public static func countryNameTerm(code: String) -> String { term(countryName.prefix, code.lowercased()) }
    /// The canonical term of a group of names that is no country's: `g` and
    /// a hash of its names (digits only: the query parser's stemmer leaves
    /// them as they are, and no country code is a digit).
    public static func groupNameTerm(names: [[String]]) -> String {
        let hash = UInt64(fnv1a(names.map { $0.joined(separator: " ") }.sorted().joined(separator: "\n")), radix: 16) ?? 0
        return term(countryName.prefix, "g" + String(hash))
    }

    /// The words of a name, lower-cased, split at anything not a letter or digit.
    public static func words(of text: String) -> [String] {
        asciiWords(of: text) ?? unicodeWords(of: text)
    }

    /// The words of ASCII text, made from its bytes; nil for any other text.
    static func asciiWords(of text: String) -> [String]? {
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            default:
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    static func unicodeWords(of text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// 64-bit FNV-1a as 16 hex digits: stable across runs and platforms.
    public static func fnv1a(_ text: String) -> String {
        fnv1a(text.utf8)
    }

    public static func fnv1a<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let hash = fnvHash(bytes)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A field counted over every match (`--facet actor`): a row of the Schema
/// table with a facet layout.
public struct Facet: Sendable, Hashable {
    public let field: Schema.Field

    private init(_ field: Schema.Field) { self.field = field }

    public static let actor = Facet(Schema.actor)
    public static let country = Facet(Schema.country)
    public static let mentioned = Facet(Schema.mentioned)

    /// Every facet, in table order.
    public static let all = Schema.fields.filter(\.isFacet).map(Facet.init)

    /// The facet called `name`, in any case; nil for any other name.
    public init?(named name: String) {
        guard let facet = Self.all.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = facet
    }

    public var name: String { field.name }
    /// Set for every facet (`all` holds only rows with a layout).
    public var layout: Schema.FacetLayout { field.facet! }

    /// The facets' names for messages and help: "actor or country".
    public static func names(joinedBy separator: String) -> String {
        all.map(\.name).joined(separator: separator)
    }

    /// How one value is written in the facet's slots and entry terms: the
    /// key of its filter term, then (when it differs) a 0x1F byte and the
    /// label, cut so that the entry term fits Xapian's limit. Counting folds
    /// entries by key, so a count is always the count of one filter term.
    func entry(_ value: Schema.Value) -> String {
        let key = String(Schema.term(field.prefix, Self.clean(value.key)).dropFirst(field.prefix.count))
        let label = Self.clean(value.label)
        guard label != key else { return key }
        var entry = key + "\u{1F}"
        var room = Schema.maxTermBytes - layout.entryPrefix.utf8.count - entry.utf8.count
        guard room > 0 else { return key }
        if label.utf8.count <= room { return entry + label }  // the whole label fits: no need to count its characters
        for character in label {
            room -= character.utf8.count
            if room < 0 { break }
            entry.append(character)
        }
        return entry
    }

    /// The key and the label of an entry.
    static func parse(entry: Substring) -> (key: Substring, label: Substring) {
        guard let cut = entry.firstIndex(of: "\u{1F}") else { return (entry, entry) }
        return (entry[..<cut], entry[entry.index(after: cut)...])
    }

    /// NUL separates entries and 0x1F a key from its label: neither may be inside one.
    private static func clean(_ text: String) -> String {
        // Controls are graphemes of their own: looking at bytes finds the same ones.
        text.containsUTF8Byte(where: { $0 == 0 || $0 == 0x1F })
            ? String(text.unicodeScalars.filter { $0 != "\u{0}" && $0 != "\u{1F}" }.map(Character.init))
            : text
    }
}
