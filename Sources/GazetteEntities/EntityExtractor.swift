#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds actors and countries in an article. Cheap to copy; safe to share.
///
/// The work is done on UTF-8 bytes: the text is split into tokens once
/// (`Tokenizer`), gazetteer phrases are matched longest-first with hashed
/// token sequences, capitalised runs are split into titles, names and
/// organisations, and counts decide the order. Strings are made only for
/// the names returned.
public struct EntityExtractor: Sendable {
    public let gazetteer: Gazetteer
    let tokenizer: Tokenizer

    /// Most actors returned; the indexer counts 16.
    public var maxActors = 16

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.tokenizer = Tokenizer(words: gazetteer.words)
    }

    public func extract(title: String, body: String) -> Entities {
        analyse(title: title, body: body).entities
    }

    /// The countries found, with the evidence behind their ranking.
    public func countryEvidence(title: String, body: String) -> [CountryEvidence] {
        analyse(title: title, body: body).evidence
    }

    func analyse(title: String, body: String) -> (entities: Entities, evidence: [CountryEvidence]) {
        var t = title
        var b = body
        t.makeContiguousUTF8()
        b.makeContiguousUTF8()
        return t.utf8.withContiguousStorageIfAvailable { tb in
            b.utf8.withContiguousStorageIfAvailable { bb in
                var work = Extraction(g: gazetteer, tokenizer: tokenizer, head: tb, body: bb, maxActors: maxActors)
                return work.run()
            }!
        }!
    }
}

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

    /// Countries other than the US are judged by a logistic model over their
    /// evidence: salient when `modelBias + sum(modelWeights[i] * feature[i]) >= 0`.
    /// Fitted on the Reuters-21578 TRAIN split (`salience.py --fit 0.36`),
    /// checked on TEST. Features, in order: log(1 + score), share of the top
    /// score, rank among the other non-US countries (capped at 4), log(1 + number
    /// of non-US countries), the only non-US country, log(1 + US score),
    /// headline, lead sentence, log(1 + body count) of names, demonyms,
    /// capitals, cities, regions, cues, mentions inside organisations' names and
    /// tickers, markets (0-3), log(1 + sentence of the first body mention,
    /// capped at 20), log(1 + mentions in a list of countries), and
    /// log(1 + first body token) - log(1 + body tokens).
    /// The US keeps the additive rule above (it is left out of the benchmark).
    static let modelBias = -3.0582
    static let modelWeights: [Double] = [1.0782, 1.2021, 0.1554, 0.3786, 0.9309, -0.1673, 0.8349, -0.5755, 0.7209, 0.2733,
                                         -0.0187, -0.3068, 1.5463, -0.1265, -0.1975, 1.1201, 0.2036, -0.2648, 0.4565, -0.3244]
}

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
}

struct Mention {
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

    init(_ mentions: [Mention]) {
        for m in mentions {
            countriesStarting[m.token, default: []].append(m.country)
            countriesEnding[m.lastToken, default: []].append(m.country)
        }
    }

    func contains(_ m: Mention) -> Bool {
        for gap: Int32 in 1...2 {
            if countriesStarting[m.lastToken + gap]?.contains(where: { $0 != m.country }) == true { return true }
            if countriesEnding[m.token - gap]?.contains(where: { $0 != m.country }) == true { return true }
        }
        return false
    }
}

/// A stretch of tokens matched as one gazetteer phrase, or a single token.
struct Unit {
    var first: Int32
    var count: Int32
    var entry: Int32   // -1: a plain token
    var last: Int32 { first + count - 1 }
}

/// One occurrence of an actor candidate.
struct Candidate {
    var seg: UInt8          // 0 headline, 1 body
    var first: Int32        // token range, inclusive
    var last: Int32
    var actor: Int32        // known actor, or -1
    var titled: Bool        // after a title: a person
    var cue: Bool           // holds an organisation cue word
    var sentenceInitial: Bool
    var sentence: Int32
    var ambiguousAlias: Bool
}

struct Group {
    var key: UInt64
    var actor: Int32
    var rep: Int32          // index of the representative candidate
    var count: Double
    var order: Int32        // first occurrence, in reading order
    var tokenCount: Int32
    var firstHash: UInt64
    var lastHash: UInt64
    var titled: Bool
    var cue: Bool
    var onlySentenceInitial: Bool
    var onlyAmbiguous: Bool
    var headline: Bool
    var lead: Bool
    var mergedInto: Int32 = -1
}

struct Extraction {
    let g: Gazetteer
    let tokenizer: Tokenizer
    let headBuf: UnsafeBufferPointer<UInt8>
    let bodyBuf: UnsafeBufferPointer<UInt8>
    let maxActors: Int
    var head: [Token] = []
    var body: [Token] = []
    var mentions: [Mention] = []
    var cands: [Candidate] = []
    var lowerWords: HashSet64
    var leadSentence: Int32 = 0
    var datelineCountry: Int32 = -1
    var bodyUnreliable = false

    static let andHash: UInt64 = {
        var h = fnvOffset
        for b in "and".utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }()

    init(g: Gazetteer, tokenizer: Tokenizer, head: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>, maxActors: Int) {
        self.g = g
        self.tokenizer = tokenizer
        self.headBuf = head
        self.bodyBuf = body
        self.maxActors = maxActors
        self.lowerWords = HashSet64(expected: 16)
    }

    // MARK: Driver

