/// A country as Gazette names it.
public struct Country: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2 ("RU"), or the ISO 3166-3 alpha-4 of a former
    /// country ("SUHH" for the Soviet Union).
    public let code: String
    /// One canonical display name: the common short name ("Russia", "South Korea").
    public let name: String
    public init(code: String, name: String) { self.code = code; self.name = name }
}

/// What an article is about: who acts in it, and where. Two tiers each: what
/// it is about (salient), and everything it names.
public struct Entities: Sendable, Equatable {
    /// Canonical names of the most salient people and organisations, most salient first.
    public var actors: [String]
    /// Every person and organisation the article names, as written, with the
    /// canonical actor each is; in reading order, each spelling once.
    public var actorMentions: [ActorMention]
    /// The salient countries (what the article is about), most salient first.
    public var countries: [Country]
    /// Every country the article names (by name, alias, demonym, or a place
    /// in it), most salient first. Evidence that only points to a country (a
    /// currency, a ticker, an actor's home country) is no mention.
    public var mentions: [Country]

    public init(actors: [String] = [], actorMentions: [ActorMention] = [], countries: [Country] = [],
                mentions: [Country] = []) {
        self.actors = actors
        self.actorMentions = actorMentions
        self.countries = countries
        self.mentions = mentions
    }

    /// Every actor the article names, canonical, each once, in reading order:
    /// what the index keeps for the mention tier.
    public var mentionedActors: [String] {
        var seen = Set<String>()
        return actorMentions.compactMap { seen.insert($0.actor).inserted ? $0.actor : nil }
    }
}

/// A problem in a gazetteer file, named by file and line.
public struct GazetteerError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based line number, or 0 when the file as a whole is at fault.
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
