import Foundation
import GazetteArticles
@testable import GazetteIndex
import Testing

/// The flat story table assigns exactly the stories of the straightforward
/// one it replaced (a dictionary of arrays per band, kept here as the
/// reference), on Reuters articles with copies, edited copies, removals and
/// re-indexing mixed in.
@Suite struct StoryTableTests {
    /// The earlier table: members by article key, buckets as arrays in arrival order.
    final class ReferenceTable {
        var members: [UInt64: (signature: StorySignature, story: String)] = [:]
        var buckets = [[UInt64: [UInt64]]](repeating: [:], count: StorySignature.bodyBins / StorySignature.rowsPerBand)

        func assign(_ signature: StorySignature, id: String) -> String {
            var best: (story: String, resemblance: Double)?
            var seen = Set<UInt64>()
            search: for (band, key) in signature.bands.enumerated() {
                for candidate in buckets[band][key] ?? [] {
                    guard candidate != signature.article, seen.insert(candidate).inserted,
                          let member = members[candidate], signature.isCopy(of: member.signature) else { continue }
                    let resemblance = signature.resemblance(to: member.signature)
                    if best == nil || resemblance > best!.resemblance { best = (member.story, resemblance) }
                    if resemblance >= 1 { break search }
                }
            }
            let story = best?.story ?? StoryTable.ownStory(id)
            remove(signature.article)
            members[signature.article] = (signature, story)
            for (band, key) in signature.bands.enumerated() { buckets[band][key, default: []].append(signature.article) }
            return story
        }

        func remove(_ article: UInt64) {
            guard let old = members.removeValue(forKey: article) else { return }
            for (band, key) in old.signature.bands.enumerated() {
                buckets[band][key]?.removeAll { $0 == article }
                if buckets[band][key]?.isEmpty == true { buckets[band][key] = nil }
            }
        }
    }

    @Test func flatTableAssignsTheStoriesOfTheReferenceOne() throws {
        let path = TemporaryIndex.repository + "/../shared/corpora/reuters/articles.jsonl"
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n")).prefix(4000)
        let parsed = try ArticleParser.parse(bytes: Array(lines.joined(separator: [UInt8(ascii: "\n")])),
                                             format: .jsonLines, fileID: "reuters.jsonl")
        var events: [(id: String, signature: StorySignature?)] = []
        for (n, article) in parsed.articles.enumerated() {
            guard let signature = StorySignature(id: article.id, title: article.title, body: article.body) else { continue }
            events.append((article.id, signature))
            // Exact copies, edited copies (a sentence more), re-indexed articles and removals, spread through.
            if n % 7 == 0, let copy = StorySignature(id: article.id + "/copy", title: article.title, body: article.body) {
                events.append((article.id + "/copy", copy))
            }
            if n % 5 == 0, let edited = StorySignature(id: article.id + "/edited", title: article.title,
                                                       body: article.body + " Officials declined to comment further.") {
                events.append((article.id + "/edited", edited))
            }
            if n % 11 == 0, n > 30 { events.append((parsed.articles[n - 30].id, nil)) }
            if n % 13 == 0, n > 20, let again = StorySignature(id: parsed.articles[n - 20].id, title: "Revised",
                                                               body: parsed.articles[n - 20].body) {
                events.append((parsed.articles[n - 20].id, again))
            }
        }
        let table = StoryTable()
        let reference = ReferenceTable()
        var assigned = 0
        var joined = 0
        for (id, signature) in events {
            guard let signature else {
                table.remove(id: id)
                reference.remove(StorySignature.articleKey(id))
                continue
            }
            let story = table.assign(signature, id: id)
            #expect(story == reference.assign(signature, id: id), "story of \(id)")
            assigned += 1
            if story != StoryTable.ownStory(id) { joined += 1 }
        }
        #expect(table.count == reference.members.count)
        // The comparison means something only when many articles join earlier stories.
        #expect(assigned > 4000)
        #expect(joined > 900)
    }
}
