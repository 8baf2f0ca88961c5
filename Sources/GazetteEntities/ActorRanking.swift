/// One occurrence of an actor candidate, as `NameSegmenter` found it.
struct ActorOccurrence {
    var segment: Segment
    /// Token range in its segment, inclusive.
    var firstToken: Int32
    var lastToken: Int32
    /// Index of a known actor, or -1.
    var actor: Int32
    /// After a title: a person.
    var titled: Bool
    /// Holds an organisation cue word ("Corp", "Ministry", "Plc").
    var hasOrgCue: Bool
    var sentenceInitial: Bool
    var sentence: Int32
    /// Found by an alias that may be an ordinary word ("WHO", "Diet").
    var ambiguousAlias: Bool
}

/// The occurrences of one actor: a known actor, or the same words.
struct ActorGroup {
    var actor: Int32
    /// The occurrence whose words name the group.
    var representative: Int32
    var mentionCount: Double
    /// Reading position of the first occurrence (the headline comes first).
    var firstSeen: Int32
    var tokenCount: Int32
    var firstWordHash: UInt64
    var lastWordHash: UInt64
    var titled: Bool
    var hasOrgCue: Bool
    var onlySentenceInitial: Bool
    var onlyAmbiguous: Bool
    var inHeadline: Bool
    var inLead: Bool
    /// The group this short mention was resolved to, or -1.
    var mergedInto: Int32 = -1
}

/// Groups actor occurrences into actors, resolves short mentions to full
/// names, drops what is no name, and ranks the rest by how much the article
/// is about them.
struct ActorRanking {
    let gazetteer: Gazetteer
    let headline: SegmentText
    let body: SegmentText
    let occurrences: [ActorOccurrence]
    /// Sentence number of the body's first sentence.
    let leadSentence: Int32
    let lowerCaseWords: LowerCaseWords
    /// The body's capitals mean nothing (all capitals).
    let bodyCaseUnreliable: Bool

    @inline(__always) func text(_ segment: Segment) -> SegmentText { segment == .headline ? headline : body }

    /// The canonical display names, most salient first, at most `limit`.
    func rankedActors(limit: Int, headlineCaseUnreliable: Bool) -> [String] {
        var groups = groups()
        if headlineCaseUnreliable { markHeadlineNames(&groups) }
        resolveShortMentions(&groups)
        return ranked(groups, limit: limit)
    }

    /// Occurrences of the same words, or of the same known actor, form one group.
    func groups() -> [ActorGroup] {
        var groups: [ActorGroup] = []
        var index: [UInt64: Int] = [:]
        index.reserveCapacity(occurrences.count)
        for (i, o) in occurrences.enumerated() {
            // A known actor is one group under any alias; its key is far from the hashes of words.
            let key: UInt64 = o.actor >= 0 ? UInt64(o.actor) &+ 0x7000_0000_0000_0000 : wordsKey(o)
            let lead = o.segment == .body && o.sentence == leadSentence
            let position = Int32(o.segment == .headline ? 0 : 1_000_000) + o.firstToken
            if let gi = index[key] {
                groups[gi].mentionCount += 1
                groups[gi].titled = groups[gi].titled || o.titled
                groups[gi].onlySentenceInitial = groups[gi].onlySentenceInitial && o.sentenceInitial
                groups[gi].onlyAmbiguous = groups[gi].onlyAmbiguous && o.ambiguousAlias
                groups[gi].inHeadline = groups[gi].inHeadline || o.segment == .headline
                groups[gi].inLead = groups[gi].inLead || lead
                if position < groups[gi].firstSeen { groups[gi].firstSeen = position }
                // Prefer a body occurrence for display (headline capitals lie).
                if occurrences[Int(groups[gi].representative)].segment == .headline && o.segment == .body {
                    groups[gi].representative = Int32(i)
                }
                continue
            }
            let tokens = text(o.segment).tokens
            var firstWordHash = tokens[Int(o.firstToken)].hash, lastWordHash = tokens[Int(o.lastToken)].hash
            var tokenCount = o.lastToken - o.firstToken + 1
            if o.actor >= 0 {
                // A known actor's words are its canonical name's, whatever alias was found.
                let hashes = gazetteer.actorTokenHashes[Int(o.actor)]
                firstWordHash = hashes.first ?? 0
                lastWordHash = hashes.last ?? 0
                tokenCount = Int32(hashes.count)
            }
            index[key] = groups.count
            groups.append(ActorGroup(actor: o.actor, representative: Int32(i), mentionCount: 1,
                                     firstSeen: position, tokenCount: tokenCount, firstWordHash: firstWordHash,
                                     lastWordHash: lastWordHash, titled: o.titled, hasOrgCue: o.hasOrgCue,
                                     onlySentenceInitial: o.sentenceInitial, onlyAmbiguous: o.ambiguousAlias,
                                     inHeadline: o.segment == .headline, inLead: lead))
        }
        return groups
    }

