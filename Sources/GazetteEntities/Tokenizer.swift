// Splits UTF-8 text into tokens on bytes only, in one pass: whitespace and
// line breaks, ticker symbols, punctuation and words each have a step below.

struct Tokenizer {
    /// Word classes, the longest phrase each word opens and its case
    /// statistic (`Lexicon`), looked up once as each token is made.
    let words: HashMap64

    /// Appends the tokens of `text` to `tokens`. `sentenceBase` numbers sentences.
    func tokenize(_ text: UnsafeBufferPointer<UInt8>, into tokens: inout [Token], sentenceBase: Int32 = 0) {
        var tickers: [Ticker] = []
        tokenize(text, into: &tokens, tickers: &tickers, sentenceBase: sentenceBase)
    }

    /// Also collects the exchange suffixes of ticker symbols ("<BCS.L>").
    func tokenize(_ text: UnsafeBufferPointer<UInt8>, into tokens: inout [Token], tickers: inout [Ticker],
                  sentenceBase: Int32 = 0) {
        var layout = TextLayout(sentence: sentenceBase)
        let first = tokens.count
        var i = 0
        while i < text.count {
            if let next = layout.skipSpace(text, at: i) {
                i = next
            } else if text[i] == 0x3C,
                      let next = skipTickerSymbol(text, at: i, tokens: &tokens, tickers: &tickers, sentence: layout.sentence) {
                i = next
            } else if !isWordLead(text[i]) {
                i = layout.notePunctuation(text, at: i, tokens: &tokens)
            } else {
                let word = ScannedWord(text, from: i)
                var flags = word.flags
                let lexicon = words.get(word.hash) ?? 0
                let wordClass = Lexicon.wordClass(lexicon)
                layout.markLineAndSentenceStarts(&flags, wordClass: wordClass, previous: tokens.last)
                tokens.append(Token(start: Int32(word.start), end: Int32(word.end), hash: word.hash, flags: flags,
                                    after: 0, wordClass: wordClass, sentence: layout.sentence,
                                    phraseMax: Lexicon.phraseMax(lexicon), caseBucket: Lexicon.caseBucket(lexicon)))
                i = word.next
            }
        }
        joinSplitPossessives(text, tokens: &tokens, from: first, tickers: &tickers)
    }

    /// Text split into tokens already ("Germany 's", "Farmers ' Union", as
    /// annotated corpora write it): the `s` after a space and an apostrophe
    /// is the previous word's possessive, as "Germany's" is. The `s` is
    /// dropped, and the word is flagged and takes over what followed it.
    /// Raw news never writes this, so the pass changes nothing there.
    func joinSplitPossessives(_ text: UnsafeBufferPointer<UInt8>, tokens: inout [Token], from first: Int,
                              tickers: inout [Ticker]) {
        var k = first + 1
        while k < tokens.count {
            let t = tokens[k], p = tokens[k - 1]
            let s = Int(t.start), e = Int(p.end)
            if t.end == t.start + 1 && (text[s] | 0x20) == 0x73 && s >= 2 && text[s - 1] == 0x27 && text[s - 2] == 0x20
                && p.after == After.bracket.rawValue && e == s - 2 {
                tokens[k - 1].flags |= TokenFlags.possessive
                tokens[k - 1].after = t.after
                tokens.remove(at: k)
                for j in tickers.indices where tickers[j].token > Int32(k) { tickers[j].token -= 1 }
                continue
            }
            if p.after == After.bracket.rawValue && (text[e - 1] | 0x20) == 0x73 && !p.has(TokenFlags.possessive)
                && s == e + 3 && text[e] == 0x20 && text[e + 1] == 0x27 && text[e + 2] == 0x20 {
                tokens[k - 1].flags |= TokenFlags.possessive
                tokens[k - 1].after = After.space.rawValue
            }
            k += 1
        }
    }

    /// The key of a ticker symbol without an exchange suffix among the
    /// exchanges (`-` in the gazetteer): a hash no suffix of letters has.
    static let unsuffixedTicker = fnvMix(fnvOffset, 0x2D)

