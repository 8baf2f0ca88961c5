/// A name the tagger found: tokens of one segment and what they name.
struct TaggedName {
    enum Kind: UInt8 {
        case person = 1, organisation, place, other
        var isActor: Bool { self == .person || self == .organisation }
    }
    var segment: Segment
    var firstToken: Int32
    var lastToken: Int32
    var kind: Kind
}

/// What the tagger knows about the story beyond the segment it tags: the words
/// written in lower case and capitalised elsewhere, and what it called each
/// word so far (carried from the headline into the body).
struct TaggerStory {
    let lowerCaseWords: LowerCaseWords
    let capitalisedWords: HashSet64
    /// Token hash -> 1 person, 2 organisation, 3 place, 4 other name, 5 a
    /// capitalised word tagged as no name.
    var memory: HashMap64

    init(lowerCaseWords: LowerCaseWords, segments: [(tokens: [Token], caseReliable: Bool)]) {
        self.lowerCaseWords = lowerCaseWords
        var capitalised = HashSet64(expected: segments.reduce(0) { $0 + $1.tokens.count })
        // The memory holds a word a capitalised token or a name tag: sized
        // for them once, so that a long story does not rehash it as it fills.
        var names = 16
        for (tokens, reliable) in segments {
            for t in tokens where t.isCapitalised {
                names += 1
                if reliable && t.has(TokenFlags.cap) && !t.has(TokenFlags.sentenceStart) { capitalised.insert(t.hash) }
            }
        }
        capitalisedWords = capitalised
        memory = HashMap64(capacity: names)
    }
}

/// Tags people, organisations, places and other names on Gazette's tokens:
/// a greedy left-to-right averaged perceptron over hashed features (word,
/// neighbours, affixes, shape, case, punctuation, word classes, gazetteer
/// phrases, case statistics, the tags given so far), trained on annotated
/// newswire. The features are specified in `Config/scripts/actor-tagger.md`;
/// `Config/scripts/actor_tagger.py` is the reference this must agree with
/// (`Config/scripts/actor-tagger-vectors.json`).
struct ActorTagger {
    let model: TaggerModel
    let matcher: PhraseMatcher
    /// Scores lower-case tokens that follow no name too (the reference's
    /// default); otherwise they are no name without scoring, which changes
    /// nothing measurable and halves the work.
    var scoresEveryToken = false

    /// Tag columns of the weight file: O, then B and I of each kind.
    static let outside: Int = 0

    @inline(__always) static func kind(ofTag tag: Int) -> Int { (tag - 1) >> 1 }
    @inline(__always) static func isBegin(_ tag: Int) -> Bool { tag > 0 && (tag - 1) & 1 == 0 }
    /// An I-X tag only continues a B-X or I-X.
    @inline(__always) static func allowed(_ tag: Int, after previous: Int) -> Bool {
        tag == 0 || isBegin(tag) || (previous != 0 && kind(ofTag: previous) == kind(ofTag: tag))
    }

    /// The tag of each token of one segment (a tag column: 0 O, 1 B-PER ... 8 I-MISC).
    /// `phrases`: the segment's gazetteer phrases, matched with case where
    /// case tells (mode 0 or 2), as `PhraseMatcher.units` gives them.
    func tags(_ text: SegmentText, mode: Int, phrases: [PhraseUnit]? = nil, story: inout TaggerStory) -> [UInt8] {
        let tokens = text.tokens
        var out = [UInt8](repeating: 0, count: tokens.count)
        guard !tokens.isEmpty else { return out }
        var features = SegmentFeatures(text: text, mode: mode, model: model,
                                       phrases: phrases ?? matcher.units(tokens, matchCase: mode == 0 || mode == 2),
                                       gazetteer: matcher.gazetteer)
        FeatureIDs.withBuffer { ids in
            model.weights.withUnsafeBufferPointer { weights in
                model.decode.withUnsafeBufferPointer { decode in
                    tagTokens(tokens, features: &features, ids: &ids, weights: weights, decode: decode, story: &story,
                              into: &out)
                }
            }
        }
        return out
    }

