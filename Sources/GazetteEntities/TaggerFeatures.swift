/// Feature templates of the actor tagger. The numbers are part of the weight
/// file's meaning (`Config/scripts/actor-tagger.md`, section 4): never
/// renumber, only add.
enum Template {
    static let bias: UInt64 = 1, word: UInt64 = 2, previousWord: UInt64 = 3, nextWord: UInt64 = 4
    static let previousWord2: UInt64 = 5, nextWord2: UInt64 = 6
    static let suffix2: UInt64 = 7, suffix3: UInt64 = 8, suffix4: UInt64 = 9, prefix2: UInt64 = 10, prefix3: UInt64 = 11
    static let shape: UInt64 = 12, previousShape: UInt64 = 13, nextShape: UInt64 = 14, shapes3: UInt64 = 15
    static let caseAndStart: UInt64 = 16, flag: UInt64 = 17, after: UInt64 = 18, previousAfter: UInt64 = 19
    static let wordClass: UInt64 = 20, previousWordClass: UInt64 = 21, nextWordClass: UInt64 = 22
    static let gazetteer: UInt64 = 23, previousGazetteer: UInt64 = 24, nextGazetteer: UInt64 = 25
    static let lowerSeen: UInt64 = 26, capitalSeen: UInt64 = 27, previousBigram: UInt64 = 28, nextBigram: UInt64 = 29
    static let length: UInt64 = 30, mode: UInt64 = 31, caseStatistic: UInt64 = 32
    static let previousCaseStatistic: UInt64 = 33, nextCaseStatistic: UInt64 = 34, position: UInt64 = 35
    static let previousTag: UInt64 = 40, previousTags: UInt64 = 41, wordAndTag: UInt64 = 42
    static let shapeAndTag: UInt64 = 43, storyMemory: UInt64 = 44

    /// A feature's 64-bit hash; the weight table keeps its low bits. The
    /// template is a constant at every call, so `combine(seed, template)`
    /// folds at compile time (a table of keys cost a look-up a feature).
    @inline(__always) static func feature(_ template: UInt64, _ value: UInt64) -> UInt64 {
        combine(combine(TaggerModel.featureSeed, template), value)
    }
}

/// The feature ids of one token, in a buffer reused for every token of a
/// segment: appending costs no capacity or uniqueness check (an array's
/// did, about 45 times a scored token).
struct FeatureIDs {
    /// More than any token has: at most 45 static features (8 word classes,
    /// 4 flags) and 5 dynamic ones.
    static let capacity = 64
    private let base: UnsafeMutablePointer<UInt64>
    private(set) var count = 0

    /// Runs `body` with an empty buffer that lives as long as the call.
    static func withBuffer<R>(_ body: (inout FeatureIDs) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { storage in
            var ids = FeatureIDs(base: storage.baseAddress!)
            return body(&ids)
        }
    }

    private init(base: UnsafeMutablePointer<UInt64>) { self.base = base }

    @inline(__always) mutating func append(_ id: UInt64) {
        assert(count < FeatureIDs.capacity)
        base[count] = id
        count &+= 1
    }

    @inline(__always) mutating func removeAll() { count = 0 }

    var buffer: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: base, count: count) }
}

/// One segment as the tagger's features see it: its tokens, their shapes and
/// the gazetteer phrases that cover them.
struct SegmentFeatures {
    let text: SegmentText
    /// 0 body, 1 body in capitals, 2 headline, 3 headline in capitals or Title Case.
    let mode: UInt64
    let model: TaggerModel
    /// FNV hash of each token's shape ("Xx", "X.X.", "d,d"), made when first
    /// needed (0: not yet; scored tokens and their neighbours need them).
    var shapes: [UInt64]
    /// Per token: the labels of the gazetteer phrase covering it, shifted
    /// left once, plus 1 inside the phrase after its first token; 0 for none.
    let gazetteerValues: [UInt64]
    /// Index of the first token of each token's sentence.
    let sentenceFirst: [Int32]

