import Foundation
import GazetteIndex
import Testing

@Suite(.serialized) struct SearchCLITests {
    let folder: String
    let index: String

    init() throws {
        folder = try temporaryFolder()
        index = folder + "/index"
        let built = try run(["index", "seeds", "--index", index])
        #expect(built.status == 0, "\(built.stderr)")
    }

    @Test func indexingPrintsOneSummaryLine() throws {
        let again = try run(["index", "seeds", "--index", index])
        #expect(again.status == 0)
        let lines = again.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("indexed 0, unchanged 1, failed 0 in ") == true)
        #expect(again.stderr.isEmpty)
    }

    @Test func aPhraseFindsTheSeedWithTheHighlightedPhrase() throws {
        let result = try run(["search", #""concert hall""#, "--index", index])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("1 article matches"))
        #expect(result.stdout.contains(" 1. Moscow Concert Hall Attack"))
        #expect(result.stdout.contains("seeds/000_e3109c2dbdf02a4d.txt"))
        #expect(result.stdout.lowercased().contains("**concert hall**"))
        #expect(result.stderr.isEmpty)
    }

    @Test func aQuerysWordsMayComeAsSeveralArguments() throws {
        let apart = try run(["search", "concert", "--limit", "5", "hall", "--index", index])
        let together = try run(["search", "concert hall", "--limit", "5", "--index", index])
        #expect(apart.status == 0 && apart.stderr.isEmpty, "\(apart.stderr)")
        #expect(apart.stdout == together.stdout)
        #expect(apart.stdout.hasPrefix("1 article matches ‘concert hall’"))
        let facets = try run(["facets", "country", "concert", "hall", "--index", index])
        let facetsTogether = try run(["facets", "country", "concert hall", "--index", index])
        #expect(facets.status == 0 && facets.stdout == facetsTogether.stdout)
        let missing = try run(["search", "--index", index])
        #expect(missing.status == 2 && missing.stderr.contains("Missing expected argument '<query>'"))
    }

    @Test func nothingMatchingExitsWithOne() throws {
        let result = try run(["search", #""hall concert""#, "--index", index])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("0 articles match"))
    }

    @Test func entitiesJSONHasBothActorTiersAndMentionedIsAFacet() throws {
        let result = try run(["entities", "seeds", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let actors = try #require(object["actors"] as? [String])
        let mentions = try #require(object["actor_mentions"] as? [String])
        #expect(actors.contains("Vladimir Putin"))
        // Mentions are as the text writes them: the full name and the surname alone.
        #expect(mentions.contains("Vladimir Putin") && mentions.contains("Putin"), "\(mentions)")
        #expect(object["mentions"] as? [String] == ["Russia"] || (object["mentions"] as? [String])?.first == "Russia")
        let facet = try run(["facets", "mentioned", "--index", index, "--format", "json"])
        #expect(facet.status == 0, "\(facet.stderr)")
        #expect(facet.stdout.contains("Vladimir Putin"))
        let filtered = try run(["search", "mentioned:putin", "--index", index])
        #expect(filtered.status == 0)
        #expect(filtered.stdout.hasPrefix("1 article matches"))
    }

    @Test func jsonOutputHasTheDocumentedShape() throws {
        let result = try run(["search", "putin AND ukraine", "--index", index, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["query"] as? String == "putin AND ukraine")
        #expect(object["total"] as? Int == 1)
        #expect(object["total_exact"] as? Bool == true)
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        for key in ["rank", "id", "path", "title", "score", "snippet", "highlights"] {
            #expect(hit[key] != nil, "missing \(key)")
        }
        #expect(hit["rank"] as? Int == 1)
        #expect(hit["id"] as? String == "seeds/000_e3109c2dbdf02a4d.txt")
        let snippet = try #require(hit["snippet"] as? String)
        let ranges = try #require(hit["highlights"] as? [[Int]])
        let bytes = Array(snippet.utf8)
        let words = ranges.map { String(decoding: bytes[$0[0]..<$0[1]], as: UTF8.self).lowercased() }
        #expect(words.contains { $0.hasPrefix("putin") || $0.hasPrefix("ukrain") })
    }

    @Test func aMissingIndexIsAnErrorNamingTheFix() throws {
        let result = try run(["search", "moscow", "--index", folder + "/nowhere"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("no index at"))
        #expect(result.stderr.contains("gazette index PATH --index"))
    }

    @Test func aMalformedQueryIsAnErrorOnOneLine() throws {
        let result = try run(["search", "moscow AND", "--index", index])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("cannot parse the query"))
        let range = try run(["search", "date:2024-13-45..2025", "--index", index])
        #expect(range.status == 2)
        #expect(range.stderr.contains("'2024-13-45' is not a date"))
        #expect(range.stderr.contains("YYYY-MM-DD"))
        let backwards = try run(["search", "date:2024-03..2024-01-31", "--index", index])
        #expect(backwards.status == 2)
        #expect(backwards.stderr.contains("the date range 2024-03..2024-01-31 ends before it starts"))
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try run(["search"]).status == 2)
        #expect(try run(["search", "x", "--limit", "-3", "--index", index]).status == 2)
        #expect(try run(["search", "x", "--facet", "colour", "--index", index]).status == 2)
        #expect(try run(["index", "seeds", "--workers", "0", "--index", index]).status == 2)
        #expect(try run(["index", "--index", index, "--socket", "/tmp/x.sock"]).status == 2)
        #expect(try run(["frobnicate"]).status == 2)
        let help = try run(["search", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--limit"))
    }

    @Test func showAndStatusPrintTheStoredArticleAndTheIndex() throws {
        let show = try run(["show", "seeds/000_e3109c2dbdf02a4d.txt", "--index", index])
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("Moscow Concert Hall Attack"))
        #expect(show.stdout.contains("Crocus City Hall"))
        let missing = try run(["show", "no/such.txt", "--index", index])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no article with id"))
        let status = try run(["status", "--index", index, "--format", "json"])
        #expect(status.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(object["documents"] as? Int == 1)
        #expect(object["mode"] as? String == "direct")
    }

    @Test func aSecondWriterIsToldTheIndexIsLocked() throws {
        let holder = try IndexWriter(path: index)
        let result = try run(["index", "seeds", "--index", index])
        withExtendedLifetime(holder) {}
        #expect(result.status == 2)
        #expect(result.stderr.contains("locked by another process"))
        #expect(!result.stderr.contains("Xapian::"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func problemFilesAreNamedAndCounted() throws {
        let corpus = folder + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try "Fine\n\nGood text".write(toFile: corpus + "/fine.txt", atomically: false, encoding: .utf8)
        try "".write(toFile: corpus + "/empty.txt", atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Binaries.shared + "/corpora/bbc/sport/199.txt",
                                         toPath: corpus + "/latin1.txt")
        let result = try run(["index", corpus, "--index", folder + "/problems"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("indexed 2, unchanged 0, failed 1"))
        #expect(result.stderr.contains("empty.txt: empty file"))
        #expect(result.stderr.contains("latin1.txt: not valid UTF-8; read as Windows-1252"))
        let found = try run(["search", "Mutu", "--index", folder + "/problems"])
        #expect(found.status == 0)
    }
}
