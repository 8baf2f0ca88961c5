import GazetteEntities

/// How Gazette lays articles out in Xapian, following Omega's conventions:
/// `Q` + stable id is the unique term, user prefixes start with `X`, dates
/// live in a value slot as `YYYYMMDD`.
public enum Schema {
    /// Bumped when the layout changes incompatibly; stored in the index.
    public static let version = "1"

    // Terms.
    public static let idPrefix = "Q"
    public static let titlePrefix = "S"
    /// Canonical actor name, lower-cased: the actor filter and facet.
    public static let actorPrefix = "XA"
    /// Each word of an actor's name, lower-cased, so `actor:putin` finds "Vladimir Putin".
    public static let actorWordPrefix = "XAW"
    /// ISO code of a country the article is about (salient), lower-cased.
    public static let countryPrefix = "XC"
    /// ISO code of every country the article mentions, lower-cased.
    public static let mentionPrefix = "XM"
    /// The file an article came from (root label + relative path).
    public static let filePrefix = "XF"
    /// The indexed root an article came from.
    public static let rootPrefix = "XR"

    // Value slots.
    public static let dateSlot: UInt32 = 0
    /// The stored record without its body: all a hit shows. Values are read
    /// without decompressing the document's data, which made up a fifth of
    /// the time of a search for ten hits.
    public static let summarySlot: UInt32 = 1
    /// One slot per actor, so Xapian's stock ValueCountMatchSpy can count them
    /// (also across remote shards): an article's 16 most salient actors count.
    public static let actorSlots: Range<UInt32> = 10..<26
    /// One slot per salient country: an article's 8 most salient count.
    public static let countrySlots: Range<UInt32> = 30..<38

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

    public static func idTerm(_ id: String) -> String { term(idPrefix, id) }

    public static func actorTerm(_ actor: String) -> String { term(actorPrefix, normalise(actor)) }

    public static func actorWordTerms(_ actor: String) -> [String] {
        words(of: actor).map { term(actorWordPrefix, $0) }
    }

    public static func countryTerm(_ country: Country) -> String { term(countryPrefix, country.code.lowercased()) }

    public static func mentionTerm(_ country: Country) -> String { term(mentionPrefix, country.code.lowercased()) }

    /// Lower-cased with runs of white space folded: how filter values compare.
    public static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

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

/// The facets Gazette counts.
public enum Facet: String, Sendable, CaseIterable, Codable {
    case actor
    case country

    public var slots: Range<UInt32> {
        switch self {
        case .actor: return Schema.actorSlots
        case .country: return Schema.countrySlots
        }
    }
}