    mutating func run() -> (entities: Entities, evidence: [CountryEvidence]) {
        self.head.reserveCapacity(24)
        self.body.reserveCapacity(bodyBuf.count / 5 + 8)
        var tickers: [Ticker] = []
        tokenizer.tokenize(headBuf, into: &self.head, tickers: &tickers)
        let headTickers = tickers.count
        tokenizer.tokenize(bodyBuf, into: &self.body, tickers: &tickers)
        lowerWords = HashSet64(expected: body.count + head.count)
        for t in body where t.has(TokenFlags.lower) { lowerWords.insert(t.hash) }

        let bodyReliable = Extraction.caseReliable(body, headline: false)
        let headReliable = Extraction.caseReliable(head, headline: true)
        if headReliable {
            for t in head where t.has(TokenFlags.lower) { lowerWords.insert(t.hash) }
        }
        leadSentence = body.first?.sentence ?? 0
        bodyUnreliable = !bodyReliable
        if bodyReliable {
            scanReliable(seg: 1)
        } else {
            scanUnreliable(seg: 1)
        }
        findDateline()
        for (k, t) in tickers.enumerated() {
            guard let c = g.exchanges.get(t.hash) else { continue }
            mentions.append(Mention(country: c, kind: .exchange, headline: k < headTickers, sentence: t.sentence,
                                    inName: false, needsConfirmation: false, token: t.token, lastToken: t.token - 1))
        }
        var groups = groupCandidates()
        if headReliable {
            let before = cands.count
            scanReliable(seg: 0)
            if cands.count > before { groups = groupCandidates() }
        } else {
            let before = cands.count
            scanUnreliable(seg: 0)
            if cands.count > before { groups = groupCandidates() }
            markHeadlineNames(&groups)
        }
        resolve(&groups)
        let ranked = rankCountries()
        return (Entities(actors: rankActors(groups), countries: ranked.salient, mentions: ranked.all), ranked.evidence)
    }

    /// Capitals carry meaning unless the text is all capitals, or (for a
    /// headline) Title Case, where every word is capitalised.
    static func caseReliable(_ toks: [Token], headline: Bool) -> Bool {
        var words = 0, caps = 0, allCaps = 0, lower = 0
        for (i, t) in toks.enumerated() where !t.has(TokenFlags.number) {
            let len = t.end - t.start
            if t.has(TokenFlags.lower) { lower += 1 }
            if t.has(TokenFlags.allCaps) && len >= 2 { allCaps += 1 }
            if i > 0 && len >= 4 && t.wordClass & WordClass.connector == 0 {
                words += 1
                if t.isCapitalised { caps += 1 }
            }
        }
        if headline {
            if lower == 0 && allCaps > 0 { return false }
            if words >= 3 && caps * 4 >= words * 3 { return false }
            return true
        }
        let letters = lower + caps + allCaps
        return !(letters > 4 && allCaps * 2 > toks.count)
    }

    @inline(__always) func tokens(_ seg: UInt8) -> [Token] { seg == 0 ? head : body }
    @inline(__always) func bodyByte(_ seg: UInt8, _ i: Int) -> UInt8 { seg == 0 ? headBuf[i] : bodyBuf[i] }

    // MARK: Phrase matching

    /// The longest gazetteer phrase starting at token `i`, with its entry.
    func longestMatch(_ toks: [Token], _ i: Int, reliable: Bool) -> (Int, Int32)? {
        guard let maxLen = g.firstTokenMax.get(toks[i].hash) else { return nil }
        var h = phraseSeed
        var best: (Int, Int32)? = nil
        var len = 0
        while len < Int(maxLen) && i + len < toks.count {
            let t = toks[i + len]
            // Phrases do not run across punctuation (but do across hyphens
            // and possessives: "People's Republic of China").
            if len > 0 && toks[i + len - 1].after != 0 { break }
            h = combine(h, t.hash)
            len += 1
            guard var e = g.phrases.get(h) else { continue }
            while e >= 0 {
                let entry = g.entries[Int(e)]
                if Int(entry.tokenCount) == len && (!reliable || caseMatches(entry.caseMask, toks, i, len)) {
                    best = (len, e)
                    break
                }
                e = entry.next
            }
        }
        return best
    }

    /// Capitals as the gazetteer writes them: "US" only in capitals,
    /// "Turkey" only capitalised.
    @inline(__always)
    func caseMatches(_ mask: UInt32, _ toks: [Token], _ i: Int, _ len: Int) -> Bool {
        for k in 0..<min(len, 16) {
            let need = (mask >> (2 * UInt32(k))) & 3
            let t = toks[i + k]
            if need == 1 && !t.isCapitalised { return false }
            if need == 2 && !t.has(TokenFlags.allCaps) { return false }
            if need == 3 && !t.has(TokenFlags.lower) && !t.has(TokenFlags.sentenceStart) { return false }
        }
        return true
    }

    func units(_ toks: [Token], reliable: Bool) -> [Unit] {
        var out: [Unit] = []
        out.reserveCapacity(toks.count)
        var i = 0
        while i < toks.count {
            // Only capitalised words can open a gazetteer phrase in reliable
            // text ("al-Qaeda" is the exception the case mask allows).
            if let (len, e) = longestMatch(toks, i, reliable: reliable) {
                out.append(Unit(first: Int32(i), count: Int32(len), entry: e))
                i += len
            } else {
                out.append(Unit(first: Int32(i), count: 1, entry: -1))
                i += 1
            }
        }
        return out
    }

    // MARK: Reliable text: runs of capitalised words

