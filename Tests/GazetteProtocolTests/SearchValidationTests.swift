import GazetteProtocol
import Testing

@Suite struct SearchValidationTests {
    let names = SearchVocabulary(facets: ["actor", "country"], sorts: ["relevance", "date"])

    func refusal(_ params: SearchParams) -> SearchParamsError? {
        do {
            _ = try params.validated(names)
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesInsideTheBoundsPassAndNamesAreLowerCased() throws {
        let params = SearchParams(query: "oil", limit: 10_000, offset: 1_000_000, facets: ["Actor", "COUNTRY"],
                                  facetLimit: 1, sort: "Date")
        let checked = try params.validated(names)
        #expect(checked.facets == ["actor", "country"])
        #expect(checked.sort == "date")
        #expect(checked.limit == 10_000 && checked.offset == 1_000_000 && checked.facetLimit == 1)
        #expect(checked.query == "oil")
        // Absent values are left for the service's defaults.
        #expect(try SearchParams(query: "").validated(names) == SearchParams(query: ""))
    }

    @Test(arguments: [
        (SearchParams(query: "a", limit: -1), SearchParamsError.Parameter.limit, -1),
        (SearchParams(query: "a", limit: 10_001), .limit, 10_001),
        (SearchParams(query: "a", offset: -1), .offset, -1),
        (SearchParams(query: "a", offset: 1_000_001), .offset, 1_000_001),
        (SearchParams(query: "a", facetLimit: 0), .facetLimit, 0),
        (SearchParams(query: "a", facetLimit: 10_001), .facetLimit, 10_001),
    ])
    func numbersOutsideTheBoundsAreRefusedByName(params: SearchParams, parameter: SearchParamsError.Parameter, value: Int) {
        let error = refusal(params)
        #expect(error?.parameter == parameter)
        guard case let .outOfRange(given, allowed)? = error?.problem else {
            Issue.record("expected outOfRange, got \(String(describing: error))")
            return
        }
        #expect(given == value)
        #expect(!allowed.contains(value))
        #expect(error?.description.hasPrefix(parameter.rawValue + " must be between") == true)
        #expect(error?.description.hasSuffix("not \(value)") == true)
    }

    @Test func unknownFacetsAndSortsNameTheChoices() {
        let facet = refusal(SearchParams(query: "a", facets: ["actor", "colour"]))
        #expect(facet == SearchParamsError(.facets, .unknownName("colour", known: ["actor", "country"])))
        #expect(facet?.description == "unknown facet 'colour'; facets are: actor, country")
        let sort = refusal(SearchParams(query: "a", sort: "random"))
        #expect(sort?.parameter == .sort)
        #expect(sort?.description == "sort must be 'relevance' or 'date', not 'random'")
        #expect(sort?.message(calling: "--sort") == "--sort must be 'relevance' or 'date', not 'random'")
    }

    @Test func theQueryIsMeasuredInBytes() {
        let atLimit = String(repeating: "é", count: SearchBounds.queryBytes / 2)
        #expect(refusal(SearchParams(query: atLimit)) == nil)
        let over = refusal(SearchParams(query: atLimit + "a"))
        #expect(over == SearchParamsError(.query, .tooLong(bytes: SearchBounds.queryBytes + 1, limit: SearchBounds.queryBytes)))
        #expect(over?.message(calling: "the query") == "the query is 8193 bytes; the limit is 8192")
    }

    @Test func theFirstProblemIsTheOneReported() {
        // The query first, then the numbers, then the names: a request hears of one problem at a time.
        let error = refusal(SearchParams(query: "a", limit: -1, facets: ["colour"], sort: "random"))
        #expect(error?.parameter == .limit)
    }

    @Test func aFacetsRequestIsASearchForCountsOnly() throws {
        let search = FacetsParams(facet: "Country", query: nil).search
        #expect(search.query == "")
        #expect(search.limit == 0)
        #expect(search.facets == ["Country"])
        #expect(search.facetLimit == FacetsParams.defaultLimit)
        #expect(search.snippets == false)
        #expect(try search.validated(names).facets == ["country"])
        let refused = refusal(FacetsParams(facet: "actor", limit: 0).search)
        #expect(refused?.parameter == .facetLimit)
        #expect(refused?.message(calling: "--limit") == "--limit must be between 1 and 10000, not 0")
    }
}
