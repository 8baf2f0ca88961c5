import Foundation
import GazetteEntities

/// How a query was read before it ran: what synonyms added, what a
/// speller would change, and (when asked) the query as Xapian runs it.
public struct QueryReading: Sendable, Equatable {
    /// The text the parser read: the query with its synonyms.
    public let expandedText: String
    public let expansions: [SynonymExpansion]
    /// The query with misspelt words corrected; nil when none are. The
    /// search itself always runs what the user typed.
    public let correctedQuery: String?
    /// Xapian's description of the query it ran, when `explain` was asked for.
    public let description: String?
}

/// The other copies of a hit's story.
public struct StoryCopies: Sendable, Equatable {
    /// All of them in the index, matching the query or not.
    public let count: Int
    /// The ids of the first `IndexReader.listedCopies` of them.
    public let ids: [String]
}

/// A request turned into the query to run.
struct SearchPlan {
    let query: XapianQuery
    /// The text to highlight and locate matches with.
    let text: String
    let reading: QueryReading
}

extension IndexReader {
    /// Expand-set words a `like` query is made of.
    static let likeTerms = 40
    /// Copy ids listed per hit (the count is always exact).
    public static let listedCopies = 20

    /// The query for `request`: its text widened by synonyms, ranked by
    /// likeness to an article, narrowed to dates; and its spelling checked.
    func plan(_ request: SearchRequest) throws(IndexError) -> SearchPlan {
        try checkLength(request.query)
        // A country's other names become its canonical term when every article carries the terms of the same names.
        let marked = hasRemoteShards ? "" : try viewMetadata(Schema.countryNamesKey)
        let (expanded, expansions, toRun) = switch synonyms {
        case .stored:
            try { () throws(IndexError) in
                let stored = try storedSynonyms()
                let canonical = marked.isEmpty ? false : stored.countryNamesFingerprint() == marked
                return try QueryExpander.expand(request.query, with: stored, canonical: canonical)
            }()
        case .table(let table):
            QueryExpander.expand(request.query, with: table, canonical: !marked.isEmpty && marked == tableCountryNames)
        }
        var query = try parse(toRun)
        let blank = request.query.allSatisfy(\.isWhitespace)
        let corrected = request.suggest && !blank ? spellingCorrection(of: request.query, expansions: expansions) : nil
        if let like = request.like {
            let similar = try similarity(to: like)
            query = blank ? similar : try query.boosted(by: similar)
            query = try query.excluding(try ownStory(of: like))
        }
        if request.since != nil || request.until != nil {
            let range = try XapianQuery.valueRange(slot: Schema.date.slot!, from: request.since ?? "",
                                                   to: request.until ?? "")
            query = try query.filtered(by: range)
        }
        let reading = QueryReading(expandedText: expanded, expansions: expansions, correctedQuery: corrected,
                                   description: request.explain ? query.debugDescription : nil)
        return SearchPlan(query: query, text: expanded, reading: reading)
    }

    /// Articles like the one with `id`: the words that best tell it from the
    /// rest of the index (Xapian's expand set over a relevance set of one),
    /// with a bonus for each of its actors and countries that another
    /// article shares, rarer ones more. The article and its copies still match.
    func similarity(to id: String) throws(IndexError) -> XapianQuery {
        guard let docid = try database.documentID(forTerm: Schema.idTerm(id)) else {
            throw IndexError(code: .documentNotFound, message: "no article with id '\(id)'", context: id)
        }
        let words = try XapianEnquire(database: database).expand([docid], maxTerms: Self.likeTerms)
        var query = try XapianQuery.anyTerm(words)
        let article = try StoredArticle(decoding: Array(database.value(docid, slot: Schema.summary.slot!).utf8))
        let documents = Double(max(1, try database.documentCount()))
        let entities = article.actors.map { (Schema.actorTerm($0), 0.5) }
            + article.countries.map { (Schema.countryTerm(Schema.country, code: $0.code), 0.25) }
        for (term, factor) in entities {
            let frequency = try database.termFrequency(term)
            guard frequency > 0 else { continue }
            query = try query.or(XapianQuery.bonus(term, weight: factor * log(1 + documents / Double(frequency))))
        }
        return query
    }

    /// The article with `id` and its copies (its story's other members):
    /// left out of what is like it, since a copy is no other article.
    func ownStory(of id: String) throws(IndexError) -> XapianQuery {
        let article = try XapianQuery.term(Schema.idTerm(id))
        guard let docid = try database.documentID(forTerm: Schema.idTerm(id)) else { return article }
        let story = try database.value(docid, slot: Schema.story.slot!)
        guard !story.isEmpty else { return article }
        return try article.or(XapianQuery.term(Schema.term(Schema.story.prefix, story)))
    }

    /// The other copies of the story of hit `index` (`docid`), nil when it has none.
    /// `stories`: the daemon's column of stories, when it can serve this reader.
    func copies(ofHit index: Int, docid: UInt32, in mset: XapianMSet,
                stories: XapianFacetColumn?) throws(IndexError) -> StoryCopies? {
        // Most articles are a story of their own: the column says so without reading the index.
        if let alone = try stories?.sharers(of: docid), alone <= 1 { return nil }
        let story = String(decoding: try mset.value(index, slot: Schema.story.slot!), as: UTF8.self)
        guard !story.isEmpty else { return nil }
        let others = try database.postings(Schema.term(Schema.story.prefix, story)).filter { $0 != docid }
        guard !others.isEmpty else { return nil }
        var ids: [String] = []
        for other in others.prefix(Self.listedCopies) {
            ids.append(try StoredArticle(decoding: Array(database.value(other, slot: Schema.summary.slot!).utf8)).id)
        }
        return StoryCopies(count: others.count, ids: ids)
    }
}
