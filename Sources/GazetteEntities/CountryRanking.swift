/// Why a country was ranked where it is: the evidence counted for it.
public struct CountryEvidence: Sendable, Equatable {
    public var country: Country
    /// The salience score (see `Salience`).
    public var score: Double
    /// Named in the headline, the lead sentence, a dateline.
    public var headline: Bool
    public var lead: Bool
    public var dateline: Bool
    /// Body mentions by kind: names, demonyms, capitals, cities and regions,
    /// and mentions inside an organisation's name.
    public var names: Int
    public var demonyms: Int
    public var capitals: Int
    public var cities: Int
    public var inNames: Int
    /// Currencies and company forms ("stg", "Plc").
    public var cues: Int
    /// Ticker symbols listed on the country's exchanges ("<BCS.L>").
    public var tickers: Int = 0
    /// Markets named (1: in the headline, 2: in the body).
    var markets = 0
    /// A ticker in the headline is listed in the country: the story's company is.
    var headlineTicker = false
    /// Body mentions of states and provinces (also counted in `cities`).
    var regions = 0
    /// First body token of a mention, and body mentions next to another
    /// country's name in a list ("Japan, Taiwan and South Korea").
    var firstToken = Int.max
    var listMentions = 0
    /// Sentence of the first body mention, counted from 0.
    public var firstSentence: Int
    /// Whether it made the salient list.
    public var salient: Bool

    /// No evidence yet.
    init(country: Country, firstSentence: Int) {
        self.country = country
        score = 0
        headline = false; lead = false; dateline = false
        names = 0; demonyms = 0; capitals = 0; cities = 0; inNames = 0; cues = 0
        self.firstSentence = firstSentence
        salient = false
    }

    /// Adds a former country's share of the evidence: "Moscow" in a 1987
    /// story counts for the Soviet Union.
    mutating func absorb(_ other: CountryEvidence) {
        names += other.names; demonyms += other.demonyms; capitals += other.capitals
        cities += other.cities; inNames += other.inNames; cues += other.cues; tickers += other.tickers
        headline = headline || other.headline; lead = lead || other.lead
        dateline = dateline || other.dateline
        firstSentence = min(firstSentence, other.firstSentence)
        regions += other.regions; listMentions += other.listMentions
        headlineTicker = headlineTicker || other.headlineTicker
        firstToken = min(firstToken, other.firstToken)
    }
}

/// One mention of a country in the text, or a ticker suffix or market that
/// points to one.
struct CountryMention {
    /// Index into `Gazetteer.countryList`.
    var country: Int32
    var kind: FormKind
    var headline: Bool
    var sentence: Int32
    var inName: Bool
    /// Needs another, unambiguous mention of the same country to count.
    var needsConfirmation: Bool
    /// First and last token of the mention in its segment.
    var token: Int32 = 0
    var lastToken: Int32 = 0
}

/// Where the counted body mentions of names, demonyms and capitals start and
/// end, to tell in one look-up whether a mention sits in a list of countries
/// ("Japan, Taiwan and South Korea"): another country at most one word away.
struct ListNeighbours {
    private var countriesStarting: [Int32: [Int32]] = [:]
    private var countriesEnding: [Int32: [Int32]] = [:]

    init(_ mentions: [CountryMention]) {
        for m in mentions {
            countriesStarting[m.token, default: []].append(m.country)
            countriesEnding[m.lastToken, default: []].append(m.country)
        }
    }

    func contains(_ m: CountryMention) -> Bool {
        for gap: Int32 in 1...2 {
            if countriesStarting[m.lastToken + gap]?.contains(where: { $0 != m.country }) == true { return true }
            if countriesEnding[m.token - gap]?.contains(where: { $0 != m.country }) == true { return true }
        }
        return false
    }
}

/// Turns the country mentions into evidence per country, folds countries
/// into the former countries the article means, and decides which are
/// salient (see `Salience`).
struct CountryRanking {
    let gazetteer: Gazetteer
    let mentions: [CountryMention]
    /// Sentence number of the body's first sentence.
    let leadSentence: Int32
    /// The country a dateline names, or -1.
    let datelineCountry: Int32
    let bodyTokens: Int

    /// A dateline ("TOKYO, March 3 -", "MOSCOW (Reuters) -") names where the
    /// story happens: a strong sign of what it is about. The country it
    /// names, or -1.
    static func datelineCountry(_ body: [Token], matcher: PhraseMatcher) -> Int32 {
        guard !body.isEmpty, let (length, entry) = matcher.longestMatch(body, at: 0, matchCase: false) else { return -1 }
        let country = matcher.gazetteer.entries[Int(entry)].country
        guard country >= 0 else { return -1 }
        let last = body[length - 1]
        guard last.after == After.comma.rawValue || last.after == After.bracket.rawValue
                || last.after == After.dash.rawValue else { return -1 }
        var dash = last.after == After.dash.rawValue
        var k = length
        while !dash && k < min(body.count, length + 8) {
            if body[k].after == After.dash.rawValue { dash = true }
            k += 1
        }
        return dash && (body[0].has(TokenFlags.allCaps) || last.after == After.comma.rawValue) ? country : -1
    }

    /// The salient countries, every country mentioned, and the evidence for
    /// each, most salient first.
    func ranked() -> (salient: [Country], all: [Country], evidence: [CountryEvidence]) {
        var (score, evidence) = collectEvidence()
        let live = foldIntoFormerCountries(&score, &evidence)
        return decideSalience(live, score: score, evidence: evidence)
    }