    mutating func scanReliable(seg: UInt8) {
        let toks = tokens(seg)
        if toks.isEmpty { return }
        var us = units(toks, reliable: true)
        reassignRegions(&us, toks)
        var runStart = -1
        var i = 0
        while i <= us.count {
            let eligible = i < us.count && isNameUnit(us[i], toks)
            let breaks = i == us.count || !eligible || (runStart >= 0 && breakBefore(us[i], us[i - 1], toks))
            if runStart >= 0 && breaks {
                var end = i
                // A run does not end on a connector ("Bank of").
                while end > runStart && isConnector(us[end - 1], toks) { end -= 1 }
                if end > runStart { processRun(Array(us[runStart..<end]), seg: seg, toks: toks) }
                runStart = -1
            }
            if i < us.count && eligible && runStart < 0 && !isConnector(us[i], toks) { runStart = i }
            i += 1
        }
    }

    func isConnector(_ u: Unit, _ toks: [Token]) -> Bool {
        u.entry < 0 && toks[Int(u.first)].wordClass & WordClass.connector != 0 && toks[Int(u.first)].has(TokenFlags.lower)
    }

    /// Can this unit be part of a name run?
    func isNameUnit(_ u: Unit, _ toks: [Token]) -> Bool {
        let t = toks[Int(u.first)]
        if u.entry >= 0 { return true }
        if t.has(TokenFlags.number) { return false }
        if t.has(TokenFlags.lower) { return t.wordClass & WordClass.connector != 0 }
        if !t.isCapitalised { return t.flags & TokenFlags.lower == 0 && t.end - t.start > 1 && !t.has(TokenFlags.number) }
        // Sentence openers, pronouns, months: never part of a name.
        if t.wordClass & WordClass.stop != 0 && t.wordClass & WordClass.title == 0 { return false }
        return true
    }

    func breakBefore(_ u: Unit, _ prev: Unit, _ toks: [Token]) -> Bool {
        let p = toks[Int(prev.last)]
        if p.after != 0 { return true }
        if p.has(TokenFlags.possessive) { return true }
        if toks[Int(u.first)].has(TokenFlags.sentenceStart) { return true }
        return false
    }

    /// "Lebanon, Pennsylvania" and "Paris, Texas": a place followed by a
    /// comma and a state or province of another country is in that country.
    func reassignRegions(_ us: inout [Unit], _ toks: [Token]) {
        guard us.count > 1 else { return }
        for i in 0..<(us.count - 1) where us[i].entry >= 0 && us[i + 1].entry >= 0 {
            let a = g.entries[Int(us[i].entry)], b = g.entries[Int(us[i + 1].entry)]
            guard a.country >= 0, b.country >= 0, b.kind == .region, a.country != b.country,
                  toks[Int(us[i].last)].after == After.comma.rawValue else { continue }
            us[i].entry = us[i + 1].entry    // count it as a place in the region's country
        }
    }

    /// Splits a run of capitalised units into titles, names and organisations.
    mutating func processRun(_ run: [Unit], seg: UInt8, toks: [Token]) {
        // "and" joins two names ("Ukraine and Russia", "Baker and Volcker")
        // unless an organisation's name holds it ("Ministry of Trade and Industry").
        var hasCue = false
        var andAt: [Int] = []
        for (k, u) in run.enumerated() where u.entry < 0 {
            let t = toks[Int(u.first)]
            if t.wordClass & WordClass.orgCue != 0 { hasCue = true }
            if t.hash == Extraction.andHash && t.has(TokenFlags.lower) { andAt.append(k) }
        }
        // Two organisations: "Exxon Corp and Mobil Corp", "Baker and the
        // Justice Department" ("and" after a company's cue word, or before "the").
        for k in andAt where k > 0 && k + 1 < run.count {
            let next = toks[Int(run[k + 1].first)]
            if isOrgCue(run[k - 1], toks) || (next.hash == Extraction.theHash && next.has(TokenFlags.lower)) {
                processRun(Array(run[0..<k]), seg: seg, toks: toks)
                var right = k + 1
                if next.hash == Extraction.theHash { right += 1 }
                if right < run.count { processRun(Array(run[right...]), seg: seg, toks: toks) }
                return
            }
        }
        if !andAt.isEmpty && !hasCue {
            var from = 0
            for k in andAt + [run.count] {
                if k > from { processRun(Array(run[from..<k]), seg: seg, toks: toks) }
                from = k + 1
            }
            return
        }
        // The last title word marks a person after it ("Finance Minister
        // Kiichi Miyazawa"), unless an organisation cue follows ("General Motors").
        var titleAt = -1
        var cueAfter = false
        for (k, u) in run.enumerated() where u.entry < 0 {
            let wc = toks[Int(u.first)].wordClass
            if wc & WordClass.title != 0 && toks[Int(u.first)].isCapitalised {
                titleAt = k
                cueAfter = false
            } else if wc & WordClass.orgCue != 0 && titleAt >= 0 {
                cueAfter = true
            }
        }
        if titleAt >= 0 && cueAfter { titleAt = -1 }
        if titleAt >= 0 {
            if titleAt > 0 { processModifiers(Array(run[0..<titleAt]), seg: seg, toks: toks) }
            var k = titleAt + 1
            // "Minister of Finance Hisham Nazer", "Chancellor of the Exchequer
            // Nigel Lawson": skip the office's "of (the) ...".
            if k < run.count && isConnector(run[k], toks) {
                k += 1
                while k < run.count && isConnector(run[k], toks) { k += 1 }
                if k < run.count {
                    // The office may be a known organisation ("Secretary-General
                    // of the African Development Bank").
                    let u = run[k]
                    if u.entry >= 0 && g.entries[Int(u.entry)].actor >= 0 {
                        addActor(u, g.entries[Int(u.entry)], seg: seg, toks: toks)
                    } else {
                        noteCountries(u, seg: seg, toks: toks, inName: false)
                    }
                    k += 1
                }
                while k + 1 < run.count && isConnector(run[k], toks) {
                    noteCountries(run[k + 1], seg: seg, toks: toks, inName: false)
                    k += 2
                }
            }
            if k < run.count { processName(Array(run[k...]), seg: seg, toks: toks, titled: true) }
            return
        }
        processName(run, seg: seg, toks: toks, titled: false)
    }

