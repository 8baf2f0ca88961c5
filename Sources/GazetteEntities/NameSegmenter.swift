/// Reads one segment's names: splits runs of capitalised words into titles,
/// people's names, organisations and countries, and records what it finds as
/// actor occurrences and country mentions.
///
/// Where capitals carry no meaning (all-caps or Title Case text), only
/// gazetteer phrases are taken (`scanWithoutCase`).
struct NameSegmenter {
    let gazetteer: Gazetteer
    let matcher: PhraseMatcher
    let segment: Segment
    let text: SegmentText
    let lowerCaseWords: LowerCaseWords
    private(set) var occurrences: [ActorOccurrence] = []
    private(set) var mentions: [CountryMention] = []

    static let andHash = fnvHash("and")
    static let theHash = fnvHash("the")
    static let ofHash = fnvHash("of")
    static let coHash = fnvHash("co")
    static let amountWords: [UInt64] = ["mln", "million", "billion", "bln", "trillion", "thousand"].map(fnvHash)

    init(matcher: PhraseMatcher, segment: Segment, text: SegmentText, lowerCaseWords: LowerCaseWords) {
        self.gazetteer = matcher.gazetteer
        self.matcher = matcher
        self.segment = segment
        self.text = text
        self.lowerCaseWords = lowerCaseWords
    }

    @inline(__always) var tokens: [Token] { text.tokens }
    @inline(__always) func entry(_ unit: PhraseUnit) -> PhraseEntry { gazetteer.entries[Int(unit.entry)] }
    @inline(__always) func firstToken(_ unit: PhraseUnit) -> Token { tokens[Int(unit.firstToken)] }

    // MARK: Runs of capitalised words

    /// Text whose capitals mean something: every run of name words (units
    /// that may be part of a name, not split by punctuation or a sentence
    /// start) is split into names.
    mutating func scanRuns() {
        scanRuns(matcher.units(tokens, matchCase: true))
    }

    /// The same, on the segment's phrases matched with case (`PhraseMatcher.units`).
    mutating func scanRuns(_ matched: [PhraseUnit]) {
        if tokens.isEmpty { return }
        var units = matched
        matcher.reassignRegions(&units, tokens)
        var runStart = -1
        var i = 0
        while i <= units.count {
            let eligible = i < units.count && isNameUnit(units[i])
            let breaks = i == units.count || !eligible || (runStart >= 0 && breakBefore(units[i], previous: units[i - 1]))
            if runStart >= 0 && breaks {
                var end = i
                // A run does not end on a connector ("Bank of").
                while end > runStart && isConnector(units[end - 1]) { end -= 1 }
                if end > runStart { splitRun(Array(units[runStart..<end])) }
                runStart = -1
            }
            if i < units.count && eligible && runStart < 0 && !isConnector(units[i]) { runStart = i }
            i += 1
        }
    }

    func isConnector(_ unit: PhraseUnit) -> Bool {
        unit.isPlainWord && firstToken(unit).isLowerCaseConnector
    }

    /// Can this unit be part of a name run?
    func isNameUnit(_ unit: PhraseUnit) -> Bool {
        let t = firstToken(unit)
        if !unit.isPlainWord { return true }
        if t.has(TokenFlags.number) { return false }
        if t.has(TokenFlags.lower) { return t.wordClass & WordClass.connector != 0 }
        // Letters whose case the tokenizer does not tell (beyond Latin-1).
        if !t.isCapitalised { return t.byteCount > 1 }
        // Sentence openers, pronouns, months: never part of a name.
        if t.wordClass & WordClass.stop != 0 && t.wordClass & WordClass.title == 0 { return false }
        return true
    }

    func breakBefore(_ unit: PhraseUnit, previous: PhraseUnit) -> Bool {
        let p = tokens[Int(previous.lastToken)]
        if p.after != 0 { return true }
        if p.has(TokenFlags.possessive) { return true }
        if firstToken(unit).has(TokenFlags.sentenceStart) { return true }
        return false
    }

