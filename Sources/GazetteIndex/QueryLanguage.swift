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
        // Only filters are given a lookup; anything else matches nothing.
        case .text, .dateRange, .stored: FilterTerms(.all, [])
        }
    }

    private func country(_ value: String, field: Schema.Field) -> FilterTerms {
        let wanted = value.trimmingCharacters(in: .whitespaces)
        // Not a name the gazetteer knows: take it as a code, which matches nothing if wrong.
        let code = gazetteer.country(matching: wanted)?.code ?? wanted
        return FilterTerms(.all, [Schema.countryTerm(field, code: code)])
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
