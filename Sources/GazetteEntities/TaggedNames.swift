/// A country the text names. `confirm`: it counts only if the ranking keeps
/// it too. `byName`: named by a name of its own ("Slovenia"), not only by a
/// demonym or a place in it.
struct NamedCountry {
    var country: Int32
    var confirm: Bool
    var byName: Bool
}

/// Reads the tagger's names: people and organisations become actor
/// occurrences (the gazetteer's actor when the name is one of its aliases),
/// and places and other names that the gazetteer resolves to a country (a
/// name, demonym, capital, city or region) are the countries the text names.
struct TaggedNames {
    let matcher: PhraseMatcher
    let headline: SegmentText
    let body: SegmentText
    let headlineCaseReliable: Bool
    let bodyCaseReliable: Bool
    private(set) var names: [TaggedName]

    init(matcher: PhraseMatcher, headline: SegmentText, body: SegmentText, headlineCaseReliable: Bool,
         bodyCaseReliable: Bool, names tagged: [TaggedName]) {
        self.matcher = matcher
        self.headline = headline
        self.body = body
        self.headlineCaseReliable = headlineCaseReliable
        self.bodyCaseReliable = bodyCaseReliable
        names = []
        var split: [TaggedName] = []
        split.reserveCapacity(tagged.count + 8)
        for name in tagged { splitAtPunctuation(name, into: &split) }
        names = split
    }

    /// A name never runs across punctuation: results tables write "Dynamo
    /// Batumi ( Georgia )", "Brann ( Norway )", which the tagger may read as
    /// one club. The part after the bracket or comma is a name of its own,
    /// and a place when it is a country's name.
    func splitAtPunctuation(_ name: TaggedName, into out: inout [TaggedName]) {
        let tokens = text(name.segment).tokens
        var first = name.firstToken
        for k in name.firstToken...name.lastToken where k == name.lastToken || tokens[Int(k)].after != 0 {
            var piece = name
            piece.firstToken = first
            piece.lastToken = k
            if first > name.firstToken && piece.kind.isActor,
               entry(of: piece, { $0.kind == .name && $0.country >= 0 && $0.actor < 0 }) != nil {
                piece.kind = .place
            }
            out.append(piece)
            first = k + 1
        }
    }

    @inline(__always) func text(_ segment: Segment) -> SegmentText { segment == .headline ? headline : body }
    @inline(__always) func caseReliable(_ segment: Segment) -> Bool {
        segment == .headline ? headlineCaseReliable : bodyCaseReliable
    }

    /// The gazetteer entry for exactly the name's words, if `accept` takes it.
    func entry(of name: TaggedName, _ accept: (PhraseEntry) -> Bool) -> PhraseEntry? {
        matcher.exactMatch(text(name.segment).tokens, first: Int(name.firstToken), last: Int(name.lastToken),
                           matchCase: caseReliable(name.segment), accept)
    }

