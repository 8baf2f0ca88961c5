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
    /// What the tagger called it (`.unknown`: found by the rules alone).
    var kind: ActorKind = .unknown
}

/// A person or an organisation, when the tagger says which.
enum ActorKind: UInt8 {
    case unknown, person, organisation
}

/// The occurrences of one actor: a known actor, or the same words.
struct ActorGroup {
    var actor: Int32
    /// The occurrence whose words name the group.
    var representative: Int32
    var mentionCount: Double
    /// Reading position of the first occurrence (the headline comes first).
    var firstSeen: Int32
    /// Words of the name, without a trailing company form ("Exxon" of "Exxon Corp").
    var tokenCount: Int32
    var firstWordHash: UInt64
    var lastWordHash: UInt64
    /// The hash of the name's words but the last (for plurals).
    var headKey: UInt64
    var kind: ActorKind
    var titled: Bool
    var hasOrgCue: Bool
    var onlySentenceInitial: Bool
    var onlyAmbiguous: Bool
    var inHeadline: Bool
    var inLead: Bool
    /// The group this short mention was resolved to, or -1.
    var mergedInto: Int32 = -1
}

/// An actor as the text names it, and the actor it is.
public struct ActorMention: Sendable, Hashable {
    /// The words as written ("NATO", "Fischler", "Lib Dem").
    public var text: String
    /// The actor's one canonical name ("North Atlantic Treaty Organization",
    /// "Franz Fischler", "Liberal Democrats"): what the index counts.
    public var actor: String

    public init(text: String, actor: String) {
        self.text = text
        self.actor = actor
    }
}

