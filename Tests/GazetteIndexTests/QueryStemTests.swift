import Foundation
@testable import GazetteIndex
import Testing

/// An English index keeps each word as written and no stems (CXapian's
/// stems.cpp): a query's word stands for every word of the index with its
/// stem, found when the query is parsed; a phrase and a capitalised word
/// still match their own form only. Other languages keep stems in the index.
@Suite struct QueryStemTests {
    static let articles = [
        article("a", "Hopes rise", "They were hoping for happier days under clear skies; capabilities grew."),
        article("b", "Hope", "A hope, a happy day, a blue sky and a new capability."),
        article("c", "Winds", "The wind was dying and the markets lying low."),
        article("d", "Other", "Nothing of the kind was seen."),
    ]

    func ids(_ index: TemporaryIndex, _ query: String) throws -> [String] {
        try index.search(query).hits.map(\.article.id).sorted()
    }

    @Test func aWordFindsEveryFormOfItsStem() throws {
        let index = try TemporaryIndex()
        try index.write(Self.articles)
        for (query, expected) in [("hope", ["a", "b"]), ("hoped", ["a", "b"]), ("happy", ["b"]), ("happier", ["a"]),
                                  ("sky", ["a", "b"]), ("skies", ["a", "b"]), ("capability", ["a", "b"]),
                                  ("die", ["c"]), ("lie", ["c"]), ("market", ["c"]), ("title:hope", ["a", "b"]),
                                  ("hope AND NOT sky", []), ("hope -happier", ["b"]), ("hope OR wind", ["a", "b", "c"])] {
            #expect(try ids(index, query) == expected, "\(query)")
        }
        // As written only: a phrase, and a capitalised word.
        #expect(try ids(index, #""were hoping""#) == ["a"])
        #expect(try ids(index, "Hoping") == ["a"])
        #expect(try ids(index, "hopeless") == [])
    }

    @Test func theIndexKeepsWordsAsWrittenAndNoStems() throws {
        let index = try TemporaryIndex()
        try index.write(Self.articles)
        let database = try index.reader().database
        #expect(try database.terms(prefix: "Z").isEmpty)
        #expect(try database.termFrequency("hoping") == 1 && database.termFrequency("Shopes") == 1)
        // The matched words highlight as written.
        let hit = try #require(try index.search("hope").hits.first { $0.article.id == "a" })
        let highlighted = try #require(hit.snippet).highlightedTexts.map { $0.lowercased() }
        #expect(highlighted == ["hoping"], "\(highlighted)")
    }

    /// A saved search is checked against articles whose forms of its words
    /// the index held no article with before.
    @Test func anAlertFindsAFormTheIndexDidNotHoldBefore() throws {
        let index = try TemporaryIndex()
        try index.write([Self.articles[3]])
        let writer = try IndexWriter(path: index.path)
        writer.tracksWrittenDocuments = true
        try writer.save(SavedSearch(name: "pipes", query: "pipeline"))
        try writer.save(SavedSearch(name: "pipes-and-gas", query: "pipeline AND \"natural gas\""))
        let builder = try DocumentBuilder(language: writer.language)
        try writer.replace(try builder.prepare(article("p", "Pipelines", "New pipelines carry natural gas.")))
        try writer.commit()
        let found = try SavedSearchMatcher().matches(among: writer.takeWritten(), reader: try index.reader())
        #expect(found.map { "\($0.alert) \($0.id)" }.sorted() == ["pipes p", "pipes-and-gas p"])
    }

    /// Any other language stems as it indexes, as Xapian's STEM_SOME does.
    @Test func anotherLanguageKeepsStemsInTheIndex() throws {
        let path = NSTemporaryDirectory() + "gazette-french-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try IndexWriter(path: path, language: "french")
        let builder = try DocumentBuilder(language: writer.language)
        try writer.replace(try builder.prepare(article("f", "Chanteurs", "Les chanteurs chantaient.")))
        try writer.commit()
        let reader = try IndexReader(path: path, gazetteer: TemporaryIndex().gazetteer)
        #expect(try reader.database.terms(prefix: "Z").contains("Zchanteur"))
        #expect(try reader.search(SearchRequest(query: "chanteur")).hits.map(\.article.id) == ["f"])
    }
}
