import Foundation
import GazetteDaemon
import GazetteProtocol
import GazetteService
import Testing

/// A seeded generator of request lines, mutated from valid ones, for the
/// daemon's decoding: whatever arrives, the daemon answers with well-formed
/// JSON-RPC (or stays silent for a notification) and echoes the id it was
/// sent. GAZETTE_FUZZ_SEED picks another seed; a failure names its seed.
@Suite struct RequestGeneratorTests {
    static let inputs = 10_000

    /// Valid requests to start from. No `index`: a mutation must not send the daemon indexing the disk.
    static let seeds: [String] = [
        #"{"jsonrpc":"2.0","id":1,"method":"status"}"#,
        #"{"jsonrpc":"2.0","id":"a","method":"search","params":{"query":"oil AND country:russia","limit":3}}"#,
        #"{"jsonrpc":"2.0","id":null,"method":"facets","params":{"query":"oil","facets":["country"]}}"#,
        #"{"jsonrpc":"2.0","id":1.5,"method":"document","params":{"id":"seeds/a.txt"}}"#,
        #"{"jsonrpc":"2.0","id":9223372036854775808,"method":"remove","params":{"ids":["nothing/here.txt"]}}"#,
        #"{"jsonrpc":"2.0","method":"status"}"#,
        #"[{"jsonrpc":"2.0","id":1,"method":"status"},{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"a*"}}]"#,
        #"{"jsonrpc":"2.0","id":-0.0e-7,"method":"search","params":{"query":"\"concert hall\"","offset":2,"snippets":false}}"#,
    ]

    /// Bytes that matter to JSON and to the daemon's checks.
    static let interesting: [String] = [
        "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "true", "false", "1e308", "-", "0", "\\u0000", "\u{0}",
        "\\ud800", "\u{FF}", "id", "\"id\":", "method", "\"jsonrpc\"", "2.0", "params", "query", "*", " ", "\n",
    ]