    /// The hash of an occurrence's words, as the gazetteer hashes a phrase.
    func wordsKey(_ o: ActorOccurrence) -> UInt64 {
        let tokens = text(o.segment).tokens
        var hash = phraseSeed
        for k in o.firstToken...o.lastToken { hash = combine(hash, tokens[Int(k)].hash) }
        return hash
    }

    /// All-caps headline words that name an actor found in the body
    /// ("BAKER SAYS..." for James Baker) give that actor the headline's weight.
    func markHeadlineNames(_ groups: inout [ActorGroup]) {
        guard !headline.tokens.isEmpty else { return }
        for t in headline.tokens
        where t.wordClass & (WordClass.stop | WordClass.common | WordClass.title) == 0 && !t.has(TokenFlags.number) {
            for gi in groups.indices where !groups[gi].inHeadline {
                let group = groups[gi]
                if t.hash == group.lastWordHash || (group.hasOrgCue && t.hash == group.firstWordHash)
                    || (group.tokenCount == 1 && t.hash == group.firstWordHash) {
                    groups[gi].inHeadline = true
                }
            }
        }
    }

    /// Later short mentions resolve to the full name found in the same
    /// article: "Baker" and "Mr. Baker" to "James Baker", "Exxon" to "Exxon
    /// Corp". A surname matches a name's last word; a company's first word
    /// matches a name with an organisation cue.
    func resolveShortMentions(_ groups: inout [ActorGroup]) {
        for i in groups.indices where groups[i].tokenCount == 1 && groups[i].actor < 0 {
            let word = groups[i].firstWordHash
            var best = -1
            for j in groups.indices where j != i && groups[j].tokenCount > 1 && groups[j].mergedInto < 0 {
                let full = groups[j]
                let person = !full.hasOrgCue && (full.actor < 0 || gazetteer.actorIsPerson[Int(full.actor)])
                if (person && full.lastWordHash == word) || (full.hasOrgCue && full.firstWordHash == word) {
                    if best < 0 || full.mentionCount > groups[best].mentionCount { best = j }
                }
            }
            // A first name or a title's first word used alone ("Jonny" for
            // Jonny Wilkinson, "Vanity" for Vanity Fair), when no surname fits.
            if best < 0 {
                for j in groups.indices where j != i && groups[j].tokenCount > 1 && groups[j].mergedInto < 0 {
                    if groups[j].firstWordHash == word && (best < 0 || groups[j].mentionCount > groups[best].mentionCount) {
                        best = j
                    }
                }
            }
            if best >= 0 {
                groups[best].mentionCount += groups[i].mentionCount
                groups[best].inHeadline = groups[best].inHeadline || groups[i].inHeadline
                groups[best].inLead = groups[best].inLead || groups[i].inLead
                groups[best].titled = groups[best].titled || groups[i].titled
                groups[best].firstSeen = min(groups[best].firstSeen, groups[i].firstSeen)
                groups[best].onlySentenceInitial = false
                groups[i].mergedInto = Int32(best)
            }
        }
    }