    /// Splits a run of capitalised units at "and" and at a title word.
    mutating func splitRun(_ run: [PhraseUnit]) {
        if splitAtAnd(run) { return }
        if let titleAt = lastTitle(run) {
            readTitledName(run, titleAt: titleAt)
        } else {
            readName(run, titled: false)
        }
    }

    /// "and" joins two names ("Ukraine and Russia", "Baker and Volcker")
    /// unless an organisation's name holds it ("Ministry of Trade and
    /// Industry"). Reads the parts and returns true when it splits the run.
    mutating func splitAtAnd(_ run: [PhraseUnit]) -> Bool {
        var hasCue = false
        var andAt: [Int] = []
        for (k, unit) in run.enumerated() where unit.isPlainWord {
            let t = firstToken(unit)
            if t.wordClass & WordClass.orgCue != 0 { hasCue = true }
            if t.isLowerCase(NameSegmenter.andHash) { andAt.append(k) }
        }
        // Two organisations: "Exxon Corp and Mobil Corp", "Baker and the
        // Justice Department" ("and" after a company's cue word, or before "the").
        for k in andAt where k > 0 && k + 1 < run.count {
            let next = firstToken(run[k + 1])
            if isOrgCue(run[k - 1]) || next.isLowerCase(NameSegmenter.theHash) {
                splitRun(Array(run[0..<k]))
                var right = k + 1
                if next.hash == NameSegmenter.theHash { right += 1 }
                if right < run.count { splitRun(Array(run[right...])) }
                return true
            }
        }
        guard !andAt.isEmpty && !hasCue else { return false }
        var from = 0
        for k in andAt + [run.count] {
            if k > from { splitRun(Array(run[from..<k])) }
            from = k + 1
        }
        return true
    }

    /// The last title word marks a person after it ("Finance Minister
    /// Kiichi Miyazawa"), unless an organisation cue follows ("General Motors").
    func lastTitle(_ run: [PhraseUnit]) -> Int? {
        var titleAt: Int? = nil
        var cueAfter = false
        for (k, unit) in run.enumerated() where unit.isPlainWord {
            let wordClass = firstToken(unit).wordClass
            if wordClass & WordClass.title != 0 && firstToken(unit).isCapitalised {
                titleAt = k
                cueAfter = false
            } else if wordClass & WordClass.orgCue != 0 && titleAt != nil {
                cueAfter = true
            }
        }
        return cueAfter ? nil : titleAt
    }

    /// The words before the title, the office it holds, and the person's name after it.
    mutating func readTitledName(_ run: [PhraseUnit], titleAt: Int) {
        if titleAt > 0 { readWordsBeforeTitle(Array(run[0..<titleAt])) }
        var k = titleAt + 1
        // "Minister of Finance Hisham Nazer", "Chancellor of the Exchequer
        // Nigel Lawson": skip the office's "of (the) ...".
        if k < run.count && isConnector(run[k]) {
            k += 1
            while k < run.count && isConnector(run[k]) { k += 1 }
            if k < run.count {
                // The office may be a known organisation ("Secretary-General
                // of the African Development Bank").
                let unit = run[k]
                if !unit.isPlainWord && entry(unit).actor >= 0 {
                    addKnownActor(unit, entry(unit))
                } else {
                    noteCountry(unit, inName: false)
                }
                k += 1
            }
            while k + 1 < run.count && isConnector(run[k]) {
                noteCountry(run[k + 1], inName: false)
                k += 2
            }
        }
        if k < run.count { readName(Array(run[k...]), titled: true) }
    }

    /// Words before a title: countries and known actors count, and an
    /// organisation ending in a cue word ("Ways and Means Committee"); bare
    /// role words ("Finance", "Trade") do not.
    mutating func readWordsBeforeTitle(_ run: [PhraseUnit]) {
        if let last = run.last, last.isPlainWord, firstToken(last).wordClass & WordClass.orgCue != 0, run.count >= 2 {
            readName(run, titled: false)
            return
        }
        for unit in run where !unit.isPlainWord {
            let e = entry(unit)
            if e.actor >= 0 { addKnownActor(unit, e) } else { noteCountry(unit, inName: false) }
        }
    }

