/// One actor, one name: the variants an article uses for one actor resolve
/// to one group, and each group to one display name, so that a facet lists
/// each actor once.
///
/// - An alias from `Config/gazetteer/actors.tsv` is its canonical actor
///   ("Man Utd" -> "Manchester United"): the only way across articles.
/// - A company form is no part of the name ("Exxon Corp", "Exxon
///   Corporation" -> "Exxon"), unless the rest is a common word ("News Corp")
///   or a place ("Denver Corp").
/// - Within an article: a surname or a first word resolves to the full
///   name ("Baker" -> "James Baker", "Exxon" -> "Exxon Oil Co"), a singular to
///   its plural ("Lib Dem" -> "Lib Dems"), an acronym to the name whose
///   initials it is ("CBI" -> "Confederation of British Industry").
extension ActorRanking {
    /// The last token of an occurrence's name proper: trailing company forms
    /// ("Co", "Plc", "Inc") are left out, and so is a connector that ends
    /// the rest ("Dunmore Grant and Co Inc" is Dunmore Grant, not "Dunmore
    /// Grant and"; a name cut before its "of ..." ends at the word before).
    func coreLastToken(_ o: ActorOccurrence) -> Int32 {
        guard o.actor < 0 else { return o.lastToken }
        let tokens = text(o.segment).tokens
        var last = o.lastToken
        while last > o.firstToken && gazetteer.isCompanyForm(tokens[Int(last)].hash) { last -= 1 }
        while last > o.firstToken && tokens[Int(last)].isLowerCaseConnector { last -= 1 }
        if last == o.firstToken && last < o.lastToken {
            // "News Corp", "Apple Inc": a common word alone is no company's
            // name, nor a place's ("Denver Corp" is no city).
            let t = tokens[Int(last)]
            if t.wordClass & (WordClass.dictionary | WordClass.common | WordClass.stop) != 0 || lowerCaseWords.contains(t) {
                return o.lastToken
            }
            let place = PhraseMatcher(gazetteer: gazetteer).exactMatch(tokens, first: Int(last), last: Int(last), matchCase: false) {
                $0.actor < 0 && ($0.country >= 0 || $0.isPlace)
            }
            if place != nil { return o.lastToken }
        }
        return last
    }

    /// Later short mentions resolve to the full name found in the same
    /// article: "Baker" and "Mr. Baker" to "James Baker", "Exxon" to "Exxon
    /// Oil Co". A surname matches a person's last word; a company's first word
    /// matches a name with an organisation cue.
    func resolveShortMentions(_ groups: inout [ActorGroup]) {
        for i in groups.indices where groups[i].tokenCount == 1 && groups[i].actor < 0 {
            let word = groups[i].firstWordHash
            // A word in capitals in the headline only: the tagger cannot tell a
            // person from a company there ("AVANA" for Avana Group).
            let kind = isCapitalsHeadlineName(groups[i]) && groups[i].kind == .person ? .unknown : groups[i].kind
            var best = -1
            for j in groups.indices where j != i && groups[j].tokenCount > 1 && groups[j].mergedInto < 0 {
                let full = groups[j]
                let person = full.kind == .person
                    || (full.kind == .unknown && !full.hasOrgCue && (full.actor < 0 || gazetteer.actorIsPerson[Int(full.actor)]))
                let company = full.hasOrgCue && full.kind != .person
                if (person && kind != .organisation && full.lastWordHash == word)
                    || (company && kind != .person && full.firstWordHash == word) {
                    if best < 0 || full.mentionCount > groups[best].mentionCount { best = j }
                }
            }
            // A first name or a title's first word used alone ("Jonny" for
            // Jonny Wilkinson, "Vanity" for Vanity Fair), when no surname fits.
            if best < 0 {
                for j in groups.indices where j != i && groups[j].tokenCount > 1 && groups[j].mergedInto < 0 {
                    let compatible = kind == .unknown || groups[j].kind == .unknown || groups[j].kind == kind
                    if compatible && groups[j].firstWordHash == word
                        && (best < 0 || groups[j].mentionCount > groups[best].mentionCount) {
                        best = j
                    }
                }
            }
            if best >= 0 { merge(i, into: best, &groups) }
        }
    }

    /// A name only in a headline in capitals that ends or starts a company's
    /// name in the story ("TORLEY MOTORS" for General Torley Motors Corp,
    /// "UNITED BANKS" for United Banks of Colorado): headlines shorten names,
    /// and the tagger reads capitals poorly.
    func resolveHeadlineShortNames(_ groups: inout [ActorGroup]) {
        func words(_ group: ActorGroup) -> [UInt64] {
            let o = occurrences[Int(group.representative)]
            let tokens = text(o.segment).tokens
            return (o.firstToken...coreLastToken(o)).map { tokens[Int($0)].hash }
        }
        for i in groups.indices where groups[i].actor < 0 && groups[i].mergedInto < 0 && isCapitalsHeadlineName(groups[i]) {
            let short = words(groups[i])
            var best = -1
            for j in groups.indices where j != i && groups[j].actor < 0 && groups[j].mergedInto < 0
                && groups[j].hasOrgCue && groups[j].kind != .person && groups[j].tokenCount > groups[i].tokenCount {
                let full = words(groups[j])
                guard full.suffix(short.count).elementsEqual(short) || full.prefix(short.count).elementsEqual(short) else { continue }
                if best < 0 || groups[j].mentionCount > groups[best].mentionCount { best = j }
            }
            if best >= 0 { merge(i, into: best, &groups) }
        }
    }