    init(text: SegmentText, mode: Int, model: TaggerModel, phrases: [PhraseUnit], gazetteer: Gazetteer) {
        self.text = text
        self.mode = UInt64(mode)
        self.model = model
        let tokens = text.tokens
        shapes = [UInt64](repeating: 0, count: tokens.count)
        var values = [UInt64](repeating: 0, count: tokens.count)
        for unit in phrases where !unit.isPlainWord {
            let labels = UInt64(gazetteer.entries[Int(unit.entry)].labels) << 1
            for k in unit.firstToken...unit.lastToken { values[Int(k)] = labels | (k == unit.firstToken ? 0 : 1) }
        }
        gazetteerValues = values
        var first = [Int32](repeating: 0, count: tokens.count)
        for i in tokens.indices where i > 0 {
            first[i] = tokens[i].sentence == tokens[i - 1].sentence ? first[i - 1] : Int32(i)
        }
        sentenceFirst = first
    }

    /// The shape hash of token `i`.
    @inline(__always) mutating func shape(_ i: Int) -> UInt64 {
        if shapes[i] == 0 { shapes[i] = SegmentFeatures.shapeHash(text.bytes, text.tokens[i]) }
        return shapes[i]
    }

    /// 0 lower case, 1 capitalised, 2 all capitals, 3 a number, 4 other.
    @inline(__always) static func caseClass(_ t: Token) -> UInt64 {
        if t.has(TokenFlags.number) { return 3 }
        if t.has(TokenFlags.allCaps) { return 2 }
        if t.has(TokenFlags.cap) { return 1 }
        if t.has(TokenFlags.lower) { return 0 }
        return 4
    }

    /// The tagger's case statistic of a word, read with its class by the tokenizer.
    @inline(__always) static func caseStatistic(_ t: Token) -> UInt64 { UInt64(t.caseBucket) }

    /// The features that do not depend on earlier tags (templates 1-35), in
    /// the reference's order.
    mutating func appendStatic(_ i: Int, story: TaggerStory, to f: inout FeatureIDs) {
        appendStatic(i, lowerCaseWords: story.lowerCaseWords, capitalisedWords: story.capitalisedWords, to: &f)
    }

