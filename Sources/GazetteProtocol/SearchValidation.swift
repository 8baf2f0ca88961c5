#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The bounds every search is held to, whoever sends it (the CLI, the daemon's
/// clients, the language server): checked here and nowhere else.
public enum SearchBounds {
    /// Hits in one reply.
    public static let limit = 0...10_000
    /// Hits skipped, for paging; deeper pages cost Xapian more than they are worth.
    public static let offset = 0...1_000_000
    /// Values per facet.
    public static let facetLimit = 1...10_000
    /// Bytes of query text: enough for any typed query, far short of what slows the parser.
    public static let queryBytes = 8192
}

/// The names a search may use that the index defines: its facets and its orders.
/// The index owns them (GazetteService supplies them); the protocol only checks.
public struct SearchVocabulary: Sendable, Equatable {
    public var facets: [String]
    public var sorts: [String]
    public init(facets: [String], sorts: [String]) {
        self.facets = facets
        self.sorts = sorts
    }
}

/// Why search parameters were refused: which parameter, and what is wrong with it.
public struct SearchParamsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Named as on the wire.
    public enum Parameter: String, Sendable, CaseIterable {
        case query
        case limit
        case offset
        case facets
        case facetLimit = "facet_limit"
        case sort
        case like
        case since
        case until
        case facetCount = "facet_count"
    }

    public enum Problem: Sendable, Equatable {
        case outOfRange(Int, allowed: ClosedRange<Int>)
        case unknownName(String, known: [String])
        case tooLong(bytes: Int, limit: Int)
        case notADate(String)
        /// `since` is after `until`: no day can match.
        case emptyDateRange(since: String, until: String)
        case empty
        /// Holds U+0000 at this byte: C, where the index lives, would read the text cut short there.
        case nulCharacter(at: Int)
    }

    public let parameter: Parameter
    public let problem: Problem

    public init(_ parameter: Parameter, _ problem: Problem) {
        self.parameter = parameter
        self.problem = problem
    }

    public var description: String { message(calling: parameter.rawValue) }

    /// The message with the parameter called `name`: the CLI says `--facet-limit`.
    public func message(calling name: String) -> String {
        switch problem {
        case let .outOfRange(value, allowed):
            return "\(name) must be between \(allowed.lowerBound) and \(allowed.upperBound), not \(value)"
        case let .unknownName(value, known) where parameter == .facets:
            return "unknown facet '\(value)'; facets are: \(known.joined(separator: ", "))"
        case let .unknownName(value, known):
            let quoted = known.map { "'\($0)'" }
            let choices = quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! : quoted.joined()
            return "\(name) must be \(choices), not '\(value)'"
        case let .tooLong(bytes, limit):
            return "\(name) is \(bytes) bytes; the limit is \(limit)"
        case let .notADate(value):
            return "\(name) must be a day (YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday) or an age (7d, 2w, 3m, 1y), not '\(value)'"
        case let .emptyDateRange(since, until):
            return "\(name) \(since) is after the end of the range, \(until): no article can match"
        case .empty:
            return "\(name) must not be empty"
        case let .nulCharacter(at):
            return "\(name) holds a NUL character (U+0000) at byte \(at); remove it"
        }
    }
}

extension SearchParams {
    /// These params, checked against `SearchBounds` and the index's names,
    /// with facet and sort names lower-cased and `since` and `until` made
    /// days (YYYY-MM-DD, ages counted back from `today`). Absent values are
    /// not checked: fill in defaults first to have them checked too.
    public func validated(_ vocabulary: SearchVocabulary, today: Date = Date()) throws(SearchParamsError) -> SearchParams {
        var checked = self
        let bytes = query.utf8.count
        guard bytes <= SearchBounds.queryBytes else {
            throw SearchParamsError(.query, .tooLong(bytes: bytes, limit: SearchBounds.queryBytes))
        }
        if let nul = query.utf8.firstIndex(of: 0) {
            throw SearchParamsError(.query, .nulCharacter(at: query.utf8.distance(from: query.utf8.startIndex, to: nul)))
        }
        try Self.check(.limit, limit, in: SearchBounds.limit)
        try Self.check(.offset, offset, in: SearchBounds.offset)
        try Self.check(.facetLimit, facetLimit, in: SearchBounds.facetLimit)
        checked.facets = try facets?.map { name throws(SearchParamsError) in
            try Self.known(.facets, name, in: vocabulary.facets)
        }
        checked.sort = try sort.map { name throws(SearchParamsError) in try Self.known(.sort, name, in: vocabulary.sorts) }
        checked.facetCount = try facetCount.map { name throws(SearchParamsError) in
            try Self.known(.facetCount, name, in: Self.facetCountUnits)
        }
        if let like, like.isEmpty { throw SearchParamsError(.like, .empty) }
        checked.since = try since.map { text throws(SearchParamsError) in try Self.day(.since, text, end: false, today: today) }
        checked.until = try until.map { text throws(SearchParamsError) in try Self.day(.until, text, end: true, today: today) }
        if let first = checked.since, let last = checked.until, first > last {
            throw SearchParamsError(.since, .emptyDateRange(since: first, until: last))
        }
        return checked
    }

    private static func day(_ parameter: SearchParamsError.Parameter, _ text: String, end: Bool,
                            today: Date) throws(SearchParamsError) -> String {
        guard let day = DateBound.day(text, end: end, today: today) else {
            throw SearchParamsError(parameter, .notADate(text))
        }
        return day
    }

    private static func check(_ parameter: SearchParamsError.Parameter, _ value: Int?,
                              in allowed: ClosedRange<Int>) throws(SearchParamsError) {
        if let value, !allowed.contains(value) {
            throw SearchParamsError(parameter, .outOfRange(value, allowed: allowed))
        }
    }

    private static func known(_ parameter: SearchParamsError.Parameter, _ name: String,
                              in names: [String]) throws(SearchParamsError) -> String {
        let lowered = name.lowercased()
        guard names.contains(lowered) else { throw SearchParamsError(parameter, .unknownName(name, known: names)) }
        return lowered
    }
}

extension FacetsParams {
    /// Values counted when the request does not say.
    public static let defaultLimit = 50

    /// The search that answers this request: no hits, the counts of one facet
    /// over every match. Validating it validates the request.
    public var search: SearchParams {
        SearchParams(query: query ?? "", limit: 0, facets: [facet], facetLimit: limit ?? Self.defaultLimit,
                     snippets: false, allowPartial: allowPartial, facetCount: facetCount)
    }
}