    /// Words before a title: countries and known actors count, and an
    /// organisation ending in a cue word ("Ways and Means Committee"); bare
    /// role words ("Finance", "Trade") do not.
    mutating func processModifiers(_ run: [Unit], seg: UInt8, toks: [Token]) {
        if let last = run.last, last.entry < 0, toks[Int(last.first)].wordClass & WordClass.orgCue != 0, run.count >= 2 {
            processName(run, seg: seg, toks: toks, titled: false)
            return
        }
        for u in run where u.entry >= 0 {
            let e = g.entries[Int(u.entry)]
            if e.actor >= 0 { addActor(u, e, seg: seg, toks: toks) }
            else { noteCountries(u, seg: seg, toks: toks, inName: false) }
        }
    }

    func isOrgCue(_ u: Unit, _ toks: [Token]) -> Bool {
        if u.entry >= 0 { return g.entries[Int(u.entry)].kind == .cue && g.entries[Int(u.entry)].country >= 0 }
        return toks[Int(u.first)].wordClass & WordClass.orgCue != 0
    }

    /// A word that is no name by itself: a common noun, or one this
    /// article also writes in lower case.
    func isCommonWord(_ t: Token) -> Bool {
        t.wordClass & (WordClass.common | WordClass.stop | WordClass.dictionary) != 0 || lowerWords.contains(t.hash)
    }

    @inline(__always) func isCountryUnit(_ u: Unit) -> Bool {
        guard u.entry >= 0 else { return false }
        let e = g.entries[Int(u.entry)]
        return e.actor < 0 && (e.country >= 0 || e.isPlace)
    }

    static let theHash: UInt64 = {
        var h = fnvOffset
        for b in "the".utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }()

    static let ofHash: UInt64 = {
        var h = fnvOffset
        for b in "of".utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }()

    mutating func processName(_ runIn: [Unit], seg: UInt8, toks: [Token], titled: Bool) {
        var run = runIn[...]
        // A sentence-opening word written in lower case elsewhere, or an
        // adverb ("Recently"), is not part of the name that follows it.
        let runHasCue = run.contains { isOrgCue($0, toks) }
        while !runHasCue, run.count > 1, let u = run.first, u.entry < 0 {
            let t = toks[Int(u.first)]
            guard t.has(TokenFlags.sentenceStart), t.wordClass & (WordClass.orgCue | WordClass.title) == 0 else { break }
            let len = Int(t.end - t.start)
            let e = Int(t.end)
            let ly = len > 3 && (bodyByte(seg, e - 2) | 0x20) == 0x6C && (bodyByte(seg, e - 1) | 0x20) == 0x79
            // "Combining SMFG": a dictionary gerund opening the sentence.
            let ing = len > 5 && t.wordClass & WordClass.dictionary != 0
                && (bodyByte(seg, e - 3) | 0x20) == 0x69 && (bodyByte(seg, e - 2) | 0x20) == 0x6E
                && (bodyByte(seg, e - 1) | 0x20) == 0x67 && !toks[Int(u.first) + 1].has(TokenFlags.hyphenBefore)
            if lowerWords.contains(t.hash) || ly || ing { run = run.dropFirst() } else { break }
        }
        // "Richard Roe of Acme Research", "Millions of Koreans": "of" joins an
        // organisation's name only after a cue word ("Bank of Japan").
        if run.count > 2 {
            var seenCue = false
            for (k, u) in run.enumerated() where k > 0 && k + 1 < run.count {
                let prev = run[run.startIndex + k - 1]
                if isOrgCue(prev, toks) || (prev.entry < 0 && toks[Int(prev.first)].wordClass & WordClass.title != 0) { seenCue = true }
                if u.entry < 0 && toks[Int(u.first)].hash == Extraction.ofHash && !seenCue {
                    let left = Array(run[run.startIndex..<(run.startIndex + k)])
                    let right = Array(run[(run.startIndex + k + 1)...])
                    processName(left, seg: seg, toks: toks, titled: titled)
                    processName(right, seg: seg, toks: toks, titled: false)
                    return
                }
            }
        }
        // A run that is all places and countries names no actor.
        if run.allSatisfy({ isCountryUnit($0) }) {
            for u in run {
                let e = g.entries[Int(u.entry)]
                // "Mr Jordan", "Senator Chad ...": with a title, a first-name
                // country or a city is a person's name.
                if titled && run.count == 1 && (e.countryPerson || e.kind == .city || e.kind == .capital) {
                    addCandidate(run, seg: seg, toks: toks, titled: true)
                    return
                }
                noteCountries(u, seg: seg, toks: toks, inName: false)
            }
            return
        }
        // Leading country words: "Japanese Finance Ministry" is Japan plus
        // the Finance Ministry; "China Airlines" and "American Express" are
        // names that hold a country; "Paris Hilton", "Washington Post" and
        // "Jordan Henderson" hold a city or first name that is no country.
        var leadingDecided = false
        while let u = run.first, isCountryUnit(u), run.count > 1 {
            let e = g.entries[Int(u.entry)]
            let rest = run.dropFirst()
            let restTokens = rest.reduce(0) { $0 + Int($1.count) }
            let hasCue = rest.contains {
                $0.entry < 0 ? toks[Int($0.first)].wordClass & WordClass.orgCue != 0 : g.entries[Int($0.entry)].kind == .cue
            }
            let cityLike = e.kind == .city || e.kind == .capital || e.kind == .region || e.countryPerson
            if cityLike {
                if hasCue { noteCountries(u, seg: seg, toks: toks, inName: true) }
                leadingDecided = true
                break
            }
            // "U.S. Treasury", "U.K. Makes" (a capital after "U.K." that
            // opens no name): the country alone, no actor.
            let restToken = toks[Int(rest.first!.first)]
            let restIsCommon = rest.first!.entry < 0 && !isOrgCue(rest.first!, toks)
                && (isCommonWord(restToken) || restToken.end - restToken.start == 1)
            if restTokens >= 2 || rest.first!.entry >= 0 || restIsCommon {
                noteCountries(u, seg: seg, toks: toks, inName: false)
                run = rest
                if restIsCommon { return }
                continue
            }
            noteCountries(u, seg: seg, toks: toks, inName: true)
            leadingDecided = true
            break
        }
        while let u = run.first, isConnector(u, toks) { run = run.dropFirst() }
        if run.isEmpty { return }
        if run.allSatisfy({ isCountryUnit($0) }) {
            for u in run { noteCountries(u, seg: seg, toks: toks, inName: false) }
            return
        }
        // Known actors inside the run are taken as they are.
        var actors = 0
        for u in run where u.entry >= 0 && g.entries[Int(u.entry)].actor >= 0 { actors += 1 }
        if actors > 0 {
            for u in run where u.entry >= 0 {
                let e = g.entries[Int(u.entry)]
                if e.actor >= 0 { addActor(u, e, seg: seg, toks: toks) }
                else if run.count == 1 { noteCountries(u, seg: seg, toks: toks, inName: false) }
            }
            return
        }
        // Countries inside a name: after "of" ("Royal Bank of Canada") or
        // after a name word ("Air France") they count, weakly; a city or a
        // first-name country after a name word does not ("Michael Jordan").
        var prevPlain = false
        for (k, u) in run.enumerated() {
            if k == 0 && leadingDecided { prevPlain = true; continue }
            if isCountryUnit(u) {
                let e = g.entries[Int(u.entry)]
                let afterConnector = k > 0 && isConnector(run[run.startIndex + k - 1], toks)
                let weakKind = (e.kind == .city || e.kind == .capital || e.countryPerson) && e.kind != .cue
                if afterConnector || !(prevPlain && weakKind) {
                    noteCountries(u, seg: seg, toks: toks, inName: true)
                }
                prevPlain = false
            } else {
                prevPlain = !isConnector(u, toks)
            }
        }
        addCandidate(run, seg: seg, toks: toks, titled: titled)
    }

