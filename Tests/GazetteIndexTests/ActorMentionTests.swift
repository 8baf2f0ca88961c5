import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import Testing

/// The two actor tiers in the index, extracted from invented articles as
/// the indexer extracts them.
@Suite struct ActorMentionIndexTests {
    func extracted(_ index: TemporaryIndex, _ id: String, _ title: String, _ body: String) -> StoredArticle {
        let entities = EntityExtractor(gazetteer: index.gazetteer).extract(title: title, body: body)
        return StoredArticle(article: Article(id: id, title: title, body: body), path: nil, entities: entities)
    }

    @Test func theMentionFilterFindsAnArticleThatMerelyMentionsAnActor() throws {
        let index = try TemporaryIndex()
        var stories = [extracted(index, "about", "Fund warns on debt", """
            The International Monetary Fund warned on debt. The IMF said growth would slow, and the IMF urged reform.
            """)]
        // Twenty people named, the fund once among them: not what the story is about.
        let crowd = (1...20).map { k -> String in
            let name = "Name\(Character(UnicodeScalar(64 + k)!))son"
            return "Councillor Tom \(name) spoke, and \(name) voted"
        }.joined(separator: ". ")
        stories.append(extracted(index, "passing", "Council meets", crowd + ". A report by the IMF was cited once."))
        try index.write(stories)
        func ids(_ query: String) throws -> Set<String> { Set(try index.search(query).hits.map(\.article.id)) }
        #expect(stories[1].actorMentions.contains("International Monetary Fund"))
        #expect(!stories[1].actors.contains("International Monetary Fund"), "got \(stories[1].actors)")
        #expect(try ids("actor:IMF") == ["about"])
        #expect(try ids("mentioned:IMF") == ["about", "passing"])
        #expect(try ids("mentioned:\"international monetary fund\"") == ["about", "passing"])
    }

    @Test func aliasesFoldIntoOneFacetRow() throws {
        let index = try TemporaryIndex()
        try index.write([
            extracted(index, "a", "Late goal settles it", "Man Utd won with a late goal, and their fans sang."),
            extracted(index, "b", "Cup run goes on", "Manchester United reached the next round after extra time."),
            extracted(index, "c", "Fans celebrate", "Man United supporters marched through the city centre."),
        ])
        let result = try index.search("", facets: [.actor, .mentioned])
        for (facet, counts) in result.facets {
            let united = counts.filter { $0.value.lowercased().contains("man") }
            #expect(united == [FacetCount(value: "Manchester United", count: 3)], "\(facet.name): \(counts)")
        }
    }
}