    /// The same, given the two parts of the story they read: the tagger's
    /// loop passes them rather than the story, which it would copy (and
    /// retain and release its tables) at every token.
    mutating func appendStatic(_ i: Int, lowerCaseWords: LowerCaseWords, capitalisedWords: HashSet64,
                               to f: inout FeatureIDs) {
        typealias T = Template
        let tokens = text.tokens
        let n = tokens.count
        let t = tokens[i]
        let h0 = t.hash
        let hp1 = i > 0 ? tokens[i - 1].hash : 0, hn1 = i + 1 < n ? tokens[i + 1].hash : 0
        let hp2 = i > 1 ? tokens[i - 2].hash : 0, hn2 = i + 2 < n ? tokens[i + 2].hash : 0
        f.append(T.feature(T.bias, 0))
        f.append(T.feature(T.word, h0))
        f.append(T.feature(T.previousWord, hp1))
        f.append(T.feature(T.nextWord, hn1))
        f.append(T.feature(T.previousWord2, hp2))
        f.append(T.feature(T.nextWord2, hn2))
        f.append(T.feature(T.previousBigram, combine(hp1, h0)))
        f.append(T.feature(T.nextBigram, combine(h0, hn1)))
        let affixes = Affixes(text.bytes, t)
        f.append(T.feature(T.suffix2, affixes.suffix2))
        f.append(T.feature(T.suffix3, affixes.suffix3))
        f.append(T.feature(T.suffix4, affixes.suffix4))
        f.append(T.feature(T.prefix2, affixes.prefix2))
        f.append(T.feature(T.prefix3, affixes.prefix3))
        let s0 = shape(i), sp = i > 0 ? shape(i - 1) : 0, sn = i + 1 < n ? shape(i + 1) : 0
        f.append(T.feature(T.shape, s0))
        f.append(T.feature(T.previousShape, sp))
        f.append(T.feature(T.nextShape, sn))
        f.append(T.feature(T.shapes3, combine(combine(sp, s0), sn)))
        let cc = SegmentFeatures.caseClass(t)
        let ss: UInt64 = t.has(TokenFlags.sentenceStart) ? 1 : 0
        f.append(T.feature(T.caseAndStart, cc | ss << 3 | mode << 4))
        // In the reference's order.
        if t.has(TokenFlags.possessive) { f.append(T.feature(T.flag, UInt64(TokenFlags.possessive))) }
        if t.has(TokenFlags.hyphenBefore) { f.append(T.feature(T.flag, UInt64(TokenFlags.hyphenBefore))) }
        if t.has(TokenFlags.initial) { f.append(T.feature(T.flag, UInt64(TokenFlags.initial))) }
        if t.has(TokenFlags.dotted) { f.append(T.feature(T.flag, UInt64(TokenFlags.dotted))) }
        f.append(T.feature(T.after, UInt64(t.after)))
        f.append(T.feature(T.previousAfter, i > 0 ? UInt64(tokens[i - 1].after) : 7))
        f.append(T.feature(T.length, affixes.lengthBucket))
        f.append(T.feature(T.position, UInt64(min(i - Int(sentenceFirst[i]), 3))))
        for b in 0..<8 where t.wordClass >> b & 1 != 0 { f.append(T.feature(T.wordClass, UInt64(b))) }
        f.append(T.feature(T.previousWordClass, i > 0 ? UInt64(tokens[i - 1].wordClass) : 256))
        f.append(T.feature(T.nextWordClass, i + 1 < n ? UInt64(tokens[i + 1].wordClass) : 256))
        f.append(T.feature(T.gazetteer, gazetteerValues[i]))
        f.append(T.feature(T.previousGazetteer, i > 0 ? gazetteerValues[i - 1] : 1 << 20))
        f.append(T.feature(T.nextGazetteer, i + 1 < n ? gazetteerValues[i + 1] : 1 << 20))
        f.append(T.feature(T.lowerSeen, cc << 1 | (lowerCaseWords.contains(t) ? 1 : 0)))
        f.append(T.feature(T.capitalSeen, cc << 2 | ss << 1 | (capitalisedWords.contains(h0) ? 1 : 0)))
        f.append(T.feature(T.mode, mode << 3 | cc))
        f.append(T.feature(T.caseStatistic, SegmentFeatures.caseStatistic(t) << 4 | cc << 1 | ss))
        f.append(T.feature(T.previousCaseStatistic, i > 0 ? SegmentFeatures.caseStatistic(tokens[i - 1]) : 15))
        f.append(T.feature(T.nextCaseStatistic, i + 1 < n ? SegmentFeatures.caseStatistic(tokens[i + 1]) : 15))
    }

    /// The features of the tags already given (templates 40-44).
    @inline(__always)
    mutating func appendDynamic(_ i: Int, previous: Int, previous2: Int, story: TaggerStory, to f: inout FeatureIDs) {
        typealias T = Template
        let t = text.tokens[i]
        let p = UInt64(previous)
        f.append(T.feature(T.previousTag, p))
        f.append(T.feature(T.previousTags, UInt64(previous2) << 4 | p))
        f.append(T.feature(T.wordAndTag, combine(t.hash, p)))
        f.append(T.feature(T.shapeAndTag, combine(shape(i), p)))
        if model.storyMemory {
            let memory = UInt64(story.memory.get(t.hash) ?? 0)
            f.append(T.feature(T.storyMemory, memory << 3 | SegmentFeatures.caseClass(t)))
        }
    }