    /// Whether the group's name, as first read, is in capitals in the headline.
    func isCapitalsHeadlineName(_ group: ActorGroup) -> Bool {
        let o = occurrences[Int(group.representative)]
        return o.segment == .headline && text(o.segment).tokens[Int(o.firstToken)].has(TokenFlags.allCaps)
    }

    /// "Lib Dem" into "Lib Dems" when the article has both; an acronym into
    /// the organisation whose initials it spells ("EU" into "European Union").
    func resolvePluralsAndAcronyms(_ groups: inout [ActorGroup]) {
        // Each group's initials, made when the first acronym needs them (once, not once an acronym).
        var initialsOf: [[UInt8]] = []
        for i in groups.indices where groups[i].actor < 0 && groups[i].mergedInto < 0 {
            let plural = fnvMix(groups[i].lastWordHash, 0x73)
            var best = -1
            for j in groups.indices where j != i && groups[j].actor < 0 && groups[j].mergedInto < 0 {
                if groups[j].tokenCount == groups[i].tokenCount && groups[j].headKey == groups[i].headKey
                    && groups[j].lastWordHash == plural {
                    best = j
                    break
                }
            }
            if best < 0, let letters = acronymLetters(groups[i]) {
                if initialsOf.isEmpty { initialsOf = groups.map { $0.tokenCount > 1 ? initials($0) : [] } }
                for j in groups.indices where j != i && groups[j].mergedInto < 0 && groups[j].kind != .person
                    && groups[j].tokenCount > 1 && initialsOf[j] == letters {
                    if best < 0 || groups[j].mentionCount > groups[best].mentionCount { best = j }
                }
            }
            if best >= 0 { merge(i, into: best, &groups) }
        }
    }

    func merge(_ i: Int, into best: Int, _ groups: inout [ActorGroup]) {
        groups[best].mentionCount += groups[i].mentionCount
        groups[best].inHeadline = groups[best].inHeadline || groups[i].inHeadline
        groups[best].inLead = groups[best].inLead || groups[i].inLead
        groups[best].titled = groups[best].titled || groups[i].titled
        groups[best].firstSeen = min(groups[best].firstSeen, groups[i].firstSeen)
        groups[best].onlySentenceInitial = false
        groups[i].mergedInto = Int32(best)
    }

    /// The letters of a lone all-capitals word of 2 to 6 letters ("EU",
    /// "CBI", "N.A.T.O."), lower-cased; nil for any other name.
    func acronymLetters(_ group: ActorGroup) -> [UInt8]? {
        let o = occurrences[Int(group.representative)]
        guard o.firstToken == o.lastToken, group.kind != .person else { return nil }
        let segment = text(o.segment)
        let t = segment.tokens[Int(o.firstToken)]
        guard t.has(TokenFlags.allCaps) else { return nil }
        var letters: [UInt8] = []
        for k in Int(t.start)..<Int(t.end) {
            let b = segment.bytes[k]
            if isASCIILetter(b) { letters.append(b | 0x20) } else if b != 0x2E { return nil }
        }
        return letters.count >= 2 && letters.count <= 6 ? letters : nil
    }

    /// The first letters of a name's words, lower-case connectors ("of",
    /// "and") left out: "Confederation of British Industry" -> "cbi".
    func initials(_ group: ActorGroup) -> [UInt8] {
        let o = occurrences[Int(group.representative)]
        if group.actor >= 0 { return [] }
        let segment = text(o.segment)
        var out: [UInt8] = []
        for k in o.firstToken...coreLastToken(o) {
            let t = segment.tokens[Int(k)]
            if t.isLowerCaseConnector { continue }
            let b = segment.bytes[Int(t.start)]
            guard isASCIILetter(b) else { return [] }
            out.append(b | 0x20)
        }
        return out
    }

    /// A known actor's canonical name, or the representative occurrence's
    /// words as written (company forms left out).
    func displayName(_ group: ActorGroup) -> String {
        if group.actor >= 0 { return gazetteer.actorNames[Int(group.actor)] }
        let o = occurrences[Int(group.representative)]
        return spanText(o.segment, o.firstToken, coreLastToken(o))
    }

    /// Words as written, joined by their hyphens or by spaces, with a
    /// possessive's 's inside a name kept ("Moody's Investors Service").
    func spanText(_ segment: Segment, _ first: Int32, _ last: Int32) -> String {
        let segmentText = text(segment)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        for k in first...last {
            let t = segmentText.tokens[Int(k)]
            if k > first { bytes.append(t.has(TokenFlags.hyphenBefore) ? 0x2D : 0x20) }
            segmentText.appendText(of: t, to: &bytes)
            if k < last && t.has(TokenFlags.possessive) {
                // "Moody's Investors Service", "Farmers' Union".
                bytes.append(0x27)
                if segmentText.bytes[Int(t.end) - 1] | 0x20 != 0x73 { bytes.append(0x73) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