    /// The tagger's people and organisations, and what the rules found that
    /// the tagger missed or cut short:
    /// - a known actor from the gazetteer outside the tagger's names ("NATO"),
    ///   or longer than the name the tagger cut from it ("General Agreement
    ///   on Tariffs and Trade", cut at "on");
    /// - a person after a title, or after a nationality, that the tagger took
    ///   for part of a name of another kind ("Trade Representative Clayton
    ///   Yeutter", "Belgian Willy de Clercq" as one name of no kind).
    func actorOccurrences(rules: [ActorOccurrence]) -> [ActorOccurrence] {
        var out: [ActorOccurrence?] = []
        for name in names where name.kind.isActor {
            let tokens = text(name.segment).tokens
            let first = tokens[Int(name.firstToken)]
            let known = entry(of: name) { $0.actor >= 0 }
            var cue = false
            for k in name.firstToken...name.lastToken where tokens[Int(k)].wordClass & WordClass.orgCue != 0 { cue = true }
            let titled = name.firstToken > 0 && tokens[Int(name.firstToken) - 1].wordClass & WordClass.title != 0
            out.append(ActorOccurrence(segment: name.segment, firstToken: name.firstToken, lastToken: name.lastToken,
                                       actor: known?.actor ?? -1, titled: titled, hasOrgCue: cue,
                                       sentenceInitial: first.has(TokenFlags.sentenceStart), sentence: first.sentence,
                                       ambiguousAlias: known?.actorAmbiguous ?? false,
                                       kind: name.kind == .person ? .person : .organisation))
        }
        let tagged = out.count
        let initial = out
        func overlapping(_ o: ActorOccurrence) -> [Int] {
            (0..<tagged).filter { k in
                guard let x = out[k] else { return false }
                return x.segment == o.segment && x.firstToken <= o.lastToken && o.firstToken <= x.lastToken
            }
        }
        // A person after a title or an office that the tagger ran into one
        // name with what came before ("Federal Reserve Board Chairman Paul
        // Volcker", "Exchequer Nigel Lawson"): the person, as the rules cut it.
        for o in rules {
            let over = overlapping(o)
            guard over.count == 1, let x = out[over[0]], x.firstToken < o.firstToken, x.lastToken == o.lastToken else { continue }
            let tokens = text(o.segment).tokens
            let officeWords = WordClass.title | WordClass.common
            guard o.titled || (x.firstToken..<o.firstToken).allSatisfy({ tokens[Int($0)].wordClass & officeWords != 0 }) else {
                continue
            }
            var person = o
            person.kind = .person
            out[over[0]] = person
        }
        for segment in [Segment.headline, .body] where caseReliable(segment) { readPartnerships(segment, in: &out) }
        var companies = companyWords(out)
        for o in rules where o.actor < 0 && !o.titled {
            readCompanyName(o, overlapping: overlapping(o), in: &out, companies: &companies)
        }
        for k in 0..<tagged { takeLeadingWord(k, in: &out) }
        // The names as they now stand ("First Boston", no longer "Boston").
        companies = companies.subtracting(companyWords(initial)).union(companyWords(out))
        for o in rules {
            let overlapping = overlapping(o)
            if o.actor >= 0 {
                // Longer than every tagged name it overlaps: the tagger cut it short.
                guard overlapping.allSatisfy({ k in
                    let x = out[k]!
                    return o.firstToken <= x.firstToken && x.lastToken <= o.lastToken && o.lastToken - o.firstToken > x.lastToken - x.firstToken
                }) else { continue }
                for k in overlapping { out[k] = nil }
                out.append(o)
            } else if overlapping.isEmpty, let other = names.first(where: { !$0.kind.isActor && $0.segment == o.segment
                && $0.firstToken < o.firstToken && o.lastToken <= $0.lastToken }),
                o.titled || (o.lastToken == other.lastToken && opensWithModifier(other, before: o)) {
                var person = o
                person.kind = .person
                out.append(person)
            } else if overlapping.isEmpty && o.hasOrgCue && !o.titled, names.contains(where: { !$0.kind.isActor
                && $0.segment == o.segment && $0.firstToken == o.firstToken && $0.lastToken == o.lastToken }) {
                // A place's name and an organisation's word the tagger read as a place ("China Airlines").
                var organisation = o
                organisation.kind = .organisation
                out.append(organisation)
            }
        }
        // Later mentions of those companies cut the same way, by the tagger or
        // the rules: without the company form ("General Motors said", "First
        // Boston won"), or in a headline in capitals.
        if !companies.isEmpty {
            for k in out.indices { extendToCompany(k, in: &out, companies: companies) }
        }
        return out.compactMap { $0 }
    }

