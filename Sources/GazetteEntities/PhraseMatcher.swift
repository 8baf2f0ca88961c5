/// A stretch of tokens matched as one gazetteer phrase, or a single token.
struct PhraseUnit {
    var firstToken: Int32
    var tokenCount: Int32
    /// Index into `Gazetteer.entries`, or -1 for a plain word.
    var entry: Int32
    @inline(__always) var lastToken: Int32 { firstToken + tokenCount - 1 }
    @inline(__always) var isPlainWord: Bool { entry < 0 }
}

/// Finds gazetteer phrases in a segment's tokens, longest first, by hashing
/// token sequences as the gazetteer hashed its forms.
struct PhraseMatcher {
    let gazetteer: Gazetteer

    /// The longest gazetteer phrase starting at token `i`: its length in
    /// tokens and its entry. With `matchCase`, the phrase must be written with
    /// the capitals its form has (see `caseMatches`).
    func longestMatch(_ tokens: [Token], at i: Int, matchCase: Bool) -> (length: Int, entry: Int32)? {
        let maxLength = tokens[i].phraseMax
        guard maxLength > 0 else { return nil }
        var hash = phraseSeed
        var best: (length: Int, entry: Int32)? = nil
        var length = 0
        while length < Int(maxLength) && i + length < tokens.count {
            // Phrases do not run across punctuation (but do across hyphens
            // and possessives: "People's Republic of China").
            if length > 0 && tokens[i + length - 1].after != 0 { break }
            hash = combine(hash, tokens[i + length].hash)
            length += 1
            // Forms that differ only in capitals share a hash: walk the chain.
            guard var e = gazetteer.phrases.get(hash) else { continue }
            while e >= 0 {
                let entry = gazetteer.entries[Int(e)]
                if Int(entry.tokenCount) == length && (!matchCase || caseMatches(entry.caseMask, tokens, at: i, length: length)) {
                    best = (length, e)
                    break
                }
                e = entry.next
            }
        }
        return best
    }

    /// The entry for exactly tokens `first...last` that `accept` takes, if any.
    func exactMatch(_ tokens: [Token], first: Int, last: Int, matchCase: Bool,
                    _ accept: (PhraseEntry) -> Bool) -> PhraseEntry? {
        var hash = phraseSeed
        for k in first...last { hash = combine(hash, tokens[k].hash) }
        guard var e = gazetteer.phrases.get(hash) else { return nil }
        let length = last - first + 1
        while e >= 0 {
            let entry = gazetteer.entries[Int(e)]
            if Int(entry.tokenCount) == length && (!matchCase || caseMatches(entry.caseMask, tokens, at: first, length: length))
                && accept(entry) {
                return entry
            }
            e = entry.next
        }
        return nil
    }

    /// Capitals as the gazetteer writes them: "US" only in capitals,
    /// "Turkey" only capitalised, "yen" in lower case.
    @inline(__always)
    func caseMatches(_ mask: UInt32, _ tokens: [Token], at i: Int, length: Int) -> Bool {
        for k in 0..<min(length, 16) {
            let need = (mask >> (2 * UInt32(k))) & 3
            let t = tokens[i + k]
            if need == 1 && !t.isCapitalised { return false }
            if need == 2 && !t.has(TokenFlags.allCaps) { return false }
            if need == 3 && !t.has(TokenFlags.lower) && !t.has(TokenFlags.sentenceStart) { return false }
        }
        return true
    }

    /// The segment as a sequence of units: each longest phrase match, and
    /// every other token on its own.
    func units(_ tokens: [Token], matchCase: Bool) -> [PhraseUnit] {
        var out: [PhraseUnit] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            if let match = longestMatch(tokens, at: i, matchCase: matchCase) {
                out.append(PhraseUnit(firstToken: Int32(i), tokenCount: Int32(match.length), entry: match.entry))
                i += match.length
            } else {
                out.append(PhraseUnit(firstToken: Int32(i), tokenCount: 1, entry: -1))
                i += 1
            }
        }
        return out
    }

    /// "Lebanon, Pennsylvania" and "Paris, Texas": a place followed by a
    /// comma and a state or province of another country is in that country.
    func reassignRegions(_ units: inout [PhraseUnit], _ tokens: [Token]) {
        guard units.count > 1 else { return }
        for i in 0..<(units.count - 1) where units[i].entry >= 0 && units[i + 1].entry >= 0 {
            let place = gazetteer.entries[Int(units[i].entry)], region = gazetteer.entries[Int(units[i + 1].entry)]
            guard place.country >= 0, region.country >= 0, region.kind == .region, place.country != region.country,
                  tokens[Int(units[i].lastToken)].after == After.comma.rawValue else { continue }
            units[i].entry = units[i + 1].entry    // count it as a place in the region's country
        }
    }
}
