// TEMPORARY placeholder API; replaced by the real extractor.
public struct Country: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public init(code: String, name: String) { self.code = code; self.name = name }
}

public struct Entities: Sendable, Equatable {
    public var actors: [String]
    public var countries: [Country]
    public var mentions: [Country]
    public init(actors: [String] = [], countries: [Country] = [], mentions: [Country] = []) {
        self.actors = actors; self.countries = countries; self.mentions = mentions
    }
}

public final class Gazetteer: Sendable {
    public init() {}
    public static func load(directory: String) throws -> Gazetteer { Gazetteer() }
    public func country(matching text: String) -> Country? { nil }
    public func actor(matching text: String) -> String? { nil }
}

public struct EntityExtractor: Sendable {
    public let gazetteer: Gazetteer
    public init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }
    public func extract(title: String, body: String) -> Entities { Entities() }
}
