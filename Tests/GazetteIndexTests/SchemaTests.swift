import Foundation
import GazetteEntities
@testable import GazetteIndex
import Testing

/// The Schema table drives the query parser, the facets and the help: a
/// field added to the table must parse, count and show as it says.
@Suite struct SchemaTests {
    static let russia = Country(code: "RU", name: "Russia")

    /// One article that each query field's first example should find, and
    /// that no other field's example finds.
    static func corpus() -> [String: StoredArticle] {
        [
            "title": article("t", "Attack on the harbour", "A quiet report."),
            "actor": article("a", "Budget talks", "Talks went on.", actors: ["Vladimir Putin"]),
            "country": article("c", "Steppe", "Trains ran.", countries: [Self.russia], mentions: [Self.russia]),
            "mentions": article("m", "Trade routes", "Ships sailed.", mentions: [Country(code: "AF", name: "Afghanistan")]),
            "region": article("r", "Vineyards", "Grapes ripened.", countries: [Country(code: "FR", name: "France")]),
            "mentioned": StoredArticle(id: "n", path: nil, title: "Gas deal", date: nil, source: nil, url: nil,
                                       actors: [], actorMentions: ["Vladimir Putin"], countries: [], mentions: [],
                                       body: "Pipes were laid."),
            "date": article("d", "Spring fair", "Stalls opened.", date: "2024-03-10"),
            "id": StoredArticle(id: "seeds/story.txt", path: nil, title: "Seed story", date: nil, source: nil,
                                url: nil, actors: [], countries: [], mentions: [], body: "Text."),
        ]
    }

    @Test func everyQueryFieldFindsWhatItsExampleDescribes() throws {
        let index = try TemporaryIndex()
        let corpus = Self.corpus()
        #expect(Set(corpus.keys) == Set(Schema.queryFields.map(\.name)),
                "each query field in the table needs an article here")
        try index.write(Array(corpus.values))
        for field in Schema.queryFields {
            let example = try #require(field.example.components(separatedBy: "  ").first)
            let ids = try index.search(example, limit: 20).hits.map(\.article.id)
            #expect(ids == [corpus[field.name]!.id], "\(field.name): \(example)")
        }
    }

    @Test func theParserUsesEachFieldsPrefixAndSlot() throws {
        let index = try TemporaryIndex()
        try index.write(Array(Self.corpus().values))
        let reader = try index.reader()
        for field in Schema.queryFields {
            let value = field.kind == .dateRange ? "2024-03-01..2024-03-31" : "harbour"
            let query = try reader.parse("\(field.name):\(value)").debugDescription
            switch field.kind {
            case .dateRange: #expect(query.contains("VALUE_RANGE \(field.slot!)"), "\(query)")
            case .filter(.region):
                // No terms of its own: a region is its countries' terms.
                let region = try reader.parse("\(field.name):europe").debugDescription
                #expect(region.contains(Schema.country.prefix + "fr") && region.contains(" OR "), "\(region)")
            case .text, .filter: #expect(query.contains(field.prefix), "\(field.name): \(query)")
            case .stored: Issue.record("\(field.name) is stored only, not a query field")
            }
        }
        // A name that is not in the table is not a field: its words are searched.
        #expect(try reader.parse("headline:attack").debugDescription.contains("headline"))
    }

    @Test func facetsAreTheTablesFacetRows() {
        #expect(Facet.all.map(\.field) == Schema.fields.filter(\.isFacet))
        #expect(Facet.all == [.actor, .country, .mentioned])
        #expect(Facet(named: "Country") == .country)
        #expect(Facet(named: "title") == nil)
        #expect(Facet.names(joinedBy: " or ") == "actor or country or mentioned")
        for facet in Facet.all {
            #expect(facet.field.values != nil, "\(facet.name): the indexer writes a facet's values from the table")
            #expect(facet.layout.cap >= 100, "\(facet.name): the cap per article is the README's")
        }
    }

    @Test func theHelpListsEveryQueryFieldOnItsOwnLine() {
        let lines = Schema.queryHelp(indent: "  ").split(separator: "\n").map(String.init)
        #expect(lines.count == Schema.queryFields.count)
        for (line, field) in zip(lines, Schema.queryFields) {
            #expect(line.hasPrefix("  " + field.example))
            #expect(line.hasSuffix(field.description))
        }
        // The descriptions line up in one column.
        let columns = Set(zip(lines, Schema.queryFields).map { $0.0.count - $0.1.description.count })
        #expect(columns.count == 1)
    }

    @Test func termPrefixesAndSlotsAreDistinct() {
        let prefixes = Schema.fields.map(\.prefix).filter { !$0.isEmpty }
            + Schema.fields.compactMap { $0.facet?.entryPrefix }
        #expect(Set(prefixes).count == prefixes.count)
        let slots = Schema.fields.flatMap(\.slots)
        #expect(Set(slots).count == slots.count)
        #expect(Set(Schema.fields.map(\.name)).count == Schema.fields.count)
    }

    @Test func actorNamesWithCurlyApostrophesMatchEitherWay() throws {
        let index = try TemporaryIndex()
        // The other actor has the same words, which a query falls back to
        // when no actor has the whole name.
        try index.write([article("o", "Chat show", "Late night.", actors: ["Conan O’Brien"]),
                         article("b", "Other", "Text.", actors: ["Brien O Conan"])])
        func ids(_ query: String) throws -> [String] { try index.search(query).hits.map(\.article.id) }
        #expect(try ids(#"actor:"conan o'brien""#) == ["o"])
        #expect(try ids(#"actor:"CONAN  O’BRIEN""#) == ["o"])
        #expect(Names.key("  Conan\tO’Brien ") == "conan o'brien")
    }

    @Test func statusNamesComeFromTheShimAndMapOneToOne() {
        let names = IndexError.Code.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(!names.contains("unknown status") && !names.contains("ok"))
        for code in IndexError.Code.allCases {
            // Gazette's own codes (the index folder) have no shim status.
            guard let status = code.status else { continue }
            #expect(IndexError.Code(status: status) == code)
        }
        #expect(IndexError.Code.allCases.filter { $0.status == nil } == [.folder])
        #expect(IndexError(code: .locked, message: "held", context: "/x").description == "database locked: held [/x]")
    }
}