    mutating func noteCountries(_ u: Unit, seg: UInt8, toks: [Token], inName: Bool) {
        guard u.entry >= 0 else { return }
        let e = g.entries[Int(u.entry)]
        let c = e.country >= 0 ? e.country : e.innerCountry
        guard c >= 0 else { return }
        if e.countryAmount && !afterAmount(toks, Int(u.first)) { return }
        let t = toks[Int(u.first)]
        mentions.append(Mention(country: c, kind: e.country >= 0 ? e.kind : .name, headline: seg == 0,
                                sentence: t.sentence, inName: inName || e.country < 0,
                                needsConfirmation: e.countryConfirm, token: u.first, lastToken: u.last))
    }

    static let amountWords: [UInt64] = ["mln", "million", "billion", "bln", "trillion", "thousand"].map { w in
        var h = fnvOffset
        for b in w.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }

    /// Does an amount ("30", "1.5 mln") come just before token `i`?
    func afterAmount(_ toks: [Token], _ i: Int) -> Bool {
        guard i > 0 else { return false }
        let p = toks[i - 1]
        return p.has(TokenFlags.number) || Extraction.amountWords.contains(p.hash)
    }

    mutating func addActor(_ u: Unit, _ e: PhraseEntry, seg: UInt8, toks: [Token]) {
        let t = toks[Int(u.first)]
        cands.append(Candidate(seg: seg, first: u.first, last: u.last, actor: e.actor, titled: false, cue: false,
                               sentenceInitial: t.has(TokenFlags.sentenceStart), sentence: t.sentence,
                               ambiguousAlias: e.actorAmbiguous))
        if e.innerCountry >= 0 || e.country >= 0 { noteCountries(u, seg: seg, toks: toks, inName: true) }
    }

    mutating func addCandidate(_ run: ArraySlice<Unit>, seg: UInt8, toks: [Token], titled: Bool) {
        guard let f = run.first, let l = run.last else { return }
        var cue = false
        for u in run {
            if u.entry < 0 {
                if toks[Int(u.first)].wordClass & WordClass.orgCue != 0 { cue = true }
            } else if g.entries[Int(u.entry)].kind == .cue && g.entries[Int(u.entry)].country >= 0 {
                cue = true   // "Unilever Plc", "Fiat SpA"
            }
        }
        let t = toks[Int(f.first)]
        cands.append(Candidate(seg: seg, first: f.first, last: l.last, actor: -1, titled: titled, cue: cue,
                               sentenceInitial: t.has(TokenFlags.sentenceStart), sentence: t.sentence,
                               ambiguousAlias: false))
    }

    mutating func addCandidate(_ run: [Unit], seg: UInt8, toks: [Token], titled: Bool) {
        addCandidate(run[...], seg: seg, toks: toks, titled: titled)
    }

    // MARK: Text whose capitals mean nothing (all-caps headlines)

