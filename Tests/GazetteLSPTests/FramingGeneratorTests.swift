import Foundation
@testable import GazetteLSP
import Testing

/// A seeded generator of LSP byte streams: well-formed frames (headers in
/// any case, extra headers, bare newlines) mixed with damaged ones, cut into
/// reads of random sizes. Whatever arrives, the reader ends, every message
/// it hands on is JSON, and a well-formed frame that follows a damaged one
/// after a clean header start still arrives. GAZETTE_FUZZ_SEED picks another seed.
@Suite struct FramingGeneratorTests {
    static let streams = 10_000

    static let bodies = [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
        #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.txt","text":"é\u0000"}}}"#,
        #"{"jsonrpc":"2.0","id":"x","method":"shutdown"}"#,
        #"[]"#,
    ]

    @Test func everyGeneratedStreamEndsAndYieldsOnlyJSON() throws {
        let seed = ProcessInfo.processInfo.environment["GAZETTE_FUZZ_SEED"].flatMap(UInt64.init) ?? 14
        var random = SeededRandom(seed: seed)
        var failures: [String] = []
        for n in 0..<Self.streams where failures.count < 5 {
            var bytes: [UInt8] = []
            var wellFormed: [[UInt8]] = []
            var damaged = false
            for _ in 0...random.below(4) {
                let body = Array(Self.bodies[random.below(Self.bodies.count)].utf8)
                if random.below(3) == 0 {
                    bytes += damage(frame(body, &random), &random)
                    damaged = true
                } else {
                    bytes += frame(body, &random)
                    if !damaged { wellFormed.append(body) }
                }
            }
            let read = readAll(bytes, chunk: 1 + random.below(70))
            guard read.last == .end else {
                failures.append("seed \(seed) stream \(n): no end after \(read.count) frames")
                continue
            }
            let messages = read.compactMap { frame -> [UInt8]? in
                if case let .message(body) = frame { return body }
                return nil
            }
            if let bad = messages.first(where: { (try? JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed])) == nil }) {
                failures.append("seed \(seed) stream \(n): a message that is not JSON: \(String(decoding: bad, as: UTF8.self))")
            }
            // Until the first damaged frame, the stream is read exactly.
            if Array(messages.prefix(wellFormed.count)) != wellFormed {
                failures.append("seed \(seed) stream \(n): expected \(wellFormed.count) frames first, read \(read)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// A well-formed frame, its header written in one of the ways clients write it.
    func frame(_ body: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        let newline = random.below(4) == 0 ? "\n" : "\r\n"
        let name = ["Content-Length", "content-length", "CONTENT-LENGTH"][random.below(3)]
        var header = "\(name): \(body.count)\(newline)"
        if random.below(3) == 0 { header += "Content-Type: application/vscode-jsonrpc; charset=utf-8\(newline)" }
        return Array((header + newline).utf8) + body
    }

    /// The same frame with one to three edits: bytes flipped, cut, repeated, or a length that lies.
    func damage(_ frame: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var out = frame
        for _ in 0...random.below(3) {
            let at = random.below(out.count)
            switch random.below(5) {
            case 0: out[at] = UInt8(random.below(256))
            case 1: out.removeSubrange(at..<min(out.count, at + 1 + random.below(10)))
            case 2: out.insert(contentsOf: out[at..<min(out.count, at + 1 + random.below(20))], at: at)
            case 3: out.insert(contentsOf: Array(["\r\n", ":", "Content-Length: 99999999999999999999", "-1", "\u{0}"][random.below(5)].utf8), at: at)
            default: out = Array(out.prefix(at))
            }
            if out.isEmpty { out = [0x7B] }
        }
        return out
    }

    /// Every frame the reader makes of `bytes`, read `chunk` bytes at a time, up to the end (or a bound that a stuck reader hits).
    func readAll(_ bytes: [UInt8], chunk: Int) -> [Frame] {
        let reader = FrameReader(source: ChunkedSource(bytes, chunk: chunk))
        var out: [Frame] = []
        for _ in 0..<(bytes.count + 10) {
            let frame = reader.next()
            out.append(frame)
            if frame == .end { break }
        }
        return out
    }
}

/// A linear congruential generator (Knuth's MMIX constants): the seed fixes the sequence.
struct SeededRandom {
    var seed: UInt64

    mutating func below(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return bound <= 1 ? 0 : Int((seed >> 33) % UInt64(bound))
    }
}