    /// A partnership's name lists its partners with commas and ends "and
    /// Co" ("Goldman, Sachs and Co", "Kidder, Peabody and Co Inc"), two or
    /// three partners of one or two capitalised words each: one firm, which
    /// the tagger reads as several names. It replaces the names inside it.
    func readPartnerships(_ segment: Segment, in out: inout [ActorOccurrence?]) {
        let tokens = text(segment).tokens
        let gazetteer = matcher.gazetteer
        // Not a company form ("Salomon Inc, Dillon, Read and Co" lists two
        // firms) nor initials ("Citicorp, J.P. Morgan and Co").
        func partnerWord(_ t: Token) -> Bool {
            t.isCapitalised && !t.has(TokenFlags.lower) && !t.has(TokenFlags.number) && !t.has(TokenFlags.dotted)
                && !t.has(TokenFlags.initial) && t.wordClass & WordClass.stop == 0 && !gazetteer.isCompanyForm(t.hash)
        }
        var a = 1
        while a + 1 < tokens.count {
            defer { a += 1 }
            guard tokens[a].isLowerCase(NameSegmenter.andHash), tokens[a + 1].hash == NameSegmenter.coHash,
                  tokens[a - 1].after == 0, partnerWord(tokens[a - 1]) else { continue }
            // Back over the partners: one or two words each, commas between.
            var start = a - 1
            var words = 1
            var commas = 0
            while start > 0 {
                let previous = tokens[start - 1]
                guard partnerWord(previous) else { break }
                if previous.after == After.comma.rawValue && commas < 2 {
                    commas += 1
                    words = 1
                } else if previous.after == 0 && words < 2 {
                    words += 1
                } else {
                    break
                }
                start -= 1
                if tokens[start].has(TokenFlags.sentenceStart) { break }
            }
            guard commas > 0 else { continue }
            var end = a + 1
            while end + 1 < tokens.count && tokens[end].after == 0 && gazetteer.isCompanyForm(tokens[end + 1].hash) { end += 1 }
            let first = tokens[start]
            for k in out.indices {
                if let x = out[k], x.segment == segment, x.firstToken <= Int32(end), Int32(start) <= x.lastToken { out[k] = nil }
            }
            out.append(ActorOccurrence(segment: segment, firstToken: Int32(start), lastToken: Int32(end), actor: -1,
                                       titled: false, hasOrgCue: true, sentenceInitial: first.has(TokenFlags.sentenceStart),
                                       sentence: first.sentence, ambiguousAlias: false, kind: .organisation))
            a = end
        }
    }

    /// The words of every company named with its company form, where capitals tell names.
    func companyWords(_ names: [ActorOccurrence?]) -> Set<[UInt64]> {
        var companies = Set<[UInt64]>()
        for case let x? in names where x.actor < 0 && x.kind == .organisation && caseReliable(x.segment) {
            if matcher.gazetteer.isCompanyForm(text(x.segment).tokens[Int(x.lastToken)].hash) { companies.insert(words(of: x)) }
        }
        return companies
    }

    /// A company's name as the rules read it where the tagger's organisation
    /// ends on the same word but left out the first ones (words that
    /// elsewhere are a title, a nationality or a name of their own: "General
    /// Motors Corp" read as "Motors Corp", even as a person after the title)
    /// or cut it in two; or where the tagger ran a name ending in a company
    /// form into the next company's name over "and" ("Alpha Foods Corp and
    /// Beta Mills Corp" as one name). The rules' name replaces the tagger's;
    /// in the last case the rest after "and" (and "the") is an organisation
    /// too. The rules' name must end in a company form, or be one that did
    /// (`companies`: the words before the form) or a title before an
    /// organisation's word ("General Electric"). Never over "and" to the
    /// left ("Smith and Jones and Alpha Corp"), nor onto a tagger's name of
    /// company forms alone ("Ltd"), which names no one.
    func readCompanyName(_ o: ActorOccurrence, overlapping over: [Int], in out: inout [ActorOccurrence?],
                         companies: inout Set<[UInt64]>) {
        let tokens = text(o.segment).tokens
        let gazetteer = matcher.gazetteer
        guard let first = over.first, let x = out[first], over.allSatisfy({ out[$0] != nil }) else { return }
        let endsInForm = gazetteer.isCompanyForm(tokens[Int(o.lastToken)].hash)
        var company = o
        company.kind = .organisation
        func isAnd(_ k: Int) -> Bool { tokens[k].isLowerCase(NameSegmenter.andHash) }
        let pieces = over.map { out[$0]! }
        if pieces.allSatisfy({ o.firstToken <= $0.firstToken && $0.lastToken <= o.lastToken }),
           pieces.last!.lastToken == o.lastToken, o.firstToken < x.firstToken || pieces.count > 1 {
            let added = Int(o.firstToken)..<Int(x.firstToken)
            let titleBeforeCue = pieces.count == 1 && o.hasOrgCue
                && added.allSatisfy { tokens[$0].wordClass & WordClass.title != 0 }
            guard pieces.contains(where: { p in
                      (p.firstToken...p.lastToken).contains { !gazetteer.isCompanyForm(tokens[Int($0)].hash) } }),
                  !(Int(o.firstToken)...Int(o.lastToken)).contains(where: isAnd), joinsAsOneName(tokens, added),
                  endsInForm || titleBeforeCue || companies.contains(words(of: o))
            else { return }
            out[first] = company
            for k in over.dropFirst() { out[k] = nil }
            companies.insert(words(of: o))
            return
        }
        guard endsInForm, over.count == 1 else { return }
        var rest = Int(o.lastToken) + 1
        guard x.firstToken <= o.firstToken && o.lastToken < x.lastToken, isAnd(rest) else { return }
        rest += 1
        if rest < Int(x.lastToken) && tokens[rest].isLowerCase(NameSegmenter.theHash) {
            rest += 1
        }
        guard rest <= Int(x.lastToken) else { return }
        out[first] = company
        let opening = tokens[rest]
        let cue = (rest...Int(x.lastToken)).contains { tokens[$0].wordClass & WordClass.orgCue != 0 }
        out.append(ActorOccurrence(segment: x.segment, firstToken: Int32(rest), lastToken: x.lastToken, actor: -1,
                                   titled: false, hasOrgCue: cue, sentenceInitial: opening.has(TokenFlags.sentenceStart),
                                   sentence: opening.sentence, ambiguousAlias: false, kind: .organisation))
    }

