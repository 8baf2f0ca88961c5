import Foundation
import GazetteFrontend
import GazetteProtocol
import Testing

/// Every output format through the one printer interface, on replies made up here.
@Suite struct PrinterTests {
    static let base = "/home/reader/news"

    static let located = SearchHit(
        rank: 1, id: "news/moscow.txt", path: base + "/moscow.txt", title: "Concert hall attack", date: "2024-03-22",
        score: 0.5654, snippet: "…the concert hall in Krasnogorsk…", highlights: [[7, 19]],
        actors: ["Vladimir Putin"], countries: ["Russia"],
        match: MatchLine(line: 3, column: 17, text: "  At the Crocus concert hall, Zürich…  ", ranges: [[16, 23], [24, 28], [30, 37], [90, 95]]))
    static let gone = SearchHit(rank: 2, id: "news/gone.txt", path: "/elsewhere/gone.txt", title: "Gone", date: nil,
                                score: 0.25, snippet: nil, highlights: nil, actors: [], countries: [], sourceMissing: true)
    static let inline = SearchHit(rank: 10, id: "wire-7", path: nil, title: "Sent inline", date: nil, score: 1,
                                  snippet: "", highlights: [], actors: [], countries: [])

    static let response = SearchResponse(query: "concert hall", total: 3, totalExact: true, hits: [located, gone, inline],
                                          facets: ["country": [FacetValue(value: "Russia", count: 12), FacetValue(value: "Ukraine", count: 3)],
                                                   "actor": []])

    func printed(_ format: OutputFormat, styled: Bool = false) -> PrintedHits {
        format.printer(styled: styled, base: Self.base).search(Self.response, elapsed: 0.0123456)
    }

    @Test func oneEnumNamesEveryFormatAndItsPrinter() {
        #expect(OutputFormat.allCases.map(\.rawValue) == ["text", "json", "jsonl", "vimgrep"])
        #expect(OutputFormat.allCases.filter(\.needsLocations) == [.jsonl, .vimgrep])
        #expect(OutputFormat.recordFormats == [.text, .json])
        #expect(OutputFormat.text.printer(styled: false) is TextPrinter)
        #expect(OutputFormat.json.printer() is JSONPrinter)
        #expect(OutputFormat.jsonl.printer() is JSONLinesPrinter)
        #expect(OutputFormat.vimgrep.printer() is VimgrepPrinter)
    }

