/// The names of countries as the synonym table groups them ("Germany",
/// "Federal Republic of Germany", "West Germany"), each with the one
/// canonical term (`Schema.countryName`) of its country; and likewise the
/// table's other groups (an actor's names), each with a term of its own.
/// The indexer adds that term to every article that writes any of the
/// names, so that a query's `germany` becomes `germany OR XKde`, one
/// posting list, instead of a phrase for each other name, whose position
/// checks were the daemon's slowest queries (an organisation's long name
/// full of "of" and "the" most of all).
///
/// The terms carry no positions: the expansion never puts them in a phrase
/// (it leaves phrases as typed). Their wdf is how often the names occur, so
/// they rank like words.
public struct CountryNames: Sendable, Equatable {
    /// A name's words (as `SynonymTable.words` makes them) to the terms of the countries it names.
    private var terms: [[String]: [String]] = [:]
    /// The first words of the names: a word that starts none is passed over at once.
    private var firstWords: Set<String> = []
    private var longest = 0
    /// The same names by the hashes of their words, for reading articles.
    private var scan = CountryNameScan([:])
    /// Changes whenever a name or a term does: an index whose articles were
    /// given terms by other names must not be searched by these.
    public private(set) var fingerprint = ""

    public init() {}

    init(groups: [(term: String, names: [[String]])]) {
        var lines: [String] = []
        for group in groups {
            for words in group.names where !words.isEmpty {
                if !(terms[words]?.contains(group.term) ?? false) { terms[words, default: []].append(group.term) }
                firstWords.insert(words[0])
                longest = max(longest, words.count)
                lines.append(group.term + " " + words.joined(separator: " "))
            }
        }
        fingerprint = terms.isEmpty ? "" : "names 2 " + Schema.fnv1a(lines.sorted().joined(separator: "\n"))
        scan = CountryNameScan(terms)
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// The canonical terms of the names `text` holds, with how often each
    /// occurs. Words are read as the synonym table reads names, a
    /// possessive's "'s" dropped too, since a stemmed query word matches
    /// it ("Germany's"); a name counts wherever its words follow one another.
    public func occurrences(in texts: [String]) -> [String: Int] {
        guard !terms.isEmpty else { return [:] }
        var found: [String: Int] = [:]
        for text in texts { scan.count(in: Self.scanWords(text), into: &found) }
        return found
    }

    /// The words of `text` for the scan: read byte by byte when it is ASCII,
    /// else made as the synonym table reads text (`SynonymTable.words(of:droppingPossessives:)`).
    static func scanWords(_ text: String) -> CountryNameScan.Words {
        if let words = CountryNameScan.asciiWords(text) { return words }
        var words = CountryNameScan.Words()
        for word in Self.textWords(text) { words.append(word.utf8) }
        return words
    }

    /// An article's words as the synonym table reads them, a possessive's "'s" dropped.
    static func textWords(_ text: String) -> [String] { SynonymTable.words(of: text, droppingPossessives: true) }

    /// The matching as it was before the scan, word Strings and all: what the scan must find.
    func occurrencesByWords(in texts: [String]) -> [String: Int] {
        guard !terms.isEmpty else { return [:] }
        var found: [String: Int] = [:]
        for text in texts {
            let words = Self.textWords(text)
            for start in words.indices where firstWords.contains(words[start]) {
                for length in 1...min(longest, words.count - start) {
                    for term in terms[Array(words[start..<start + length])] ?? [] { found[term, default: 0] += 1 }
                }
            }
        }
        return found
    }
}