    /// A company's name the tagger started one word late, at a word the
    /// rules never put in a name: an ordinal ("First Union Corp") or a
    /// nationality ("American Express Co"), written just before it.
    func takeLeadingWord(_ k: Int, in out: inout [ActorOccurrence?]) {
        // Whatever the tagger called it: a name ending in a company form is a company's.
        guard var x = out[k], x.actor < 0, x.firstToken > 0, caseReliable(x.segment) else { return }
        let tokens = text(x.segment).tokens
        let before = Int(x.firstToken) - 1
        let word = tokens[before]
        guard matcher.gazetteer.isCompanyForm(tokens[Int(x.lastToken)].hash), word.after == 0,
              word.isCapitalised, !word.has(TokenFlags.allCaps),
              (Int(x.firstToken)...Int(x.lastToken)).contains(where: { !matcher.gazetteer.isCompanyForm(tokens[$0].hash) })
        else { return }
        let ordinal = TaggedNames.ordinals.contains(word.hash)
        var nationality = false
        if !ordinal, let (length, e) = matcher.longestMatch(tokens, at: before, matchCase: true), length == 1 {
            nationality = matcher.gazetteer.entries[Int(e)].kind == .demonym
        }
        guard ordinal || nationality else { return }
        x.firstToken = Int32(before)
        x.kind = .organisation
        x.sentenceInitial = word.has(TokenFlags.sentenceStart)
        out[k] = x
    }

    static let ordinals: Set<UInt64> = Set(["first", "second", "third"].map(fnvHash))

    /// Words the rules put before the tagger's name that belong to the same
    /// name: capitalised, or "of" after an organisation's word ("Bank of
    /// Boston Corp"), never "Lawyers for" or "Chairman of".
    func joinsAsOneName(_ tokens: [Token], _ range: Range<Int>) -> Bool {
        range.allSatisfy { k in
            !tokens[k].has(TokenFlags.lower) || (tokens[k].isLowerCase(NameSegmenter.ofHash) && k > range.lowerBound
                && tokens[k - 1].wordClass & WordClass.orgCue != 0)
        }
    }

