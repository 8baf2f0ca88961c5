import Foundation
import GazetteEntities

/// Where a reader gets the gazetteer, called when a query first names a
/// country or an actor: most searches need none, and loading it would cost
/// a one-off search process more than the search.
public typealias GazetteerSource = @Sendable () throws -> Gazetteer

/// Turns the value of a `field:value` filter into index terms, the way the
/// field's lookup in the Schema table says.
final class FilterLookup {
    private let source: GazetteerSource
    private var loaded: Gazetteer?
    /// Why the gazetteer could not be loaded; the search that needed it fails with it.
    private(set) var failure: IndexError?
    private let database: XapianDatabase
    /// Set when a lookup read the index (an actor not in the gazetteer),
    /// so that the query it made depends on what the index holds now.
    var readIndex = false

    init(gazetteer source: @escaping GazetteerSource, database: XapianDatabase) {
        self.source = source
        self.database = database
    }

    /// The gazetteer, loaded on first use; nil (with `failure` set) when it cannot be.
    var gazetteer: Gazetteer? {
        if let loaded { return loaded }
        do {
            loaded = try source()
        } catch {
            failure = IndexError(code: .unknown, message: "\(error)")
        }
        return loaded
    }

    /// Throws the gazetteer's loading error, once, if a lookup met one.
    func checkLoaded() throws(IndexError) {
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    func terms(for field: Schema.Field, value: String) -> FilterTerms {
        switch field.kind {
        case .filter(.exact): FilterTerms(.all, [Schema.term(field.prefix, value)])
        case .filter(.country): country(value, field: field)
        case .filter(.actor): actor(value, field: field)
        case .filter(.region): region(value, tier: Schema.country)
        // Only filters are given a lookup; anything else matches nothing.
        case .text, .dateRange, .stored: FilterTerms(.all, [])
        }
    }

    private func country(_ value: String, field: Schema.Field) -> FilterTerms {
        let wanted = value.trimmingCharacters(in: .whitespaces)
        if let country = gazetteer?.country(matching: wanted) {
            return FilterTerms(.all, [Schema.countryTerm(field, code: country.code)])
        }
        // A region names its countries in the same tier (`mentions:"western africa"`).
        if gazetteer?.regions.area(matching: wanted) != nil { return region(wanted, tier: field) }
        // Not a name the gazetteer knows: take it as a code, which matches nothing if wrong.
        return FilterTerms(.all, [Schema.countryTerm(field, code: wanted)])
    }

    /// Any country of the area, under the tier's prefix; an unknown area matches nothing.
    private func region(_ value: String, tier: Schema.Field) -> FilterTerms {
        guard let regions = gazetteer?.regions, let area = regions.area(matching: value) else {
            return FilterTerms(.all, [])
        }
        return FilterTerms(.any, regions.countries(in: area).map { Schema.countryTerm(tier, code: $0) })
    }

    /// A canonical name or alias, else every actor whose name has all the
    /// given words (`actor:putin`, `actor:"james baker"`).
    private func actor(_ value: String, field: Schema.Field) -> FilterTerms {
        let wanted = Names.key(value)
        if let canonical = gazetteer?.actor(matching: wanted) {
            return FilterTerms(.all, [Schema.actorTerm(canonical, field: field)])
        }
        let exact = Schema.actorTerm(wanted, field: field)
        readIndex = true
        if ((try? database.termFrequency(exact)) ?? 0) > 0 {
            return FilterTerms(.all, [exact])
        }
        return FilterTerms(.all, Schema.actorWordTerms(wanted, field: field))
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
        try parser.setMaxExpansion(SearchCost.maxWildcardTerms)
        for field in Schema.queryFields {
            if articleWordsAsText && field.valuesAreArticleWords {
                try parser.addPrefix(field: field.name, prefix: "")
                continue
            }
            switch field.kind {
            case .text: try parser.addPrefix(field: field.name, prefix: field.prefix)
            case .filter: try parser.addFilter(field: field.name) { lookup.terms(for: field, value: $0) }
            case .dateRange: try parser.addDateRange(field: field.name, slot: field.slot ?? 0, read: queryDay)
            case .stored: break
            }
        }
        try parser.addTermField(field: QueryExpander.canonicalFieldName, prefix: Schema.countryName.prefix)
        return parser
    }
}
