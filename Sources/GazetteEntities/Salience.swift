#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Weights of country evidence, by how the country is named. A name is the
/// strongest sign of what a story is about; a demonym ("Japanese exporters")
/// weaker (it often qualifies a third party: "Japanese banks"); a city may be
/// a passing location, a state or province less so.
/// (All weights chosen by coordinate search on the Reuters-21578 TRAIN split,
/// checked on TEST; see Benchmarks/entities/RESULTS.md.)
struct Salience {
    static func weight(_ kind: FormKind) -> Double {
        switch kind {
        case .name: return 1.0
        case .demonym: return 0.6
        // Capitals stand for governments and markets ("Washington said",
        // "London traders"), so they say less about a story's subject than
        // other cities do.
        case .capital: return 0.2
        case .city: return 0.4
        case .region: return 1.0
        // Currencies and company forms: often the counterpart's ("200 mln stg").
        case .cue: return 0.6
        // The listing of the company a story is about ("<BCS.L>"): strong.
        // Further tickers of the same country add `repeatedTicker` each.
        case .exchange: return 3.0
        // Counted once a segment: a Eurobond story names the market throughout.
        case .market: return 3.0
        case .place, .code: return 0
        }
    }
    static let repeatedTicker = 1.0
    /// Extra weight for the headline, the lead sentence and a dateline.
    static let headline = 4.0
    static let lead = 1.5
    static let dateline = 3.0
    /// Cap on a country named inside an organisation's name ("Bank of
    /// Japan"); the search found no discount over a plain name worth keeping.
    static let inName = 1.0
    /// Salient: at least this score, and at least this share of the top score.
    /// One passing mention (1.0) is not enough; a headline, or a lead-sentence
    /// mention with another one, or several mentions are.
    static let minScore = 2.0
    static let minShare = 0.3
    /// A country named this much is salient whatever the top score (a long
    /// story about Russia that keeps naming Ukraine is about both).
    static let alwaysScore = 6.0

    /// The additive rule, which the US keeps (it is left out of the benchmark).
    static func isSalientByScore(_ score: Double, top: Double) -> Bool {
        score >= minScore && (score >= minShare * top || score >= alwaysScore)
    }

    /// Countries other than the US are judged by a logistic model over their
    /// evidence: salient when `modelBias + sum(modelWeights[i] * feature[i]) >= 0`.
    /// Fitted on the Reuters-21578 TRAIN split (`salience.py --fit 0.36`),
    /// checked on TEST. The features are `modelFeatures`'.
    static let modelBias = -2.6486
    static let modelWeights: [Double] = [0.6514, 1.7016, 0.1688, 0.2922, 1.1628, -0.1009, 0.8333, -0.4418, 0.8897, 0.3931, -0.0517,
                                         -0.1322, 2.0929, -0.2064, 0.0392, 0.787, 0.2882, -0.342, 0.4575, -0.2599, 2.3009, -1.1433]

    /// What the article says about the other countries, for the model.
    struct Context {
        /// The top score among all countries.
        var top: Double
        /// Number of countries other than the US, and the US's score.
        var others: Int
        var usScore: Double
        /// Tokens in the body.
        var bodyTokens: Int
        /// Countries a ticker in the headline is listed in.
        var headlineTickerCountries = 0
    }

    static func isSalientByModel(_ e: CountryEvidence, rank: Int, context: Context) -> Bool {
        var z = modelBias
        for (w, v) in zip(modelWeights, modelFeatures(e, rank: rank, context: context)) { z += w * v }
        return z >= 0
    }

    /// The model's features, in order: log(1 + score), share of the top
    /// score, rank among the other non-US countries (capped at 4), log(1 +
    /// number of non-US countries), the only non-US country, log(1 + US
    /// score), headline, lead sentence, log(1 + body count) of names,
    /// demonyms, capitals, cities, regions, cues, mentions inside
    /// organisations' names and tickers, markets (0-3), log(1 + sentence of
    /// the first body mention, capped at 20), log(1 + mentions in a list of
    /// countries), log(1 + first body token) - log(1 + body tokens), and
    /// whether the headline's company is listed in this country, or in
    /// another one (then the story is that company's, a country it deals
    /// with is a counterpart: "ACME <ACM> BUYS FRENCH MILL").
    static func modelFeatures(_ e: CountryEvidence, rank: Int, context: Context) -> [Double] {
        func l(_ x: Double) -> Double { log1p(x) }
        func l(_ x: Int) -> Double { log1p(Double(x)) }
        let top = context.top, others = context.others, bodyTokens = context.bodyTokens
        let first = e.firstSentence == Int.max ? 20 : min(e.firstSentence, 20)
        let token = e.firstToken == Int.max ? bodyTokens : e.firstToken
        return [
            l(e.score), top > 0 ? e.score / top : 0, Double(min(rank, 4)), l(others), others == 1 ? 1 : 0,
            l(context.usScore), e.headline ? 1 : 0, e.lead ? 1 : 0,
            l(e.names), l(e.demonyms), l(e.capitals), l(e.cities - e.regions), l(e.regions), l(e.cues),
            l(e.inNames), l(e.tickers), Double(e.markets), l(first), l(e.listMentions), l(token) - l(bodyTokens),
            e.headlineTicker ? 1 : 0, context.headlineTickerCountries > (e.headlineTicker ? 1 : 0) ? 1 : 0,
        ]
    }
}
