import Testing
@testable import GazetteEntities

let matcher = PhraseMatcher(gazetteer: gazetteer)

/// The ISO code of the country a gazetteer entry names.
func countryCode(ofEntry entry: Int32) -> String? {
    let country = gazetteer.entries[Int(entry)].country
    return country >= 0 ? gazetteer.countryList[Int(country)].code : nil
}

/// Runs `body` on one segment of text, its bytes kept alive meanwhile.
func withSegment<T>(_ text: String, _ body: (SegmentText) -> T) -> T {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        var tokens: [Token] = []
        Tokenizer(words: gazetteer.words).tokenize(buffer, into: &tokens)
        return body(SegmentText(tokens: tokens, bytes: buffer))
    }
}

@Suite struct PhraseMatcherTests {
    @Test func theLongestPhraseWins() {
        let t = Tokenized("Papua New Guinea and Guinea")
        let long = matcher.longestMatch(t.tokens, at: 0, matchCase: true)
        #expect(long?.length == 3)
        #expect(long.flatMap { countryCode(ofEntry: $0.entry) } == "PG")
        let short = matcher.longestMatch(t.tokens, at: 4, matchCase: true)
        #expect(short?.length == 1)
        #expect(short.flatMap { countryCode(ofEntry: $0.entry) } == "GN")
        #expect(matcher.longestMatch(t.tokens, at: 3, matchCase: true) == nil)
    }

    @Test func capitalsMustBeTheFormsWhereCaseCarriesMeaning() {
        func code(_ text: String, matchCase: Bool) -> String? {
            matcher.longestMatch(Tokenized(text).tokens, at: 0, matchCase: matchCase).flatMap { countryCode(ofEntry: $0.entry) }
        }
        #expect(code("Turkey", matchCase: true) == "TR")
        #expect(code("TURKEY", matchCase: true) == "TR")
        #expect(code("turkey", matchCase: true) == nil)
        #expect(code("US", matchCase: true) == "US")
        #expect(code("us", matchCase: true) == nil)
        #expect(code("Us", matchCase: true) == nil)
        // In all-caps text capitals tell nothing: any case matches.
        #expect(code("us", matchCase: false) == "US")
    }

    @Test func phrasesStopAtPunctuationButRunOverPossessives() {
        #expect(matcher.longestMatch(Tokenized("New, Zealand").tokens, at: 0, matchCase: true) == nil)
        #expect(matcher.longestMatch(Tokenized("New Zealand's dairy").tokens, at: 0, matchCase: true)?.length == 2)
    }

    @Test func unitsCoverEveryTokenOnceInOrder() {
        let t = Tokenized("The Bank of Japan and New Zealand agreed on Tuesday.")
        let units = matcher.units(t.tokens, matchCase: true)
        #expect(units.map(\.tokenCount) == [1, 3, 1, 2, 1, 1, 1])
        #expect(units.map(\.isPlainWord) == [true, false, true, false, true, true, true])
        for (a, b) in zip(units, units.dropFirst()) { #expect(b.firstToken == a.lastToken + 1) }
        #expect(units.last?.lastToken == Int32(t.tokens.count - 1))
    }

    @Test func aPlaceBeforeAStateIsInThatStatesCountry() {
        let t = Tokenized("Paris, Texas and Paris")
        var units = matcher.units(t.tokens, matchCase: true)
        #expect(countryCode(ofEntry: units[0].entry) == "FR")
        matcher.reassignRegions(&units, t.tokens)
        #expect(countryCode(ofEntry: units[0].entry) == "US")
        #expect(countryCode(ofEntry: units[3].entry) == "FR")
    }
}

/// What `NameSegmenter` found in one text: names as written, and mentions.
struct Segmented {
    var names: [String] = []
    var titled: [String] = []
    var withOrgCue: [String] = []
    var mentions: [(code: String, inName: Bool, needsConfirmation: Bool)] = []

    init(_ text: String, matchCase: Bool = true) {
        self = withSegment(text) { segmentText in
            var lowerCaseWords = LowerCaseWords(expected: segmentText.tokens.count)
            lowerCaseWords.insert(from: segmentText.tokens)
            var segmenter = NameSegmenter(matcher: matcher, segment: .body, text: segmentText, lowerCaseWords: lowerCaseWords)
            if matchCase { segmenter.scanRuns() } else { segmenter.scanWithoutCase() }
            var found = Segmented()
            for o in segmenter.occurrences {
                let name = o.actor >= 0 ? gazetteer.actorNames[Int(o.actor)]
                    : (o.firstToken...o.lastToken).map { k -> String in
                        var bytes: [UInt8] = []
                        segmentText.appendText(of: segmentText.tokens[Int(k)], to: &bytes)
                        return String(decoding: bytes, as: UTF8.self)
                    }.joined(separator: " ")
                found.names.append(name)
                if o.titled { found.titled.append(name) }
                if o.hasOrgCue { found.withOrgCue.append(name) }
            }
            found.mentions = segmenter.mentions.map {
                (gazetteer.countryList[Int($0.country)].code, $0.inName, $0.needsConfirmation)
            }
            return found
        }
    }

