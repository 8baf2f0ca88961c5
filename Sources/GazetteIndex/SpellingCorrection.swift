import Foundation

/// A word of a query, for spelling: where it is and whether the index holds it.
struct QueryWord {
    /// Its scalars in the query text.
    let range: Range<Int>
    /// Lower-cased, as the index holds words.
    let word: String
    /// Which space-separated token of the query it is in.
    let token: Int
    /// An operator (AND, NEAR ...) or a field name: never corrected, never context.
    let isSyntax: Bool
}

/// A word the index holds, one edit from a misspelt one.
struct SpellingCandidate {
    let word: String
    /// 0.5 for the commonest slips (a doubled or dropped double letter, two
    /// letters swapped), 1 for any other single edit.
    let cost: Double
    let frequency: Int
    /// Articles with the phrase it makes with the query's words beside it.
    var phrases = 0
    /// Articles holding it and the query's other known words.
    var together = 0
}

extension IndexReader {
    /// Candidates scored against the query's context, per misspelt word.
    static let scoredCandidates = 12
    static let queryOperators: Set<String> = ["AND", "OR", "NOT", "XOR", "NEAR", "ADJ"]

    /// The query with misspelt words replaced by the words of the index that
    /// fit best; nil when every word is known, the index keeps no spelling
    /// data, or the text does not parse. Xapian's spelling table says which
    /// words are misspelt (and suggests words two edits away); among the
    /// words one edit away the choice is the one that makes a phrase with
    /// its neighbours in most articles, then the likelier slip, then the one
    /// found with the query's other words in most articles, then the most
    /// frequent ("crude oill": oil, not the more frequent will). Words the
    /// index holds and names that synonyms widened are not misspelt, even
    /// when the spelling table lacks them ("ussr" is no typo for "user").
    func spellingCorrection(of text: String, expansions: [SynonymExpansion]) -> String? {
        let widened = Set(expansions.flatMap { SynonymTable.words(of: $0.words) })
        // Xapian's speller looks at every word's neighbours in the spelling table (the dearest part of
        // a search with few matches): a query whose words the index all holds skips it.
        guard SynonymTable.words(of: text).contains(where: { word in
                  !widened.contains(word) && ((try? database.termFrequency(word)) ?? 0) == 0
              }),
              (try? parser.parse(text, syntax: [.standard, .spellingCorrection])) != nil,
              let corrected = try? parser.correctedQuery(), corrected != text else { return nil }
        // Xapian keeps the text as typed and swaps the misspelt words in it.
        let typed = text.split(separator: " ", omittingEmptySubsequences: false)
        let xapian = corrected.split(separator: " ", omittingEmptySubsequences: false)
        guard typed.count == xapian.count else { return corrected }
        let words = Self.queryWords(text)
        let known = words.map { word in
            word.isSyntax || widened.contains(word.word) || ((try? database.termFrequency(word.word)) ?? 0) > 0
        }
        var scalars = Array(text.unicodeScalars)
        var xapianTokens: [Int: String] = [:]
        var changed = false
        // Right to left, so that earlier ranges stay valid as words are replaced.
        for (i, word) in words.enumerated().reversed() where !known[i] && typed[word.token] != xapian[word.token] {
            changed = true
            guard !hasRemoteShards, let best = bestCorrection(of: i, in: words, known: known) else {
                xapianTokens[word.token] = String(xapian[word.token])
                continue
            }
            scalars.replaceSubrange(word.range, with: best.unicodeScalars)
        }
        guard changed else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        // Where no word one edit away fits, Xapian's own choice for the token stands.
        var tokens = String(view).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for (token, replacement) in xapianTokens where token < tokens.count { tokens[token] = replacement }
        return tokens.joined(separator: " ")
    }