    @Test func everyGeneratedRequestGetsAWellFormedReply() async throws {
        let seed = ProcessInfo.processInfo.environment["GAZETTE_FUZZ_SEED"].flatMap(UInt64.init) ?? 14
        let root = NSTemporaryDirectory() + "gzf-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let configuration = try GazetteConfiguration.read(configDirectory: Paths.repository + "/Config")
        let host = try IndexHost(local: try LocalIndex(configuration: configuration, path: root + "/index"), readers: 2)
        defer { host.close() }
        let router = RequestRouter(host: host, socketPath: nil)

        var random = SeededRandom(seed: seed)
        var failures: [String] = []
        for n in 0..<Self.inputs where failures.count < 5 {
            let input = mutate(Array(Self.seeds[random.below(Self.seeds.count)].utf8), &random)
            if String(decoding: input, as: UTF8.self).contains("index") { continue }
            // Every other input as the daemon's connections send it: first to a reader thread, which answers searches.
            let reply = await answer(router, input, onReader: n % 2 == 1)
            if let problem = check(input, reply) {
                failures.append("seed \(seed) input \(n): \(problem)\n  sent: \(String(decoding: input, as: UTF8.self))\n  got: \(reply.map { String(decoding: $0, as: UTF8.self) } ?? "nothing")")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The reply line as the connection would write it (a batch's parts put together), or nil for none.
    func answer(_ router: RequestRouter, _ input: [UInt8], onReader: Bool) async -> [UInt8]? {
        if onReader {
            let answered: [UInt8]? = await withCheckedContinuation { continuation in
                router.host.submitRead { reader in continuation.resume(returning: router.answerOnReader(input, reader: reader)) }
            }
            if let answered { return answered }  // else the connection's task answers, as below
        }
        var parts: [UInt8] = []
        let reply = await router.handle(input) { part in
            switch part {
            case let .reply(bytes, first): parts += Array((first ? "[" : ",").utf8) + bytes
            case .end: parts += Array("]".utf8)
            }
        }
        switch reply {
        case .none: return parts.isEmpty ? nil : parts
        case let .line(bytes), let .subscribed(bytes, _): return bytes
        }
    }

    /// What is wrong with `reply` to `input`, if anything.
    func check(_ input: [UInt8], _ reply: [UInt8]?) -> String? {
        let sent = try? JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
        guard let reply else {
            // Silence only for a notification (a method, no id), or a batch of them.
            let items = JSONScanner.elements(in: input).map { $0.map(Array.init) } ?? [input]
            let quiet = !items.isEmpty && items.allSatisfy {
                JSONScanner.member("method", in: $0) != nil && JSONScanner.member("id", in: $0) == nil
            }
            return quiet ? nil : "no reply to a request"
        }
        guard !reply.contains(0x0A) else { return "a newline inside the reply line" }
        guard let object = parsed(reply) else { return "the reply is not JSON" }
        let responses = (object as? [Any]) ?? [object]
        for response in responses {
            guard let response = response as? [String: Any], response["jsonrpc"] as? String == "2.0",
                  response.keys.contains("id") else { return "a response without jsonrpc 2.0 and an id" }
            if let error = response["error"] as? [String: Any] {
                guard let code = error["code"] as? Int, RPCErrorCode(rawValue: code) != nil,
                      let message = error["message"] as? String, !message.isEmpty else { return "a malformed error" }
            } else if response["result"] == nil {
                return "neither result nor error"
            }
        }
        // A single request with a valid id gets that id back: a number as it was written, a string as the same string.
        let idMembers = String(decoding: input, as: UTF8.self).components(separatedBy: "\"id\"").count - 1
        if sent is [String: Any], idMembers == 1, object is [String: Any],
           let sentID = rawID(input), let echoed = rawID(reply), isValidID(sentID) {
            let same = sentID.hasPrefix("\"") ? decoded(sentID) == decoded(echoed) : sentID == echoed
            if !same { return "id \(sentID) came back as \(echoed)" }
        }
        return nil
    }

    /// The reply as Foundation reads it; an id that is a number too large for
    /// a Double (valid JSON, echoed as sent) is replaced first, since Foundation
    /// refuses it, in each response of a batch too.
    func parsed(_ reply: [UInt8]) -> Any? {
        if let object = try? JSONSerialization.jsonObject(with: Data(reply)) { return object }
        guard let responses = JSONScanner.elements(in: reply) else { return simplified(reply) }
        let read = responses.map { simplified(Array($0)) }
        return read.contains { $0 == nil } ? nil : read.compactMap { $0 }
    }

    func simplified(_ reply: [UInt8]) -> Any? {
        if let object = try? JSONSerialization.jsonObject(with: Data(reply)) { return object }
        guard let id = JSONScanner.member("id", in: reply), JSONScanner.isNumber(id) else { return nil }
        let simpler = Array(reply[..<id.startIndex]) + Array("0".utf8) + Array(reply[id.endIndex...])
        return try? JSONSerialization.jsonObject(with: Data(simpler))
    }

    /// The raw text of a top-level "id" member.
    func rawID(_ bytes: [UInt8]) -> String? {
        JSONScanner.member("id", in: bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Numbers, strings and null are ids; anything else is refused with a null id.
    func isValidID(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return first == "\"" || first == "-" || first.isNumber || text == "null"
    }

    func decoded(_ text: String) -> String? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? String
    }

    /// One to four edits: a byte flipped, a slice cut or repeated, an interesting token put in.
    func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var out = bytes
        for _ in 0...random.below(4) {
            let at = random.below(out.count + 1)
            switch random.below(5) {
            case 0 where !out.isEmpty: out[min(at, out.count - 1)] = UInt8(random.below(256))
            case 1: out.insert(contentsOf: Array(Self.interesting[random.below(Self.interesting.count)].utf8), at: at)
            case 2 where at < out.count: out.removeSubrange(at..<min(out.count, at + 1 + random.below(8)))
            case 3 where at < out.count: out.insert(contentsOf: out[at..<min(out.count, at + 1 + random.below(16))], at: at)
            default: out.insert(UInt8(random.below(128)), at: at)
            }
        }
        return out.filter { $0 != 0x0A }  // lines are framed by newlines before they get here
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
