/// Finds actors and countries in an article. Cheap to copy; safe to share.
///
/// The work is done on UTF-8 bytes, in stages: the text is split into tokens
/// once (`Tokenizer`); gazetteer phrases are matched longest-first with hashed
/// token sequences (`PhraseMatcher`); runs of capitalised words are split into
/// titles, names, organisations and countries (`NameSegmenter`); actor
/// occurrences are grouped, resolved and ranked (`ActorRanking`); and country
/// mentions become evidence that decides salience (`CountryRanking`,
/// `Salience`). Strings are made only for the names returned.
public struct EntityExtractor: Sendable {
    public let gazetteer: Gazetteer
    let tokenizer: Tokenizer

    /// Most actors returned, the most salient first; the index keeps (and counts) all it is given.
    public var maxActors = 16

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.tokenizer = Tokenizer(words: gazetteer.words)
    }

    /// The actors and countries of an article. `source` and `url` say who
    /// published it, or else the folder `path` is filed in ("…/bbc/tech/1.txt"):
    /// a publisher's own names (`publishers.tsv`: "BBC Sport" in a BBC story)
    /// are no actors of its stories.
    public func extract(title: String, body: String, source: String? = nil, url: String? = nil,
                        path: String? = nil) -> Entities {
        var entities = analyse(title: title, body: body).entities
        if let publisher = gazetteer.publishers.publisher(source: source, url: url, path: path) {
            let publishers = gazetteer.publishers
            entities.actors.removeAll { publishers.isOwnName($0, publisher: publisher) }
            entities.actorMentions.removeAll {
                publishers.isOwnName($0.text, publisher: publisher) || publishers.isOwnName($0.actor, publisher: publisher)
            }
        }
        return entities
    }

    /// The countries found, with the evidence behind their ranking.
    public func countryEvidence(title: String, body: String) -> [CountryEvidence] {
        analyse(title: title, body: body).evidence
    }

    func analyse(title: String, body: String) -> (entities: Entities, evidence: [CountryEvidence]) {
        var title = title
        var body = body
        title.makeContiguousUTF8()
        body.makeContiguousUTF8()
        return title.utf8.withContiguousStorageIfAvailable { titleBytes in
            body.utf8.withContiguousStorageIfAvailable { bodyBytes in
                var extraction = Extraction(gazetteer: gazetteer, tokenizer: tokenizer, headline: titleBytes,
                                            body: bodyBytes, maxActors: maxActors)
                return extraction.run()
            }!
        }!
    }
}

/// Words the article writes in lower case: a capitalised word among them is
/// a common word ("Total", "Oil"), not a name.
struct LowerCaseWords {
    private var hashes: HashSet64

    init(expected: Int) { hashes = HashSet64(expected: expected) }

    mutating func insert(from tokens: [Token]) {
        for t in tokens where t.has(TokenFlags.lower) { hashes.insert(t.hash) }
    }

    @inline(__always) func contains(_ t: Token) -> Bool { hashes.contains(t.hash) }

    /// A word that is no name by itself: a common noun, or one this
    /// article also writes in lower case.
    @inline(__always) func isCommonWord(_ t: Token) -> Bool {
        t.wordClass & (WordClass.common | WordClass.stop | WordClass.dictionary) != 0 || contains(t)
    }
}

/// One article's extraction: runs the stages in order and keeps what they
/// found (the evidence dump in Benchmarks/entities reads it).
struct Extraction {
    let gazetteer: Gazetteer
    let tokenizer: Tokenizer
    let headlineBytes: UnsafeBufferPointer<UInt8>
    let bodyBytes: UnsafeBufferPointer<UInt8>
    let maxActors: Int
    var headline: [Token] = []
    var body: [Token] = []
    var mentions: [CountryMention] = []
    var occurrences: [ActorOccurrence] = []
    var leadSentence: Int32 = 0
    var datelineCountry: Int32 = -1

    init(gazetteer: Gazetteer, tokenizer: Tokenizer, headline: UnsafeBufferPointer<UInt8>,
         body: UnsafeBufferPointer<UInt8>, maxActors: Int) {
        self.gazetteer = gazetteer
        self.tokenizer = tokenizer
        self.headlineBytes = headline
        self.bodyBytes = body
        self.maxActors = maxActors
    }