    /// Only gazetteer phrases are taken; those that may be ordinary words
    /// ("US", "WHO", "TURKEY") or other places (cities: "PARIS HILTON") need
    /// the rest of the article to name the same country or actor.
    mutating func scanUnreliable(seg: UInt8) {
        let toks = tokens(seg)
        var i = 0
        while i < toks.count {
            guard let (len, ei) = longestMatch(toks, i, reliable: false) else { i += 1; continue }
            let e = g.entries[Int(ei)]
            let t = toks[i]
            if e.actor >= 0 {
                cands.append(Candidate(seg: seg, first: Int32(i), last: Int32(i + len - 1), actor: e.actor,
                                       titled: false, cue: false, sentenceInitial: false, sentence: t.sentence,
                                       ambiguousAlias: e.actorAmbiguous))
            }
            let c = e.country >= 0 ? e.country : e.innerCountry
            if c >= 0 && (!e.countryAmount || afterAmount(toks, i)) {
                let weak = e.countryAmbiguous || e.countryConfirm || e.countryPerson
                    || e.kind == .city || e.kind == .capital || e.kind == .region
                mentions.append(Mention(country: c, kind: e.country >= 0 ? e.kind : .name, headline: seg == 0,
                                        sentence: t.sentence, inName: e.country < 0, needsConfirmation: weak,
                                        token: Int32(i), lastToken: Int32(i + len - 1)))
            }
            i += len
        }
    }

    /// A dateline ("TOKYO, March 3 -", "MOSCOW (Reuters) -") names where the
    /// story happens: a strong sign of what it is about.
    mutating func findDateline() {
        guard !body.isEmpty, let (len, ei) = longestMatch(body, 0, reliable: false) else { return }
        let e = g.entries[Int(ei)]
        let c = e.country >= 0 ? e.country : -1
        guard c >= 0 else { return }
        let last = body[len - 1]
        guard last.after == After.comma.rawValue || last.after == After.bracket.rawValue
                || last.after == After.dash.rawValue else { return }
        var dash = last.after == After.dash.rawValue
        var k = len
        while !dash && k < min(body.count, len + 8) {
            if body[k].after == After.dash.rawValue { dash = true }
            k += 1
        }
        if dash && (body[0].has(TokenFlags.allCaps) || last.after == After.comma.rawValue) {
            datelineCountry = c
        }
    }

    // MARK: Actors: grouping, resolving short mentions, ranking

    func tokenKey(_ c: Candidate) -> UInt64 {
        let toks = tokens(c.seg)
        var h = phraseSeed
        for k in c.first...c.last { h = combine(h, toks[Int(k)].hash) }
        return h
    }

    func groupCandidates() -> [Group] {
        var groups: [Group] = []
        var index: [UInt64: Int] = [:]
        index.reserveCapacity(cands.count)
        for (ci, c) in cands.enumerated() {
            let key: UInt64 = c.actor >= 0 ? UInt64(c.actor) &+ 0x7000_0000_0000_0000 : tokenKey(c)
            let lead = c.seg == 1 && c.sentence == leadSentence
            let order = Int32(c.seg == 0 ? 0 : 1_000_000) + c.first
            if let gi = index[key] {
                groups[gi].count += 1
                groups[gi].titled = groups[gi].titled || c.titled
                groups[gi].onlySentenceInitial = groups[gi].onlySentenceInitial && c.sentenceInitial
                groups[gi].onlyAmbiguous = groups[gi].onlyAmbiguous && c.ambiguousAlias
                groups[gi].headline = groups[gi].headline || c.seg == 0
                groups[gi].lead = groups[gi].lead || lead
                if order < groups[gi].order { groups[gi].order = order }
                // Prefer a body occurrence for display (headline capitals lie).
                if cands[Int(groups[gi].rep)].seg == 0 && c.seg == 1 { groups[gi].rep = Int32(ci) }
                continue
            }
            let toks = tokens(c.seg)
            var firstHash = toks[Int(c.first)].hash, lastHash = toks[Int(c.last)].hash
            var count = c.last - c.first + 1
            if c.actor >= 0 {
                let hs = g.actorTokenHashes[Int(c.actor)]
                firstHash = hs.first ?? 0
                lastHash = hs.last ?? 0
                count = Int32(hs.count)
            }
            index[key] = groups.count
            groups.append(Group(key: key, actor: c.actor, rep: Int32(ci), count: 1, order: order,
                                tokenCount: count, firstHash: firstHash, lastHash: lastHash,
                                titled: c.titled, cue: c.cue, onlySentenceInitial: c.sentenceInitial,
                                onlyAmbiguous: c.ambiguousAlias, headline: c.seg == 0, lead: lead))
        }
        return groups
    }

    /// All-caps headline words that name an actor found in the body
    /// ("BAKER SAYS..." for James Baker) give that actor the headline's weight.
    func markHeadlineNames(_ groups: inout [Group]) {
        guard !head.isEmpty else { return }
        for t in head where t.wordClass & (WordClass.stop | WordClass.common | WordClass.title) == 0 && !t.has(TokenFlags.number) {
            for gi in groups.indices where !groups[gi].headline {
                let gr = groups[gi]
                if t.hash == gr.lastHash || (gr.cue && t.hash == gr.firstHash) || (gr.tokenCount == 1 && t.hash == gr.firstHash) {
                    groups[gi].headline = true
                }
            }
        }
    }

