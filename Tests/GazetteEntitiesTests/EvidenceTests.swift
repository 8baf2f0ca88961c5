import Testing
import GazetteEntities

/// Evidence for countries the text does not name: ticker suffixes, currency
/// amounts, markets. Invented sentences.
@Suite struct EvidenceTests {
    @Test func tickerSuffixNamesTheExchangeCountry() {
        let e = extract("ACME WIDGETS <ACMW.TO> RAISES DIVIDEND",
                        "Acme Widgets Ltd said it raised its quarterly dividend to 12 cts a share from ten cts.")
        #expect(codes(e.countries) == ["CA"])
        let ev = extractor.countryEvidence(title: "Results", body: "Blue Gear Plc <BLGR.L> said profits rose.")
        #expect(ev.first?.country.code == "GB" && ev.first?.tickers == 1)
    }

    @Test func tickersWithoutAKnownSuffixAreIgnored() {
        let e = extract("Results", "Other Co <OTH.QQ> reported higher sales.")
        #expect(e.mentions.isEmpty)
        #expect(extractor.countryEvidence(title: "Results", body: "Other Co <OTH.QQ> reported higher sales.").isEmpty)
    }

    @Test func aTickerWithoutSuffixIsAUSListing() {
        // Reuters' codes leave the New York exchanges unmarked: evidence for the US, but no mention of it.
        let ev = extractor.countryEvidence(title: "PLAIN CORP <PLN> SALES RISE", body: "Plain Corp <PLN> reported higher sales.")
        #expect(ev.first?.country.code == "US" && ev.first?.tickers == 2)
        #expect(extract("PLAIN CORP <PLN> SALES RISE", "Plain Corp <PLN> reported higher sales.").mentions.isEmpty)
        // Brackets around words are no ticker.
        #expect(extractor.countryEvidence(title: "Results", body: "Plain Corp <Plain Holdings> reported higher sales.").isEmpty)
    }

    @Test func marksCountOnlyAsAnAmount() {
        // A currency is evidence for the ranking, never a mention: the text names no country.
        let amount = extractor.countryEvidence(title: "Bond issue",
                                               body: "Rheinwerk Finance is raising 150 mln marks through a five-year bond, the lead manager said.")
        #expect(amount.contains { $0.country.code == "DE" })
        #expect(!codes(extract("Bond issue", "Rheinwerk Finance is raising 150 mln marks through a five-year bond.").mentions).contains("DE"))
        let verb = extractor.countryEvidence(title: "New plant",
                                             body: "The opening marks a turning point for the company, its chairman said.")
        #expect(!verb.contains { $0.country.code == "DE" })
    }

    @Test func eurobondPointsToTheLondonMarket() {
        let e = extract("NORDIC POWER ISSUES 100 MLN DLR EUROBOND",
                        "Nordic Power Co is issuing a 100 mln dlr eurobond due 1995 paying eight pct, the lead manager said.")
        #expect(codes(e.countries).contains("GB"))
    }

    @Test func aCountryNamedThroughoutIsSalientBesideAStrongerOne() {
        let e = extract("Brazil debt talks resume", """
            Brazil resumed talks with its creditor banks. Brazil's finance minister said Brazil would pay. \
            Brazilian officials met bankers. Brazil wants new money. Argentina watched closely, and \
            Argentina's own talks were mentioned. Argentine officials said Argentina may follow. \
            Argentina is also in debt, and Argentina's economy minister travelled too.
            """)
        #expect(codes(e.countries) == ["BR", "AR"])
    }
}

@Suite struct ActorPrecisionTests {
    @Test func officeAfterTheTitleIsNoPartOfTheName() {
        let e = extract("Budget", "Chancellor of the Exchequer Nigel Lawson said the budget would cut taxes.")
        #expect(e.actors.contains("Nigel Lawson"))
        #expect(!e.actors.contains { $0.hasPrefix("Exchequer") })
        let o = extract("Loans", "The Secretary-General of the African Development Bank said arrears were small.")
        #expect(o.actors.contains("African Development Bank"))
    }

    @Test func shareClassesAndOilGradesAreNoActors() {
        let e = extract("Oil", "West Texas Intermediate rose 20 cts. Holders of Class B shares will vote, Acme Corp said.")
        #expect(!e.actors.contains("Texas Intermediate"))
        #expect(!e.actors.contains("Class B"))
        #expect(e.actors.contains("Acme"))
    }

    @Test func ratingAgencyIsNotCutAtThePossessive() {
        let e = extract("Rating", "Moody's Investors Service Inc said it downgraded the debt of Acme Corp.")
        #expect(e.actors.contains("Moody's Investors Service"))
        #expect(!e.actors.contains("Investors Service Inc"))
    }
}
