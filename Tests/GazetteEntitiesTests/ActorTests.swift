import Testing
import GazetteEntities

@Suite struct ActorTests {
    @Test func titlesMarkPeopleAndShortMentionsResolve() {
        let e = extract("Dollar talks", """
            Treasury Secretary James Baker met Japanese Finance Minister Kiichi Miyazawa on Friday. \
            Baker said the talks went well. Later, Mr. Baker left for home, and Miyazawa flew to Osaka.
            """)
        #expect(e.actors.contains("James Baker"))
        #expect(e.actors.contains("Kiichi Miyazawa"))
        #expect(!e.actors.contains("Baker"))
        #expect(!e.actors.contains("Mr. Baker"))
        #expect(!e.actors.contains("Miyazawa"))
        #expect(!e.actors.contains { $0.contains("Secretary") || $0.contains("Minister") })
        #expect(e.actors.first == "James Baker")
    }

    @Test func organisationsByCueAndByAlias() {
        let e = extract("Loans", """
            The IMF and the World Bank agreed to lend more, and Exxon Corp said prices would rise. \
            Exxon also said the Agriculture Ministry had no comment.
            """)
        #expect(e.actors.contains("International Monetary Fund"))
        #expect(e.actors.contains("World Bank"))
        // "Exxon Corp" and "Exxon": one actor, named without the company form.
        #expect(e.actors.contains("Exxon"))
        #expect(!e.actors.contains("Exxon Corp"))
        #expect(e.actors.contains("Agriculture Ministry"))
    }

    @Test func companyFormsNameNoOneAndLeaveNoConnectorBehind() {
        let e = extract("Results", """
            Northern Marketing Corp said sales fell in the quarter. The shares were placed by Dunmore Grant \
            and Co Inc, which said demand was strong. Dunmore Grant and Co Inc expects more sales.
            """)
        // "Corp" alone (its name of common words not read) is nobody.
        #expect(!e.actors.contains("Corp"), "got \(e.actors)")
        #expect(!e.actorMentions.contains { $0.actor == "Corp" }, "got \(e.actorMentions)")
        // The firm without its company forms, and without the "and" before them.
        #expect(e.actors.contains("Dunmore Grant"), "got \(e.actors)")
        #expect(!e.actors.contains { $0.hasSuffix(" and") }, "got \(e.actors)")
    }

    @Test func aCompanyNamedAfterAPlaceKeepsItsCompanyForm() {
        let e = extract("Shares", "Shares of Denver Corp rose sharply. Analysts said Denver Corp would report higher profits.")
        // Without "Corp" the actor would be the city.
        #expect(e.actors == ["Denver Corp"], "got \(e.actors)")
    }

    /// The tagger leaves out a company's first words when they are a title
    /// or a name elsewhere, cuts a name in two, or runs two companies joined
    /// by "and" into one; the company form marks where the name starts and
    /// ends, and later mentions without it are the same company.
    @Test func aCompanyNameKeepsTheWordsBeforeItsCompanyForm() {
        let e = extract("Results", """
            General Widgets Corp said on Tuesday its sales rose. Later, Alder Valley Financial Corp and Birch Hill \
            Financial Corp reported higher earnings. Its Cedar Life and Casualty of Canada Ltd unit agreed to the \
            sale, and General Widgets said it would pay in cash.
            """)
        expectActors(e, include: ["General Widgets", "Alder Valley Financial", "Birch Hill Financial"],
                     exclude: ["Widgets", "Alder", "Valley Financial", "Canada Ltd"])
    }

    /// An ordinal or a nationality just before a company's name, which the
    /// rules never put in a name, is its first word.
    @Test func anOrdinalOrANationalityOpensACompanysName() {
        let e = extract("Results", """
            Shares of First Quorn Corp rose, and American Tessel Co fell. First Quorn said its profit would rise.
            """)
        #expect(Set(e.actors) == ["First Quorn", "American Tessel"], "got \(e.actors)")
    }

