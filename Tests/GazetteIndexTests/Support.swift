import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex

/// A scratch index that removes itself.
final class TemporaryIndex {
    let path: String
    let gazetteer: Gazetteer

    init() throws {
        path = NSTemporaryDirectory() + "gazette-index-\(UUID().uuidString)"
        gazetteer = try Gazetteer.load(directory: Self.repository + "/Config")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Writes articles (with the given entities) and commits.
    func write(_ articles: [StoredArticle]) throws {
        let writer = try IndexWriter(path: path)
        let builder = try DocumentBuilder(language: writer.language)
        for article in articles {
            try writer.replace(try builder.prepare(article))
        }
        try writer.commit()
    }

    func reader(counting: FacetCounting = .automatic, columns: FacetColumnCache? = nil) throws -> IndexReader {
        try IndexReader(path: path, gazetteer: gazetteer, facetCounting: counting, columns: columns)
    }

    func search(_ query: String, limit: Int = 10, facets: [Facet] = []) throws -> SearchResult {
        try reader().search(SearchRequest(query: query, limit: limit, facets: facets))
    }
}

func article(_ id: String, _ title: String, _ body: String, date: String? = nil, actors: [String] = [],
             countries: [Country] = [], mentions: [Country] = []) -> StoredArticle {
    StoredArticle(id: id, path: "/news/\(id)", title: title, date: date.flatMap { ArticleDate(compactOrISO: $0) },
                  source: nil, url: nil, actors: actors, countries: countries, mentions: mentions, body: body)
}

func seedArticle() throws -> StoredArticle {
    let path = TemporaryIndex.repository + "/seeds/000_e3109c2dbdf02a4d.txt"
    let parsed = try ArticleParser.parse(bytes: try ArticleFiles.readBytes(path), format: .text,
                                         fileID: "seeds/000_e3109c2dbdf02a4d.txt")
    return StoredArticle(article: parsed.articles[0], path: path, entities: Entities())
}

/// A search for `query` with up to 20 hits, changed by `change`.
func request(_ query: String, _ change: (inout SearchRequest) -> Void = { _ in }) -> SearchRequest {
    var request = SearchRequest(query: query, limit: 20)
    change(&request)
    return request
}