    /// The best word one edit from word `index`, or nil when the index holds none.
    func bestCorrection(of index: Int, in words: [QueryWord], known: [Bool]) -> String? {
        let word = words[index].word
        var candidates: [SpellingCandidate] = []
        for (candidate, cost) in Self.oneEditAway(word) {
            guard !candidate.contains(where: \.isNumber),
                  let frequency = try? database.termFrequency(candidate), frequency > 0 else { continue }
            candidates.append(SpellingCandidate(word: candidate, cost: cost, frequency: frequency))
        }
        guard !candidates.isEmpty else { return nil }
        candidates.sort { ($0.cost, -$0.frequency, $0.word) < ($1.cost, -$1.frequency, $1.word) }
        candidates = Array(candidates.prefix(Self.scoredCandidates))
        let context = words.indices.filter { $0 != index && known[$0] && !words[$0].isSyntax }.map { words[$0].word }
        let left = index > 0 && known[index - 1] && !words[index - 1].isSyntax ? words[index - 1].word : nil
        let right = index + 1 < words.count && known[index + 1] && !words[index + 1].isSyntax ? words[index + 1].word : nil
        for i in candidates.indices {
            let candidate = candidates[i].word
            if let left { candidates[i].phrases += count(phrase: [left, candidate]) }
            if let right { candidates[i].phrases += count(phrase: [candidate, right]) }
            if !context.isEmpty { candidates[i].together = count(allOf: [candidate] + context) }
        }
        return candidates.min { a, b in
            (-a.phrases, a.cost, -a.together, -a.frequency, a.word) < (-b.phrases, b.cost, -b.together, -b.frequency, b.word)
        }?.word
    }

    /// Articles holding the words as a phrase (0 when it cannot be counted).
    private func count(phrase words: [String]) -> Int {
        guard let query = try? parser.parse("\"" + words.joined(separator: " ") + "\"") else { return 0 }
        return count(query)
    }

    /// Articles holding every one of the words.
    private func count(allOf words: [String]) -> Int {
        guard var query = try? XapianQuery.term(words[0]) else { return 0 }
        for word in words.dropFirst() {
            guard let both = try? query.filtered(by: XapianQuery.term(word)) else { return 0 }
            query = both
        }
        return count(query)
    }

    private func count(_ query: XapianQuery) -> Int {
        guard let enquire = try? XapianEnquire(database: database), (try? enquire.setQuery(query)) != nil,
              let all = try? database.documentCount(),
              let mset = try? enquire.run(first: 0, maxItems: 0, checkAtLeast: all) else { return 0 }
        return mset.matches.estimated
    }

    /// The query's words (runs of letters and digits) in order.
    static func queryWords(_ text: String) -> [QueryWord] {
        let scalars = Array(text.unicodeScalars)
        var words: [QueryWord] = []
        var token = 0
        var start: Int?
        func close(_ end: Int) {
            guard let begin = start else { return }
            start = nil
            var raw = String.UnicodeScalarView()
            raw.append(contentsOf: scalars[begin..<end])
            let typed = String(raw)
            let isSyntax = Self.queryOperators.contains(typed) || (end < scalars.count && scalars[end] == ":")
            words.append(QueryWord(range: begin..<end, word: typed.lowercased(), token: token, isSyntax: isSyntax))
        }
        for (i, scalar) in scalars.enumerated() {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if start == nil { start = i }
            } else {
                close(i)
                if scalar == " " { token += 1 }
            }
        }
        close(scalars.count)
        return words
    }

    /// Every string one edit (delete, swap of neighbours, replace, insert)
    /// from `word`, with the cost of the edit (see SpellingCandidate).
    static func oneEditAway(_ word: String) -> [String: Double] {
        let letters = Array(word.unicodeScalars)
        var alphabet = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars)
        for letter in letters where !alphabet.contains(letter) { alphabet.append(letter) }
        var out: [String: Double] = [:]
        func add(_ scalars: [Unicode.Scalar], _ cost: Double) {
            guard scalars.count >= 2 else { return }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let text = String(view)
            guard text != word else { return }
            out[text] = min(out[text] ?? cost, cost)
        }
        for i in letters.indices {
            var deleted = letters
            deleted.remove(at: i)
            let doubled = (i > 0 && letters[i - 1] == letters[i]) || (i + 1 < letters.count && letters[i + 1] == letters[i])
            add(deleted, doubled ? 0.5 : 1)
            if i + 1 < letters.count && letters[i] != letters[i + 1] {
                var swapped = letters
                swapped.swapAt(i, i + 1)
                add(swapped, 0.5)
            }
            for letter in alphabet where letter != letters[i] {
                var replaced = letters
                replaced[i] = letter
                add(replaced, 1)
            }
        }
        for i in 0...letters.count {
            for letter in alphabet {
                var inserted = letters
                inserted.insert(letter, at: i)
                let doubled = (i > 0 && letters[i - 1] == letter) || (i < letters.count && letters[i] == letter)
                add(inserted, doubled ? 0.5 : 1)
            }
        }
        return out
    }
}
