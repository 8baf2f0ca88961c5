import Foundation
import GazetteProtocol
import Testing

/// `since` and `until`: the days people write, checked and made YYYY-MM-DD.
@Suite struct DateBoundTests {
    /// 2024-03-15, noon UTC.
    let today = Date(timeIntervalSince1970: 1_710_504_000)

    @Test(arguments: [
        ("2024-03-01", false, "2024-03-01"), ("2024-03-01", true, "2024-03-01"),
        ("2024-02", false, "2024-02-01"), ("2024-02", true, "2024-02-29"), ("2023-02", true, "2023-02-28"),
        ("2023", false, "2023-01-01"), ("2023", true, "2023-12-31"),
        ("today", false, "2024-03-15"), ("Yesterday", true, "2024-03-14"),
        ("7d", false, "2024-03-08"), ("2w", false, "2024-03-01"), ("1m", false, "2024-02-15"), ("1y", false, "2023-03-15"),
        ("0d", true, "2024-03-15"),
    ])
    func daysMonthsYearsAndAges(text: String, end: Bool, day: String) {
        #expect(DateBound.day(text, end: end, today: today) == day)
    }

    @Test(arguments: ["", "7", "d", "3x", "-2d", "2024-13-01", "2024-02-30", "24-01-01", "2024/03/01", "2024-3-1", "next week"])
    func anythingElseIsNoDay(text: String) {
        #expect(DateBound.day(text, end: false, today: today) == nil)
    }

    let names = SearchVocabulary(facets: ["actor"], sorts: ["relevance"])

    @Test func validationMakesDaysAndRefusesEmptyRanges() throws {
        let checked = try SearchParams(query: "oil", since: "2w", until: "2024-03").validated(names, today: today)
        #expect(checked.since == "2024-03-01" && checked.until == "2024-03-31")
        let backwards = #expect(throws: SearchParamsError.self) {
            try SearchParams(query: "oil", since: "2024-04-01", until: "2024-03").validated(names, today: today)
        }
        #expect(backwards?.parameter == .since)
        #expect(backwards?.message(calling: "--since").contains("2024-04-01 is after") == true)
        let bad = #expect(throws: SearchParamsError.self) {
            try SearchParams(query: "oil", until: "soon").validated(names, today: today)
        }
        #expect(bad?.problem == .notADate("soon"))
        #expect(bad?.message(calling: "--until").hasPrefix("--until must be a day") == true)
    }

    @Test func anEmptyLikeIsRefused() throws {
        let like = #expect(throws: SearchParamsError.self) { try SearchParams(query: "", like: "").validated(names) }
        #expect(like?.parameter == .like)
        // SimilarParams answers as the search it makes.
        let similar = SimilarParams(id: "reuters/1", query: "oil", limit: 5, collapse: false)
        #expect(similar.search == SearchParams(query: "oil", limit: 5, like: "reuters/1", collapse: false))
    }
}
