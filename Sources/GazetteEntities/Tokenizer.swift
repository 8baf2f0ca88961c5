// Splits UTF-8 text into word tokens with the facts the rules need
// (capitalisation, sentence starts, punctuation that follows), on bytes only.

struct TokenFlags {
    static let cap: UInt16 = 1            // first letter upper-case
    static let allCaps: UInt16 = 2        // every letter upper-case (and at least one)
    static let lower: UInt16 = 4          // first letter lower-case
    static let number: UInt16 = 8         // starts with a digit
    static let dotted: UInt16 = 16        // "U.S.", "N.Z.": letters and full stops
    static let possessive: UInt16 = 32    // followed by 's (stripped)
    static let hyphenBefore: UInt16 = 64  // joined to the previous token by a hyphen
    static let sentenceStart: UInt16 = 128
    static let lineStart: UInt16 = 256
    static let initial: UInt16 = 512      // a single letter followed by a full stop ("J.")
    static let paragraphStart: UInt16 = 1024
}

/// What stands between a token and the next one.
enum After: UInt8 {
    case space = 0, comma, sentenceEnd, colon, bracket, dash
}

struct Token {
    var start: Int32
    var end: Int32
    var hash: UInt64
    var flags: UInt16
    var after: UInt8
    var wordClass: UInt8
    var sentence: Int32

    @inline(__always) func has(_ f: UInt16) -> Bool { flags & f != 0 }
    /// Capitalised or all capitals: can be part of a name.
    @inline(__always) var isCapitalised: Bool { flags & (TokenFlags.cap | TokenFlags.allCaps) != 0 }
}

@inline(__always) func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a }
@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) func isUpperASCII(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5a }

/// Bytes that start or continue a word: ASCII letters and digits, and the lead
/// bytes of non-ASCII letters (0xC3-0xDF, 0xE3-0xEF: Latin, Greek, Cyrillic,
/// CJK...). 0xC2 (Latin-1 symbols, no-break space) and 0xE2 (general
/// punctuation: curly quotes, dashes) are not letters.
@inline(__always) func isWordLead(_ c: UInt8) -> Bool {
    if c < 0x80 { return isASCIILetter(c) || isDigit(c) }
    return c >= 0xC3 && c != 0xE2 && c < 0xF8
}

/// Length of a UTF-8 sequence from its lead byte.
@inline(__always) func utf8Length(_ c: UInt8) -> Int {
    if c < 0xC0 { return 1 }
    if c < 0xE0 { return 2 }
    if c < 0xF0 { return 3 }
    return 4
}

/// A ticker symbol's exchange suffix, and where it stood.
struct Ticker {
    var hash: UInt64
    var sentence: Int32
    /// Index of the token that follows it.
    var token: Int32
}

struct Tokenizer {
    /// Word classes, looked up as each token is made (see `WordClass`).
    let words: HashMap64

    /// Appends the tokens of `buf` to `tokens`. `sentenceBase` numbers sentences.
    func tokenize(_ buf: UnsafeBufferPointer<UInt8>, into tokens: inout [Token], sentenceBase: Int32 = 0) {
        var tickers: [Ticker] = []
        tokenize(buf, into: &tokens, tickers: &tickers, sentenceBase: sentenceBase)
    }