    mutating func run() -> (entities: Entities, evidence: [CountryEvidence]) {
        headline.reserveCapacity(24)
        body.reserveCapacity(bodyBytes.count / 5 + 8)
        var tickers: [Ticker] = []
        tokenizer.tokenize(headlineBytes, into: &headline, tickers: &tickers)
        let headlineTickers = tickers.count
        tokenizer.tokenize(bodyBytes, into: &body, tickers: &tickers)

        let bodyCaseReliable = Extraction.capitalsCarryMeaning(body, headline: false)
        let headlineCaseReliable = Extraction.capitalsCarryMeaning(headline, headline: true)
        var lowerCaseWords = LowerCaseWords(expected: body.count + headline.count)
        lowerCaseWords.insert(from: body)
        if headlineCaseReliable { lowerCaseWords.insert(from: headline) }
        leadSentence = body.first?.sentence ?? 0
        let matcher = PhraseMatcher(gazetteer: gazetteer)
        let headlineText = SegmentText(tokens: headline, bytes: headlineBytes)
        let bodyText = SegmentText(tokens: body, bytes: bodyBytes)

        // Mentions are counted in this order: body, tickers, headline (their
        // scores are sums, and the order of a sum is part of its value).
        var bodyNames = NameSegmenter(matcher: matcher, segment: .body, text: bodyText, lowerCaseWords: lowerCaseWords)
        // Phrases are matched once a segment, for the rules and the tagger.
        let bodyUnits = matcher.units(body, matchCase: bodyCaseReliable)
        let headlineUnits = matcher.units(headline, matchCase: headlineCaseReliable)
        if bodyCaseReliable { bodyNames.scanRuns(bodyUnits) } else { bodyNames.scanWithoutCase(bodyUnits) }
        mentions = bodyNames.mentions
        datelineCountry = CountryRanking.datelineCountry(body, matcher: matcher)
        for (k, ticker) in tickers.enumerated() {
            guard let country = gazetteer.exchanges.get(ticker.hash) else { continue }
            mentions.append(CountryMention(country: country, kind: .exchange, headline: k < headlineTickers,
                                           sentence: ticker.sentence, inName: false, needsConfirmation: false,
                                           token: ticker.token, lastToken: ticker.token - 1))
        }
        var headlineNames = NameSegmenter(matcher: matcher, segment: .headline, text: headlineText,
                                          lowerCaseWords: lowerCaseWords)
        if headlineCaseReliable { headlineNames.scanRuns(headlineUnits) } else { headlineNames.scanWithoutCase(headlineUnits) }
        mentions += headlineNames.mentions
        occurrences = bodyNames.occurrences + headlineNames.occurrences

        var named: [NamedCountry]? = nil
        if let model = gazetteer.tagger {
            let tagged = tagNames(model, matcher: matcher, headline: (headlineText, headlineUnits), body: (bodyText, bodyUnits),
                                  lowerCaseWords: lowerCaseWords, headlineCaseReliable: headlineCaseReliable,
                                  bodyCaseReliable: bodyCaseReliable)
            occurrences = tagged.actorOccurrences(rules: occurrences)
            named = tagged.namedCountries()
        }

        let actors = ActorRanking(gazetteer: gazetteer, headline: headlineText, body: bodyText, occurrences: occurrences,
                                  leadSentence: leadSentence, lowerCaseWords: lowerCaseWords,
                                  bodyCaseUnreliable: !bodyCaseReliable)
            .ranked(limit: maxActors, headlineCaseUnreliable: !headlineCaseReliable)
        let countries = CountryRanking(gazetteer: gazetteer, mentions: mentions, leadSentence: leadSentence,
                                       datelineCountry: datelineCountry, bodyTokens: body.count).ranked()
        let entities = Entities(actors: actors.actors, actorMentions: actors.mentions, countries: countries.salient,
                                mentions: namedCountries(named ?? ruleNamedCountries(), ranked: countries.all))
        return (entities, countries.evidence)
    }