    /// An organisation's cue word ("Corp", "Ministry"), or a company form
    /// that names a country ("Plc", "SpA").
    func isOrgCue(_ unit: PhraseUnit) -> Bool {
        if !unit.isPlainWord { return entry(unit).kind == .cue && entry(unit).country >= 0 }
        return firstToken(unit).wordClass & WordClass.orgCue != 0
    }

    /// A country or a place, and no actor.
    @inline(__always) func isCountryUnit(_ unit: PhraseUnit) -> Bool {
        guard !unit.isPlainWord else { return false }
        let e = entry(unit)
        return e.actor < 0 && (e.country >= 0 || e.isPlace)
    }

    // MARK: One name

    /// Reads one name out of a run: drops words that open a sentence without
    /// belonging to the name, splits at "of" between two names, takes
    /// countries and known actors apart, and records what is left as an actor.
    mutating func readName(_ whole: [PhraseUnit], titled: Bool) {
        var run = whole[...]
        // A sentence-opening word written in lower case elsewhere, or an
        // adverb ("Recently"), is not part of the name that follows it.
        let runHasCue = run.contains { isOrgCue($0) }
        while !runHasCue, run.count > 1, let unit = run.first, unit.isPlainWord, opensSentenceOnly(unit) {
            run = run.dropFirst()
        }
        // "Richard Roe of Acme Research", "Millions of Koreans": "of" joins an
        // organisation's name only after a cue word ("Bank of Japan").
        if run.count > 2 {
            var seenCue = false
            for (k, unit) in run.enumerated() where k > 0 && k + 1 < run.count {
                let previous = run[run.startIndex + k - 1]
                if isOrgCue(previous) || (previous.isPlainWord && firstToken(previous).wordClass & WordClass.title != 0) {
                    seenCue = true
                }
                if unit.isPlainWord && firstToken(unit).hash == NameSegmenter.ofHash && !seenCue {
                    readName(Array(run[run.startIndex..<(run.startIndex + k)]), titled: titled)
                    readName(Array(run[(run.startIndex + k + 1)...]), titled: false)
                    return
                }
            }
        }
        // A run that is all places and countries names no actor.
        if run.allSatisfy({ isCountryUnit($0) }) {
            for unit in run {
                let e = entry(unit)
                // "Mr Jordan", "Senator Chad ...": with a title, a first-name
                // country or a city is a person's name.
                if titled && run.count == 1 && (e.countryPerson || e.kind == .city || e.kind == .capital) {
                    addOccurrence(run, titled: true)
                    return
                }
                noteCountry(unit, inName: false)
            }
            return
        }
        let opening = takeLeadingCountries(&run)
        if opening == .nothingLeft { return }
        while let unit = run.first, isConnector(unit) { run = run.dropFirst() }
        if run.isEmpty { return }
        if run.allSatisfy({ isCountryUnit($0) }) {
            for unit in run { noteCountry(unit, inName: false) }
            return
        }
        // Known actors inside the run are taken as they are.
        if run.contains(where: { !$0.isPlainWord && entry($0).actor >= 0 }) {
            for unit in run where !unit.isPlainWord {
                let e = entry(unit)
                if e.actor >= 0 {
                    // "Chairman Paul Volcker": the title is the first known actor's.
                    addKnownActor(unit, e, titled: titled && unit.firstToken == run.first?.firstToken)
                } else if run.count == 1 {
                    noteCountry(unit, inName: false)
                }
            }
            return
        }
        noteCountriesInsideName(run, firstJudged: opening == .countryJudged)
        addOccurrence(run, titled: titled)
    }

