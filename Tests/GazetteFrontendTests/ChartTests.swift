import GazetteFrontend
import GazetteProtocol
import Testing

/// Bars, timelines, hierarchical facets and when colours are on.
@Suite struct ChartTests {
    @Test func barsScaleInEighthsOfACell() {
        #expect(Bars.bar(8, of: 8, width: 4) == "████")
        #expect(Bars.bar(1, of: 8, width: 4) == "▌   ")
        #expect(Bars.bar(1, of: 1000, width: 4) == "▏   ", "a count above zero always shows")
        #expect(Bars.bar(0, of: 8, width: 4) == "    ")
    }

    @Test func colorsFollowTheChoiceTheTerminalAndNoColor() {
        #expect(!ColorChoice.auto.styled(isTerminal: false, environment: [:]))
        #expect(ColorChoice.auto.styled(isTerminal: true, environment: [:]))
        #expect(!ColorChoice.auto.styled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(ColorChoice.auto.styled(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(ColorChoice.always.styled(isTerminal: false, environment: ["NO_COLOR": "1"]))
        #expect(!ColorChoice.never.styled(isTerminal: true, environment: [:]))
    }

    static let response = SearchResponse(
        query: "oil", total: 7, totalExact: true, hits: [],
        facets: ["region": [FacetValue(value: "Europe", count: 4, children: [
            FacetValue(value: "Western Europe", count: 3, children: [FacetValue(value: "France", count: 2),
                                                                       FacetValue(value: "Germany", count: 2)]),
        ])]],
        timeline: Timeline(granularity: "month", buckets: [
            TimelineBucket(label: "1987-02", from: "1987-02-01", to: "1987-02-28", count: 4),
            TimelineBucket(label: "1987-03", from: "1987-03-01", to: "1987-03-31", count: 0),
            TimelineBucket(label: "1987-04", from: "1987-04-01", to: "1987-04-30", count: 2),
        ], undated: 1))

    @Test func timelineAndRegionsAsText() {
        let text = TextPrinter(styled: false).search(Self.response, elapsed: 0).output
        #expect(text.contains("date (month)\n    1987-02  \(Bars.bar(4, of: 4))  4\n    1987-03  \(Bars.bar(0, of: 4))  0\n"))
        #expect(text.contains("    1 without a date\n"))
        #expect(text.contains("region\n    4  \(Bars.bar(4, of: 4, width: 20))  Europe\n    3  \(Bars.bar(3, of: 4, width: 20))    Western Europe\n"))
        #expect(text.contains("      France\n"))
    }

    @Test func timelineAndRegionsAsJSON() throws {
        let json = String(decoding: Self.response.jsonBytes, as: UTF8.self)
        #expect(json == String(decoding: try WireJSON.encode(Self.response), as: UTF8.self))
        #expect(json.contains(#""timeline":{"buckets":[{"count":4,"from":"1987-02-01","label":"1987-02","to":"1987-02-28"}"#))
        #expect(json.contains(#"{"children":[{"children":[{"count":2,"value":"France"}"#))
    }
}