    /// The tagger's names in headline and body (one story: what it called a
    /// word in the headline, it remembers in the body).
    func tagNames(_ model: TaggerModel, matcher: PhraseMatcher, headline: (SegmentText, [PhraseUnit]),
                  body: (SegmentText, [PhraseUnit]), lowerCaseWords: LowerCaseWords, headlineCaseReliable: Bool,
                  bodyCaseReliable: Bool) -> TaggedNames {
        let tagger = ActorTagger(model: model, matcher: matcher)
        var story = TaggerStory(lowerCaseWords: lowerCaseWords,
                                segments: [(headline.0.tokens, headlineCaseReliable), (body.0.tokens, bodyCaseReliable)])
        let headlineTags = tagger.tags(headline.0, mode: headlineCaseReliable ? 2 : 3, phrases: headline.1, story: &story)
        let bodyTags = tagger.tags(body.0, mode: bodyCaseReliable ? 0 : 1, phrases: body.1, story: &story)
        return TaggedNames(matcher: matcher, headline: headline.0, body: body.0, headlineCaseReliable: headlineCaseReliable,
                           bodyCaseReliable: bodyCaseReliable,
                           names: ActorTagger.names(headlineTags, segment: .headline)
                               + ActorTagger.names(bodyTags, segment: .body))
    }

    /// Without the tagger: the countries the rules found named outright (not
    /// inside an organisation's name, not by a currency or a ticker).
    func ruleNamedCountries() -> [NamedCountry] {
        var out: [NamedCountry] = []
        for m in mentions where !m.inName && !m.needsConfirmation {
            switch m.kind {
            case .name, .demonym, .capital, .city, .region:
                if let k = out.firstIndex(where: { $0.country == m.country }) {
                    out[k].byName = out[k].byName || m.kind == .name
                } else {
                    out.append(NamedCountry(country: m.country, confirm: false, byName: m.kind == .name))
                }
            case .cue, .place, .code, .exchange, .market: break
            }
        }
        return out
    }

    /// The countries named, in the ranking's order (salient first), then
    /// those the ranking did not keep, in reading order; a country the
    /// ranking folded into a former one ("Moscow" in 1987) is that one,
    /// unless the text calls it by its own name ("Slovenia" beside
    /// "Yugoslavia" names Slovenia, whatever the year).
    /// A name that needs confirmation counts only when the ranking has its country.
    func namedCountries(_ named: [NamedCountry], ranked: [Country]) -> [Country] {
        var codes = Set<String>()
        for n in named {
            let (c, confirm) = (n.country, n.confirm)
            if confirm && !ranked.contains(gazetteer.countryList[Int(c)])
                && !(gazetteer.within[Int(c)] >= 0 && ranked.contains(gazetteer.countryList[Int(gazetteer.within[Int(c)])])) {
                continue
            }
            var country = gazetteer.countryList[Int(c)]
            let former = gazetteer.within[Int(c)]
            if former >= 0 && !n.byName && !ranked.contains(country) && ranked.contains(gazetteer.countryList[Int(former)]) {
                country = gazetteer.countryList[Int(former)]
            }
            codes.insert(country.code)
        }
        var out = ranked.filter { codes.contains($0.code) }
        for n in named where !out.contains(where: { $0.code == gazetteer.countryList[Int(n.country)].code }) {
            let country = gazetteer.countryList[Int(n.country)]
            if codes.contains(country.code) { out.append(country) }
        }
        return out
    }

    /// Capitals carry meaning unless the text is all capitals, or (for a
    /// headline) Title Case, where every word is capitalised.
    static func capitalsCarryMeaning(_ tokens: [Token], headline: Bool) -> Bool {
        var words = 0, capitalised = 0, allCaps = 0, lower = 0
        for (i, t) in tokens.enumerated() where !t.has(TokenFlags.number) {
            if t.has(TokenFlags.lower) { lower += 1 }
            if t.has(TokenFlags.allCaps) && t.byteCount >= 2 { allCaps += 1 }
            // Long words after the first: short ones ("of", "the") keep lower case in Title Case.
            if i > 0 && t.byteCount >= 4 && t.wordClass & WordClass.connector == 0 {
                words += 1
                if t.isCapitalised { capitalised += 1 }
            }
        }
        if headline {
            if lower == 0 && allCaps > 0 { return false }
            if words >= 3 && capitalised * 4 >= words * 3 { return false }
            return true
        }
        let letters = lower + capitalised + allCaps
        return !(letters > 4 && allCaps * 2 > tokens.count)
    }
}
