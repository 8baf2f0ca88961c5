import Testing
@testable import GazetteEntities

/// Two tiers of actors, one name per actor, publishers' own names, and
/// countries the text names. Invented sentences.
@Suite struct ActorTierTests {
    @Test func everyActorIsAMentionButOnlyTheSalientAreActors() {
        let e = extract("Striker joins Rovers", """
            Harbour Rovers signed the striker Tomas Okafor on Monday, and Okafor said Harbour Rovers was his dream. \
            Rovers manager Elena Brandt praised Okafor again. Okafor scored twice for Harbour Rovers last season. \
            In other news, the Meridian Shipping Company said its profits rose.
            """)
        let mentioned = e.mentionedActors
        #expect(mentioned.contains("Tomas Okafor"))
        #expect(mentioned.contains("Meridian Shipping"), "got \(mentioned)")
        #expect(e.actors.first == "Tomas Okafor" || e.actors.first == "Harbour Rovers", "got \(e.actors)")
        // Every salient actor is a mention too.
        for actor in e.actors { #expect(mentioned.contains(actor), "\(actor)") }
        // Mentions keep the text's own words; their actor is the canonical name.
        #expect(e.actorMentions.contains { $0.text == "Okafor" && $0.actor == "Tomas Okafor" })
    }

    @Test func aliasesAndVariantsAreOneActor() {
        let alias = extract("Neighbours beaten at home", "Man Utd beat their neighbours, and Man United fans celebrated.")
        let full = extract("Neighbours beaten at home", "Manchester United beat their neighbours at home.")
        #expect(alias.mentionedActors == ["Manchester United"], "got \(alias.mentionedActors)")
        #expect(full.mentionedActors == ["Manchester United"])
        let party = extract("Vote", "The Lib Dems gained seats. A Lib Dem spokesman said the Liberal Democrats were pleased.")
        #expect(party.mentionedActors == ["Liberal Democrats"], "got \(party.mentionedActors)")
        let acronym = extract("Growth warning for manufacturers", "The Confederation of British Industry warned on growth, and the CBI said rates should fall.")
        #expect(acronym.mentionedActors == ["Confederation of British Industry"], "got \(acronym.mentionedActors)")
    }

    @Test func publishersOwnNamesAreNoActorsOfItsStories() {
        let body = "Speaking to BBC Radio 4, the minister Ann Carrow said the plan would work. BBC Sport understands the club agreed."
        let own = extractor.extract(title: "Plan", body: body, source: "BBC News")
        #expect(!own.mentionedActors.contains { $0.hasPrefix("BBC") }, "got \(own.mentionedActors)")
        #expect(own.mentionedActors.contains("Ann Carrow"))
        let byURL = extractor.extract(title: "Plan", body: body, url: "http://news.bbc.co.uk/1/hi/uk/1.stm")
        #expect(!byURL.mentionedActors.contains { $0.hasPrefix("BBC") })
        // In another publisher's story the BBC is an actor like any other.
        let other = extractor.extract(title: "Plan", body: body, source: "Reuters")
        #expect(other.mentionedActors.contains { $0.hasPrefix("BBC") }, "got \(other.mentionedActors)")
    }
}

@Suite struct CountryMentionTests {
    @Test func countriesTheTextDoesNotNameAreNoMentions() {
        // A currency amount and a ticker point to countries the text never names.
        let e = extract("Bond issue", "Rheinwerk Finance is raising 150 mln marks, and Blue Gear Plc <BLGR.L> said profits rose.")
        #expect(e.mentions.isEmpty, "got \(codes(e.mentions))")
        let named = extract("Trade", "Germany and Britain agreed, officials in Paris said.")
        #expect(Set(codes(named.mentions)) == ["DE", "GB", "FR"])
        // A results table: a club, then its country in brackets.
        let table = extract("Cup results", "Results of first round matches: In Bergen: Brann ( Norway ) 2 Dynamo Kolta ( Ukraine ) 1")
        #expect(codes(table.mentions).contains("NO"), "got \(codes(table.mentions))")
        #expect(!table.mentionedActors.contains { $0.contains("Norway") }, "got \(table.mentionedActors)")
        let demonym = extract("Exports", "Japanese exporters were pleased.")
        #expect(codes(demonym.mentions) == ["JP"])
    }
}
