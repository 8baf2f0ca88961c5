import Testing
import GazetteEntities

// Invented sentences, one for each ambiguity rule.
@Suite struct AmbiguityTests {
    @Test func lowerCaseUsIsNeverTheUnitedStates() {
        let e = extract("Readers write in", "Let us know what you think. The editors thank us for every letter.")
        #expect(!codes(e.mentions).contains("US"))
        let f = extract("Trade gap narrows", "The US trade deficit narrowed in May, US officials said.")
        #expect(codes(f.countries) == ["US"])
    }

    @Test func allCapsHeadlineUsNeedsTheBodyToAgree() {
        // "US" in capitals may be the pronoun: only the body can tell.
        let pronoun = extract("JOIN US FOR THE SPRING FAIR", "The fair opens on Saturday with music and food stalls.")
        #expect(!codes(pronoun.mentions).contains("US"))
        let country = extract("US CUTS TARIFFS ON STEEL", "The United States cut tariffs on imported steel, officials said.")
        #expect(codes(country.countries).contains("US"))
        let dotted = extract("U.S. CUTS TARIFFS ON STEEL", "Tariffs on imported steel were cut, officials said.")
        #expect(codes(dotted.mentions).contains("US"))
    }

    @Test func turkeyTheBirdIsNotTurkey() {
        let bird = extract("Holiday dinner", "Families bought turkey and cranberry sauce for the holiday dinner.")
        #expect(!codes(bird.mentions).contains("TR"))
        let capsBird = extract("TURKEY PRICES RISE BEFORE THE HOLIDAY", "Farmers said birds cost more this year.")
        #expect(!codes(capsBird.mentions).contains("TR"))
        let country = extract("Rates", "Turkey raised interest rates again, the central bank in Ankara said.")
        #expect(codes(country.countries) == ["TR"])
    }

    @Test func georgiaTheStateIsNotGeorgiaTheCountry() {
        let state = extract("Election", "The governor of Georgia signed the bill in Atlanta on Tuesday.")
        #expect(!codes(state.mentions).contains("GE"))
        let country = extract("Election", "Georgia held a vote on Sunday, and Georgian officials in Tbilisi counted ballots.")
        #expect(codes(country.countries).contains("GE"))
    }

    @Test func jordanAndChadAsPersonalNames() {
        let player = extract("Basketball", "Michael Jordan scored forty points as his team won again.")
        #expect(!codes(player.mentions).contains("JO"))
        #expect(player.actors.contains("Michael Jordan"))
        let drummer = extract("Music", "The drummer Chad Smith said the band would tour next year.")
        #expect(!codes(drummer.mentions).contains("TD"))
        let titled = extract("Talks", "Mr Jordan told reporters the deal was close.")
        #expect(!codes(titled.mentions).contains("JO"))
        let kingdom = extract("Border", "Jordan closed its border crossing with Syria after the clashes.")
        #expect(codes(kingdom.countries).contains("JO"))
        let chad = extract("Vote", "Chad held a presidential election, and the result was announced in N'Djamena.")
        #expect(codes(chad.countries) == ["TD"])
    }

    @Test func citiesInsidePersonalNames() {
        let heiress = extract("Party", "Paris Hilton arrived at the gala with friends.")
        #expect(!codes(heiress.mentions).contains("FR"))
        let writer = extract("Letters", "The essays of Sydney Smith were reprinted this spring.")
        #expect(!codes(writer.mentions).contains("AU"))
        let general = extract("History", "George Washington crossed the river in the winter.")
        #expect(!codes(general.mentions).contains("US"))
        let actor = extract("Film", "The new film stars Denzel Washington as a detective.")
        #expect(!codes(actor.mentions).contains("US"))
        let government = extract("Sanctions", "Washington imposed new sanctions, and Moscow said it would respond.")
        #expect(codes(government.mentions).contains("US"))
        #expect(codes(government.mentions).contains("RU"))
    }

    @Test func aPlaceInAUSStateIsInTheUnitedStates() {
        let e = extract("Plant closes", "The factory in Lebanon, Pennsylvania, will close, and a plant in Paris, Texas, will grow.")
        #expect(!codes(e.mentions).contains("LB"))
        #expect(!codes(e.mentions).contains("FR"))
        #expect(codes(e.mentions).contains("US"))
    }

    @Test func countryInsideACompanyNameStillCounts() {
        // As evidence: a country inside an organisation's name is no mention of it.
        let e = extract("Jets", "China Airlines ordered twelve new jets, the carrier said.")
        #expect(codes(e.countries).contains("CN"))
        #expect(!codes(e.mentions).contains("CN"))
        #expect(e.actors.contains("China Airlines"))
    }

    @Test func longestMatchWins() {
        let guinea = extract("Talks", "Papua New Guinea and Equatorial Guinea signed a fisheries accord.")
        #expect(Set(codes(guinea.mentions)) == ["PG", "GQ"])
        let niger = extract("Oil", "Nigeria raised its oil output, while Niger exported more uranium.")
        #expect(Set(codes(niger.mentions)) == ["NG", "NE"])
        let dominican = extract("Sugar", "The Dominican Republic sold more sugar than Dominica did.")
        #expect(Set(codes(dominican.mentions)) == ["DO", "DM"])
        let dominicanOnly = extract("Sugar", "The Dominican Republic sold more sugar this year.")
        #expect(codes(dominicanOnly.mentions) == ["DO"])
    }

    @Test func statesNamedLikeCountriesAreNotThoseCountries() {
        let e = extract("Weather", "Storms hit New Mexico and New Jersey, and floods reached New South Wales.")
        let all = codes(e.mentions)
        #expect(!all.contains("MX"))
        #expect(!all.contains("JE"))
        #expect(!all.contains("GB"))
        #expect(all.contains("US"))
        #expect(all.contains("AU"))
    }

    @Test func formerCountriesAndWestGermany() {
        let e = extract("Talks", "West German and Soviet negotiators met in Bonn, and East Germany sent an observer.")
        let all = codes(e.mentions)
        #expect(all.contains("DE"))
        #expect(all.contains("SUHH"))
        #expect(all.contains("DDDE"))
        #expect(gazetteer.country(matching: "West Germany")?.code == "DE")
    }

    @Test func moscowIsTheSovietUnionWhenTheArticleSaysSoviet() {
        let cold = extract("Grain", "The Soviet Union bought wheat. Soviet officials in Moscow said more purchases were likely, Soviet traders added.")
        #expect(codes(cold.mentions) == ["SUHH"])
        let now = extract("Grain", "Russia bought wheat, officials in Moscow said. Russia once belonged to the Soviet Union.")
        #expect(codes(now.countries).first == "RU")
    }
}
