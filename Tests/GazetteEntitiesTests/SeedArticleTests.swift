import Foundation
import Testing
import GazetteEntities

@Suite struct SeedArticleTests {
    let entities: Entities

    init() throws {
        let text = try String(contentsOfFile: packageRoot + "/seeds/000_e3109c2dbdf02a4d.txt", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let title = String(lines.removeFirst())
        entities = extract(title, lines.joined(separator: "\n"))
    }

    @Test func findsThePresidentAndTheGroup() {
        #expect(entities.actors.contains("Vladimir Putin"))
        #expect(entities.actors.contains("ISIS-K"))
        // Short mentions ("Putin") resolve to the full name, so only it appears.
        #expect(!entities.actors.contains("Putin"))
    }

    @Test func salientCountries() {
        let salient = codes(entities.countries)
        #expect(salient.contains("RU"))
        #expect(salient.contains("UA"))
        #expect(salient.contains("US"))
        #expect(salient.first == "RU")
    }

    @Test func everyMentionedCountry() {
        let all = codes(entities.mentions)
        #expect(all.contains("AF"))
        #expect(all.contains("SUHH"))
        // Afghanistan is mentioned once in passing: not what the story is about.
        #expect(!codes(entities.countries).contains("AF"))
        for c in entities.countries { #expect(entities.mentions.contains(c)) }
    }

    @Test func noFragmentsOfCountriesAsActors() {
        for a in entities.actors {
            #expect(gazetteer.country(matching: a) == nil, "\(a) is a country, not an actor")
            #expect(!a.hasPrefix("and "))
        }
    }
}