    /// "Haldane, Purvis and Co" names one partnership, not two people.
    @Test func aPartnershipListsItsPartnersWithCommas() {
        let e = extract("Offering", """
            The notes are being sold by Haldane, Purvis and Co and Orrin Lake, Marsh Webley and Co Inc. Lenders \
            include Norbank Inc, Quell, Tarrant and Co and others. Haldane Purvis said demand was strong.
            """)
        expectActors(e, include: ["Haldane Purvis", "Orrin Lake Marsh Webley", "Quell Tarrant"],
                     exclude: ["Purvis", "Marsh Webley", "Quell", "Tarrant"])
    }

    @Test func aHeadlineInCapitalsNamesTheCompanyOfTheStory() {
        let e = extract("TORLEY MOTORS<TM> SIGNS PACT", """
            Kessel Power said it signed a memorandum with General Torley Motors, which would let it sell parts. \
            General Torley Motors Corp said the pact was for five years.
            """)
        #expect(Set(e.actors) == ["General Torley Motors", "Kessel Power"], "got \(e.actors)")
        let start = extract("VARNO BANKS <VBK> ACQUISITION CLEARED",
                            "Varno Banks of Colorado Inc said regulators cleared its purchase of a savings bank.")
        #expect(start.actors == ["Varno Banks of Colorado"], "got \(start.actors)")
    }

    @Test func sentenceOpenersMonthsAndWeekdaysAreNotActors() {
        let e = extract("Prices", """
            However, prices fell. In March the market recovered. But on Monday traders sold again. \
            The talks resume in June. Analysts expect more volatility. Total output rose.
            """)
        #expect(e.actors.isEmpty, "got \(e.actors)")
    }

    @Test func commonWordsAndCountriesAreNotActors() {
        let e = extract("Outlook", "Japanese exporters and Brazil expect growth. The Government said Tokyo would act.")
        #expect(e.actors.isEmpty, "got \(e.actors)")
    }

    @Test func allCapsHeadlineNamesMatchTheBody() {
        let e = extract("VOLCKER SAYS DOLLAR DECLINE HAS GONE FAR ENOUGH", """
            Federal Reserve Board Chairman Paul Volcker said the dollar had fallen enough. \
            The International Coffee Organization met in London, and the Fed kept rates steady.
            """)
        #expect(e.actors.first == "Paul Volcker")
        #expect(e.actors.contains("Federal Reserve"))
        #expect(e.actors.contains("International Coffee Organization"))
        // Capitalised headline words are no names of their own.
        #expect(!e.actors.contains { $0.uppercased() == $0 && $0.contains("DOLLAR") })
    }

    @Test func ambiguousAliasesNeedCaseOrContext() {
        let pronoun = extract("Survey", "Who will win? Nobody knows who the voters favour.")
        #expect(!pronoun.actors.contains("World Health Organization"))
        let agency = extract("Health", "The WHO said the outbreak was contained.")
        #expect(agency.actors.contains("World Health Organization"))
    }

    @Test func aliasLookup() {
        #expect(gazetteer.actor(matching: "IMF") == "International Monetary Fund")
        #expect(gazetteer.actor(matching: "imf") == "International Monetary Fund")
        #expect(gazetteer.actor(matching: "putin") == "Vladimir Putin")
        #expect(gazetteer.actor(matching: "Islamic State Khorasan") == "ISIS-K")
        #expect(gazetteer.actor(matching: "Common Market") == "European Community")
        #expect(gazetteer.actor(matching: "European Union") == "European Union")
        #expect(gazetteer.actor(matching: "Nobody In Particular") == nil)
        #expect(gazetteer.actor(matching: "") == nil)
    }
}

@Suite struct HeadlineAliasTests {
    @Test func unambiguousAliasInAllCapsHeadlineCounts() {
        let e = extract("OPEC OUTPUT CEILING HOLDS", "Ministers met in Vienna and agreed to keep production unchanged.")
        #expect(e.actors.contains("Organization of Petroleum Exporting Countries"))
    }

    @Test func ambiguousAliasInAllCapsHeadlineNeedsTheBody() {
        let e = extract("WHO WILL PAY FOR THE NEW BRIDGE", "The council has not decided how to fund the project.")
        #expect(!e.actors.contains("World Health Organization"))
    }
}