    /// Later short mentions resolve to the full name found in the same
    /// article: "Baker" and "Mr. Baker" to "James Baker", "Exxon" to "Exxon
    /// Corp". A surname matches a name's last word; a company's first word
    /// matches a name with an organisation cue.
    func resolve(_ groups: inout [Group]) {
        for i in groups.indices where groups[i].tokenCount == 1 && groups[i].actor < 0 {
            let h = groups[i].firstHash
            var best = -1
            for j in groups.indices where j != i && groups[j].tokenCount > 1 && groups[j].mergedInto < 0 {
                let gj = groups[j]
                let person = !gj.cue && (gj.actor < 0 || g.actorIsPerson[Int(gj.actor)])
                if (person && gj.lastHash == h) || (gj.cue && gj.firstHash == h) {
                    if best < 0 || gj.count > groups[best].count { best = j }
                }
            }
            // A first name or a title's first word used alone ("Jonny" for
            // Jonny Wilkinson, "Vanity" for Vanity Fair), when no surname fits.
            if best < 0 {
                for j in groups.indices where j != i && groups[j].tokenCount > 1 && groups[j].mergedInto < 0 {
                    if groups[j].firstHash == h && (best < 0 || groups[j].count > groups[best].count) { best = j }
                }
            }
            if best >= 0 {
                groups[best].count += groups[i].count
                groups[best].headline = groups[best].headline || groups[i].headline
                groups[best].lead = groups[best].lead || groups[i].lead
                groups[best].titled = groups[best].titled || groups[i].titled
                groups[best].order = min(groups[best].order, groups[i].order)
                groups[best].onlySentenceInitial = false
                groups[i].mergedInto = Int32(best)
            }
        }
    }

    /// Is this group an actor worth returning?
    func keep(_ gr: Group) -> Bool {
        if gr.mergedInto >= 0 { return false }
        let c = cands[Int(gr.rep)]
        if gr.actor >= 0 {
            guard gr.onlyAmbiguous else { return true }
            // "Diet" opening a sentence, "WHO" in an all-caps headline: only
            // when the body also names the actor where case tells.
            return cands.contains { $0.actor == gr.actor && $0.seg == 1 && !$0.sentenceInitial && !bodyUnreliable }
        }
        let toks = tokens(c.seg)
        if gr.tokenCount == 1 {
            let t = toks[Int(c.first)]
            let len = t.end - t.start
            // Two letters in mixed case are abbreviations ("Ga.", "Aa" ratings).
            if len < 2 || t.has(TokenFlags.number) || (len == 2 && !t.has(TokenFlags.allCaps)) { return false }
            if t.wordClass & (WordClass.stop | WordClass.common | WordClass.orgCue | WordClass.title) != 0 { return false }
            if gr.titled { return true }
            if gr.onlySentenceInitial { return false }
            // A capitalised word also written in lower case here is a
            // common word ("Total", "Oil"), not a name.
            if lowerWords.contains(t.hash) { return false }
            if t.has(TokenFlags.allCaps) { return len <= 8 }
            // Nor is a lone dictionary word ("Marketing", "Century").
            return t.wordClass & WordClass.dictionary == 0
        }
        // "FA Cup", "Sydney Olympics", "Sarbanes-Oxley Act": events and laws.
        if toks[Int(c.last)].wordClass & WordClass.event != 0 && gr.actor < 0 { return false }
        // "D-Tenn" (a party and a state), "J Sainsbury"-like fragments: a
        // bare single letter and one word is no name we can trust.
        if gr.tokenCount == 2 && toks[Int(c.first)].end - toks[Int(c.first)].start == 1 && !toks[Int(c.first)].has(TokenFlags.initial) {
            return false
        }
        // "Class B", "Series A": a common word and a letter name a kind of share.
        if gr.tokenCount == 2 && gr.actor < 0 && toks[Int(c.last)].end - toks[Int(c.last)].start == 1
            && isCommonWord(toks[Int(c.first)]) {
            return false
        }
        // Several words: not when every word is a common word ("Lovely
        // Bones", "Civil Aviation"), unless an organisation cue ends it after
        // a word that is no cue ("Finance Ministry", not "Holdings Plc").
        var allCommon = true
        for k in c.first...c.last {
            let t = toks[Int(k)]
            let commonish = WordClass.common | WordClass.stop | WordClass.connector | WordClass.title
                | WordClass.dictionary | WordClass.orgCue
            if t.wordClass & commonish == 0 && !lowerWords.contains(t.hash) { allCommon = false; break }
        }
        if allCommon {
            if gr.titled { return true }
            let first = toks[Int(c.first)], last = toks[Int(c.last)]
            return last.wordClass & WordClass.orgCue != 0 && first.wordClass & WordClass.orgCue == 0
        }
        return true
    }