    @Test func textListsRankedHitsWithHighlightsThenFacetsByName() {
        let text = printed(.text).output
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "3 articles match ‘concert hall’")
        #expect(lines[2] == " 1. Concert hall attack")
        #expect(lines[3] == "    \(Self.base)/moscow.txt  2024-03-22  score 0.565")
        #expect(lines[4] == "    …the **concert hall** in Krasnogorsk…")
        #expect(lines.contains(" 2. Gone"))
        #expect(lines.contains("10. Sent inline"))
        #expect(lines.contains("    wire-7  score 1.000"), "a hit without a file is named by its id")
        let facets = text.components(separatedBy: "\nactor\n")
        #expect(facets.count == 2, "facets come after the hits, sorted by name")
        // Counts aligned, then bars of Unicode blocks scaled to the largest count.
        let full = String(repeating: "█", count: 20)
        let quarter = String(repeating: "█", count: 5) + String(repeating: " ", count: 15)
        #expect(facets[1] == "    (none)\n\ncountry\n    12  \(full)  Russia\n     3  \(quarter)  Ukraine\n")
        #expect(printed(.text).skipped.isEmpty)
    }

    @Test func textOnATerminalIsBoldAndCountsCanBeEstimates() {
        let styled = printed(.text, styled: true).output
        #expect(styled.contains("\u{1B}[1;31mconcert hall\u{1B}[0m"))
        #expect(styled.contains(" 1. \u{1B}[1mConcert hall attack\u{1B}[0m"))
        let rough = SearchResponse(query: "", total: 1, totalExact: false, hits: [], facets: nil)
        #expect(TextPrinter(styled: false).search(rough, elapsed: 0).output == "about 1 article matches (all articles)\n")
    }

    @Test func jsonIsTheDaemonsReplyDocument() throws {
        let json = printed(.json).output
        #expect(json == String(decoding: try WireJSON.encode(Self.response), as: UTF8.self) + "\n")
        #expect(try JSONDecoder().decode(SearchResponse.self, from: Data(json.utf8)) == Self.response)
    }

    @Test func vimgrepPointsIntoFilesAndSkipsHitsWithout() {
        let result = printed(.vimgrep)
        #expect(result.output == "moscow.txt:3:17:At the Crocus concert hall, Zürich…\n")
        #expect(result.skipped.map(\.id) == ["news/gone.txt", "wire-7"])
        #expect(result.warnings == [
            "gazette: warning: skipped /elsewhere/gone.txt: the article's file is gone; re-run gazette index to update",
            "gazette: warning: skipped wire-7: the article's file has no file (it was sent inline)",
        ])
    }

    @Test func jsonLinesAreRipgrepStyleMatchesThenASummary() throws {
        let result = printed(.jsonl)
        let lines = result.output.split(separator: "\n").map { Data($0.utf8) }
        #expect(lines.count == 2)
        let match = try #require(try JSONSerialization.jsonObject(with: lines[0]) as? [String: Any])
        #expect(match["type"] as? String == "match")
        let data = try #require(match["data"] as? [String: Any])
        #expect((data["path"] as? [String: Any])?["text"] as? String == "moscow.txt")
        #expect(data["line_number"] as? Int == 3)
        #expect(data["column"] as? Int == 17)
        #expect((data["lines"] as? [String: Any])?["text"] as? String == Self.located.match!.text + "\n")
        let submatches = try #require(data["submatches"] as? [[String: Any]])
        // Byte ranges, "Zürich" included; the range past the end of the line is dropped.
        #expect(submatches.compactMap { ($0["match"] as? [String: Any])?["text"] as? String } == ["concert", "hall", "Zürich"])
        #expect(submatches.map { $0["start"] as? Int } == [16, 24, 30])
        let summary = try #require(try JSONSerialization.jsonObject(with: lines[1]) as? [String: Any])
        #expect(summary["type"] as? String == "summary")
        let counts = try #require(summary["data"] as? [String: Any])
        #expect(counts["shown"] as? Int == 1)
        #expect(counts["total"] as? Int == 3)
        #expect((counts["elapsed"] as? [String: Any])?["human"] as? String == "0.012346s")
        #expect(result.skipped.count == 2)
    }

    @Test func recordsAreTextForPeopleAndOneLineOfJSONForPrograms() throws {
        let article = DocumentResponse(id: "news/a.txt", title: "Harbour closes", date: "2024-01-02", path: nil, source: nil,
                                       url: "https://example.org/a", actors: ["Port Authority"], countries: [], mentions: ["Norway"],
                                       text: "Ships wait.")
        #expect(TextPrinter(styled: false).record(article) == """
            Harbour closes
            id: news/a.txt
            date: 2024-01-02
            url: https://example.org/a
            actors: Port Authority
            mentions: Norway

            Ships wait.

            """)
        let json = JSONPrinter().record(article)
        #expect(json.hasSuffix("}\n") && json.filter { $0 == "\n" }.count == 1)
        #expect(try JSONDecoder().decode(DocumentResponse.self, from: Data(json.utf8)) == article)
        #expect(json.contains("https://example.org/a"), "slashes stay as they are")

        let facets = FacetsResponse(facet: "country", query: "", total: 1, values: [FacetValue(value: "Norway", count: 1)])
        #expect(TextPrinter(styled: false).record(facets)
            == "1 article\ncountry\n    1  \(String(repeating: "█", count: 20))  Norway\n")

        let status = StatusResponse(mode: "direct", documents: 2, index: "/i", revision: 5, version: "0.1.0",
                                    lastCommit: nil, uptime: 12.7, socket: nil, language: "english")
        #expect(TextPrinter(styled: false).record(status)
            == "mode: direct\nindex: /i\ndocuments: 2\nrevision: 5\nlanguage: english\nuptime: 12 s\nversion: 0.1.0\n")
        #expect(JSONPrinter().record(status).contains(#""last_commit""#) == false)
    }

    /// Scores and times are written as String(format:) wrote them before, digit for digit.
    @Test(arguments: [0, 7.3545, 0.0005, 0.0015, 0.1235, -1.25, 1e20, 123456.7891, 2.5e-7, 1e300, 0.999_999_5])
    func fixedPointNumbersAreWrittenAsPrintfWritesThem(value: Double) {
        #expect(value.fixedPoint(decimals: 3) == String(format: "%.3f", value))
        #expect(value.fixedPoint(decimals: 6) == String(format: "%.6f", value))
    }
}
