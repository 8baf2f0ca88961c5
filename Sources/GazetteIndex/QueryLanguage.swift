import Foundation
import GazetteEntities

/// Turns the value of a `field:value` filter into index terms, the way the
/// field's lookup in the Schema table says.
final class FilterLookup {
    private let gazetteer: Gazetteer
    private let database: XapianDatabase

    init(gazetteer: Gazetteer, database: XapianDatabase) {
        self.gazetteer = gazetteer
        self.database = database
    }

    func terms(for field: Schema.Field, value: String) -> FilterTerms {
        switch field.kind {
        case .filter(.exact): FilterTerms(.all, [Schema.term(field.prefix, value)])
        case .filter(.country): country(value, field: field)
        case .filter(.actor): actor(value)
        case .filter(.region): region(value, tier: Schema.country)
        // Only filters are given a lookup; anything else matches nothing.
        case .text, .dateRange, .stored: FilterTerms(.all, [])
        }
    }

    private func country(_ value: String, field: Schema.Field) -> FilterTerms {
        let wanted = value.trimmingCharacters(in: .whitespaces)
        if let country = gazetteer.country(matching: wanted) {
            return FilterTerms(.all, [Schema.countryTerm(field, code: country.code)])
        }
        // A region names its countries in the same tier (`mentions:"western africa"`).
        if gazetteer.regions.area(matching: wanted) != nil { return region(wanted, tier: field) }
        // Not a name the gazetteer knows: take it as a code, which matches nothing if wrong.
        return FilterTerms(.all, [Schema.countryTerm(field, code: wanted)])
    }

    /// Any country of the area, under the tier's prefix; an unknown area matches nothing.
    private func region(_ value: String, tier: Schema.Field) -> FilterTerms {
        guard let area = gazetteer.regions.area(matching: value) else { return FilterTerms(.all, []) }
        return FilterTerms(.any, gazetteer.regions.countries(in: area).map { Schema.countryTerm(tier, code: $0) })
    }

    /// A canonical name or alias, else every actor whose name has all the
    /// given words (`actor:putin`, `actor:"james baker"`).
    private func actor(_ value: String) -> FilterTerms {
        let wanted = Names.key(value)
        if let canonical = gazetteer.actor(matching: wanted) {
            return FilterTerms(.all, [Schema.actorTerm(canonical)])
        }
        let exact = Schema.actorTerm(wanted)
        if ((try? database.termFrequency(exact)) ?? 0) > 0 {
            return FilterTerms(.all, [exact])
        }
        return FilterTerms(.all, Schema.actorWordTerms(wanted))
    }
}

extension XapianQueryParser {
    /// A parser for Gazette's query language: every query field of the Schema
    /// table. With `articleWordsAsText`, fields whose values are words of the
    /// article (`title:`, `actor:` ...) are read as plain words, which is what
    /// highlighting needs; the others keep their meaning.
    static func forSchema(language: String, database: XapianDatabase, lookup: FilterLookup,
                          articleWordsAsText: Bool = false) throws(IndexError) -> XapianQueryParser {
        let parser = try XapianQueryParser(language: language)
        try parser.setDatabase(database)
        for field in Schema.queryFields {
            if articleWordsAsText && field.valuesAreArticleWords {
                try parser.addPrefix(field: field.name, prefix: "")
                continue
            }
            switch field.kind {
            case .text: try parser.addPrefix(field: field.name, prefix: field.prefix)
            case .filter: try parser.addFilter(field: field.name) { lookup.terms(for: field, value: $0) }
            case .dateRange: try parser.addDateRange(field: field.name, slot: field.slot ?? 0)
            case .stored: break
            }
        }
        return parser
    }
}
