import Foundation

/// A run of words around the cursor that might name an actor or a country.
public struct NameCandidate: Sendable, Equatable {
    /// The words joined by single spaces, a trailing possessive dropped.
    public var text: String
    /// UTF-8 byte range within the line.
    public var bytes: Range<Int>
    public var words: Int
}

/// Finds the names the cursor may be on: every run of up to `maxWords`
/// capitalised words through the word under the cursor ("Vladimir Putin",
/// "United States", "Bank of Japan"), longest first. Which of them really
/// are names is for the gazetteer and the index to say.
public enum NameCandidates {
    public static let maxWords = 5
    /// Lower-case words that may sit inside a name, never at its ends.
    static let connectors: Set<String> = ["of", "the", "and", "for", "de", "del", "da", "di", "du", "la", "le",
                                          "al", "el", "bin", "van", "von", "y", "&"]

    struct Word {
        var text: String
        var bytes: Range<Int>
        var possessive: Bool
        var capitalised: Bool
        var allCaps: Bool
        var letters: Int
    }

    public static func around(byte cursor: Int, inLine line: String) -> [NameCandidate] {
        let words = self.words(of: line)
        let bytes = Array(line.utf8)
        // The word under the cursor, or the one that ends right before it.
        guard let at = words.firstIndex(where: { $0.bytes.contains(cursor) })
            ?? words.firstIndex(where: { $0.bytes.upperBound == cursor }) else { return [] }
        // A line in capitals (a headline) says nothing about which words are names,
        // and its short words ("AND", "CAN") would read as country codes.
        let letters = words.reduce(0) { $0 + $1.letters }
        let shouting = letters >= 12 && words.filter(\.allCaps).reduce(0) { $0 + $1.letters } * 10 >= letters * 8

        func joinable(_ a: Word, _ b: Word) -> Bool {
            guard !a.possessive else { return false }
            // Only spaces between the two words: a comma or a full stop ends a name.
            let gap = String(decoding: bytes[a.bytes.upperBound..<b.bytes.lowerBound], as: UTF8.self)
            return !gap.isEmpty && gap.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        }

        var found: [NameCandidate] = []
        let first = max(0, at - maxWords + 1)
        for start in first...at {
            for end in at..<min(words.count, start + maxWords) {
                let span = words[start...end]
                guard (start..<end).allSatisfy({ joinable(words[$0], words[$0 + 1]) }) else { continue }
                guard let head = span.first, let tail = span.last, head.capitalised, tail.capitalised,
                      span.allSatisfy({ $0.capitalised || connectors.contains($0.text) }) else { continue }
                if span.count == 1 && head.letters <= 3 && (!head.allCaps || shouting) { continue }
                let text = span.map(\.text).joined(separator: " ")
                found.append(NameCandidate(text: text, bytes: head.bytes.lowerBound..<tail.bytes.upperBound,
                                           words: span.count))
            }
        }
        return found.sorted { $0.words != $1.words ? $0.words > $1.words : $0.bytes.lowerBound < $1.bytes.lowerBound }
    }

    /// Words: letters and digits, with apostrophes, hyphens and dots inside
    /// ("O'Brien", "ISIS-K", "U.S."). A trailing "'s" is a possessive.
    static func words(of line: String) -> [Word] {
        var words: [Word] = []
        let scalars = Array(line.unicodeScalars)
        var offsets: [Int] = []
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += scalar.utf8.count
        }
        offsets.append(offset)

        func isWordScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
        }
        func isJoiner(_ s: Unicode.Scalar) -> Bool { "'’-.&".unicodeScalars.contains(s) }

        var i = 0
        while i < scalars.count {
            guard isWordScalar(scalars[i]) else { i += 1; continue }
            let start = i
            while i < scalars.count {
                if isWordScalar(scalars[i]) { i += 1; continue }
                if isJoiner(scalars[i]) && i + 1 < scalars.count && isWordScalar(scalars[i + 1]) { i += 1; continue }
                break
            }
            var text = String(String.UnicodeScalarView(scalars[start..<i]))
            // "U.S." keeps its last dot when it has dots inside.
            if i < scalars.count && scalars[i] == "." && text.contains(".") {
                text += "."
                i += 1
            }
            var possessive = false
            for suffix in ["'s", "’s", "'S", "’S"] where text.hasSuffix(suffix) && text.count > 2 {
                text.removeLast(2)
                possessive = true
                break
            }
            // A trailing apostrophe after s ("the Smiths' house") is possessive too.
            if !possessive && i < scalars.count && (scalars[i] == "'" || scalars[i] == "’") {
                possessive = true
            }
            let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
            words.append(Word(text: text, bytes: offsets[start]..<(offsets[start] + text.utf8.count),
                              possessive: possessive,
                              capitalised: text.unicodeScalars.first!.properties.isUppercase,
                              allCaps: !letters.isEmpty && letters.allSatisfy { !$0.properties.isLowercase },
                              letters: letters.count))
        }
        return words
    }
}
