import GazetteEntities

/// The names of CountryNames keyed by a hash of their words, so that an
/// article's words are looked up as they are read, without a String per
/// word. Reading every article's words as `CountryNames.textWords(_:)` does
/// (Unicode lower-casing, a split by grapheme clusters, a String per word)
/// took a seventh of a first build's CPU time; ASCII text (with a few common
/// marks: most news) is read here byte by byte into the same words. Other
/// text is read by `CountryNames.textWords(_:)` and matched here all the same.
struct CountryNameScan: Sendable, Equatable {
    /// One name: its words, and the terms of the countries it names.
    struct Name: Sendable, Equatable {
        let words: [[UInt8]]
        let terms: [String]
    }

    /// Names by the hash of their word sequence (`sequenceHash`).
    private var names: [UInt64: [Name]] = [:]
    /// Hashes of the names' first words: a word that starts none is passed over at once.
    private var firstWords: Set<UInt64> = []
    private var longest = 0

    init(_ terms: [[String]: [String]]) {
        // In a fixed order, so that two scans of the same names are equal.
        for (words, terms) in terms.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where !words.isEmpty {
            let bytes = words.map { Array($0.utf8) }
            let hashes = bytes.map { fnvHash($0) }
            names[Self.sequenceHash(hashes[...]), default: []].append(Name(words: bytes, terms: terms))
            firstWords.insert(hashes[0])
            longest = max(longest, words.count)
        }
    }

    /// An article's words: bytes in one buffer, each word a range and a hash.
    struct Words {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var hashes: [UInt64] = []

        mutating func append<Bytes: Collection>(_ word: Bytes) where Bytes.Element == UInt8 {
            let start = bytes.count
            bytes.append(contentsOf: word)
            ranges.append(start..<bytes.count)
            hashes.append(fnvHash(bytes[start...]))
        }

        /// Word `index`'s bytes.
        subscript(index: Int) -> ArraySlice<UInt8> { bytes[ranges[index]] }
    }

    /// The words of `text` as `CountryNames.textWords(_:)` makes them: a run of
    /// letters, digits, dots and apostrophes, lower-cased, without a closing
    /// "'s", with its dots and apostrophes dropped. Nil unless the text is
    /// ASCII but for the curly apostrophe and `separators`.
    static func asciiWords(_ text: String) -> Words? {
        var text = text
        return text.withUTF8 { (utf8: UnsafeBufferPointer<UInt8>) -> Words? in
            // One pass, each word's bytes written once and hashed as they
            // are: building a piece, filtering it and hashing it again took
            // two thirds of the scan's time (3 % of a first build).
            var ranges: [Range<Int>] = [], hashes: [UInt64] = []
            ranges.reserveCapacity(utf8.count / 5)
            hashes.reserveCapacity(utf8.count / 5)
            var other = false
            let bytes = [UInt8](unsafeUninitializedCapacity: utf8.count) { out, written in
                var count = 0  // bytes written
                var start = 0  // where the current piece's word starts in `out`
                var read = 0  // bytes of the current piece read, dots and apostrophes too
                var last: UInt8 = 0, beforeLast: UInt8 = 0  // the piece's last two bytes as read
                var hash = fnvOffset, hashBeforeLast = fnvOffset
                func take(_ byte: UInt8) {
                    beforeLast = last
                    last = byte
                    read += 1
                    guard byte != UInt8(ascii: "."), byte != UInt8(ascii: "'") else { return }
                    out[count] = byte
                    count += 1
                    hashBeforeLast = hash
                    hash = fnvMix(hash, byte)
                }
                func endPiece() {
                    // A closing "'s" goes; the apostrophe was never written, the "s" was, last.
                    if read >= 2 && beforeLast == UInt8(ascii: "'") && last == UInt8(ascii: "s") {
                        count -= 1
                        hash = hashBeforeLast
                    }
                    if count > start {
                        ranges.append(start..<count)
                        hashes.append(hash)
                    }
                    start = count
                    read = 0
                    last = 0
                    beforeLast = 0
                    hash = fnvOffset
                }
                var index = 0
                scan: while index < utf8.count {
                    let byte = utf8[index]
                    index += 1
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                         UInt8(ascii: "."), UInt8(ascii: "'"):
                        take(byte)
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        take(byte | 0x20)
                    case 0x80...:
                        // Two or three bytes of one scalar (0xC2 to 0xEF lead them).
                        let length = byte >= 0xE0 ? 3 : 2
                        guard byte >= 0xC2, byte < 0xF0, index + length - 1 <= utf8.count else {
                            other = true
                            break scan
                        }
                        var scalar = UInt32(byte & (length == 3 ? 0x0F : 0x1F))
                        for _ in 1..<length {
                            scalar = scalar << 6 | UInt32(utf8[index] & 0x3F)
                            index += 1
                        }
                        if scalar == 0x2019 {
                            take(UInt8(ascii: "'"))  // a joiner as the straight apostrophe is
                        } else if separators.contains(scalar) {
                            if read > 0 { endPiece() }
                        } else {
                            other = true
                            break scan
                        }
                    default:
                        if read > 0 { endPiece() }
                    }
                }
                if read > 0 && !other { endPiece() }
                written = count
            }
            return other ? nil : Words(bytes: bytes, ranges: ranges, hashes: hashes)
        }
    }

    /// Characters of news text that are neither letters nor digits, change
    /// nothing in lower case and always stand alone as a grapheme (no mark
    /// joins them in text without other non-ASCII characters): a pound sign
    /// in a third of the BBC's stories sent them all through `textWords(_:)`.
    static let separators: Set<UInt32> = [0xA0, 0xA3, 0xA9, 0xB0, 0x2013, 0x2014, 0x2018, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC]

    /// Adds to `found` the terms of every name among `words`, once per place
    /// it starts, at every length (a name inside a longer one is a name too).
    func count(in words: Words, into found: inout [String: Int]) {
        let count = words.hashes.count
        for start in 0..<count where firstWords.contains(words.hashes[start]) {
            var hash = Self.sequenceSeed
            for length in 1...min(longest, count - start) {
                hash = Self.sequenceMix(hash, words.hashes[start + length - 1])
                guard let candidates = names[hash] else { continue }
                for name in candidates where name.words.count == length
                    && name.words.indices.allSatisfy({ name.words[$0].elementsEqual(words[start + $0]) }) {
                    for term in name.terms { found[term, default: 0] += 1 }
                }
            }
        }
    }

    private static let sequenceSeed: UInt64 = 0x9e37_79b9_7f4a_7c15

    private static func sequenceMix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        (hash ^ word) &* 0xff51_afd7_ed55_8ccd &+ 0x2545_f491_4f6c_dd1d
    }

    private static func sequenceHash(_ words: ArraySlice<UInt64>) -> UInt64 {
        words.reduce(sequenceSeed, sequenceMix)
    }
}
