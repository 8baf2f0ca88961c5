import Testing
@testable import GazetteEntities

/// A tokenized text, with each token's words as written.
struct Tokenized {
    let tokens: [Token]
    let tickers: [Ticker]
    let words: [String]

    init(_ text: String) {
        var tokens: [Token] = []
        var tickers: [Ticker] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { Tokenizer(words: gazetteer.words).tokenize($0, into: &tokens, tickers: &tickers) }
        self.tokens = tokens
        self.tickers = tickers
        words = tokens.map { String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
    }

    subscript(_ word: String) -> Token {
        tokens[words.firstIndex(of: word)!]
    }
}

// The tokenizer's steps, one test each: words and their case, hashing,
// sentences, hyphens and dashes, punctuation, ticker symbols, numbers, lines.
@Suite struct TokenizerTests {
    @Test func wordsKeepTheirCaseInFlagsAndPossessivesAreStripped() {
        let t = Tokenized("The U.S. Treasury's NEW plan, l'Oreal")
        #expect(t.words == ["The", "U.S.", "Treasury", "NEW", "plan", "l'Oreal"])
        #expect(t["The"].has(TokenFlags.cap) && !t["The"].has(TokenFlags.allCaps))
        #expect(t["U.S."].has(TokenFlags.dotted) && t["U.S."].has(TokenFlags.allCaps))
        #expect(t["Treasury"].has(TokenFlags.possessive))
        #expect(t["NEW"].has(TokenFlags.allCaps))
        #expect(t["plan"].has(TokenFlags.lower) && !t["plan"].isCapitalised)
        // An elided article before a capital is part of a name.
        #expect(t["l'Oreal"].isCapitalised && !t["l'Oreal"].has(TokenFlags.lower))
    }

    @Test func hashesIgnoreCapitals() {
        let t = Tokenized("Turkey TURKEY turkey École ÉCOLE école")
        #expect(Set(t.tokens[0...2].map(\.hash)).count == 1)
        #expect(Set(t.tokens[3...5].map(\.hash)).count == 1)
        #expect(t.tokens[0].hash != t.tokens[3].hash)
        #expect(t.tokens[0].hash == fnvHash("turkey"))
    }

    @Test func curlyApostrophesAreApostrophes() {
        let t = Tokenized("Côte d’Ivoire’s cocoa")
        #expect(t.words == ["Côte", "d’Ivoire", "cocoa"])
        #expect(t["d’Ivoire"].has(TokenFlags.possessive))
        #expect(Tokenized("d'Ivoire").tokens[0].hash == t["d’Ivoire"].hash)
    }

    @Test func sentencesEndAtFullStopsButNotAtAbbreviations() {
        let t = Tokenized("Mr. Baker met J. Smith in the U.S. The talks ended. Prices fell!")
        #expect(t["Mr"].sentence == 0 && t["Smith"].sentence == 0)
        #expect(!t["Baker"].has(TokenFlags.sentenceStart))
        #expect(t["J"].has(TokenFlags.initial))
        // A dotted word may end a sentence when a capitalised stop word follows.
        #expect(t["The"].sentence == 1 && t["The"].has(TokenFlags.sentenceStart))
        #expect(t["ended"].after == After.sentenceEnd.rawValue)
        #expect(t["Prices"].sentence == 2)
        #expect(Tokenized("Talks: Prices rose").tokens[1].has(TokenFlags.sentenceStart))
    }

    @Test func hyphensJoinWordsAndDashesSeparateThem() {
        let t = Tokenized("The Secretary-General said - again -- and \u{2013} so")
        #expect(t["General"].has(TokenFlags.hyphenBefore))
        #expect(t["Secretary"].after == After.space.rawValue)
        #expect(t["said"].after == After.dash.rawValue)
        #expect(t["again"].after == After.dash.rawValue)
        #expect(t["and"].after == After.dash.rawValue)
        #expect(!t["again"].has(TokenFlags.hyphenBefore))
    }

    @Test func eachTokenKeepsTheStrongestPunctuationAfterIt() {
        let t = Tokenized("Paris, Texas; big (small) \u{201C}quoted\u{201D} end. TOKYO, (Reuters) - Sales")
        #expect(t["Paris"].after == After.comma.rawValue)
        #expect(t["Texas"].after == After.colon.rawValue)
        #expect(t["big"].after == After.bracket.rawValue)
        #expect(t["quoted"].after == After.bracket.rawValue)
        #expect(t["end"].after == After.sentenceEnd.rawValue)
        // A bracket outranks a comma; a dash outranks a bracket.
        #expect(t["TOKYO"].after == After.bracket.rawValue)
        #expect(t["Reuters"].after == After.dash.rawValue)
    }

    @Test func tickerSymbolsAreSkippedAndTheirExchangeKept() {
        let t = Tokenized("Barclays Plc <BCS.L> rose, and <UK> fell; <lower> stays")
        #expect(t.words == ["Barclays", "Plc", "rose", "and", "fell", "lower", "stays"])
        #expect(t["Plc"].after == After.bracket.rawValue)
        #expect(t.tickers.count == 2)
        #expect(t.tickers.first?.hash == fnvHash("l"))
        #expect(t.tickers.first?.token == 2)
        // A symbol without a suffix has a key of its own (the gazetteer's `-`), which no suffix of letters hashes to.
        #expect(t.tickers.last?.hash == Tokenizer.unsuffixedTicker && t.tickers.last?.token == 4)
    }

    @Test func numbersStayWhole() {
        let t = Tokenized("profit of 1,234.5 mln dlrs in 1987.")
        #expect(t.words == ["profit", "of", "1,234.5", "mln", "dlrs", "in", "1987"])
        #expect(t["1,234.5"].has(TokenFlags.number))
        #expect(t["1987"].after == After.sentenceEnd.rawValue)
    }

    @Test func linesAndParagraphsAreMarked() {
        let t = Tokenized("First line\nsecond line\n\nNew paragraph\n  Indented start")
        #expect(t["second"].has(TokenFlags.lineStart) && !t["second"].has(TokenFlags.sentenceStart))
        #expect(t["New"].has(TokenFlags.paragraphStart) && t["New"].has(TokenFlags.sentenceStart))
        #expect(t["Indented"].has(TokenFlags.paragraphStart))
        #expect(t["First"].has(TokenFlags.paragraphStart) && t["First"].sentence == 0)
    }

    @Test func wordClassesComeFromTheWordList() {
        let t = Tokenized("Minister of the Corp")
        #expect(t["Minister"].wordClass & WordClass.title != 0)
        #expect(t["of"].isLowerCaseConnector)
        #expect(t["Corp"].wordClass & WordClass.orgCue != 0)
    }

    @Test func emptyAndPunctuationOnlyTextHaveNoTokens() {
        #expect(Tokenized("").tokens.isEmpty)
        #expect(Tokenized(" \n\t - , . \u{2014} ").tokens.isEmpty)
    }
}