    /// A sentence's first word that belongs to no name after it: one the
    /// article writes in lower case elsewhere, an adverb ("Recently"), or a
    /// dictionary gerund ("Combining SMFG"). `unit` is a plain word that a
    /// name unit follows.
    func opensSentenceOnly(_ unit: PhraseUnit) -> Bool {
        let t = firstToken(unit)
        guard t.has(TokenFlags.sentenceStart), t.wordClass & (WordClass.orgCue | WordClass.title) == 0 else { return false }
        let length = Int(t.byteCount)
        let e = Int(t.end)
        let bytes = text.bytes
        let adverb = length > 3 && (bytes[e - 2] | 0x20) == 0x6C && (bytes[e - 1] | 0x20) == 0x79
        let gerund = length > 5 && t.wordClass & WordClass.dictionary != 0
            && (bytes[e - 3] | 0x20) == 0x69 && (bytes[e - 2] | 0x20) == 0x6E
            && (bytes[e - 1] | 0x20) == 0x67 && !tokens[Int(unit.firstToken) + 1].has(TokenFlags.hyphenBefore)
        return lowerCaseWords.contains(t) || adverb || gerund
    }

    /// What the country words opening a name leave to read.
    enum NameOpening {
        /// No country word opens the rest of the name.
        case plain
        /// The first unit is a country word already counted (or judged no
        /// country) as part of the name.
        case countryJudged
        /// Nothing that could name an actor is left.
        case nothingLeft
    }

    /// Country words opening a name: "Japanese Nomura Securities Co" is Japan
    /// plus Nomura Securities Co; "China Airlines" is a name that holds a
    /// country; "Paris Hilton", "Washington Post" and "Jordan Henderson" hold
    /// a city or first name that is no country; before a common word ("U.S.
    /// Treasury", "Japanese Finance Ministry") the country stands alone.
    /// Drops the countries that stand apart from the name from `run`.
    mutating func takeLeadingCountries(_ run: inout ArraySlice<PhraseUnit>) -> NameOpening {
        while let unit = run.first, isCountryUnit(unit), run.count > 1 {
            let e = entry(unit)
            let rest = run.dropFirst()
            if e.kind == .city || e.kind == .capital || e.kind == .region || e.countryPerson {
                let restHasCue = rest.contains { $0.isPlainWord ? firstToken($0).wordClass & WordClass.orgCue != 0 : entry($0).kind == .cue }
                if restHasCue { noteCountry(unit, inName: true) }
                return .countryJudged
            }
            // "U.S. Treasury", "U.K. Makes" (a capital after "U.K." that
            // opens no name): the country alone, no actor.
            let next = rest.first!
            let nextToken = firstToken(next)
            let restTokens = rest.reduce(0) { $0 + Int($1.tokenCount) }
            let nextIsCommon = next.isPlainWord && !isOrgCue(next) && (lowerCaseWords.isCommonWord(nextToken) || nextToken.byteCount == 1)
            if restTokens >= 2 || !next.isPlainWord || nextIsCommon {
                noteCountry(unit, inName: false)
                if nextIsCommon { return .nothingLeft }
                run = rest
                continue
            }
            noteCountry(unit, inName: true)
            return .countryJudged
        }
        return .plain
    }

    /// Countries inside a name: after "of" ("Royal Bank of Canada") or
    /// after a name word ("Air France") they count, weakly; a city or a
    /// first-name country after a name word does not ("Michael Jordan").
    mutating func noteCountriesInsideName(_ run: ArraySlice<PhraseUnit>, firstJudged: Bool) {
        var previousIsNameWord = false
        for (k, unit) in run.enumerated() {
            if k == 0 && firstJudged { previousIsNameWord = true; continue }
            if isCountryUnit(unit) {
                let e = entry(unit)
                let afterConnector = k > 0 && isConnector(run[run.startIndex + k - 1])
                let weakKind = (e.kind == .city || e.kind == .capital || e.countryPerson) && e.kind != .cue
                if afterConnector || !(previousIsNameWord && weakKind) { noteCountry(unit, inName: true) }
                previousIsNameWord = false
            } else {
                previousIsNameWord = !isConnector(unit)
            }
        }
    }

