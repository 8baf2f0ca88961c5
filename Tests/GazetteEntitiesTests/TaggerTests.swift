import Foundation
import Testing
@testable import GazetteEntities

/// `Config/scripts/actor-tagger-vectors.json`: what the Python reference
/// (`Config/scripts/actor_tagger.py`) makes of two made-up articles with the
/// shipped weights: every token, its static feature hashes and its tag.
struct TaggerVectors: Decodable {
    struct Article: Decodable {
        let title: String
        let body: String
        let segments: [Segment]
    }
    struct Segment: Decodable {
        let tokens: [VectorToken]
        let names: [[String]]
    }
    struct VectorToken: Decodable {
        let text: String
        let flags: UInt16
        let after: UInt8
        let wordClass: UInt8
        let hash: String
        let static_features: [String]
        let tag: String
    }
    let articles: [Article]

    static let tagNames = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
    static let kindNames: [TaggedName.Kind: String] = [.person: "PER", .organisation: "ORG", .place: "LOC", .other: "MISC"]

    static func load() throws -> TaggerVectors {
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Config/scripts/actor-tagger-vectors.json"))
        return try JSONDecoder().decode(TaggerVectors.self, from: data)
    }
}

/// One article tagged as the extractor tags it: tokens, features and tags per segment.
struct TaggedArticle {
    struct Segment {
        var tokens: [(text: String, token: Token)] = []
        var features: [Set<UInt64>] = []
        var tags: [UInt8] = []
        var names: [[String]] = []
    }
    var segments: [Segment] = []

    init(title: String, body: String, scoresEveryToken: Bool) {
        let model = gazetteer.tagger!
        let titleBytes = Array(title.utf8), bodyBytes = Array(body.utf8)
        titleBytes.withUnsafeBufferPointer { tb in
            bodyBytes.withUnsafeBufferPointer { bb in
                let tokenizer = Tokenizer(words: gazetteer.words)
                var headline: [Token] = [], body: [Token] = []
                tokenizer.tokenize(tb, into: &headline)
                tokenizer.tokenize(bb, into: &body)
                let headlineReliable = Extraction.capitalsCarryMeaning(headline, headline: true)
                let bodyReliable = Extraction.capitalsCarryMeaning(body, headline: false)
                var lower = LowerCaseWords(expected: 64)
                lower.insert(from: body)
                if headlineReliable { lower.insert(from: headline) }
                var story = TaggerStory(lowerCaseWords: lower, segments: [(headline, headlineReliable), (body, bodyReliable)])
                var tagger = ActorTagger(model: model, matcher: matcher)
                tagger.scoresEveryToken = scoresEveryToken
                for (text, mode, segment) in [(SegmentText(tokens: headline, bytes: tb), headlineReliable ? 2 : 3, GazetteEntities.Segment.headline),
                                              (SegmentText(tokens: body, bytes: bb), bodyReliable ? 0 : 1, .body)] {
                    var out = Segment()
                    var features = SegmentFeatures(text: text, mode: mode, model: model,
                                                   phrases: matcher.units(text.tokens, matchCase: mode == 0 || mode == 2),
                                                   gazetteer: gazetteer)
                    for (i, t) in text.tokens.enumerated() {
                        var bytes: [UInt8] = []
                        text.appendText(of: t, to: &bytes)
                        out.tokens.append((String(decoding: bytes, as: UTF8.self), t))
                        out.features.append(FeatureIDs.withBuffer { f in
                            features.appendStatic(i, story: story, to: &f)
                            return Set(f.buffer)
                        })
                    }
                    out.tags = tagger.tags(text, mode: mode, story: &story)
                    let ranking = ActorRanking(gazetteer: gazetteer, headline: text, body: text, occurrences: [],
                                               leadSentence: 0, lowerCaseWords: lower, bodyCaseUnreliable: false)
                    out.names = ActorTagger.names(out.tags, segment: segment).map {
                        [TaggerVectors.kindNames[$0.kind]!, ranking.spanText(segment, $0.firstToken, $0.lastToken)]
                    }
                    segments.append(out)
                }
            }
        }
    }
}

@Suite struct ActorTaggerTests {
    @Test func theShippedWeightsLoad() throws {
        let model = try #require(gazetteer.tagger)
        #expect(model.rowMask == 0xFFFF)
        #expect(model.weights.count == 65536 * TaggerModel.tagCount)
        #expect(model.storyMemory)
        #expect(model.caseStatistics.count > 1000)
    }

    @Test func tokensFeaturesAndTagsMatchTheReference() throws {
        let vectors = try TaggerVectors.load()
        #expect(vectors.articles.count == 2)
        for article in vectors.articles {
            let mine = TaggedArticle(title: article.title, body: article.body, scoresEveryToken: true)
            for (expected, got) in zip(article.segments, mine.segments) {
                try #require(expected.tokens.count == got.tokens.count, "\(article.title): token count")
                for (k, (e, g)) in zip(expected.tokens, got.tokens.indices.map { got.tokens[$0] }).enumerated() {
                    #expect(g.text == e.text)
                    #expect(g.token.flags == e.flags, "\(e.text): flags")
                    #expect(g.token.after == e.after, "\(e.text): after")
                    #expect(g.token.wordClass == e.wordClass, "\(e.text): word class")
                    #expect(String(g.token.hash, radix: 16).leftPadded(16) == e.hash, "\(e.text): hash")
                    let features = Set(e.static_features.map { UInt64($0, radix: 16)! })
                    let differ = got.features[k].symmetricDifference(features)
                    #expect(differ.isEmpty, "\(e.text): \(differ.count) static features differ")
                    #expect(TaggerVectors.tagNames[Int(got.tags[k])] == e.tag, "\(e.text): tag")
                }
                #expect(got.names == expected.names)
            }
        }
    }

    @Test func scoringOnlyCandidateTokensFindsTheSameNames() throws {
        for article in try TaggerVectors.load().articles {
            let every = TaggedArticle(title: article.title, body: article.body, scoresEveryToken: true)
            let candidates = TaggedArticle(title: article.title, body: article.body, scoresEveryToken: false)
            #expect(every.segments.map(\.names) == candidates.segments.map(\.names))
        }
    }

    @Test func aDamagedWeightFileIsAnErrorNamingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-tagger-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Config/gazetteer/actor-tagger.bin"))
        for (name, bytes) in [("short", good.prefix(good.count - 9)), ("magic", Data("XXXX".utf8) + good.dropFirst(4)),
                              ("empty", Data())] {
            let path = dir.appendingPathComponent(name + ".bin").path
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(throws: GazetteerError.self) { try TaggerModel.load(path: path) }
            do { _ = try TaggerModel.load(path: path) } catch let error as GazetteerError {
                #expect(error.file == path)
            }
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
