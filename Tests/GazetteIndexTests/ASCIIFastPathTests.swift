@testable import GazetteEntities
@testable import GazetteIndex
import Testing

/// Actor keys and name words of ASCII text are made from bytes, for the
/// indexer's speed; they must be what the Unicode rules make of the same text.
@Suite struct ASCIIFastPathTests {
    /// Every ASCII byte alone and beside a letter, names as written, and
    /// pseudo-random ASCII strings (a fixed seed: the same strings every run).
    static let texts: [String] = {
        var texts = ["Vladimir Putin", "  IMF\t\tchief \r\n ", "O'Brien-Smith Jr.", "U.S. Federal Reserve", "", " ",
                     "G7", "ABC123 x_y", "a\u{0B}b\u{0C}c\u{1C}d\u{1F}e\u{7F}"]
        for byte in UInt8(0)..<0x80 {
            let c = String(decoding: [byte], as: UTF8.self)
            texts += [c, "A" + c + "b", c + c + "Z"]
        }
        var state: UInt64 = 0x1234_5678
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 33) & 0x7F)
            }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        return texts
    }()

    @Test func actorKeysOfASCIINamesAreTheUnicodeKeys() {
        for text in Self.texts { #expect(Names.asciiKey(text) == Names.unicodeKey(text), "\(text.debugDescription)") }
        #expect(Names.asciiKey("O’Brien") == nil)
        #expect(Names.key("  Vladimir   PUTIN ") == "vladimir putin")
        #expect(Names.key("O’Brien") == "o'brien")
    }

    @Test func wordsOfASCIITextAreTheUnicodeWords() {
        for text in Self.texts {
            #expect(Schema.asciiWords(of: text) == Schema.unicodeWords(of: text), "\(text.debugDescription)")
        }
        #expect(Schema.asciiWords(of: "Jean-Claude Juncker") == ["jean", "claude", "juncker"])
        #expect(Schema.asciiWords(of: "Zoë") == nil)
        #expect(Schema.words(of: "Zoë Ball") == ["zoë", "ball"])
    }

    @Test func synonymWordsOfASCIITextAreTheUnicodeWords() {
        let texts = Self.texts + ["U.S.S.R.", "ISIS-K", "Germany's", "U.S.'s", "it's", "'s", "s'", "a''s", "..'s.", "O'Neill's"]
        for text in texts {
            for dropping in [false, true] {
                #expect(SynonymTable.asciiWords(of: text, droppingPossessives: dropping)
                            == SynonymTable.unicodeWords(of: text, droppingPossessives: dropping),
                        "\(text.debugDescription) dropping: \(dropping)")
            }
        }
        #expect(SynonymTable.words(of: "U.S.S.R.'s Foreign-Ministry", droppingPossessives: true) == ["ussr", "foreign", "ministry"])
        #expect(SynonymTable.asciiWords(of: "Zoë", droppingPossessives: false) == nil)
        #expect(SynonymTable.words(of: "Côte d’Ivoire’s", droppingPossessives: true) == ["côte", "divoire"])
    }
}
