import Foundation
import Testing

/// Did you mean, synonyms, similar articles, collapsed copies and dates, as
/// `gazette` prints them in every format, and what it refuses.
@Suite(.serialized) struct NewsroomCLITests {
    let folder: String
    let index: String

    static let wire = "Central bank officials said on Tuesday that interest rates would stay on hold for the rest of the year, citing slower growth in factory output and weaker exports to Europe and Asia. Analysts had expected a cut in the spring after three months of falling prices."

    static let articles: [[String: String]] = [
        ["id": "putin", "title": "Putin visits Ukraine", "body": "President Putin met officials in Kyiv and spoke about Ukraine.", "date": "2024-03-01"],
        ["id": "archive", "title": "Archive opens", "body": "Papers from the Soviet Union were shown to historians in Moscow.", "date": "2023-11-05"],
        ["id": "wire-1", "title": "Rates on hold", "body": wire, "date": "2024-02-10"],
        ["id": "wire-2", "title": "Rates on hold", "body": wire, "date": "2024-02-10"],
        ["id": "wire-3", "title": "UPDATE 1-Rates on hold", "body": wire + " The decision was unanimous.", "date": "2024-02-11"],
        ["id": "opec-1", "title": "OPEC cuts output", "body": "OPEC ministers agreed in Vienna to cut crude oil output as prices fell, Saudi officials said.", "date": "2024-01-05"],
        ["id": "opec-2", "title": "Oil producers weigh cuts", "body": "Saudi Arabia and other OPEC producers discussed crude oil output cuts in Vienna.", "date": "2024-01-06"],
        ["id": "cup", "title": "Cup final", "body": "The team won the cup final after extra time in the rain.", "date": "2024-04-01"],
    ]