    /// Scores every country from its mentions (in text order), with extra
    /// weight for the headline, the lead sentence and a dateline.
    func collectEvidence() -> (score: [Double], evidence: [Int: CountryEvidence]) {
        let n = gazetteer.countryList.count
        var score = [Double](repeating: 0, count: n)
        var firm = [Bool](repeating: false, count: n)
        var evidence: [Int: CountryEvidence] = [:]
        for m in mentions where !m.needsConfirmation { firm[Int(m.country)] = true }
        // A name that is also another place's, listed among countries' names,
        // is the country: "Moldova, Georgia and Azerbaijan".
        func listable(_ m: CountryMention) -> Bool { !m.headline && !m.inName && m.kind == .name }
        let countryNames = ListNeighbours(mentions.filter { listable($0) && !$0.needsConfirmation })
        for m in mentions where m.needsConfirmation && listable(m) && countryNames.contains(m) { firm[Int(m.country)] = true }
        let lists = ListNeighbours(mentions.filter { m in
            !m.headline && (m.kind == .name || m.kind == .demonym || m.kind == .capital)
                && !(m.needsConfirmation && !firm[Int(m.country)])
        })
        for m in mentions {
            let c = Int(m.country)
            if m.needsConfirmation && !firm[c] { continue }
            var e = evidence[c] ?? CountryEvidence(country: gazetteer.countryList[c], firstSentence: Int.max)
            // A currency in the headline ("YEN EUROBOND") counts as any other
            // mention of it; only names of the country earn the headline's weight.
            let evidenceOnly = m.kind == .cue || m.kind == .exchange || m.kind == .market
            // Tickers after a country's first, and a market named again, say little more.
            var w = Salience.weight(m.kind)
            if m.kind == .exchange {
                if e.tickers > 0 { w = Salience.repeatedTicker }
                e.tickers += 1
                if m.headline { e.headlineTicker = true }
            } else if m.kind == .market {
                let bit = m.headline ? 1 : 2
                if e.markets & bit != 0 { w = 0 }
                e.markets |= bit
            }
            if m.headline && !evidenceOnly && !m.inName {
                e.headline = true
            } else if m.headline {
                score[c] += m.inName ? Salience.inName : w
            } else {
                if m.inName {
                    w = min(w, Salience.inName)
                    e.inNames += 1
                } else {
                    switch m.kind {
                    case .name: e.names += 1
                    case .demonym: e.demonyms += 1
                    case .capital: e.capitals += 1
                    case .cue, .market: e.cues += 1
                    case .exchange: break
                    case .region: e.cities += 1; e.regions += 1
                    default: e.cities += 1
                    }
                    if lists.contains(m) { e.listMentions += 1 }
                }
                score[c] += w
                if m.sentence == leadSentence { e.lead = true }
                e.firstSentence = min(e.firstSentence, Int(m.sentence - leadSentence))
                e.firstToken = min(e.firstToken, Int(m.token))
            }
            evidence[c] = e
        }
        if datelineCountry >= 0 {
            let c = Int(datelineCountry)
            var e = evidence[c] ?? CountryEvidence(country: gazetteer.countryList[c], firstSentence: 0)
            e.dateline = true
            evidence[c] = e
        }
        for (c, e) in evidence {
            // An all-caps headline cannot show that "BANK OF TOKYO" is a bank:
            // if the body names the country only inside organisations' names,
            // the headline's mention is most likely that organisation too.
            let onlyInNames = e.inNames > 0 && e.names + e.demonyms + e.capitals + e.cities + e.cues + e.tickers == 0
            if e.headline && !onlyInNames { score[c] += Salience.headline }
            if e.lead { score[c] += Salience.lead }
            if e.dateline { score[c] += Salience.dateline }
        }
        return (score, evidence)
    }

    /// 1987's "Moscow" is the Soviet Union: folds a country into the former
    /// one it was part of when the article names that one at least as much.
    /// Returns the countries left, by score.
    func foldIntoFormerCountries(_ score: inout [Double], _ evidence: inout [Int: CountryEvidence]) -> [Int] {
        // In the gazetteer's order, not the dictionary's: the same article
        // gives the same countries in every run.
        var live = evidence.keys.sorted()
        for c in live {
            let former = Int(gazetteer.within[c])
            if former >= 0 && score[former] > 0 && score[former] >= score[c], var fe = evidence[former], let ce = evidence[c] {
                score[former] += score[c]
                score[c] = 0
                fe.absorb(ce)
                evidence[former] = fe
                live.removeAll { $0 == c }
            }
        }
        live.sort { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
        return live
    }

    func decideSalience(_ live: [Int], score: [Double], evidence: [Int: CountryEvidence])
        -> (salient: [Country], all: [Country], evidence: [CountryEvidence]) {
        let top = live.first.map { score[$0] } ?? 0
        let us = live.first { gazetteer.countryList[$0].code == "US" }
        let context = Salience.Context(top: top, others: live.count - (us == nil ? 0 : 1),
                                       usScore: us.map { score[$0] } ?? 0, bodyTokens: bodyTokens,
                                       headlineTickerCountries: live.count { evidence[$0]!.headlineTicker })
        var salient: [Country] = []
        var ranked: [CountryEvidence] = []
        for c in live {
            var e = evidence[c]!
            e.score = score[c]
            if c == us {
                e.salient = Salience.isSalientByScore(score[c], top: top)
            } else {
                let rank = live.filter { $0 != us && score[$0] > score[c] }.count
                e.salient = Salience.isSalientByModel(e, rank: rank, context: context)
            }
            if e.salient { salient.append(gazetteer.countryList[c]) }
            ranked.append(e)
        }
        return (salient, live.map { gazetteer.countryList[$0] }, ranked)
    }
}