    /// The tagger's name `out[k]`, when the capitalised words just before it
    /// (up to three, with no punctuation between) and its own make one of
    /// `companies`: that company's name, and the names it now covers go.
    func extendToCompany(_ k: Int, in out: inout [ActorOccurrence?], companies: Set<[UInt64]>) {
        guard var x = out[k], x.actor < 0 else { return }
        let tokens = text(x.segment).tokens
        let last = Int(x.lastToken)
        guard !companies.contains(words(tokens, Int(x.firstToken), last)) else { return }
        var start = Int(x.firstToken) - 1
        while start >= max(0, Int(x.firstToken) - 3) && tokens[start].after == 0 && !tokens[start].has(TokenFlags.lower) {
            if companies.contains(words(tokens, start, last)) {
                x.firstToken = Int32(start)
                x.kind = .organisation
                for j in out.indices where j != k {
                    if let y = out[j], y.segment == x.segment, x.firstToken <= y.firstToken, y.lastToken <= x.lastToken { out[j] = nil }
                }
                out[k] = x
                return
            }
            start -= 1
        }
    }

    /// The hashes of an occurrence's words before its company forms.
    func words(of o: ActorOccurrence) -> [UInt64] {
        words(text(o.segment).tokens, Int(o.firstToken), Int(o.lastToken))
    }

    func words(_ tokens: [Token], _ first: Int, _ last: Int) -> [UInt64] {
        var last = last
        while last > first && matcher.gazetteer.isCompanyForm(tokens[last].hash) { last -= 1 }
        return (first...last).map { tokens[$0].hash }
    }

    /// Does the tagged name hold a title, or only a country's name, before
    /// the rules' person (`o`)? "Chancellor of the Exchequer Nigel Lawson",
    /// "Belgian Willy de Clercq".
    func opensWithModifier(_ name: TaggedName, before o: ActorOccurrence) -> Bool {
        let tokens = text(name.segment).tokens
        var k = Int(name.firstToken)
        var countries = true
        while k < Int(o.firstToken) {
            if tokens[k].wordClass & WordClass.title != 0 && tokens[k].isCapitalised { return true }
            if countries, let (length, e) = matcher.longestMatch(tokens, at: k, matchCase: caseReliable(name.segment)),
               k + length <= Int(o.firstToken) {
                let entry = matcher.gazetteer.entries[Int(e)]
                countries = entry.country >= 0 && (entry.kind == .name || entry.kind == .demonym)
                k += length
            } else {
                countries = false
                k += 1
            }
        }
        return countries
    }

    /// Countries named by the tagger's places and other names, in reading
    /// order (headline first), each once. "Lebanon, Pennsylvania" is in the
    /// state's country. `confirm`: the form is ambiguous ("Jordan", "Chad",
    /// "Georgia") or the segment's capitals say nothing ("TURKEY PRICES
    /// RISE"), so it counts only if the rules, which weigh those cases, kept
    /// the country too.
    func namedCountries() -> [NamedCountry] {
        var out: [NamedCountry] = []
        for (k, name) in names.enumerated() where !name.kind.isActor {
            guard var e = entry(of: name, TaggedNames.namesCountry) else { continue }
            if k + 1 < names.count {
                let next = names[k + 1]
                let tokens = text(name.segment).tokens
                if next.segment == name.segment && next.firstToken == name.lastToken + 1 && !next.kind.isActor
                    && tokens[Int(name.lastToken)].after == After.comma.rawValue,
                   let region = entry(of: next, { $0.kind == .region && $0.country >= 0 }), region.country != e.country {
                    e = region
                }
            }
            let confirm = e.countryAmbiguous || e.countryPerson || e.countryConfirm || !caseReliable(name.segment)
            if e.country < 0 { continue }
            if let k = out.firstIndex(where: { $0.country == e.country }) {
                out[k].confirm = out[k].confirm && confirm
                out[k].byName = out[k].byName || e.kind == .name
            } else {
                out.append(NamedCountry(country: e.country, confirm: confirm, byName: e.kind == .name))
            }
        }
        return out
    }

    /// A form that names a country or a place in it; a place that is no
    /// country ("New Mexico") is taken too, and names none.
    static func namesCountry(_ e: PhraseEntry) -> Bool {
        if e.isPlace { return true }
        guard e.country >= 0 else { return false }
        switch e.kind {
        case .name, .demonym, .capital, .city, .region: return true
        case .cue, .place, .code, .exchange, .market: return false
        }
    }
}
