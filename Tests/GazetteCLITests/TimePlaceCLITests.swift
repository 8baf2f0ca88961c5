import Foundation
import Testing

/// Timelines, regions, colours and saved searches, as the built `gazette` prints them.
@Suite(.serialized) final class TimePlaceCLITests {
    let folder: String
    let index: String

    init() throws {
        folder = try temporaryFolder("timeplace")
        index = folder + "/index"
        let built = try run(["index", "seeds", "--index", index])
        #expect(built.status == 0, "\(built.stderr)")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @Test func colorsAreOffWhenOutputIsNotATerminal() throws {
        let arguments = ["search", #""concert hall""#, "--index", index, "--facet", "country", "--facet", "date"]
        // NO_COLOR unset: only the pipe decides.
        let piped = try run(arguments, environment: ["NO_COLOR": ""])
        #expect(piped.status == 0)
        #expect(!piped.stdout.contains("\u{1B}"))
        #expect(piped.stdout.contains("**concert hall**"))
        // Bars in the facet and timeline rows.
        #expect(piped.stdout.contains("█"))
        #expect(piped.stdout.contains("date (day)"))
        let forced = try run(arguments + ["--color", "always"], environment: ["NO_COLOR": ""])
        #expect(forced.stdout.contains("\u{1B}[1;31mconcert hall\u{1B}[0m"))
        let never = try run(arguments + ["--color", "never"], environment: ["NO_COLOR": ""])
        #expect(never.stdout == piped.stdout)
        let bad = try run(arguments + ["--color", "sometimes"])
        #expect(bad.status == 2)
    }

    @Test func regionFacetAndFilter() throws {
        let facets = try run(["facets", "region", "--index", index, "--format", "json"])
        #expect(facets.status == 0, "\(facets.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(facets.stdout.utf8)) as? [String: Any])
        let regions = try #require(json["values"] as? [[String: Any]])
        let europe = try #require(regions.first { $0["value"] as? String == "Europe" })
        let subs = try #require(europe["children"] as? [[String: Any]])
        #expect(subs.contains { $0["value"] as? String == "Eastern Europe" })
        let filtered = try run(["search", #"region:"eastern europe""#, "--index", index, "--format", "json"])
        #expect(filtered.status == 0, "\(filtered.stderr)")
    }

    @Test func savedSearchesAreKeptAndABadQueryIsRefused() throws {
        let bad = try run(["alert", "add", "broken", "concert AND", "--index", index])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("alert 'broken' not saved: the query does not parse"), "\(bad.stderr)")
        let badName = try run(["alert", "add", "two words", "concert", "--index", index])
        #expect(badName.status == 2)
        let added = try run(["alert", "add", "halls", #""concert hall""#, "--index", index])
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try run(["alert", "list", "--index", index, "--format", "json"])
        #expect(listed.stdout.contains(#"{"alerts":[{"name":"halls","query":"\"concert hall\""}]}"#), "\(listed.stdout)")
        #expect(try run(["alert", "remove", "halls", "--index", index]).status == 0)
        // A query's words may come as several arguments, as for search.
        let words = try run(["alert", "add", "moscow", "concert", "date:2024", "--index", index])
        #expect(words.status == 0, "\(words.stderr)")
        let again = try run(["alert", "list", "--index", index, "--format", "json"])
        #expect(again.stdout.contains(#"{"name":"moscow","query":"concert date:2024"}"#), "\(again.stdout)")
        #expect(try run(["alert", "add", "empty", "--index", index]).status == 2)
        #expect(try run(["alert", "remove", "moscow", "--index", index]).status == 0)
        let missing = try run(["alert", "remove", "halls", "--index", index])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no alert named 'halls'"))
    }
}
