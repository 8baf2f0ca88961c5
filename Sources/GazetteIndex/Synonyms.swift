import Foundation

/// Names that mean the same thing (USSR, Soviet Union; ISIS-K, Islamic State
/// Khorasan), for widening free-text queries. Made by GazetteService from
/// the gazetteers' aliases and the user's synonym file.
public struct SynonymTable: Sendable, Equatable {
    /// One name of a group: as written, and as the words the index holds.
    public struct Name: Sendable, Equatable {
        public let written: String
        public let words: [String]
    }

    private var groups: [[Name]] = []
    /// The canonical term of each group (CountryNames), by group.
    private var canonical: [Int: String] = [:]
    /// A name's words to the groups holding it.
    private var index: [[String]: [Int]] = [:]
    /// The most words any name has: the longest span worth looking up.
    public private(set) var longestName = 0

    public init() {}

    public var isEmpty: Bool { groups.isEmpty }
    public var groupCount: Int { groups.count }

    /// Adds names that all mean the same thing; names without a word, and
    /// groups of fewer than two distinct names, add nothing. Articles that
    /// write any of the names carry the group's canonical term: `country`'s
    /// (the code of the country the names are), else one made from the
    /// names, so that an actor's name ("OPEC") is one posting list in a
    /// query too, not a phrase for each other name. `canonical` false: none
    /// (the user's own groups, which change more often than an index is
    /// rebuilt: a change to any canonical group turns every canonical term off).
    public mutating func addGroup(_ names: [String], country: String? = nil, canonical hasTerm: Bool = true) {
        var group: [Name] = []
        for written in names {
            let words = Self.words(of: written)
            guard !words.isEmpty, !group.contains(where: { $0.words == words }) else { continue }
            group.append(Name(written: written, words: words))
        }
        guard group.count > 1 else { return }
        for name in group {
            index[name.words, default: []].append(groups.count)
            longestName = max(longestName, name.words.count)
        }
        if hasTerm {
            canonical[groups.count] = country.map(Schema.countryNameTerm(code:)) ?? Schema.groupNameTerm(names: group.map(\.words))
        }
        groups.append(group)
    }

    /// The words of every name, each once (the keys of the index's synonym table).
    public var keys: [[String]] { Array(index.keys) }

    /// The other names of every group that holds a name with these words,
    /// each once (the first written form of its words), in the UTF-8 order of
    /// their written form: the order in which the index's table lists them.
    public func alternatives(to words: [String]) -> [Name] {
        var found: [Name] = []
        for group in index[words] ?? [] {
            for name in groups[group] where name.words != words && !found.contains(where: { $0.words == name.words }) {
                found.append(name)
            }
        }
        return found.sorted { Array($0.written.utf8).lexicographicallyPrecedes($1.written.utf8) }
    }

