import Foundation
import GazetteProtocol
import Testing

/// A small seeded generator, so a failing case can be produced again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Values of the shapes JSON gets wrong most easily.
struct Generator {
    var random: SplitMix64

    /// Pieces strings are made of: escapes, every control character, slashes,
    /// non-ASCII in both normal forms, emoji, separators JavaScript dislikes.
    static let pieces: [String] = [
        "a", "Z", " ", "concert hall", "\"", "\\", "/", "</script>", "\u{7F}", "\u{2028}", "\u{2029}",
        "é", "e\u{301}", "Å", "\u{212B}", "ß", "Ελλάδα", "Україна", "日本", "😀", "👩‍👩‍👧", "\u{FEFF}", "\u{FFFD}",
        "’", "…", "\u{10FFFF}",
    ] + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }

    static let doubles: [Double] = [
        0, -0.0, 1, -1, 0.5, 0.565, 1.0 / 3, 100, 1e15, 1e15 + 1, 9_007_199_254_740_992, 1e16, 1e21, 1e22,
        123_456_789.125, 1e-7, 2.5e-5, 0.001, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .ulpOfOne, 12.3456,
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func bool() -> Bool { Bool.random(using: &random) }

    mutating func string() -> String {
        (0..<int(0...6)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
    }

    mutating func optional<T>(_ make: (inout Generator) -> T) -> T? {
        bool() ? make(&self) : nil
    }

    mutating func double() -> Double {
        if bool() { return Self.doubles.randomElement(using: &random)! * (bool() ? 1 : -1) }
        // Any finite bit pattern: subnormals, huge and tiny exponents.
        while true {
            let value = Double(bitPattern: random.next())
            if value.isFinite { return value }
        }
    }

    mutating func strings() -> [String] { (0..<int(0...4)).map { _ in string() } }
    mutating func ranges() -> [[Int]] { (0..<int(0...3)).map { _ in [int(0...500), int(0...500)] } }

    mutating func hit() -> SearchHit {
        SearchHit(rank: int(1...10_000), id: string(), path: optional { $0.string() }, title: string(),
                  date: optional { $0.string() }, score: double(), snippet: optional { $0.string() },
                  highlights: optional { $0.ranges() }, actors: strings(), countries: strings(),
                  match: optional { MatchLine(line: $0.int(1...9999), column: $0.int(1...999), text: $0.string(), ranges: $0.ranges()) },
                  sourceMissing: optional { $0.bool() }, copies: optional { $0.int(1...500) },
                  copyIDs: optional { $0.strings() })
    }

    mutating func response() -> SearchResponse {
        let facets: [String: [FacetValue]]? = optional { g in
            var facets: [String: [FacetValue]] = [:]
            for _ in 0..<g.int(0...4) {
                facets[g.string()] = (0..<g.int(0...3)).map { _ in FacetValue(value: g.string(), count: g.int(0...100_000)) }
            }
            return facets
        }
        return SearchResponse(query: string(), total: int(0...1_000_000), totalExact: bool(),
                              hits: (0..<int(0...5)).map { _ in hit() }, facets: facets,
                              collapsed: optional { $0.bool() },
                              correctedQuery: optional { $0.string() },
                              expansions: optional { g in (0..<g.int(0...3)).map { _ in QueryExpansion(words: g.string(), synonyms: g.strings()) } },
                              explanation: optional { $0.string() }, like: optional { $0.string() })
    }
}

/// JSONWriter promises the bytes JSONEncoder writes with sorted keys; these
/// check that on many generated values.
@Suite struct JSONWriterTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// One value in an array, as the writer writes it and as JSONEncoder does.
    func both<T: Encodable>(_ value: T, _ write: (inout JSONWriter, T) -> Void) throws -> (written: String, encoded: String) {
        var writer = JSONWriter()
        writer.beginArray()
        write(&writer, value)
        writer.endArray()
        return (text(writer.bytes), text(try WireJSON.encode([value])))
    }

    @Test func searchResponsesAreByteForByteWhatJSONEncoderWrites() throws {
        var generate = Generator(random: SplitMix64(state: 2024))
        for n in 0..<2_000 {
            let response = generate.response()
            let expected = try WireJSON.encode(response)
            #expect(text(response.jsonBytes) == text(expected), "response \(n)")
            if response.jsonBytes != expected { return }
        }
    }

    @Test func searchRepliesAreByteForByteWhatJSONEncoderWrites() throws {
        var generate = Generator(random: SplitMix64(state: 7))
        let ids: [RequestID?] = [nil, .number(0), .number(-3), .number(JSONNumber(Int.max)), .string(""), .string("a\"b/😀\u{1}")]
        for (n, id) in ids.enumerated() {
            let reply = RPCResponse(id: id, result: generate.response())
            #expect(text(try reply.wireBytes()) == text(try WireJSON.encode(reply)), "reply \(n)")
        }
    }

    @Test func alertNotificationsAreByteForByteWhatJSONEncoderWrites() throws {
        var generate = Generator(random: SplitMix64(state: 19))
        for n in 0..<500 {
            let params = AlertMatched(alert: generate.string(), id: generate.string(), title: generate.string(),
                                      path: generate.optional { $0.string() })
            let expected = try WireJSON.encode(RPCNotification(method: AlertMatched.method, params: params))
            #expect(text(params.notificationLine) == text(expected), "notification \(n)")
            if params.notificationLine != expected { return }
        }
    }

    @Test func stringsAreEscapedAsJSONEncoderEscapesThem() throws {
        var generate = Generator(random: SplitMix64(state: 99))
        var samples = Generator.pieces
        for _ in 0..<1_000 { samples.append(generate.string()) }
        for sample in samples {
            let (written, encoded) = try both(sample) { $0.string($1) }
            #expect(written == encoded, "\(sample.debugDescription)")
        }
    }

    @Test func doublesAreWrittenAsJSONEncoderWritesThem() throws {
        var generate = Generator(random: SplitMix64(state: 3))
        var samples = Generator.doubles + Generator.doubles.map { -$0 }
        for _ in 0..<5_000 { samples.append(generate.double()) }
        for sample in samples {
            let (written, encoded) = try both(sample) { $0.double($1) }
            #expect(written == encoded, "\(sample)")
        }
    }

    @Test func integersAreWrittenAsJSONEncoderWritesThem() throws {
        var generate = Generator(random: SplitMix64(state: 11))
        var samples = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.min + 1]
        for digits in 1...18 { samples += [Int(pow(10.0, Double(digits))) - 1, -Int(pow(10.0, Double(digits)))] }
        for _ in 0..<2_000 { samples.append(generate.int(Int.min...Int.max)) }
        for sample in samples {
            let (written, encoded) = try both(sample) { $0.int($1) }
            #expect(written == encoded, "\(sample)")
        }
        for sample in [UInt64.min, 1, 10, UInt64(Int.max), UInt64.max - 1] {
            let (written, encoded) = try both(sample) { $0.uint($1) }
            #expect(written == encoded, "\(sample)")
        }
    }

    @Test func valuesJSONCannotHoldAreWrittenAsNull() throws {
        // JSONEncoder refuses these outright; a reply with a null score is better than no reply.
        var writer = JSONWriter()
        writer.beginArray()
        for value in [Double.nan, .infinity, -.infinity] { writer.double(value) }
        writer.endArray()
        #expect(text(writer.bytes) == "[null,null,null]")
        #expect(throws: EncodingError.self) { try WireJSON.encode([Double.nan]) }
    }

    @Test func nestedContainersPlaceTheirCommas() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a"); writer.beginArray(); writer.int(1); writer.beginArray(); writer.endArray(); writer.null(); writer.endArray()
        writer.key("b"); writer.beginObject(); writer.endObject()
        writer.key("c"); writer.uint(UInt64.max)
        writer.key("d"); writer.bool(false)
        writer.endObject()
        #expect(text(writer.bytes) == #"{"a":[1,[],null],"b":{},"c":18446744073709551615,"d":false}"#)
    }
}