    /// Is this group an actor worth returning?
    func isWorthReturning(_ group: ActorGroup) -> Bool {
        if group.mergedInto >= 0 { return false }
        let o = occurrences[Int(group.representative)]
        if group.actor >= 0 {
            guard group.onlyAmbiguous else { return true }
            // "Diet" opening a sentence, "WHO" in an all-caps headline: only
            // when the body also names the actor where case tells.
            return occurrences.contains {
                $0.actor == group.actor && $0.segment == .body && !$0.sentenceInitial && !bodyCaseUnreliable
            }
        }
        let tokens = text(o.segment).tokens
        let first = tokens[Int(o.firstToken)], last = tokens[Int(o.lastToken)]
        if group.tokenCount == 1 {
            let length = first.byteCount
            // Two letters in mixed case are abbreviations ("Ga.", "Aa" ratings).
            if length < 2 || first.has(TokenFlags.number) || (length == 2 && !first.has(TokenFlags.allCaps)) { return false }
            if first.wordClass & (WordClass.stop | WordClass.common | WordClass.orgCue | WordClass.title) != 0 { return false }
            if group.titled { return true }
            if group.onlySentenceInitial { return false }
            // A capitalised word also written in lower case here is a
            // common word ("Total", "Oil"), not a name.
            if lowerCaseWords.contains(first) { return false }
            if first.has(TokenFlags.allCaps) { return length <= 8 }
            // Nor is a lone dictionary word ("Marketing", "Century").
            return first.wordClass & WordClass.dictionary == 0
        }
        // "FA Cup", "Sydney Olympics", "Sarbanes-Oxley Act": events and laws.
        if last.wordClass & WordClass.event != 0 && group.actor < 0 { return false }
        // "D-Tenn" (a party and a state), "J Sainsbury"-like fragments: a
        // bare single letter and one word is no name we can trust.
        if group.tokenCount == 2 && first.byteCount == 1 && !first.has(TokenFlags.initial) { return false }
        // "Class B", "Series A": a common word and a letter name a kind of share.
        if group.tokenCount == 2 && group.actor < 0 && last.byteCount == 1 && lowerCaseWords.isCommonWord(first) { return false }
        // Several words: not when every word is a common word ("Lovely
        // Bones", "Civil Aviation"), unless an organisation cue ends it after
        // a word that is no cue ("Finance Ministry", not "Holdings Plc").
        let commonish = WordClass.common | WordClass.stop | WordClass.connector | WordClass.title
            | WordClass.dictionary | WordClass.orgCue
        var allCommon = true
        for k in o.firstToken...o.lastToken {
            let t = tokens[Int(k)]
            if t.wordClass & commonish == 0 && !lowerCaseWords.contains(t) { allCommon = false; break }
        }
        if allCommon {
            if group.titled { return true }
            return last.wordClass & WordClass.orgCue != 0 && first.wordClass & WordClass.orgCue == 0
        }
        return true
    }

    /// Groups worth returning by score (mentions, with extra weight for the
    /// headline, the lead sentence, a title and a known actor), then by first
    /// appearance; one entry per display name.
    func ranked(_ groups: [ActorGroup], limit: Int) -> [String] {
        var kept: [(score: Double, firstSeen: Int32, group: Int)] = []
        for (gi, group) in groups.enumerated() where isWorthReturning(group) {
            var score = group.mentionCount
            if group.inHeadline { score += 3 }
            if group.inLead { score += 1.5 }
            if group.titled { score += 0.5 }
            if group.actor >= 0 { score += 0.5 }
            kept.append((score, group.firstSeen, gi))
        }
        kept.sort { $0.score != $1.score ? $0.score > $1.score : $0.firstSeen < $1.firstSeen }
        var out: [String] = []
        var seen = Set<String>()
        for k in kept {
            if out.count >= limit { break }
            let name = displayName(groups[k.group])
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// A known actor's canonical name, or the representative occurrence's
    /// words as written, joined by spaces or their hyphens.
    func displayName(_ group: ActorGroup) -> String {
        if group.actor >= 0 { return gazetteer.actorNames[Int(group.actor)] }
        let o = occurrences[Int(group.representative)]
        let segmentText = text(o.segment)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        for k in o.firstToken...o.lastToken {
            let t = segmentText.tokens[Int(k)]
            if k > o.firstToken { bytes.append(t.has(TokenFlags.hyphenBefore) ? 0x2D : 0x20) }
            segmentText.appendText(of: t, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