/// Groups actor occurrences into actors, resolves short mentions, plurals and
/// acronyms to one name (`ActorIdentity`), drops what is no name, and ranks
/// the rest by how much the article is about them.
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

    /// The canonical names of the most salient actors (at most `limit`), and
    /// every actor mention with the actor it is, in reading order.
    func ranked(limit: Int, headlineCaseUnreliable: Bool) -> (actors: [String], mentions: [ActorMention]) {
        var groups = groups()
        if headlineCaseUnreliable { markHeadlineNames(&groups) }
        resolveShortMentions(&groups)
        resolveHeadlineShortNames(&groups)
        resolvePluralsAndAcronyms(&groups)
        return (ranked(groups, limit: limit), mentions(groups))
    }

    /// Occurrences of the same words, or of the same known actor, form one group.
    func groups() -> [ActorGroup] {
        var groups: [ActorGroup] = []
        var index = HashMap64(capacity: occurrences.count)
        for (i, o) in occurrences.enumerated() {
            let last = coreLastToken(o)
            // A known actor is one group under any alias; its key is far from the hashes of words.
            let key: UInt64 = o.actor >= 0 ? UInt64(o.actor) &+ 0x7000_0000_0000_0000 : wordsKey(o.segment, o.firstToken, last)
            let lead = o.segment == .body && o.sentence == leadSentence
            let position = Int32(o.segment == .headline ? 0 : 1_000_000) + o.firstToken
            if let found = index.get(key) {
                let gi = Int(found)
                groups[gi].mentionCount += 1
                groups[gi].titled = groups[gi].titled || o.titled
                groups[gi].hasOrgCue = groups[gi].hasOrgCue || o.hasOrgCue
                groups[gi].onlySentenceInitial = groups[gi].onlySentenceInitial && o.sentenceInitial
                groups[gi].onlyAmbiguous = groups[gi].onlyAmbiguous && o.ambiguousAlias
                groups[gi].inHeadline = groups[gi].inHeadline || o.segment == .headline
                groups[gi].inLead = groups[gi].inLead || lead
                if groups[gi].kind == .unknown { groups[gi].kind = o.kind }
                if position < groups[gi].firstSeen { groups[gi].firstSeen = position }
                // Prefer a body occurrence for display (headline capitals lie).
                if occurrences[Int(groups[gi].representative)].segment == .headline && o.segment == .body {
                    groups[gi].representative = Int32(i)
                }
                continue
            }
            let tokens = text(o.segment).tokens
            var firstWordHash = tokens[Int(o.firstToken)].hash, lastWordHash = tokens[Int(last)].hash
            var tokenCount = last - o.firstToken + 1
            var headKey = last > o.firstToken ? wordsKey(o.segment, o.firstToken, last - 1) : phraseSeed
            if o.actor >= 0 {
                // A known actor's words are its canonical name's, whatever alias was found.
                let hashes = gazetteer.actorTokenHashes[Int(o.actor)]
                firstWordHash = hashes.first ?? 0
                lastWordHash = hashes.last ?? 0
                tokenCount = Int32(hashes.count)
                headKey = 0
            }
            index.set(key, Int32(groups.count))
            groups.append(ActorGroup(actor: o.actor, representative: Int32(i), mentionCount: 1,
                                     firstSeen: position, tokenCount: tokenCount, firstWordHash: firstWordHash,
                                     lastWordHash: lastWordHash, headKey: headKey, kind: o.kind, titled: o.titled,
                                     hasOrgCue: o.hasOrgCue, onlySentenceInitial: o.sentenceInitial,
                                     onlyAmbiguous: o.ambiguousAlias, inHeadline: o.segment == .headline, inLead: lead))
        }
        return groups
    }

    /// The hash of a stretch of words, as the gazetteer hashes a phrase.
    func wordsKey(_ segment: Segment, _ first: Int32, _ last: Int32) -> UInt64 {
        let tokens = text(segment).tokens
        var hash = phraseSeed
        for k in first...last { hash = combine(hash, tokens[Int(k)].hash) }
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

    /// Is this group a name at all (whether or not merged into another)?
    func isName(_ group: ActorGroup) -> Bool {
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
        // "Inc", "Co Ltd": company forms whose name was not read (a name of
        // common words, "Northern Marketing Corp") name no one, whoever found them.
        if (o.firstToken...o.lastToken).allSatisfy({ gazetteer.isCompanyForm(tokens[Int($0)].hash) }) { return false }
        if group.kind != .unknown {
            // The tagger weighed the context already; only what is never a name goes.
            guard o.firstToken == o.lastToken else { return true }
            return first.byteCount >= 2 && !first.has(TokenFlags.number) && first.wordClass & WordClass.stop == 0
        }
        if group.tokenCount == 1 && o.firstToken == o.lastToken {
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
        if last.wordClass & WordClass.event != 0 { return false }
        let count = o.lastToken - o.firstToken + 1
        // "D-Tenn" (a party and a state), "J Sainsbury"-like fragments: a
        // bare single letter and one word is no name we can trust.
        if count == 2 && first.byteCount == 1 && !first.has(TokenFlags.initial) { return false }
        // "Class B", "Series A": a common word and a letter name a kind of share.
        if count == 2 && last.byteCount == 1 && lowerCaseWords.isCommonWord(first) { return false }
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
        for (gi, group) in groups.enumerated() where group.mergedInto < 0 && isName(group) {
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

    /// Every occurrence of a name, as written, with the actor it resolved to;
    /// in reading order (headline first), each spelling once.
    func mentions(_ groups: [ActorGroup]) -> [ActorMention] {
        func key(_ o: ActorOccurrence) -> UInt64 {
            o.actor >= 0 ? UInt64(o.actor) &+ 0x7000_0000_0000_0000 : wordsKey(o.segment, o.firstToken, coreLastToken(o))
        }
        var keyToGroup = HashMap64(capacity: groups.count)
        for (gi, group) in groups.enumerated() { keyToGroup.set(key(occurrences[Int(group.representative)]), Int32(gi)) }
        let order = occurrences.indices.sorted {
            let a = occurrences[$0], b = occurrences[$1]
            return a.segment != b.segment ? a.segment == .headline : a.firstToken < b.firstToken
        }
        var names = [String?](repeating: nil, count: groups.count)
        var out: [ActorMention] = []
        var outSegments: [Segment] = []
        // One spelling: the words (case folded) and what joins them.
        var seen = HashMap64(capacity: occurrences.count)
        for i in order {
            let o = occurrences[i]
            guard let found = keyToGroup.get(key(o)) else { continue }
            var gi = Int(found)
            guard isName(groups[gi]) else { continue }
            while groups[gi].mergedInto >= 0 { gi = Int(groups[gi].mergedInto) }
            guard isName(groups[gi]) else { continue }
            let spelling = spellingKey(o)
            if let found = seen.get(spelling) {
                let k = Int(found)
                // A body's capitals over an all-caps headline's.
                if outSegments[k] == .headline && o.segment == .body {
                    out[k].text = spanText(o.segment, o.firstToken, o.lastToken)
                    outSegments[k] = .body
                }
                continue
            }
            seen.set(spelling, Int32(out.count))
            if names[gi] == nil { names[gi] = displayName(groups[gi]) }
            out.append(ActorMention(text: spanText(o.segment, o.firstToken, o.lastToken), actor: names[gi]!))
            outSegments.append(o.segment)
        }
        return out
    }

    /// The words of an occurrence, case folded, with its hyphens and inner
    /// possessives: one spelling of a name.
    func spellingKey(_ o: ActorOccurrence) -> UInt64 {
        let tokens = text(o.segment).tokens
        var hash = phraseSeed
        for k in o.firstToken...o.lastToken {
            let t = tokens[Int(k)]
            hash = combine(hash, t.hash ^ UInt64(t.flags & (TokenFlags.hyphenBefore | TokenFlags.possessive)))
        }
        return hash
    }
}
