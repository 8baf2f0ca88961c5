import Foundation
import GazetteFrontend
import GazetteProtocol
import MCP

/// A page of an article's text: at most `length` characters from `offset`.
struct TextPage {
    let text: String
    /// Characters in the whole text.
    let total: Int
    /// Where the next page starts; nil on the last.
    let next: Int?

    init(_ whole: String, offset: Int, length: Int) throws(ToolError) {
        total = whole.count
        guard offset <= total else {
            throw ToolError("offset \(offset) is past the end of the text (\(total) characters)")
        }
        let start = whole.index(whole.startIndex, offsetBy: offset)
        let end = whole.index(start, offsetBy: length, limitedBy: whole.endIndex) ?? whole.endIndex
        text = String(whole[start..<end])
        next = end < whole.endIndex ? offset + length : nil
    }
}

/// `get_article`'s reply: the article as `gazette show --format json` prints
/// it with its text cut to one page, the whole text's length, and where the
/// next page starts.
struct ArticlePage: Encodable {
    let article: DocumentResponse
    let offset: Int
    let page: TextPage

    init(_ article: DocumentResponse, offset: Int, length: Int) throws(ToolError) {
        page = try TextPage(article.text, offset: offset, length: length)
        var cut = article
        cut.text = page.text
        self.article = cut
        self.offset = offset
    }

    enum CodingKeys: String, CodingKey {
        case offset = "text_offset"
        case characters = "text_characters"
        case next = "next_offset"
    }

    func encode(to encoder: any Encoder) throws {
        try article.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(offset, forKey: .offset)
        try container.encode(page.total, forKey: .characters)
        try container.encodeIfPresent(page.next, forKey: .next)
    }
}

/// Articles as MCP resources: `gazette://article/{id}`, read as text the way
/// `gazette show` prints them, listed newest first.
enum ArticleResources {
    static let prefix = "gazette://article/"

    static let template = Resource.Template(
        uriTemplate: prefix + "{id}", name: "article", title: "News article",
        description: """
            A news article by its id (as search returns it), as text: title, id, path, date, source, url, \
            actors, countries, then the body, cut at \(MCPLimits.articleCharacters) characters \
            (get_article pages through longer ones).
            """,
        mimeType: "text/plain")

    /// RFC 6570's simple expansion keeps only unreserved characters; the rest,
    /// the slashes of path ids among them, are percent-encoded.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func uri(id: String) -> String {
        prefix + (id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id)
    }

    /// The id in an article URI; slashes may come encoded or not.
    static func id(uri: String) throws(MCPError) -> String {
        guard uri.hasPrefix(prefix), let id = String(uri.dropFirst(prefix.count)).removingPercentEncoding, !id.isEmpty else {
            throw MCPError.invalidParams("not an article URI: '\(uri)'; articles are \(prefix){id}, the id percent-encoded")
        }
        return id
    }

    static func list(cursor: String?, session: Session) async throws(MCPError) -> ListResources.Result {
        let offset: Int
        if let cursor {
            guard let number = Int(cursor), SearchBounds.offset.contains(number) else {
                throw MCPError.invalidParams("bad cursor '\(cursor)': pass back the nextCursor of the last page")
            }
            offset = number
        } else {
            offset = 0
        }
        // Every article is a resource, wire copies of one story included.
        let params = SearchParams(query: "", limit: MCPLimits.resourcePage, offset: offset, sort: "date", snippets: false,
                                  collapse: false)
        let response: SearchResponse
        do {
            response = try await Backend.search(params, session: session)
        } catch {
            throw MCPError.internalError(error.message)
        }
        let resources = response.hits.map { hit in
            Resource(name: hit.id, uri: uri(id: hit.id), title: hit.title,
                     description: [hit.date, hit.countries.isEmpty ? nil : hit.countries.joined(separator: ", ")]
                         .compactMap { $0 }.joined(separator: "; "),
                     mimeType: "text/plain")
        }
        let next = offset + response.hits.count
        let more = !response.hits.isEmpty && next < response.total && SearchBounds.offset.contains(next)
        return .init(resources: resources, nextCursor: more ? String(next) : nil)
    }

    /// Code for "Resource not found" in the MCP specification.
    static let notFound = -32002

    static func read(uri: String, session: Session) async throws(MCPError) -> ReadResource.Result {
        let id = try id(uri: uri)
        var article: DocumentResponse
        do {
            article = try await Backend.document(DocumentParams(id: id), session: session)
        } catch {
            throw MCPError.serverError(code: notFound, message: error.message)
        }
        // The first page always exists (offset 0), so this cannot throw.
        if let page = try? TextPage(article.text, offset: 0, length: MCPLimits.articleCharacters), let next = page.next {
            article.text = page.text + "\n\n[text cut at \(next) of \(page.total) characters: "
                + "get_article with id and offset \(next) reads on]"
        }
        return .init(contents: [.text(article.text(styled: false), uri: uri, mimeType: "text/plain")])
    }
}