    /// Newswire ticker symbols ("<UK>", "<LASL.L>") are no words of the story:
    /// skipped, with the exchange suffix ("L") kept as evidence of where the
    /// company is listed. `i` is at a "<"; returns where the text goes on, or
    /// nil when no ticker symbol opens there.
    func skipTickerSymbol(_ text: UnsafeBufferPointer<UInt8>, at i: Int, tokens: inout [Token], tickers: inout [Ticker],
                          sentence: Int32) -> Int? {
        let n = text.count
        var close = i + 1
        while close < n && close - i <= 12 && text[close] != 0x3E && text[close] > 0x20 { close += 1 }
        guard close < n && text[close] == 0x3E && close > i + 1 else { return nil }
        for b in text[(i + 1)..<close] where isASCIILetter(b) && !isUpperASCII(b) { return nil }
        var dot = close - 1
        while dot > i + 1 && text[dot] != 0x2E { dot -= 1 }
        let suffixLength = close - dot - 1
        if text[dot] == 0x2E && dot > i + 1 && suffixLength >= 1 && suffixLength <= 2 {
            // Hashed as a token would be, to look it up among the exchanges.
            var h = fnvOffset
            for b in text[(dot + 1)..<close] { h = fnvMix(h, b | 0x20) }
            tickers.append(Ticker(hash: h, sentence: sentence, token: Int32(tokens.count)))
        } else if text[dot] != 0x2E && text[(i + 1)..<close].contains(where: isASCIILetter) {
            // No suffix ("<IBM>"): the exchanges' table says where such codes are listed.
            tickers.append(Ticker(hash: Tokenizer.unsuffixedTicker, sentence: sentence, token: Int32(tokens.count)))
        }
        if !tokens.isEmpty && tokens[tokens.count - 1].after == 0 {
            tokens[tokens.count - 1].after = After.bracket.rawValue
        }
        return close + 1
    }
}

/// What the tokenizer remembers between tokens: line and paragraph breaks,
/// a pending hyphen, and where sentences start.
struct TextLayout {
    var sentence: Int32
    var atSentenceStart = true
    var atParagraph = true
    var newlines = 0
    var indentAfterNewline = false
    var hyphenPending = false

    init(sentence: Int32) { self.sentence = sentence }

    /// Skips one whitespace character, remembering line breaks and indents;
    /// nil when `at` holds none.
    @inline(__always)
    mutating func skipSpace(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let c = text[i]
        if c == 0x20 || c == 0x09 || c == 0x0D {
            if newlines > 0 && c != 0x0D { indentAfterNewline = true }
            return i + 1
        }
        if c == 0x0A {
            newlines += 1
            indentAfterNewline = false
            hyphenPending = false
            return i + 1
        }
        if c == 0xC2 && i + 1 < text.count && text[i + 1] == 0xA0 { return i + 2 }   // no-break space
        return nil
    }

    /// Records what the punctuation at `i` means for the previous token
    /// (comma, sentence end, colon, bracket, dash) and returns where the text
    /// goes on. A hyphen between two words joins them instead.
    mutating func notePunctuation(_ text: UnsafeBufferPointer<UInt8>, at i: Int, tokens: inout [Token]) -> Int {
        let c = text[i]
        if c == 0x2D && !tokens.isEmpty && joinsWords(text, hyphenAt: i) {
            hyphenPending = true
            return i + 1
        }
        let (kind, width) = TextLayout.punctuation(text, at: i)
        if !tokens.isEmpty && kind.rawValue > tokens[tokens.count - 1].after
            && tokens[tokens.count - 1].after != After.sentenceEnd.rawValue {
            var last = tokens[tokens.count - 1]
            if kind == .sentenceEnd {
                // "Mr." "Corp." "J." and "U.S." keep their full stop.
                let abbreviation = last.wordClass & WordClass.abbrev != 0
                    || last.has(TokenFlags.initial) || last.has(TokenFlags.dotted)
                if !abbreviation || c != 0x2E {
                    last.after = kind.rawValue
                    tokens[tokens.count - 1] = last
                    atSentenceStart = true
                }
            } else {
                last.after = kind.rawValue
                tokens[tokens.count - 1] = last
                if kind == .colon { atSentenceStart = true }
            }
        }
        hyphenPending = false
        return i + width
    }

    /// "word-word" joins; " - ", "--" and a hyphen at a line break separate.
    @inline(__always)
    func joinsWords(_ text: UnsafeBufferPointer<UInt8>, hyphenAt i: Int) -> Bool {
        i > 0 && (isWordLead(text[i - 1]) || text[i - 1] == 0x2E)
            && i + 1 < text.count && isWordLead(text[i + 1]) && newlines == 0
    }

