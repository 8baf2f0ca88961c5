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

    @Test func ownNamesMatchWhateverTheirCase() throws {
        let publishers = gazetteer.publishers
        let bbc = try #require(publishers.publisher(source: "BBC", url: nil))
        for name in ["BBC Sport", "bbc sport", "BBC SPORT", "BBC Radio 4", "bbc radio five live"] {
            #expect(publishers.isOwnName(name, publisher: bbc), "\(name)")
        }
        // Another first letter, another name: told without lower-casing it.
        for name in ["Ann Carrow", "Sport", "CBBC Sport", "", " BBC Sport", "\u{C9}BBC Sport"] {
            #expect(!publishers.isOwnName(name, publisher: bbc), "\(name)")
        }
    }

    @Test func aFileWithoutSourceIsItsFoldersPublishers() {
        let body = "Speaking to BBC Radio 4, the minister Ann Carrow said the plan would work. BBC Sport understands the club agreed."
        // The nearest folder named after a publisher says whose story it is.
        let filed = extractor.extract(title: "Plan", body: body, path: "/home/ann/news/BBC/politics/012.txt")
        #expect(!filed.mentionedActors.contains { $0.hasPrefix("BBC") }, "got \(filed.mentionedActors)")
        #expect(filed.mentionedActors.contains("Ann Carrow"))
        #expect(!extractor.extract(title: "Plan", body: body, path: "/feeds/bbc.co.uk/1.txt").mentionedActors
            .contains { $0.hasPrefix("BBC") })
        // A file name, or a folder of another publisher's, is no such sign.
        for path in ["/home/ann/news/bbc.txt", "/home/ann/news/bbc/reuters/1.txt", "/home/ann/news/cuttings/1.txt"] {
            let e = extractor.extract(title: "Plan", body: body, path: path)
            #expect(e.mentionedActors.contains { $0.hasPrefix("BBC") }, "\(path): got \(e.mentionedActors)")
        }
        // A source the article names wins over its folder.
        let sourced = extractor.extract(title: "Plan", body: body, source: "Reuters", path: "/news/bbc/1.txt")
        #expect(sourced.mentionedActors.contains { $0.hasPrefix("BBC") }, "got \(sourced.mentionedActors)")
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

    @Test func aNameOfTwoPlacesIsTheCountryInAListOfCountries() {
        let listed = extract("Summit", "Leaders of Moldova, Georgia and Azerbaijan met in the capital on Tuesday.")
        #expect(codes(listed.mentions).contains("GE"), "got \(codes(listed.mentions))")
        let alone = extract("Storms", "Heavy rain fell across Georgia and the governor said roads were closed.")
        #expect(!codes(alone.mentions).contains("GE"), "got \(codes(alone.mentions))")
    }

    @Test func aCountryNamedByItsOwnNameIsNotFoldedIntoAFormerOne() {
        let e = extract("Treaty signed", """
            Yugoslavia and Slovenia signed a trade treaty in Belgrade on Monday. The foreign minister of \
            Yugoslavia said in Belgrade that Yugoslavia wanted more trade.
            """)
        #expect(codes(e.mentions).contains("SI"), "got \(codes(e.mentions))")
    }

    @Test func peoplesAreNoNationalities() {
        // "Serbs" in Bosnia are no sign of Serbia; "Serbian" is.
        let ethnic = extract("Road blocked", "Police said Serbs and Moslems clashed near Sarajevo on Monday.")
        #expect(!codes(ethnic.mentions).contains("RS"), "got \(codes(ethnic.mentions))")
        #expect(codes(ethnic.mentions).contains("BA"), "got \(codes(ethnic.mentions))")
        let national = extract("Talks", "The Serbian government said talks would resume.")
        #expect(codes(national.mentions).contains("RS"), "got \(codes(national.mentions))")
    }
}