    /// Also collects the exchange suffixes of ticker symbols ("<BCS.L>").
    func tokenize(_ buf: UnsafeBufferPointer<UInt8>, into tokens: inout [Token], tickers: inout [Ticker],
                  sentenceBase: Int32 = 0) {
        let n = buf.count
        var i = 0
        var sentence = sentenceBase
        var atSentenceStart = true
        var atParagraph = true
        var newlines = 0
        var indentAfterNewline = false
        var hyphenPending = false
        while i < n {
            let c = buf[i]
            // Whitespace, remembering line and paragraph breaks.
            if c == 0x20 || c == 0x09 || c == 0x0D {
                if newlines > 0 && c != 0x0D { indentAfterNewline = true }
                i += 1
                continue
            }
            if c == 0x0A {
                newlines += 1
                indentAfterNewline = false
                hyphenPending = false
                i += 1
                continue
            }
            if c == 0xC2 && i + 1 < n && buf[i + 1] == 0xA0 { i += 2; continue }  // no-break space

            // Newswire ticker symbols, "<UK>" "<LASL.L>": no words of the story.
            if c == 0x3C {
                var k = i + 1
                while k < n && k - i <= 12 && buf[k] != 0x3E && buf[k] > 0x20 { k += 1 }
                if k < n && buf[k] == 0x3E && k > i + 1 {
                    var upper = true
                    for b in buf[(i + 1)..<k] where isASCIILetter(b) && !isUpperASCII(b) { upper = false }
                    if upper {
                        // The exchange suffix ("L" in "BCS.L") says where the
                        // company is listed, hashed as a token would be.
                        var dot = k - 1
                        while dot > i + 1 && buf[dot] != 0x2E { dot -= 1 }
                        if buf[dot] == 0x2E && dot > i + 1 && k - dot - 1 >= 1 && k - dot - 1 <= 2 {
                            var h = fnvOffset
                            for b in buf[(dot + 1)..<k] { h = (h ^ UInt64(b | 0x20)) &* fnvPrime }
                            tickers.append(Ticker(hash: h, sentence: sentence, token: Int32(tokens.count)))
                        }
                        if !tokens.isEmpty && tokens[tokens.count - 1].after == 0 {
                            tokens[tokens.count - 1].after = After.bracket.rawValue
                        }
                        i = k + 1
                        continue
                    }
                }
            }
            if !isWordLead(c) {
                // Punctuation: record what it means for the previous token.
                var cls: After = .space
                var width = 1
                switch c {
                case 0x2C: cls = .comma                                // ,
                case 0x2E, 0x21, 0x3F: cls = .sentenceEnd              // . ! ?
                case 0x3A, 0x3B: cls = .colon                          // : ;
                case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x22: cls = .bracket
                case 0x2D:                                             // -
                    // "word-word" joins; " - " and "--" separate.
                    if !tokens.isEmpty, i > 0, isWordLead(buf[i - 1]) || buf[i - 1] == 0x2E,
                       i + 1 < n, isWordLead(buf[i + 1]), newlines == 0 {
                        hyphenPending = true
                        i += 1
                        continue
                    }
                    cls = .dash
                case 0x27: cls = .bracket                               // stray '
                case 0xE2:
                    width = 3
                    if i + 2 < n && buf[i + 1] == 0x80 {
                        switch buf[i + 2] {
                        case 0x93, 0x94, 0x95: cls = .dash              // en/em dash
                        case 0xA6: cls = .sentenceEnd                   // ellipsis
                        default: cls = .bracket                         // curly quotes etc.
                        }
                    } else {
                        cls = .bracket
                    }
                case 0xC2: width = 2; cls = .bracket
                default:
                    if c >= 0x80 { width = utf8Length(c) }
                    cls = c >= 0x80 ? .bracket : .bracket
                }
                if !tokens.isEmpty && cls.rawValue > tokens[tokens.count - 1].after
                    && tokens[tokens.count - 1].after != After.sentenceEnd.rawValue {
                    var last = tokens[tokens.count - 1]
                    if cls == .sentenceEnd {
                        // "Mr." "Corp." "J." and "U.S." keep their full stop.
                        let abbrev = last.wordClass & WordClass.abbrev != 0
                            || last.has(TokenFlags.initial) || last.has(TokenFlags.dotted)
                        if !abbrev || c != 0x2E {
                            last.after = cls.rawValue
                            tokens[tokens.count - 1] = last
                            atSentenceStart = true
                        }
                    } else {
                        last.after = cls.rawValue
                        tokens[tokens.count - 1] = last
                        if cls == .colon { atSentenceStart = true }
                    }
                }
                hyphenPending = false
                i += width
                continue
            }

            // A word.
            let start = i
            var h = fnvOffset
            var letters = 0, uppers = 0
            var firstUpper = false, firstLower = false
            let firstDigit = isDigit(c)
            var dotted = false
            var j = i
            scan: while j < n {
                let d = buf[j]
                if d < 0x80 {
                    if isASCIILetter(d) {
                        let up = isUpperASCII(d)
                        if letters == 0 && j == start { firstUpper = up; firstLower = !up }
                        letters += 1
                        if up { uppers += 1 }
                        h = (h ^ UInt64(d | 0x20)) &* fnvPrime
                        j += 1
                        continue
                    }
                    if isDigit(d) {
                        h = (h ^ UInt64(d)) &* fnvPrime
                        j += 1
                        continue
                    }
                    if d == 0x27, j + 1 < n {                            // '
                        let e = buf[j + 1]
                        if (e == 0x73 || e == 0x53) && (j + 2 >= n || !isWordLead(buf[j + 2])) { break scan }
                        if isASCIILetter(e) { h = (h ^ 0x27) &* fnvPrime; j += 1; continue }
                        break scan
                    }
                    if (d == 0x2C || d == 0x2E) && firstDigit && j + 1 < n && isDigit(buf[j + 1]) {
                        h = (h ^ UInt64(d)) &* fnvPrime                 // 1,234.5
                        j += 1
                        continue
                    }
                    if d == 0x2E && letters == 1 && j == start + 1 && j + 2 < n
                        && isASCIILetter(buf[j + 1]) && buf[j + 2] == 0x2E {
                        dotted = true                                    // U.S.
                        while j + 2 < n && buf[j] == 0x2E && isASCIILetter(buf[j + 1]) && buf[j + 2] == 0x2E {
                            h = (h ^ 0x2E) &* fnvPrime
                            let e = buf[j + 1]
                            letters += 1
                            if isUpperASCII(e) { uppers += 1 }
                            h = (h ^ UInt64(e | 0x20)) &* fnvPrime
                            j += 2
                        }
                        h = (h ^ 0x2E) &* fnvPrime
                        j += 1
                        break scan
                    }
                    if d == 0x26 && j + 1 < n && (isASCIILetter(buf[j + 1]) || isDigit(buf[j + 1])) && j > start {
                        h = (h ^ 0x26) &* fnvPrime                      // AT&T
                        j += 1
                        continue
                    }
                    break scan
                }
                if d == 0xE2 {
                    // ’ inside a word is an apostrophe ("d’Ivoire"); ’s is a possessive.
                    if j + 3 < n && buf[j + 1] == 0x80 && buf[j + 2] == 0x99 {
                        let e = buf[j + 3]
                        if (e == 0x73 || e == 0x53) && (j + 4 >= n || !isWordLead(buf[j + 4])) { break scan }
                        if isASCIILetter(e) { h = (h ^ 0x27) &* fnvPrime; j += 3; continue }
                    }
                    break scan
                }
                if d == 0xC2 { break scan }
                if d == 0xC3 && j + 1 < n {
                    // Latin-1 letters: fold À-Þ to à-þ so case does not split hashes.
                    var e = buf[j + 1]
                    let up = e >= 0x80 && e <= 0x9E && e != 0x97
                    if up { e += 0x20 }
                    if letters == 0 && j == start { firstUpper = up; firstLower = !up }
                    letters += 1
                    if up { uppers += 1 }
                    h = (h ^ 0xC3) &* fnvPrime
                    h = (h ^ UInt64(e)) &* fnvPrime
                    j += 2
                    continue
                }
                if d >= 0x80 && d < 0xC0 {                                // stray continuation byte
                    h = (h ^ UInt64(d)) &* fnvPrime
                    j += 1
                    continue
                }
                if d >= 0xC0 {
                    let len = utf8Length(d)
                    if letters == 0 && j == start { firstUpper = false; firstLower = false }
                    letters += 1
                    var k = 0
                    while k < len && j + k < n { h = (h ^ UInt64(buf[j + k])) &* fnvPrime; k += 1 }
                    j += len
                    continue
                }
                break scan
            }
            var end = j
            // "d'Electricite", "l'Oreal": an elided article before a capital is
            // part of a name, so the word counts as capitalised.
            if firstLower && j - start > 3 && (c == 0x64 || c == 0x6C) && buf[start + 1] == 0x27 && isUpperASCII(buf[start + 2]) {
                firstLower = false
                firstUpper = true
            }
            var flags: UInt16 = 0
            if firstUpper { flags |= TokenFlags.cap }
            if firstLower { flags |= TokenFlags.lower }
            if letters > 0 && uppers == letters && (letters > 1 || dotted) { flags |= TokenFlags.allCaps }
            if firstDigit { flags |= TokenFlags.number }
            if dotted { flags |= TokenFlags.dotted }
            // Possessive: 's / ’s / a bare ' after a plural.
            if j < n {
                if buf[j] == 0x27 && j + 1 < n && (buf[j + 1] == 0x73 || buf[j + 1] == 0x53) {
                    flags |= TokenFlags.possessive; j += 2
                } else if buf[j] == 0xE2 && j + 3 < n && buf[j + 1] == 0x80 && buf[j + 2] == 0x99
                            && (buf[j + 3] == 0x73 || buf[j + 3] == 0x53) {
                    flags |= TokenFlags.possessive; j += 4
                } else if buf[j] == 0x27 && end > start && (buf[end - 1] == 0x73) {
                    flags |= TokenFlags.possessive; j += 1
                }
            }
            // A single letter and a full stop is an initial, unless the
            // sentence really ends there (then the next word says so).
            if !dotted && letters == 1 && end == start + 1 && j < n && buf[j] == 0x2E && firstUpper {
                flags |= TokenFlags.initial
            }
            if dotted && end > start + 1 && buf[end - 1] != 0x2E { end = j }

            let wc = words.get(h).map { UInt8(truncatingIfNeeded: $0) } ?? 0
            if newlines > 0 {
                flags |= TokenFlags.lineStart
                if newlines > 1 || indentAfterNewline { atParagraph = true; atSentenceStart = true }
                // A line that follows a number or a punctuated line end starts afresh
                // (tables, lists, earnings reports).
                if let prev = tokens.last, prev.has(TokenFlags.number) || prev.after != 0 {
                    atSentenceStart = true
                }
            }
            if hyphenPending { flags |= TokenFlags.hyphenBefore }
            // "...in the U.S. The ..." - a dotted word may end a sentence.
            if !atSentenceStart, let prev = tokens.last,
               prev.has(TokenFlags.dotted) || prev.has(TokenFlags.initial) || prev.wordClass & WordClass.abbrev != 0,
               prev.after == 0, flags & TokenFlags.cap != 0, wc & WordClass.stop != 0 {
                atSentenceStart = true
            }
            if atSentenceStart && !hyphenPending {
                flags |= TokenFlags.sentenceStart
                if !tokens.isEmpty { sentence += 1 }
            }
            if atParagraph { flags |= TokenFlags.paragraphStart }
            tokens.append(Token(start: Int32(start), end: Int32(end), hash: h, flags: flags,
                                after: 0, wordClass: wc, sentence: sentence))
            atSentenceStart = false
            atParagraph = false
            newlines = 0
            indentAfterNewline = false
            hyphenPending = false
            i = j
        }
    }
}

/// Classes of single words, as bits (from Config/gazetteer/words.tsv).
struct WordClass {
    static let title: UInt8 = 1
    static let orgCue: UInt8 = 2
    static let connector: UInt8 = 4
    static let stop: UInt8 = 8
    static let common: UInt8 = 16
    static let abbrev: UInt8 = 32
    /// In the common English word list (common-words.txt).
    static let dictionary: UInt8 = 64
    /// Ends the name of an event, award, law or work ("Cup", "Act").
    static let event: UInt8 = 128
}