    /// The kind of the punctuation at `i`, and its width in bytes.
    static func punctuation(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (After, Int) {
        let c = text[i]
        switch c {
        case 0x2C: return (.comma, 1)                                     // ,
        case 0x2E, 0x21, 0x3F: return (.sentenceEnd, 1)                   // . ! ?
        case 0x3A, 0x3B: return (.colon, 1)                               // : ;
        case 0x2D: return (.dash, 1)                                      // -
        case 0xE2:
            guard i + 2 < text.count && text[i + 1] == 0x80 else { return (.bracket, 3) }
            switch text[i + 2] {
            case 0x93, 0x94, 0x95: return (.dash, 3)                      // en/em dash
            case 0xA6: return (.sentenceEnd, 3)                           // ellipsis
            default: return (.bracket, 3)                                 // curly quotes etc.
            }
        case 0xC2: return (.bracket, 2)
        default:
            // Brackets, quotes, a stray ', and any other symbol.
            return (.bracket, c >= 0x80 ? utf8Length(c) : 1)
        }
    }

    /// Sets a new word's line, sentence and paragraph flags from the breaks
    /// and punctuation before it, and starts a new sentence when it opens one.
    @inline(__always)
    mutating func markLineAndSentenceStarts(_ flags: inout UInt16, wordClass: UInt8, previous: Token?) {
        if newlines > 0 {
            flags |= TokenFlags.lineStart
            if newlines > 1 || indentAfterNewline { atParagraph = true; atSentenceStart = true }
            // A line that follows a number or a punctuated line end starts afresh
            // (tables, lists, earnings reports).
            if let prev = previous, prev.has(TokenFlags.number) || prev.after != 0 {
                atSentenceStart = true
            }
        }
        if hyphenPending { flags |= TokenFlags.hyphenBefore }
        // "...in the U.S. The ..." - a dotted word may end a sentence.
        if !atSentenceStart, let prev = previous,
           prev.has(TokenFlags.dotted) || prev.has(TokenFlags.initial) || prev.wordClass & WordClass.abbrev != 0,
           prev.after == 0, flags & TokenFlags.cap != 0, wordClass & WordClass.stop != 0 {
            atSentenceStart = true
        }
        if atSentenceStart && !hyphenPending {
            flags |= TokenFlags.sentenceStart
            if previous != nil { sentence += 1 }
        }
        if atParagraph { flags |= TokenFlags.paragraphStart }
        atSentenceStart = false
        atParagraph = false
        newlines = 0
        indentAfterNewline = false
        hyphenPending = false
    }
}

/// One word read from the text: its bytes, hash and token flags. ASCII
/// letters are hashed in lower case (and Latin-1 capitals folded), so that
/// capitals never split a word's hash.
struct ScannedWord {
    let start: Int
    /// End of the word's bytes.
    let end: Int
    /// Where the text goes on: after the word and a possessive's 's.
    let next: Int
    let hash: UInt64
    /// Case, number, dotted, possessive, initial (the rest are the layout's).
    let flags: UInt16

