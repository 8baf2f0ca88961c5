import GazetteEntities

/// What tells two copies of one story apart from two stories: a MinHash
/// sketch of the body's four-word shingles and a smaller one of the
/// headline's words, kept in a value slot so that later runs can compare new
/// articles with those already indexed.
///
/// One-permutation MinHash: each shingle is hashed once, its hash picks one
/// of 32 bins and the bin keeps its smallest value; empty bins borrow from
/// the next full one (densification). Equal bins estimate the Jaccard
/// resemblance of the two shingle sets, at one hash per shingle instead of 32.
public struct StorySignature: Sendable, Equatable {
    static let bodyBins = 32
    static let headlineBins = 8
    static let shingleWords = 4
    /// Bins per locality-sensitive band: two copies share at least one band
    /// with probability 1 - (1 - J^4)^8 (0.985 at J = 0.8, 0.89 at J = 0.7).
    static let rowsPerBand = 4
    /// Bodies shorter than this (in words) are templates too often (dividend
    /// notices, price reports): they are copies only when nearly identical and
    /// under a similar headline.
    static let shortBody = 40
    static let resemblance = 0.7
    static let shortResemblance = 0.9
    static let shortHeadlineResemblance = 0.5

    /// Which article the signature belongs to (a hash of its id).
    public let article: UInt64
    public let bodyWords: Int
    let body: [UInt16]
    let headline: [UInt16]

    /// Nil when the body has too few words to tell anything.
    public init?(id: String, title: String, body: String) {
        // Shingles go into the sketch as they are hashed: no array of them per article.
        var bodySketch = Sketch(bins: Self.bodyBins)
        var words = 0
        var window: (UInt64, UInt64, UInt64) = (0, 0, 0)
        Self.forEachWord(body) { word in
            if words >= Self.shingleWords - 1 {
                bodySketch.add(Self.mix(window.0 &* 0x9E37_79B9_7F4A_7C15 ^ window.1 &* 0xC2B2_AE3D_27D4_EB4F
                                        ^ window.2 &* 0x1656_67B1_9E37_79F9 ^ word))
            }
            window = (window.1, window.2, word)
            words += 1
        }
        guard words >= Self.shingleWords else { return nil }
        var titleSketch = Sketch(bins: Self.headlineBins)
        Self.forEachWord(title) { titleSketch.add(Self.mix($0)) }
        article = Self.articleKey(id)
        bodyWords = min(words, Int(UInt16.max))
        self.body = bodySketch.densified()
        headline = titleSketch.densified()
    }

    /// The key the duplicate table knows an article by.
    static func articleKey(_ id: String) -> UInt64 {
        fnvHash(id.utf8)
    }

    /// Whether `other` is a copy of the same story.
    public func isCopy(of other: StorySignature) -> Bool {
        let body = resemblance(to: other)
        if min(bodyWords, other.bodyWords) >= Self.shortBody { return body >= Self.resemblance }
        return body >= Self.shortResemblance
            && Self.agreement(headline, other.headline) >= Self.shortHeadlineResemblance
    }

    /// The estimated Jaccard resemblance of the two bodies' shingles.
    public func resemblance(to other: StorySignature) -> Double {
        Self.agreement(body, other.body)
    }

    /// Keys of the bands: articles sharing a band key are candidate copies.
    var bands: [UInt64] { Self.bandKeys(of: body[...]) }

    /// The band keys of a body's bins.
    static func bandKeys(of body: ArraySlice<UInt16>) -> [UInt64] {
        let first = body.startIndex
        return stride(from: 0, to: bodyBins, by: rowsPerBand).map { start in
            var key = UInt64(start)
            for bin in body[(first + start)..<(first + start + rowsPerBand)] { key = key << 16 | UInt64(bin) }
            return key
        }
    }

    // MARK: the stored form

    static let version: UInt8 = 1

    /// Version, article key, body word count, then the bins, little-endian.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.version]
        out.reserveCapacity(11 + 2 * (body.count + headline.count))
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: article >> UInt64(shift))) }
        for value in [UInt16(bodyWords)] + body + headline {
            out.append(UInt8(truncatingIfNeeded: value))
            out.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        return out
    }

    /// Reads a stored signature; nil for anything else.
    public init?(encoded bytes: [UInt8]) {
        let bins = Self.bodyBins + Self.headlineBins
        guard bytes.count == 11 + 2 * bins, bytes[0] == Self.version else { return nil }
        var key: UInt64 = 0
        for i in (1...8).reversed() { key = key << 8 | UInt64(bytes[i]) }
        let values = stride(from: 9, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        article = key
        bodyWords = Int(values[0])
        body = Array(values[1...Self.bodyBins])
        headline = Array(values[(Self.bodyBins + 1)...])
    }

    // MARK: hashing

    /// Calls `body` with a hash of each word: runs of ASCII letters and
    /// digits (lower-cased) and of non-ASCII bytes, so punctuation, case and
    /// line breaks do not matter.
    static func forEachWord(_ text: String, _ body: (UInt64) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var inWord = false
            for byte in bytes {
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                let isWordByte = (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) || byte >= 0x80
                if isWordByte {
                    hash = (hash ^ UInt64(lowered)) &* 0x100_0000_01b3
                    inWord = true
                } else if inWord {
                    body(hash)
                    hash = 0xcbf2_9ce4_8422_2325
                    inWord = false
                }
            }
            if inWord { body(hash) }
        }
    }

    /// splitmix64's finaliser: spreads every input bit over the output.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let empty = UInt16.max

    /// A one-permutation MinHash sketch, filled one hash at a time.
    struct Sketch {
        private var values: [UInt16]
        private var filled: [Bool]

        init(bins: Int) {
            values = [UInt16](repeating: StorySignature.empty, count: bins)
            filled = [Bool](repeating: false, count: bins)
        }

        /// The hash's bin keeps the smaller of its value and the hash's top 16 bits.
        mutating func add(_ hash: UInt64) {
            let bin = Int(hash % UInt64(values.count))
            let value = UInt16(truncatingIfNeeded: hash >> 48)
            if !filled[bin] || value < values[bin] {
                values[bin] = value
                filled[bin] = true
            }
        }

        /// The bins, each empty one given the next full bin's value changed
        /// by the distance, so that two sketches agree there exactly when
        /// they agree on that bin.
        func densified() -> [UInt16] {
            guard filled.contains(true), filled.contains(false) else { return values }
            let bins = values.count
            var sketch = values
            for bin in 0..<bins where !filled[bin] {
                var distance = 1
                while !filled[(bin + distance) % bins] { distance += 1 }
                sketch[bin] = values[(bin + distance) % bins] &+ UInt16(truncatingIfNeeded: distance &* 0x9E37)
            }
            return sketch
        }
    }

    static func agreement(_ a: [UInt16], _ b: [UInt16]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var same = 0
        for i in a.indices where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }
}