    /// A token's shape: ASCII capitals X, small letters x, digits d, other
    /// ASCII bytes as they are; a Latin-1 letter X or x by its case, a curly
    /// apostrophe ', any other character x; runs of one class written once.
    static func shapeHash(_ bytes: UnsafeBufferPointer<UInt8>, _ t: Token) -> UInt64 {
        var h = fnvOffset
        var last: UInt8 = 0
        var j = Int(t.start)
        let end = Int(t.end)
        while j < end {
            let d = bytes[j]
            let c: UInt8
            if d < 0x80 {
                c = isUpperASCII(d) ? 0x58 : isASCIILetter(d) ? 0x78 : isDigit(d) ? 0x64 : d
                j += 1
            } else if d == 0xC3 && j + 1 < end {
                let e = bytes[j + 1]
                c = e >= 0x80 && e <= 0x9E && e != 0x97 ? 0x58 : 0x78
                j += 2
            } else if d == 0xE2 && j + 2 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x99 {
                c = 0x27
                j += 3
            } else {
                c = 0x78
                j += utf8Length(d)
            }
            if c != last { h = fnvMix(h, c); last = c }
        }
        return h
    }
}

/// FNV hashes of the first and last bytes of a token's normalised form (ASCII
/// letters in lower case, Latin-1 capitals folded, ’ as '), and its length.
struct Affixes {
    var suffix2: UInt64 = 0, suffix3: UInt64 = 0, suffix4: UInt64 = 0
    var prefix2: UInt64 = 0, prefix3: UInt64 = 0
    var lengthBucket: UInt64 = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ t: Token) {
        // Normalised bytes, into a small buffer (a token this long has its
        // affixes in the first and last 4 bytes anyway).
        var norm = (UInt8(0), UInt8(0), UInt8(0))
        var tail = (UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        var count = 0
        func push(_ b: UInt8) {
            switch count {
            case 0: norm.0 = b
            case 1: norm.1 = b
            case 2: norm.2 = b
            default: break
            }
            tail = (tail.1, tail.2, tail.3, b)
            count += 1
        }
        var j = Int(t.start)
        let end = Int(t.end)
        var ascii = true
        for k in j..<end where bytes[k] >= 0x80 { ascii = false; break }
        if ascii {
            // Most words: the first three and the last four bytes, with no
            // byte-by-byte pass (the same bytes `push` would keep).
            @inline(__always) func folded(_ k: Int) -> UInt8 { isASCIILetter(bytes[k]) ? bytes[k] | 0x20 : bytes[k] }
            count = end - j
            if count >= 1 { norm.0 = folded(j); tail.3 = folded(end - 1) }
            if count >= 2 { norm.1 = folded(j + 1); tail.2 = folded(end - 2) }
            if count >= 3 { norm.2 = folded(j + 2); tail.1 = folded(end - 3) }
            if count >= 4 { tail.0 = folded(end - 4) }
            j = end
        }
        while j < end {
            let d = bytes[j]
            if d < 0x80 {
                push(isASCIILetter(d) ? d | 0x20 : d)
                j += 1
            } else if d == 0xE2 && j + 2 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x99 {
                push(0x27)
                j += 3
            } else if d == 0xC3 && j + 1 < end {
                let e = bytes[j + 1]
                push(0xC3)
                push(e >= 0x80 && e <= 0x9E && e != 0x97 ? e + 0x20 : e)
                j += 2
            } else {
                push(d)
                j += 1
            }
        }
        // FNV of the last k bytes (all of them when shorter), and of the first k.
        func suffix(_ k: Int) -> UInt64 {
            var h = fnvOffset
            let n = min(count, k)
            if n >= 4 { h = fnvMix(h, tail.0) }
            if n >= 3 { h = fnvMix(h, tail.1) }
            if n >= 2 { h = fnvMix(h, tail.2) }
            if n >= 1 { h = fnvMix(h, tail.3) }
            return h
        }
        suffix2 = suffix(2)
        suffix3 = suffix(3)
        suffix4 = suffix(4)
        prefix2 = count >= 2 ? fnvMix(fnvMix(fnvOffset, norm.0), norm.1) : count == 1 ? fnvMix(fnvOffset, norm.0) : fnvOffset
        prefix3 = count >= 3 ? fnvMix(prefix2, norm.2) : prefix2
        lengthBucket = count <= 1 ? 1 : count == 2 ? 2 : count == 3 ? 3 : count <= 5 ? 4 : count <= 8 ? 5 : 6
    }
}