    init() throws {
        folder = try temporaryFolder("newsroom")
        index = folder + "/index"
        let corpus = folder + "/news"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let lines = try Self.articles.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: corpus + "/wire.jsonl", atomically: true, encoding: .utf8)
        let built = try run(["index", corpus, "--index", index])
        #expect(built.status == 0, "\(built.stderr)")
    }

    func json(_ result: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func ids(_ object: [String: Any]) -> [String] {
        (object["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func aMisspeltQuerySaysDidYouMeanInEveryFormat() throws {
        let text = try run(["search", "putn ukraine", "--index", index])
        #expect(text.status == 1)
        #expect(text.stdout.hasPrefix("0 articles match ‘putn ukraine’\nDid you mean: putin ukraine?\n"))
        let object = try json(try run(["search", "putn ukraine", "--index", index, "--format", "json"]))
        #expect(object["corrected_query"] as? String == "putin ukraine")
        #expect(object["total"] as? Int == 0)
        let lines = try run(["search", "putn ukraine", "--index", index, "--format", "jsonl"])
        #expect(lines.stdout.contains(#""corrected_query":"putin ukraine""#))
        let right = try run(["search", "putin ukraine", "--index", index])
        #expect(right.status == 0)
        #expect(!right.stdout.contains("Did you mean"))
    }

    @Test func synonymsFindOtherNamesAndExplainShowsThem() throws {
        let text = try run(["search", "ussr", "--index", index, "--explain"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Synonyms: ussr → "))
        #expect(text.stdout.contains("Soviet Union"))
        #expect(text.stdout.contains("Query: Query("))
        #expect(text.stdout.contains("Archive opens"))
        let object = try json(try run(["search", "ussr", "--index", index, "--format", "json"]))
        #expect(ids(object) == ["archive"])
        let expansion = try #require((object["expansions"] as? [[String: Any]])?.first)
        #expect(expansion["words"] as? String == "ussr")
        #expect((expansion["synonyms"] as? [String])?.contains("Soviet Union") == true)
        #expect(object["explanation"] == nil, "only with --explain")
    }

    @Test func copiesAreOneHitWithTheirIdsUnlessAskedOtherwise() throws {
        let text = try run(["search", "interest rates", "--index", index])
        #expect(text.stdout.hasPrefix("1 article matches"))
        #expect(text.stdout.contains("2 more copies of this story: "))
        let object = try json(try run(["search", "interest rates", "--index", index, "--format", "json", "--facet", "country"]))
        #expect(object["total"] as? Int == 1)
        #expect(object["collapsed"] as? Bool == true)
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        #expect(hit["copies"] as? Int == 2)
        let copies = Set(try #require(hit["copy_ids"] as? [String]) + [try #require(hit["id"] as? String)])
        #expect(copies == ["wire-1", "wire-2", "wire-3"])
        let all = try json(try run(["search", "interest rates", "--index", index, "--format", "json", "--no-collapse"]))
        #expect(all["total"] as? Int == 3)
        #expect(all["collapsed"] == nil)
        let editor = try run(["search", "interest rates", "--index", index, "--format", "vimgrep", "--no-collapse"])
        #expect(editor.stdout.split(separator: "\n").count == 3)
    }

    @Test func similarListsTheObviousOneFirstInEveryFormat() throws {
        let text = try run(["similar", "opec-1", "--index", index])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("1 article like opec-1\n") || text.stdout.contains("articles like opec-1\n"))
        #expect(text.stdout.contains(" 1. Oil producers weigh cuts"))
        let object = try json(try run(["similar", "opec-1", "--index", index, "--format", "json"]))
        #expect(ids(object).first == "opec-2")
        #expect(!ids(object).contains("opec-1"))
        #expect(object["like"] as? String == "opec-1")
        let vim = try run(["similar", "opec-1", "--index", index, "--format", "vimgrep", "--limit", "1"])
        #expect(vim.stdout.hasPrefix("news/wire.jsonl:") || vim.stdout.contains("wire.jsonl:"), "\(vim.stdout)")
        let among = try json(try run(["search", "vienna", "--like", "opec-2", "--index", index, "--format", "json"]))
        #expect(ids(among) == ["opec-1"])
    }

    @Test func similarLeavesTheArticlesOwnCopiesOut() throws {
        for extra in [[String](), ["--no-collapse"]] {
            let object = try json(try run(["similar", "wire-1", "--index", index, "--format", "json"] + extra))
            #expect(Set(ids(object)).isDisjoint(with: ["wire-1", "wire-2", "wire-3"]), "\(ids(object))")
        }
    }

    @Test func facetsCountArticlesOrStoriesAndSayWhich() throws {
        let body = "The Russian central bank in Moscow kept interest rates on hold on Friday, saying inflation in Russia was slowing while the rouble held steady against the dollar and exports of grain and oil recovered. Analysts in Moscow had expected the bank to cut rates after three months of falling prices in the shops."
        let news = folder + "/russia"
        try FileManager.default.createDirectory(atPath: news, withIntermediateDirectories: true)
        for (name, text) in [("a", body), ("b", body), ("c", "Moscow officials in Russia opened a new metro line under the river on Monday.")] {
            try "Russia story \(name)\n\n\(text)\n".write(toFile: news + "/\(name).txt", atomically: true, encoding: .utf8)
        }
        let russia = folder + "/russia-index"
        #expect(try run(["index", news, "--index", russia]).status == 0)
        func count(_ extra: [String]) throws -> (Int?, String?) {
            let object = try json(try run(["search", "", "--index", russia, "--format", "json", "--facet", "country"] + extra))
            let values = (object["facets"] as? [String: Any])?["country"] as? [[String: Any]] ?? []
            let value = values.first { $0["value"] as? String == "Russia" }
            return (value?["count"] as? Int, object["facet_count"] as? String)
        }
        #expect(try count([]) == (3, "articles"))
        #expect(try count(["--facet-count", "articles"]) == (3, "articles"))
        #expect(try count(["--facet-count", "stories"]) == (2, "stories"))
        let text = try run(["facets", "country", "--index", russia, "--facet-count", "stories"])
        #expect(text.stdout.contains("country (stories)"), "\(text.stdout)")
        let bad = try run(["search", "", "--index", russia, "--facet", "country", "--facet-count", "copies"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--facet-count must be 'articles' or 'stories', not 'copies'"), "\(bad.stderr)")
        let timeline = try run(["search", "", "--index", russia, "--facet", "date", "--facet-count", "stories"])
        #expect(timeline.status == 2)
        #expect(timeline.stderr.contains("counts articles"), "\(timeline.stderr)")
    }

    @Test func anUnknownIdIsAClearErrorWithExitTwo() throws {
        for arguments in [["similar", "nowhere"], ["search", "oil", "--like", "nowhere"]] {
            let result = try run(arguments + ["--index", index])
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("no article with id 'nowhere'"))
        }
    }

    @Test func datesNarrowAndOldestComesFirst() throws {
        let oldest = try json(try run(["search", "", "--index", index, "--format", "json", "--sort", "oldest", "--no-collapse"]))
        #expect(ids(oldest).first == "archive")
        let since = try json(try run(["search", "", "--index", index, "--format", "json", "--since", "2024-03", "--sort", "oldest"]))
        #expect(ids(since) == ["putin", "cup"])
        let until = try json(try run(["search", "", "--index", index, "--format", "json", "--until", "2023", "--sort", "oldest"]))
        #expect(ids(until) == ["archive"])
        let bad = try run(["search", "oil", "--index", index, "--since", "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--since must be a day"))
        let backwards = try run(["search", "oil", "--index", index, "--since", "2024", "--until", "2023"])
        #expect(backwards.status == 2)
    }

    /// A copy of the repository's configuration with this synonym file.
    func config(synonyms: String) throws -> String {
        let config = folder + "/Config-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Binaries.repository + "/Config", toPath: config)
        try synonyms.write(toFile: config + "/synonyms.txt", atomically: true, encoding: .utf8)
        return config
    }

    @Test func theUserSynonymFileAddsNamesAndABadOneIsRefused() throws {
        let added = try config(synonyms: "cup final, showpiece\n")
        let found = try json(try run(["search", "showpiece", "--index", index, "--config", added, "--format", "json"]))
        #expect(ids(found) == ["cup"])
        for (text, message) in [("", "holds no synonyms"), ("cup final\n", ":1: a group needs at least two names")] {
            let bad = try config(synonyms: text)
            let result = try run(["search", "cup", "--index", index, "--config", bad])
            #expect(result.status == 2)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