    /// Reads the word that starts at `start` (a byte for which `isWordLead` holds).
    init(_ text: UnsafeBufferPointer<UInt8>, from start: Int) {
        // One loop over the bytes on local variables: the tokenizer's hot
        // path. (Split into methods on `self`, it ran 10% more instructions:
        // the compiler stopped inlining them.)
        let n = text.count
        let c = text[start]
        var h = fnvOffset
        var letters = 0, uppers = 0
        var firstUpper = false, firstLower = false
        let firstDigit = isDigit(c)
        var dotted = false
        var j = start
        scan: while j < n {
            let d = text[j]
            if d < 0x80 {
                if isASCIILetter(d) {
                    let upper = isUpperASCII(d)
                    if letters == 0 && j == start { firstUpper = upper; firstLower = !upper }
                    letters += 1
                    if upper { uppers += 1 }
                    h = fnvMix(h, d | 0x20)
                    j += 1
                    // The lower-case letters after it, most of any text, in a tighter loop.
                    while j < n {
                        let e = text[j]
                        guard e &- 0x61 < 26 else { break }
                        letters += 1
                        h = fnvMix(h, e)
                        j += 1
                    }
                    continue
                }
                if isDigit(d) {
                    h = fnvMix(h, d)
                    j += 1
                    continue
                }
                if d == 0x27, j + 1 < n {                                 // '
                    // Inside a word ("O'Neill") it belongs to the word; 's does not.
                    let e = text[j + 1]
                    if (e == 0x73 || e == 0x53) && (j + 2 >= n || !isWordLead(text[j + 2])) { break scan }
                    if isASCIILetter(e) { h = fnvMix(h, 0x27); j += 1; continue }
                    break scan
                }
                if (d == 0x2C || d == 0x2E) && firstDigit && j + 1 < n && isDigit(text[j + 1]) {
                    h = fnvMix(h, d)                                      // 1,234.5
                    j += 1
                    continue
                }
                if d == 0x2E && letters == 1 && j == start + 1 && j + 2 < n
                    && isASCIILetter(text[j + 1]) && text[j + 2] == 0x2E {
                    // "U.S.", "N.Z.": letters and full stops, the last one included.
                    dotted = true
                    while j + 2 < n && text[j] == 0x2E && isASCIILetter(text[j + 1]) && text[j + 2] == 0x2E {
                        h = fnvMix(h, 0x2E)
                        let e = text[j + 1]
                        letters += 1
                        if isUpperASCII(e) { uppers += 1 }
                        h = fnvMix(h, e | 0x20)
                        j += 2
                    }
                    h = fnvMix(h, 0x2E)
                    j += 1
                    break scan
                }
                if d == 0x26 && j + 1 < n && (isASCIILetter(text[j + 1]) || isDigit(text[j + 1])) && j > start {
                    h = fnvMix(h, 0x26)                                   // AT&T
                    j += 1
                    continue
                }
                break scan
            }
            if d == 0xE2 {
                // ’ inside a word is an apostrophe ("d’Ivoire"); ’s is a possessive.
                if j + 3 < n && text[j + 1] == 0x80 && text[j + 2] == 0x99 {
                    let e = text[j + 3]
                    if (e == 0x73 || e == 0x53) && (j + 4 >= n || !isWordLead(text[j + 4])) { break scan }
                    if isASCIILetter(e) { h = fnvMix(h, 0x27); j += 3; continue }
                }
                break scan
            }
            if d == 0xC2 { break scan }
            if d == 0xC3 && j + 1 < n {
                // Latin-1 letters: fold À-Þ to à-þ so case does not split hashes.
                var e = text[j + 1]
                let upper = e >= 0x80 && e <= 0x9E && e != 0x97
                if upper { e += 0x20 }
                if letters == 0 && j == start { firstUpper = upper; firstLower = !upper }
                letters += 1
                if upper { uppers += 1 }
                h = fnvMix(fnvMix(h, 0xC3), e)
                j += 2
                continue
            }
            if d < 0xC0 {                                                 // stray continuation byte
                h = fnvMix(h, d)
                j += 1
                continue
            }
            // Other letters: no case to tell.
            let length = utf8Length(d)
            if letters == 0 && j == start { firstUpper = false; firstLower = false }
            letters += 1
            var k = 0
            while k < length && j + k < n { h = fnvMix(h, text[j + k]); k += 1 }
            j += length
        }
        // "d'Electricite", "l'Oreal": an elided article before a capital is
        // part of a name, so the word counts as capitalised.
        if firstLower && j - start > 3 && (c == 0x64 || c == 0x6C) && text[start + 1] == 0x27 && isUpperASCII(text[start + 2]) {
            firstLower = false
            firstUpper = true
        }
        var flags: UInt16 = 0
        if firstUpper { flags |= TokenFlags.cap }
        if firstLower { flags |= TokenFlags.lower }
        if letters > 0 && uppers == letters && (letters > 1 || dotted) { flags |= TokenFlags.allCaps }
        if firstDigit { flags |= TokenFlags.number }
        if dotted { flags |= TokenFlags.dotted }
        var next = j
        if let after = ScannedWord.possessiveEnd(text, start: start, end: j) {
            flags |= TokenFlags.possessive
            next = after
        }
        // A single letter and a full stop is an initial, unless the
        // sentence really ends there (then the next word says so).
        if !dotted && letters == 1 && j == start + 1 && next < n && text[next] == 0x2E && firstUpper {
            flags |= TokenFlags.initial
        }
        self.start = start
        self.end = j
        self.next = next
        self.hash = h
        self.flags = flags
    }

    /// Where a possessive after the word ends: 's, ’s, or a bare ' after a
    /// plural ("banks' loans"); nil when none follows.
    @inline(__always)
    static func possessiveEnd(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int? {
        let n = text.count
        let j = end
        guard j < n else { return nil }
        if text[j] == 0x27 && j + 1 < n && (text[j + 1] == 0x73 || text[j + 1] == 0x53) { return j + 2 }
        if text[j] == 0xE2 && j + 3 < n && text[j + 1] == 0x80 && text[j + 2] == 0x99
            && (text[j + 3] == 0x73 || text[j + 3] == 0x53) {
            return j + 4
        }
        if text[j] == 0x27 && end > start && text[end - 1] == 0x73 { return j + 1 }
        return nil
    }
}