    /// The canonical terms that stand for every other name of the groups
    /// holding these words; empty when one of those groups has none.
    public func canonicalTerms(for words: [String]) -> [String] {
        let holding = index[words] ?? []
        guard !holding.isEmpty, holding.allSatisfy({ canonical[$0] != nil }) else { return [] }
        return holding.compactMap { canonical[$0] }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The names of every group with their canonical terms, for the
    /// indexer; made on each access (a reader keeps its fingerprint).
    public var countryNames: CountryNames {
        // Read as articles are, a possessive's "'s" dropped: "People's Republic" is "people republic" in both.
        CountryNames(groups: canonical.keys.sorted().map { key in
            (canonical[key]!, groups[key].map { Self.words(of: $0.written, droppingPossessives: true) })
        })
    }

    /// The words of a name as the index holds them: lower case, split at
    /// anything but letters and digits, with the dots of abbreviations and
    /// apostrophes dropped ("U.S.S.R." is "ussr", "ISIS-K" is "isis k").
    /// `droppingPossessives`: a word's "'s" goes too ("Germany's" is
    /// "germany"), as CountryNames reads an article's text.
    public static func words(of text: String, droppingPossessives: Bool = false) -> [String] {
        asciiWords(of: text, droppingPossessives: droppingPossessives)
            ?? unicodeWords(of: text, droppingPossessives: droppingPossessives)
    }

    /// `words(of:)` of ASCII text, made from its bytes (the Unicode rules
    /// over Characters were most of the time a build takes to read the
    /// synonym sources before its threads start); nil for any other text.
    static func asciiWords(of text: String, droppingPossessives: Bool) -> [String]? {
        var words: [String] = []
        var piece: [UInt8] = []
        func endPiece() {
            if droppingPossessives, piece.count >= 2, piece[piece.count - 1] == UInt8(ascii: "s"),
               piece[piece.count - 2] == UInt8(ascii: "'") {
                piece.removeLast(2)
            }
            piece.removeAll { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "'") }
            if !piece.isEmpty { words.append(String(decoding: piece, as: UTF8.self)) }
            piece.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "'"): piece.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): piece.append(byte | 0x20)
            default: if !piece.isEmpty { endPiece() }
            }
        }
        if !piece.isEmpty { endPiece() }
        return words
    }

    /// `words(of:)` by the Unicode rules, for any text.
    static func unicodeWords(of text: String, droppingPossessives: Bool) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || joiners.contains($0)) })
            .compactMap { piece in
                let bare = droppingPossessives && (piece.hasSuffix("'s") || piece.hasSuffix("’s")) ? piece.dropLast(2) : piece
                let word = String(bare.filter { !joiners.contains($0) })
                return word.isEmpty ? nil : word
            }
    }

    /// Dropped inside a word, joining its two sides ("U.S.S.R." is "ussr").
    private static let joiners: Set<Character> = [".", "'", "’"]
}

/// How one span of a query was widened.
public struct SynonymExpansion: Sendable, Equatable {
    /// The words as the user typed them.
    public let words: String
    /// What else the span now matches, as the synonym sources write it.
    public let synonyms: [String]
}