    /// The tagging loop, outside the closures that lend it the buffers: a
    /// closure reads the captured story by copy, retaining and releasing its
    /// tables at every token.
    func tagTokens(_ tokens: [Token], features: inout SegmentFeatures, ids: inout FeatureIDs,
                   weights: UnsafeBufferPointer<Int8>, decode: UnsafeBufferPointer<Float>, story: inout TaggerStory,
                   into out: inout [UInt8]) {
        var previous = 0, previous2 = 0
        for i in tokens.indices {
            let t = tokens[i]
            var tag = 0
            if scoresEveryToken || !t.has(TokenFlags.lower) || previous != 0 {
                ids.removeAll()
                features.appendStatic(i, lowerCaseWords: story.lowerCaseWords, capitalisedWords: story.capitalisedWords,
                                      to: &ids)
                features.appendDynamic(i, previous: previous, previous2: previous2, story: story, to: &ids)
                tag = best(ids.buffer, previous: previous, weights: weights, decode: decode)
            }
            out[i] = UInt8(tag)
            previous2 = previous
            previous = tag
            remember(t, tag: tag, in: &story)
        }
    }

    /// The highest-scoring tag allowed after `previous` (ties: the first column).
    @inline(__always)
    func best(_ ids: UnsafeBufferPointer<UInt64>, previous: Int, weights: UnsafeBufferPointer<Int8>,
              decode: UnsafeBufferPointer<Float>) -> Int {
        let mask = model.rowMask
        // Most rows are cache misses. Touching each row first, in a loop that
        // does nothing else, lets the misses overlap instead of queueing
        // behind the sums. `touched` only keeps the loads (times 0: s0 starts at zero).
        var touched: Int8 = 0
        for id in ids { touched |= weights[Int(truncatingIfNeeded: id & mask) &* TaggerModel.tagCount] }
        // Summed in feature order, in single precision, as the reference does.
        var s0: Float = Float(touched) * 0, s1: Float = 0, s2: Float = 0, s3: Float = 0, s4: Float = 0
        var s5: Float = 0, s6: Float = 0, s7: Float = 0, s8: Float = 0
        for id in ids {
            let r = Int(truncatingIfNeeded: id & mask) &* TaggerModel.tagCount
            s0 += decode[Int(weights[r]) &+ 128]
            s1 += decode[Int(weights[r &+ 1]) &+ 128]
            s2 += decode[Int(weights[r &+ 2]) &+ 128]
            s3 += decode[Int(weights[r &+ 3]) &+ 128]
            s4 += decode[Int(weights[r &+ 4]) &+ 128]
            s5 += decode[Int(weights[r &+ 5]) &+ 128]
            s6 += decode[Int(weights[r &+ 6]) &+ 128]
            s7 += decode[Int(weights[r &+ 7]) &+ 128]
            s8 += decode[Int(weights[r &+ 8]) &+ 128]
        }
        // The first highest among the tags allowed after `previous`.
        var bestTag = 0
        var bestScore = s0
        func consider(_ tag: Int, _ score: Float) {
            if score > bestScore && ActorTagger.allowed(tag, after: previous) { bestTag = tag; bestScore = score }
        }
        consider(1, s1); consider(2, s2); consider(3, s3); consider(4, s4)
        consider(5, s5); consider(6, s6); consider(7, s7); consider(8, s8)
        return bestTag
    }

    /// What the story has called a word: the kind of its last name tag, or
    /// "no name" for a capitalised word tagged O.
    @inline(__always)
    func remember(_ t: Token, tag: Int, in story: inout TaggerStory) {
        if tag != 0 {
            story.memory.set(t.hash, Int32((tag + 1) >> 1))
        } else if t.isCapitalised {
            story.memory.set(t.hash, 5)
        }
    }

    /// The names a segment's tags mark: a B-X and the I-X tokens after it.
    static func names(_ tags: [UInt8], segment: Segment) -> [TaggedName] {
        var out: [TaggedName] = []
        var i = 0
        while i < tags.count {
            let tag = Int(tags[i])
            guard tag != 0 else { i += 1; continue }
            var j = i + 1
            while j < tags.count && tags[j] != 0 && !isBegin(Int(tags[j])) && kind(ofTag: Int(tags[j])) == kind(ofTag: tag) {
                j += 1
            }
            out.append(TaggedName(segment: segment, firstToken: Int32(i), lastToken: Int32(j - 1),
                                  kind: TaggedName.Kind(rawValue: UInt8(kind(ofTag: tag) + 1))!))
            i = j
        }
        return out
    }
}