    private init() {}
}

@Suite struct NameSegmenterTests {
    @Test func aTitleMarksThePersonAfterItAndIsNoPartOfTheName() {
        let s = Segmented("Treasury Secretary James Baker met Finance Minister Kiichi Miyazawa.")
        #expect(s.names == ["James Baker", "Kiichi Miyazawa"])
        // Known (Miyazawa) or not, the name after a title is titled.
        #expect(s.titled == ["James Baker", "Kiichi Miyazawa"])
        // A known actor's home country counts, as a mention inside a name.
        #expect(s.mentions.map(\.code) == ["JP"] && s.mentions[0].inName)
    }

    @Test func andBetweenTwoCompaniesSplitsThem() {
        let s = Segmented("Shares of Exxon Corp and Mobil Corp rose.")
        #expect(s.names == ["Exxon Corp", "Mobil Corp"])
        #expect(s.withOrgCue == ["Exxon Corp", "Mobil Corp"])
    }

    @Test func ofJoinsANameOnlyAfterACueWord() {
        let s = Segmented("Richard Roe of Acme Research spoke to the Bank of Japan.")
        #expect(s.names == ["Richard Roe", "Acme Research", "Bank of Japan"])
    }

    @Test func aCountryWordOpeningANameStandsApartOrBelongsToIt() {
        let apart = Segmented("It said the Japanese Nomura Securities Co would buy.")
        #expect(apart.names == ["Nomura Securities Co"])
        #expect(apart.mentions.map(\.code) == ["JP"] && !apart.mentions[0].inName)
        let inside = Segmented("Yesterday China Airlines ordered jets.")
        #expect(inside.names == ["China Airlines"])
        #expect(inside.mentions.map(\.code) == ["CN"] && inside.mentions[0].inName)
        // Before a common word the country stands alone: no "U.S. Treasury" actor.
        let alone = Segmented("The U.S. Treasury said.")
        #expect(alone.names.isEmpty)
        #expect(alone.mentions.map(\.code) == ["US"])
    }

    @Test func aFirstNameThatIsACountryIsNoCountryInAName() {
        let s = Segmented("Michael Jordan scored.")
        #expect(s.names == ["Michael Jordan"])
        #expect(s.mentions.isEmpty)
    }

    @Test func withoutCaseOnlyGazetteerPhrasesCountAndWeakOnesWaitForConfirmation() {
        let s = Segmented("WHO SAYS TURKEY AND NEW ZEALAND AGREE", matchCase: false)
        #expect(s.names == ["World Health Organization"])
        #expect(s.mentions.map(\.code) == ["TR", "NZ"])
        #expect(s.mentions.map(\.needsConfirmation) == [true, false])
    }
}

@Suite struct StageRuleTests {
    @Test func capitalsCarryNoMeaningInAllCapsOrTitleCaseHeadlines() {
        func reliable(_ text: String, headline: Bool) -> Bool {
            Extraction.capitalsCarryMeaning(Tokenized(text).tokens, headline: headline)
        }
        #expect(reliable("Brazil seeks new loans from banks", headline: true))
        #expect(!reliable("BRAZIL SEEKS NEW LOANS", headline: true))
        #expect(!reliable("Brazil Seeks New Loans From Creditor Banks", headline: true))
        #expect(reliable("Brazil Seeks New Loans From Creditor Banks", headline: false))
        #expect(!reliable("THE BANK SAID THE LOANS WOULD BE REPAID IN FULL", headline: false))
    }

    @Test func wordsWrittenInLowerCaseAreCommonWords() {
        let t = Tokenized("Total output rose, and the total was high.")
        var lower = LowerCaseWords(expected: t.tokens.count)
        lower.insert(from: t.tokens)
        #expect(lower.isCommonWord(t["Total"]))
        #expect(!lower.isCommonWord(Tokenized("Exxon").tokens[0]))
    }

    @Test func datelineNamesWhereTheStoryHappens() {
        func dateline(_ text: String) -> String? {
            let c = CountryRanking.datelineCountry(Tokenized(text).tokens, matcher: matcher)
            return c >= 0 ? gazetteer.countryList[Int(c)].code : nil
        }
        #expect(dateline("TOKYO, March 3 - Prices were steady.") == "JP")
        #expect(dateline("MOSCOW (Reuters) - Talks resumed.") == "RU")
        #expect(dateline("Tokyo, March 3 - Prices were steady.") == "JP")
        #expect(dateline("Tokyo is where the talks were held.") == nil)
        #expect(dateline("Tokyo, the capital, was quiet on the day the talks were held.") == nil)
    }

    @Test func theUSKeepsTheAdditiveRule() {
        #expect(Salience.isSalientByScore(2.0, top: 6.0))
        #expect(!Salience.isSalientByScore(1.5, top: 1.5))
        #expect(!Salience.isSalientByScore(2.5, top: 10.0))
        #expect(Salience.isSalientByScore(6.0, top: 30.0))
    }
}
