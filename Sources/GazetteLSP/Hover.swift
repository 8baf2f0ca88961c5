import Foundation
import GazetteEntities
import GazetteIndex
import GazetteProtocol

extension LanguageServer {
    // MARK: textDocument/hover

    enum Entity: Equatable {
        case actor(String)
        case country(Country)
    }

    func hover(_ params: HoverParams) async throws -> Hover? {
        let uri = params.textDocument.uri
        guard let text = documents[uri] ?? Self.fileText(uri) else {
            log("hover in a document that is neither open nor a readable file: \(uri)")
            return nil
        }
        guard let line = TextPositions.line(params.position.line, of: text) else { return nil }
        let cursor = TextPositions.byteOffset(ofCharacter: params.position.character, inLine: line, encoding: encoding)
        let candidates = NameCandidates.around(byte: cursor, inLine: line)
        guard !candidates.isEmpty, let (entity, name) = try await resolve(candidates) else { return nil }
        let range = TextRange(
            start: Position(line: params.position.line,
                            character: TextPositions.character(ofByte: name.bytes.lowerBound, inLine: line, encoding: encoding)),
            end: Position(line: params.position.line,
                          character: TextPositions.character(ofByte: name.bytes.upperBound, inLine: line, encoding: encoding)))
        return Hover(contents: MarkupContent(markdown: try await describe(entity)), range: range)
    }

    /// A document the client did not open, read from disk when its URI is a file.
    static func fileText(_ uri: String) -> String? {
        // A `%00` in the URI would cut the path short in C's file calls: no such file can exist.
        guard let url = URL(string: uri), url.isFileURL, !url.path.utf8.contains(0),
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(validating: Array(data), as: UTF8.self)
    }

    /// The longest candidate that names a country or actor: the gazetteer
    /// knows names and aliases; actors the extractor found beyond it
    /// ("Piknik") are known only to the index, as facet values.
    func resolve(_ candidates: [NameCandidate]) async throws -> (Entity, NameCandidate)? {
        let gazetteer = try loadGazetteer()
        var best: (Entity, NameCandidate)?
        for candidate in candidates {
            if let country = gazetteer.country(matching: candidate.text) {
                best = (.country(country), candidate)
            } else if let actor = gazetteer.actor(matching: candidate.text) {
                best = (.actor(actor), candidate)
            }
            if best != nil { break }
        }
        let longer = candidates.filter { $0.words > (best?.1.words ?? 0) }
        guard !longer.isEmpty else { return best }
        let actor = Facet.actor.name
        let query = longer.map { "\(actor):\"\($0.text)\"" }.joined(separator: " OR ")
        let response = try await source.search(SearchParams(query: query, limit: 0, facets: [actor],
                                                            facetLimit: 10_000, snippets: false))
        let actors = Dictionary((response.facets?[actor] ?? []).map { (Names.key($0.value), $0.value) },
                                uniquingKeysWith: { first, _ in first })
        for candidate in longer {
            if let found = actors[Names.key(candidate.text)] { return (.actor(found), candidate) }
        }
        return best
    }

    func loadGazetteer() throws -> Gazetteer {
        if let loadedGazetteer { return loadedGazetteer }
        let loaded = try source.gazetteer()
        loadedGazetteer = loaded
        return loaded
    }

    /// How many articles name the entity, and what they name alongside it.
    func describe(_ entity: Entity) async throws -> String {
        let facetLimit = 8
        let (actors, countries) = (Facet.actor.name, Facet.country.name)
        switch entity {
        case let .actor(name):
            let response = try await source.search(SearchParams(query: "\(Schema.actor.name):\"\(name)\"", limit: 0,
                                                                facets: [actors, countries], facetLimit: facetLimit + 1,
                                                                snippets: false))
            var out = "**\(Self.escaped(name))** · actor\n\n"
            guard response.total > 0 else { return out + "No indexed article names \(Self.escaped(name))." }
            out += "Named in **\(Self.count(response))** \(response.total == 1 ? "article" : "articles")."
            out += Self.list("Alongside", response.facets?[actors], leaving: name, limit: facetLimit)
            out += Self.list("Countries", response.facets?[countries], leaving: nil, limit: facetLimit)
            return out
        case let .country(country):
            let mentions = try await source.search(SearchParams(query: "\(Schema.mentions.name):\(country.code)", limit: 0,
                                                                facets: [actors, countries], facetLimit: facetLimit + 1,
                                                                snippets: false))
            var out = "**\(Self.escaped(country.name))** (\(country.code)) · country\n\n"
            guard mentions.total > 0 else { return out + "No indexed article mentions \(Self.escaped(country.name))." }
            let salient = try await source.search(SearchParams(query: "\(Schema.country.name):\(country.code)", limit: 0,
                                                               snippets: false))
            out += "Mentioned in **\(Self.count(mentions))** \(mentions.total == 1 ? "article" : "articles")"
            out += ", the main subject of **\(Self.count(salient))**."
            out += Self.list("Actors", mentions.facets?[actors], leaving: nil, limit: facetLimit)
            out += Self.list("Alongside", mentions.facets?[countries], leaving: country.name, limit: facetLimit)
            return out
        }
    }

    static func count(_ response: SearchResponse) -> String {
        response.totalExact ? "\(response.total)" : "about \(response.total)"
    }

    static func list(_ label: String, _ values: [FacetValue]?, leaving own: String?, limit: Int) -> String {
        let shown = (values ?? []).filter { own == nil || Names.key($0.value) != Names.key(own!) }.prefix(limit)
        guard !shown.isEmpty else { return "" }
        return "\n\n\(label): " + shown.map { "\(escaped($0.value)) (\($0.count))" }.joined(separator: ", ")
    }

    /// Names shown in Markdown keep their characters.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
