import Testing
import GazetteEntities

@Suite struct SalienceTests {
    @Test func passingMentionIsNotSalient() {
        let e = extract("Japanese exports rise", """
            Japan's exports rose sharply in the first quarter, the Japanese trade ministry said. \
            Shipments of cars from Japan led the gains. Economists said Japanese makers gained share. \
            Demand held up well, a trader said, adding that a similar trend was seen in France last year.
            """)
        #expect(codes(e.countries) == ["JP"])
        #expect(codes(e.mentions).contains("FR"))
    }

    @Test func datelineMakesACountrySalient() {
        let e = extract("Prices steady", "TOKYO, March 3 - Wholesale prices were steady in February, the central bank said.")
        #expect(codes(e.countries) == ["JP"])
    }

    @Test func headlineCountsMore() {
        let e = extract("BRAZIL SEEKS NEW LOANS", "The finance minister said talks with creditor banks would resume.")
        #expect(codes(e.countries) == ["BR"])
    }

    @Test func evidenceExplainsTheRanking() {
        let ev = extractor.countryEvidence(title: "Canada and Mexico", body: "Canada signed. Mexico signed. Canadian officials cheered.")
        #expect(ev.map(\.country.code) == ["CA", "MX"])
        #expect(ev[0].names == 1 && ev[0].demonyms == 1 && ev[0].headline)
        #expect(ev[0].score > ev[1].score)
    }

    @Test func theHeadlineCompanysListingSaysWhoseStoryItIs() {
        let body = "Acme Widgets Inc said it agreed to buy a paper mill from a French company for 40 mln dlrs. " +
            "The mill makes coated paper, the company said. Acme said the purchase would add 12 pct to its sales next year."
        // No listing: the French seller is all the story says about a country.
        #expect(codes(extract("ACME WIDGETS TO BUY PAPER MILL", body).countries) == ["FR"])
        // A company listed in New York buys from a French one: the seller is a counterpart.
        #expect(codes(extract("ACME WIDGETS <ACMW> TO BUY PAPER MILL", body).countries) == ["US"])
        // Listed in Paris or London: the story is about a French or British company.
        #expect(codes(extract("ACME WIDGETS <ACMW.PA> TO BUY PAPER MILL", body).countries) == ["FR"])
        #expect(codes(extract("ACME WIDGETS <ACMW.L> TO BUY PAPER MILL", body).countries) == ["GB"])
        // Either way France is named.
        #expect(codes(extract("ACME WIDGETS <ACMW> TO BUY PAPER MILL", body).mentions) == ["FR"])
    }

    @Test func emptyInput() {
        let e = extract("", "")
        #expect(e == Entities())
    }
}
