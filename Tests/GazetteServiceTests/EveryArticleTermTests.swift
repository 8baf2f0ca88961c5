import Foundation
import GazetteProtocol
import GazetteService
import Testing

/// A word or filter every article holds, in an index with a gap in its
/// document ids (an article removed) and more articles than one posting
/// chunk holds: Xapian 1.4 reads such a term through the index's list of all
/// documents when nothing weighs it, and that list could not be walked past
/// its first chunk ("Unexpected end of posting list": a sound index reported
/// damaged). Counting facets and filter-only queries must answer.
@Suite struct EveryArticleTermTests {
    static let count = 1_300

    static func lines(skipping skipped: Int? = nil) -> String {
        (1...count).filter { $0 != skipped }.map { n in
            #"{"id": "port-\#(n)", "title": "Harbour note \#(n)", "date": "2024-05-\#(String(format: "%02d", n % 28 + 1))", "#
                + #""body": "Officials in France said the harbour of town\#(n) reopened, report p\#(n)q."}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func aTermInEveryArticleCountsAfterARemoval() throws {
        let ws = try Workspace()
        try ws.write("ports.jsonl", Self.lines())
        var options = IndexingOptions(workers: 1)
        options.partBytes = 1 << 30
        _ = try ws.index.index(paths: [ws.corpus], options: options)
        let queries = ["harbour", "country:france", "harbour OR country:france", "country:france OR country:spain"]
        for query in queries {
            #expect(try facetSearch(ws, query).total == Self.count, "\(query)")
        }

        // Article 5 gone from the file: the next run removes it, leaving a gap in the ids.
        try ws.write("ports.jsonl", Self.lines(skipping: 5))
        let report = try ws.index.index(paths: [ws.corpus], options: options)
        #expect(report.removed == 1)
        for query in queries {
            let response = try facetSearch(ws, query)
            #expect(response.total == Self.count - 1, "\(query)")
            #expect(response.facets?["country"]?.first?.count == Self.count - 1, "\(query)")
        }
        #expect(try ws.search("country:france", limit: 20, collapse: false).hits.count == 20)
        #expect(try ws.search("p5q").total == 0)
    }

    private func facetSearch(_ ws: Workspace, _ query: String) throws -> SearchResponse {
        var params = SearchParams(query: query, facets: ["actor", "country"], snippets: false)
        params.collapse = false
        return try ws.index.search(params)
    }
}