    // MARK: What is found

    /// A mention of the country a gazetteer phrase names, or holds ("Bank of
    /// Japan"); a currency that needs an amount before it counts only after one.
    mutating func noteCountry(_ unit: PhraseUnit, inName: Bool) {
        guard !unit.isPlainWord else { return }
        let e = entry(unit)
        appendMention(unit, e, inName: inName, needsConfirmation: e.countryConfirm)
    }

    mutating func appendMention(_ unit: PhraseUnit, _ e: PhraseEntry, inName: Bool, needsConfirmation: Bool) {
        let country = e.country >= 0 ? e.country : e.innerCountry
        guard country >= 0 else { return }
        if e.countryAmount && !afterAmount(Int(unit.firstToken)) { return }
        mentions.append(CountryMention(country: country, kind: e.country >= 0 ? e.kind : .name,
                                       headline: segment == .headline, sentence: firstToken(unit).sentence,
                                       inName: inName || e.country < 0, needsConfirmation: needsConfirmation,
                                       token: unit.firstToken, lastToken: unit.lastToken))
    }

    /// Does an amount ("30", "1.5 mln") come just before token `i`?
    func afterAmount(_ i: Int) -> Bool {
        guard i > 0 else { return false }
        let previous = tokens[i - 1]
        return previous.has(TokenFlags.number) || NameSegmenter.amountWords.contains(previous.hash)
    }

    /// An actor the gazetteer knows, and the country its name holds.
    mutating func addKnownActor(_ unit: PhraseUnit, _ e: PhraseEntry, titled: Bool = false) {
        let t = firstToken(unit)
        occurrences.append(ActorOccurrence(segment: segment, firstToken: unit.firstToken, lastToken: unit.lastToken,
                                           actor: e.actor, titled: titled, hasOrgCue: false,
                                           sentenceInitial: t.has(TokenFlags.sentenceStart), sentence: t.sentence,
                                           ambiguousAlias: e.actorAmbiguous))
        if e.innerCountry >= 0 || e.country >= 0 { noteCountry(unit, inName: true) }
    }

    /// A name the gazetteer does not know.
    mutating func addOccurrence(_ run: ArraySlice<PhraseUnit>, titled: Bool) {
        guard let first = run.first, let last = run.last else { return }
        let t = firstToken(first)
        // "Unilever Plc", "Fiat SpA": a company form counts as a cue too.
        occurrences.append(ActorOccurrence(segment: segment, firstToken: first.firstToken, lastToken: last.lastToken,
                                           actor: -1, titled: titled, hasOrgCue: run.contains { isOrgCue($0) },
                                           sentenceInitial: t.has(TokenFlags.sentenceStart), sentence: t.sentence,
                                           ambiguousAlias: false))
    }

    // MARK: Text whose capitals mean nothing (all-caps headlines)

    /// Only gazetteer phrases are taken; those that may be ordinary words
    /// ("US", "WHO", "TURKEY") or other places (cities: "PARIS HILTON") need
    /// the rest of the article to name the same country or actor.
    mutating func scanWithoutCase() {
        scanWithoutCase(matcher.units(tokens, matchCase: false))
    }

    /// The same, on the segment's phrases matched without case.
    mutating func scanWithoutCase(_ units: [PhraseUnit]) {
        for unit in units where !unit.isPlainWord {
            let e = entry(unit)
            if e.actor >= 0 {
                occurrences.append(ActorOccurrence(segment: segment, firstToken: unit.firstToken, lastToken: unit.lastToken,
                                                   actor: e.actor, titled: false, hasOrgCue: false, sentenceInitial: false,
                                                   sentence: firstToken(unit).sentence, ambiguousAlias: e.actorAmbiguous))
            }
            let weak = e.countryAmbiguous || e.countryConfirm || e.countryPerson
                || e.kind == .city || e.kind == .capital || e.kind == .region
            appendMention(unit, e, inName: false, needsConfirmation: weak)
        }
    }
}
