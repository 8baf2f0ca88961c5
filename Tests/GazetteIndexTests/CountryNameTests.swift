import Foundation
import GazetteEntities
@testable import GazetteIndex
import Testing

/// A country's names as one canonical term: written by the indexer, and
/// what a query's country name expands to on an index that has them.
@Suite struct CountryNameTests {
    static func table() -> SynonymTable {
        var table = SynonymTable()
        table.addGroup(["Germany", "Federal Republic of Germany", "West Germany", "FRG"], country: "DE")
        table.addGroup(["USSR", "Soviet Union"])
        return table
    }

    static let corpus = [
        article("frg", "Bank rates", "The FRG's central bank raised its rates on Tuesday."),
        article("west", "Exports", "Exports from West Germany rose in March."),
        article("france", "Wine", "French vineyards had a good year."),
        article("soviet", "Grain", "The Soviet Union's grain imports fell."),
    ]

    /// Writes `articles`, each given terms by `names` (nil: none, as an older Gazette wrote).
    static func write(_ articles: [StoredArticle], to index: TemporaryIndex, names: CountryNames?) throws {
        let writer = try IndexWriter(path: index.path)
        let builder = try DocumentBuilder(language: writer.language, countryNames: names)
        for article in articles { try writer.replace(try builder.prepare(article)) }
        try writer.storeSynonyms(table(), fingerprint: "test")
        try writer.commit()
    }

    static func readers(_ index: TemporaryIndex) throws -> [IndexReader] {
        let stored = try index.reader()
        stored.synonyms = .stored
        let inMemory = try index.reader()
        inMemory.synonyms = .table(table())
        return [stored, inMemory]
    }

    @Test func namesAreFoundWhereverTheirWordsFollowOneAnother() {
        let names = Self.table().countryNames
        #expect(names.occurrences(in: ["The FRG's bank", "West Germany and the Federal Republic of Germany"])
            == ["XKde": 5], "frg, west germany, germany, federal republic of germany, germany")
        let ussr = Schema.groupNameTerm(names: [["ussr"], ["soviet", "union"]])
        #expect(names.occurrences(in: ["Soviet Union", "germanys", "west", "germany's"]) == ["XKde": 1, ussr: 1])
        #expect(ussr.hasPrefix("XKg") && ussr.dropFirst(3).allSatisfy(\.isNumber), "\(ussr)")
        // A group without a term (the user's) leaves the names and their fingerprint as they were,
        // and a name it shares keeps its phrases.
        var withUsers = Self.table()
        withUsers.addGroup(["Soviet Union", "Soviets"], canonical: false)
        #expect(withUsers.countryNames == names)
        #expect(withUsers.canonicalTerms(for: ["soviet", "union"]).isEmpty)
        #expect(withUsers.canonicalTerms(for: ["ussr"]) == [ussr])
        // Names and text are read by one function; only the text loses its possessives.
        #expect(SynonymTable.words(of: "The U.S.S.R.'s ISIS-K") == ["the", "ussrs", "isis", "k"])
        #expect(SynonymTable.words(of: "The U.S.S.R.’s ISIS-K", droppingPossessives: true) == ["the", "ussr", "isis", "k"])
        #expect(SynonymTable.words(of: "... 's '", droppingPossessives: true).isEmpty)
        #expect(SynonymTable().countryNames.fingerprint == "")
        var other = Self.table()
        other.addGroup(["Netherlands", "Holland"], country: "NL")
        #expect(other.countryNames.fingerprint != names.fingerprint)
        // A possessive inside a name is read as in the text.
        other.addGroup(["North Korea", "Democratic People's Republic of Korea"], country: "KP")
        #expect(other.countryNames.occurrences(in: ["the Democratic People’s Republic of Korea said"]) == ["XKkp": 1])
    }

    @Test func aCountrysNameFindsArticlesThatUseOnlyAnotherOfItsNames() throws {
        let index = try TemporaryIndex()
        try Self.write(Self.corpus, to: index, names: Self.table().countryNames)
        for reader in try Self.readers(index) {
            #expect(try reader.metadata(Schema.countryNamesKey) == Self.table().countryNames.fingerprint)
            let result = try reader.search(request("germany") { $0.explain = true })
            #expect(Set(result.hits.map(\.article.id)) == ["frg", "west"])
            #expect(result.reading.description?.contains("XKde") == true, "\(result.reading.description ?? "")")
            #expect(result.reading.description?.contains("west") == false, "no phrase is checked")
            #expect(result.reading.expansions.map(\.synonyms) == [["FRG", "Federal Republic of Germany", "West Germany"]])
            // What is highlighted keeps the names.
            #expect(result.reading.expandedText.contains("\"west germany\""))
            #expect(try reader.search(request("frg rates")).hits.map(\.article.id) == ["frg"])
            // A group that is no country's has a term of its own, and is found through it alone.
            let ussr = try reader.search(request("ussr") { $0.explain = true })
            #expect(ussr.hits.map(\.article.id) == ["soviet"])
            #expect(ussr.reading.description?.contains(Schema.groupNameTerm(names: [["ussr"], ["soviet", "union"]])) == true,
                    "\(ussr.reading.description ?? "")")
            #expect(ussr.reading.description?.contains("soviet") == false, "no phrase is checked")
        }
    }

    @Test func anIndexWithoutCanonicalTermsExpandsToTheNamesAsBefore() throws {
        let index = try TemporaryIndex()
        try Self.write(Self.corpus, to: index, names: nil)
        for reader in try Self.readers(index) {
            #expect(try reader.metadata(Schema.countryNamesKey) == "")
            let result = try reader.search(request("germany") { $0.explain = true })
            #expect(Set(result.hits.map(\.article.id)) == ["frg", "west"])
            #expect(result.reading.description?.contains("XK") == false)
            #expect(result.reading.description?.contains("west") == true, "the phrase alternative runs")
        }
    }

    @Test func articlesWrittenWithoutTheTermsIntoAnIndexWithThemTurnThemOff() throws {
        let index = try TemporaryIndex()
        try Self.write(Array(Self.corpus.prefix(1)), to: index, names: Self.table().countryNames)
        try Self.write(Array(Self.corpus.dropFirst()), to: index, names: nil)
        for reader in try Self.readers(index) {
            #expect(try reader.metadata(Schema.countryNamesKey) == "")
            let result = try reader.search(request("germany") { $0.explain = true })
            #expect(Set(result.hits.map(\.article.id)) == ["frg", "west"])
            #expect(result.reading.description?.contains("XK") == false)
        }
        // Other names (a changed gazetteer) turn them off too.
        let changed = try TemporaryIndex()
        try Self.write(Array(Self.corpus.prefix(1)), to: changed, names: Self.table().countryNames)
        var other = Self.table()
        other.addGroup(["Netherlands", "Holland"], country: "NL")
        try Self.write(Array(Self.corpus.dropFirst()), to: changed, names: other.countryNames)
        #expect(try changed.reader().metadata(Schema.countryNamesKey) == "")
    }
}