/// Widens the free-text words of a query with their synonyms: each span of
/// words that names a synonym becomes `((span) OR "other name" ...)`. Words
/// in phrases, after a field name, with `+`, `-` or `*`, or beside NEAR and
/// ADJ are left as they are, so the query's syntax keeps its meaning.
///
/// With `canonical` (an index whose articles carry CountryNames' terms), a
/// span whose every group is a country's becomes `((span) OR XK:code)` in
/// the query to run instead: one posting list for all the other names.
/// `text` keeps the names, for highlighting them in snippets.
public enum QueryExpander {
    public static func expand<Lookup: SynonymLookup>(_ text: String, with table: Lookup, canonical: Bool = false)
        throws(Lookup.Failure) -> (text: String, expansions: [SynonymExpansion], query: String) {
        guard table.longestName > 0 else { return (text, [], text) }
        let tokens = tokenize(text)
        var out = ""
        var query = ""
        var expansions: [SynonymExpansion] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].kind == .word, !isBesideProximity(tokens, i) else {
                out += tokens[i].text
                query += tokens[i].text
                i += 1
                continue
            }
            if let (length, words, names) = try longestMatch(tokens, from: i, table: table) {
                let span = tokens[i..<i + length].map(\.text).joined()
                let trimmed = span.trimmingCharacters(in: .whitespaces)
                let leading = String(span.prefix(while: \.isWhitespace))
                let alternatives = names.map { $0.words.count > 1 ? "\"\($0.words.joined(separator: " "))\"" : $0.words[0] }
                let expanded = leading + "((" + trimmed + ") OR " + alternatives.joined(separator: " OR ") + ")"
                out += expanded
                let terms = canonical ? try table.canonicalTerms(for: words) : []
                query += terms.isEmpty ? expanded
                    : leading + "((" + trimmed + ") OR " + terms.map(canonicalField).joined(separator: " OR ") + ")"
                expansions.append(SynonymExpansion(words: trimmed, synonyms: names.map(\.written)))
                i += length
            } else {
                out += tokens[i].text
                query += tokens[i].text
                i += 1
            }
        }
        return (out, expansions, query)
    }

    /// The parser's field for a canonical term: `XKde` is written `XK:de`.
    static let canonicalFieldName = Schema.countryName.prefix

    private static func canonicalField(_ term: String) -> String {
        canonicalFieldName + ":" + term.dropFirst(Schema.countryName.prefix.count)
    }

    struct Token {
        enum Kind { case word, other }
        let kind: Kind
        /// With the whitespace before it, so that joining tokens gives the text back.
        let text: String
        var bare: String { text.trimmingCharacters(in: .whitespaces) }
    }

    static let operators: Set<String> = ["AND", "OR", "NOT", "XOR", "NEAR", "ADJ"]

    /// Words, and everything else (phrases, brackets, operators, fields, +/-/* words) as opaque tokens.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var space = ""
        var rest = Substring(text)
        while let first = rest.first {
            if first.isWhitespace {
                space.append(first)
                rest = rest.dropFirst()
                continue
            }
            var piece: Substring
            if first == "\"" {
                let close = rest.dropFirst().firstIndex(of: "\"").map { rest.index(after: $0) } ?? rest.endIndex
                piece = rest[..<close]
            } else if first == "(" || first == ")" {
                piece = rest.prefix(1)
            } else {
                piece = rest.prefix { !$0.isWhitespace && $0 != "(" && $0 != ")" && $0 != "\"" }
                // `field:"a phrase"` is one token with its phrase.
                if piece.last == ":", rest.dropFirst(piece.count).first == "\"" {
                    let after = rest.dropFirst(piece.count)
                    let close = after.dropFirst().firstIndex(of: "\"").map { after.index(after: $0) } ?? after.endIndex
                    piece = rest[..<close]
                }
            }
            rest = rest.dropFirst(piece.count)
            tokens.append(Token(kind: isWord(piece) ? .word : .other, text: space + piece))
            space = ""
        }
        if !space.isEmpty { tokens.append(Token(kind: .other, text: space)) }
        return tokens
    }

    private static func isWord(_ piece: Substring) -> Bool {
        guard let first = piece.first, let last = piece.last else { return false }
        if first == "\"" || first == "(" || first == ")" || first == "+" || first == "-" || last == "*" { return false }
        if piece.contains(":") { return false }
        let upper = piece.split(separator: "/").first.map(String.init) ?? ""
        if operators.contains(String(piece)) || (upper == "NEAR" || upper == "ADJ") { return false }
        return piece.contains { $0.isLetter || $0.isNumber }
    }

    /// NEAR and ADJ take single terms on each side: a group there is a syntax error.
    private static func isBesideProximity(_ tokens: [Token], _ i: Int) -> Bool {
        func proximity(_ j: Int) -> Bool {
            guard tokens.indices.contains(j) else { return false }
            let bare = tokens[j].bare
            return bare == "NEAR" || bare == "ADJ" || bare.hasPrefix("NEAR/") || bare.hasPrefix("ADJ/")
        }
        return proximity(i - 1) || proximity(i + 1)
    }

    /// The longest run of word tokens from `start` that names a synonym.
    private static func longestMatch<Lookup: SynonymLookup>(_ tokens: [Token], from start: Int, table: Lookup)
        throws(Lookup.Failure) -> (Int, [String], [SynonymTable.Name])? {
        var words: [String] = []
        var spans: [(length: Int, words: [String])] = []
        var end = start
        while end < tokens.count, tokens[end].kind == .word, !isBesideProximity(tokens, end) {
            words += SynonymTable.words(of: tokens[end].bare)
            if words.count > table.longestName { break }
            spans.append((end - start + 1, words))
            end += 1
        }
        for span in spans.reversed() {
            let names = try table.alternatives(to: span.words)
            if !names.isEmpty { return (span.length, span.words, names) }
        }
        return nil
    }
}