    func rankActors(_ groups: [Group]) -> [String] {
        var kept: [(score: Double, order: Int32, gi: Int)] = []
        for (gi, gr) in groups.enumerated() where keep(gr) {
            var s = gr.count
            if gr.headline { s += 3 }
            if gr.lead { s += 1.5 }
            if gr.titled { s += 0.5 }
            if gr.actor >= 0 { s += 0.5 }
            kept.append((s, gr.order, gi))
        }
        kept.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        var out: [String] = []
        var seen = Set<String>()
        for k in kept {
            if out.count >= maxActors { break }
            let name = display(groups[k.gi])
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    func display(_ gr: Group) -> String {
        if gr.actor >= 0 { return g.actorNames[Int(gr.actor)] }
        let c = cands[Int(gr.rep)]
        let toks = tokens(c.seg)
        let buf = c.seg == 0 ? headBuf : bodyBuf
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        for k in c.first...c.last {
            let t = toks[Int(k)]
            if k > c.first { bytes.append(t.has(TokenFlags.hyphenBefore) ? 0x2D : 0x20) }
            var s = Int(t.start)
            while s < Int(t.end) {
                // Curly apostrophes become straight ones, for one spelling a name.
                if buf[s] == 0xE2 && s + 2 < Int(t.end) && buf[s + 1] == 0x80 && buf[s + 2] == 0x99 {
                    bytes.append(0x27); s += 3; continue
                }
                bytes.append(buf[s]); s += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Countries: confirmation, folding, salience

    func rankCountries() -> (salient: [Country], all: [Country], evidence: [CountryEvidence]) {
        let n = g.countryList.count
        var score = [Double](repeating: 0, count: n)
        var firm = [Bool](repeating: false, count: n)
        var ev: [Int: CountryEvidence] = [:]
        for m in mentions where !m.needsConfirmation { firm[Int(m.country)] = true }
        let lists = ListNeighbours(mentions.filter { m in
            !m.headline && (m.kind == .name || m.kind == .demonym || m.kind == .capital)
                && !(m.needsConfirmation && !firm[Int(m.country)])
        })
        for m in mentions {
            let c = Int(m.country)
            if m.needsConfirmation && !firm[c] { continue }
            var e = ev[c] ?? CountryEvidence(country: g.countryList[c], score: 0, headline: false, lead: false,
                                             dateline: false, names: 0, demonyms: 0, capitals: 0, cities: 0,
                                             inNames: 0, cues: 0, firstSentence: Int.max, salient: false)
            // A currency in the headline ("YEN EUROBOND") counts as any other
            // mention of it; only names of the country earn the headline's weight.
            let evidenceOnly = m.kind == .cue || m.kind == .exchange || m.kind == .market
            // Tickers after a country's first, and a market named again, say little more.
            var w = Salience.weight(m.kind)
            if m.kind == .exchange {
                if e.tickers > 0 { w = Salience.repeatedTicker }
                e.tickers += 1
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
            ev[c] = e
        }
        if datelineCountry >= 0 {
            let c = Int(datelineCountry)
            var e = ev[c] ?? CountryEvidence(country: g.countryList[c], score: 0, headline: false, lead: false,
                                             dateline: false, names: 0, demonyms: 0, capitals: 0, cities: 0,
                                             inNames: 0, cues: 0, firstSentence: 0, salient: false)
            e.dateline = true
            ev[c] = e
        }
        for (c, e) in ev {
            // An all-caps headline cannot show that "BANK OF TOKYO" is a bank:
            // if the body names the country only inside organisations' names,
            // the headline's mention is most likely that organisation too.
            let onlyInNames = e.inNames > 0 && e.names + e.demonyms + e.capitals + e.cities + e.cues + e.tickers == 0
            if e.headline && !onlyInNames { score[c] += Salience.headline }
            if e.lead { score[c] += Salience.lead }
            if e.dateline { score[c] += Salience.dateline }
        }
        // 1987's "Moscow" is the Soviet Union: fold a country into the former
        // one it was part of when the article names that one at least as much.
        var live = Array(ev.keys)
        for c in ev.keys {
            let f = Int(g.within[c])
            if f >= 0 && score[f] > 0 && score[f] >= score[c], var fe = ev[f], let ce = ev[c] {
                score[f] += score[c]
                score[c] = 0
                fe.names += ce.names; fe.demonyms += ce.demonyms; fe.capitals += ce.capitals
                fe.cities += ce.cities; fe.inNames += ce.inNames; fe.cues += ce.cues; fe.tickers += ce.tickers
                fe.headline = fe.headline || ce.headline; fe.lead = fe.lead || ce.lead
                fe.dateline = fe.dateline || ce.dateline
                fe.firstSentence = min(fe.firstSentence, ce.firstSentence)
                fe.regions += ce.regions; fe.listMentions += ce.listMentions
                fe.firstToken = min(fe.firstToken, ce.firstToken)
                ev[f] = fe
                live.removeAll { $0 == c }
            }
        }
        live.sort { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
        let top = live.first.map { score[$0] } ?? 0
        let us = live.first { g.countryList[$0].code == "US" }
        let usScore = us.map { score[$0] } ?? 0
        let others = live.count - (us == nil ? 0 : 1)
        var salient: [Country] = []
        var evidence: [CountryEvidence] = []
        for c in live {
            var e = ev[c]!
            e.score = score[c]
            if c == us {
                e.salient = score[c] >= Salience.minScore
                    && (score[c] >= Salience.minShare * top || score[c] >= Salience.alwaysScore)
            } else {
                e.salient = modelSalient(e, rank: live.filter { $0 != us && score[$0] > score[c] }.count,
                                         top: top, others: others, usScore: usScore)
            }
            if e.salient { salient.append(g.countryList[c]) }
            evidence.append(e)
        }
        return (salient, live.map { g.countryList[$0] }, evidence)
    }

    /// The logistic model of `Salience` for a country other than the US.
    func modelSalient(_ e: CountryEvidence, rank: Int, top: Double, others: Int, usScore: Double) -> Bool {
        func l(_ x: Double) -> Double { log1p(x) }
        func l(_ x: Int) -> Double { log1p(Double(x)) }
        let ntok = body.count
        let first = e.firstSentence == Int.max ? 20 : min(e.firstSentence, 20)
        let tok = e.firstToken == Int.max ? ntok : e.firstToken
        let x: [Double] = [
            l(e.score), top > 0 ? e.score / top : 0, Double(min(rank, 4)), l(others), others == 1 ? 1 : 0,
            l(usScore), e.headline ? 1 : 0, e.lead ? 1 : 0,
            l(e.names), l(e.demonyms), l(e.capitals), l(e.cities - e.regions), l(e.regions), l(e.cues),
            l(e.inNames), l(e.tickers), Double(e.markets), l(first), l(e.listMentions), l(tok) - l(ntok),
        ]
        var z = Salience.modelBias
        for (w, v) in zip(Salience.modelWeights, x) { z += w * v }
        return z >= 0
    }
}

