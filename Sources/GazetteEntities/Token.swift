// The token: one word of the text with the facts the extraction rules need
// (capitalisation, sentence starts, punctuation that follows), found on bytes.

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

/// What stands between a token and the next one. Ordered by strength: a
/// token keeps the strongest punctuation that follows it.
enum After: UInt8 {
    case space = 0, comma, sentenceEnd, colon, bracket, dash
}

/// What `Gazetteer.words` holds for a word's hash, packed in one value so
/// that a token costs one look-up (each is a likely cache miss): its
/// `WordClass` bits, the longest phrase it opens, its case statistic.
enum Lexicon {
    static let phraseShift: Int32 = 8
    static let caseShift: Int32 = 16
    @inline(__always) static func wordClass(_ v: Int32) -> UInt8 { UInt8(truncatingIfNeeded: v) }
    @inline(__always) static func phraseMax(_ v: Int32) -> UInt8 { UInt8(truncatingIfNeeded: v >> phraseShift) }
    @inline(__always) static func caseBucket(_ v: Int32) -> UInt8 { UInt8(truncatingIfNeeded: v >> caseShift) }
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

struct Token {
    /// Byte range of the word in its text (a possessive's 's is left out).
    var start: Int32
    var end: Int32
    /// The word's hash, ASCII letters folded to lower case (see `Tokenizer`).
    var hash: UInt64
    var flags: UInt16
    /// An `After` raw value.
    var after: UInt8
    /// `WordClass` bits.
    var wordClass: UInt8
    var sentence: Int32
    /// Tokens in the longest gazetteer phrase that starts with this word (0: none).
    var phraseMax: UInt8 = 0
    /// How often running news writes the word capitalised mid-sentence
    /// (the tagger's case statistic, bucket 1-4; 0: unknown).
    var caseBucket: UInt8 = 0

    @inline(__always) func has(_ f: UInt16) -> Bool { flags & f != 0 }
    /// Capitalised or all capitals: can be part of a name.
    @inline(__always) var isCapitalised: Bool { flags & (TokenFlags.cap | TokenFlags.allCaps) != 0 }
    @inline(__always) var byteCount: Int32 { end - start }
    /// Lower-case "and", "of": joins the words of a name rather than being one.
    @inline(__always) var isLowerCaseConnector: Bool { wordClass & WordClass.connector != 0 && has(TokenFlags.lower) }
    /// The word whose hash is `word` ("and", "the"), written in lower case.
    @inline(__always) func isLowerCase(_ word: UInt64) -> Bool { hash == word && has(TokenFlags.lower) }
}

/// A ticker symbol's exchange suffix ("L" in "<BCS.L>"), and where it stood.
struct Ticker {
    var hash: UInt64
    var sentence: Int32
    /// Index of the token that follows it.
    var token: Int32
}

/// Which part of an article a token belongs to.
enum Segment {
    case headline, body
}

/// The tokens of one segment and the bytes they point into.
struct SegmentText {
    let tokens: [Token]
    let bytes: UnsafeBufferPointer<UInt8>

    /// The token's text; curly apostrophes become straight ones, so that
    /// "Moody’s" and "Moody's" are one name.
    func appendText(of token: Token, to out: inout [UInt8]) {
        var s = Int(token.start)
        let end = Int(token.end)
        while s < end {
            if bytes[s] == 0xE2 && s + 2 < end && bytes[s + 1] == 0x80 && bytes[s + 2] == 0x99 {
                out.append(0x27); s += 3; continue
            }
            out.append(bytes[s]); s += 1
        }
    }
}

// Byte classes, for UTF-8 text read without decoding.

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
