/// Reads RSS 2.0, RSS 1.0 and Atom feeds: each item (entry) an article,
/// its id the item's guid (Atom: id) or link, so that reading a feed again
/// replaces its items instead of adding them twice.
enum FeedReader {
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let atomNamespace = "http://www.w3.org/2005/Atom"

    /// A feed's items and the element that describes the feed itself.
    struct Feed {
        let channel: MarkupElement
        let items: [MarkupElement]
        let isAtom: Bool
    }

    /// The feed in a document's root element; nil when it is not one.
    static func feed(_ root: MarkupElement) -> Feed? {
        switch root.name.lowercased() {
        case "rss":
            guard let channel = root.child("channel") else { return nil }
            // Some feeds put items beside the channel rather than in it.
            let items = channel.elements.filter { $0.name == "item" } + root.elements.filter { $0.name == "item" }
            return Feed(channel: channel, items: items, isAtom: false)
        case "rdf":
            return Feed(channel: root.child("channel") ?? root, items: root.elements.filter { $0.name == "item" },
                        isAtom: false)
        case "feed":
            return Feed(channel: root, items: root.elements.filter { $0.name == "entry" }, isAtom: true)
        default:
            return nil
        }
    }

    /// The feed's items with their ids (nil: the item has no guid, id or link)
    /// and their lines in the file, for editor locations.
    static func items(_ bytes: [UInt8]) -> [(id: String?, line: Int)]? {
        guard let root = Markup.xml(bytes), let feed = feed(root) else { return nil }
        return feed.items.map { (itemID($0, atom: feed.isAtom), $0.line) }
    }

    static func itemID(_ item: MarkupElement, atom: Bool) -> String? {
        let candidates = atom
            ? [item.child("id").map(\.text), link(item, atom: true)]
            : [item.child("guid").map(\.text), link(item, atom: false), item.attributes["about"]]
        for candidate in candidates {
            if let id = candidate?.trimmingWhitespace(), !id.isEmpty { return id }
        }
        return nil
    }

    /// The item's web address: RSS `<link>`; Atom's `rel="alternate"` link (or one without `rel`).
    static func link(_ item: MarkupElement, atom: Bool) -> String? {
        guard atom else {
            // Not an `<atom:link>` that RSS feeds carry beside their own.
            return item.elements.first { $0.name == "link" && $0.namespace != atomNamespace }?.text.trimmingWhitespace()
        }
        let links = item.elements.filter { $0.name == "link" }
        let chosen = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" } ?? links.first
        return chosen?.attributes["href"]?.trimmingWhitespace()
    }

    static func articles(_ bytes: [UInt8], fileID: String,
                         warnings: inout [String]) throws(ArticleReadError) -> [Article] {
        guard let root = Markup.xml(bytes) else { throw .noArticles(reason: "not XML") }
        guard let feed = feed(root) else {
            throw .noArticles(reason: "XML, but not an RSS or Atom feed (its root is <\(root.name)>)")
        }
        let source = feed.channel.child("title").map { text(of: $0, atom: feed.isAtom) }
        var articles: [Article] = []
        for (n, item) in feed.items.enumerated() {
            let number = n + 1
            var title = item.child("title").map { text(of: $0, atom: feed.isAtom) } ?? ""
            let body = self.body(of: item, atom: feed.isAtom)
            guard !title.isEmpty || !body.isEmpty else {
                warnings.append("item \(number): no title and no text (skipped)")
                continue
            }
            if title.isEmpty { title = ArticleParser.shortened(String(body.prefix(while: { $0 != "\n" })), to: 200) }
            let dateText = (feed.isAtom ? ["published", "updated"] : ["pubDate", "date"])
                .lazy.compactMap { item.child($0)?.text.trimmingWhitespace() }.first { !$0.isEmpty }
            let date = dateText.flatMap(DateParser.parseMessageDate)
            if let dateText, date == nil {
                warnings.append("item \(number): date '\(dateText)' not understood (left out)")
            }
            let link = self.link(item, atom: feed.isAtom).flatMap { $0.isEmpty ? nil : $0 }
            let author = (feed.isAtom ? item.child("author")?.child("name") : item.child("creator") ?? item.child("author"))
                .map { HTMLText.folded($0.text) }
            articles.append(Article(id: itemID(item, atom: feed.isAtom) ?? "\(fileID)#\(number)", title: title,
                                    body: body, date: date ?? ArticleParser.dateline(in: body),
                                    source: source.flatMap { $0.isEmpty ? nil : $0 } ?? author, url: link))
        }
        guard !articles.isEmpty else {
            throw .noArticles(reason: feed.items.isEmpty ? "a feed with no items" : warnings.last ?? "no usable item")
        }
        return articles
    }

    /// RSS: `content:encoded`, else `description`. Atom: `content`, else `summary`.
    static func body(of item: MarkupElement, atom: Bool) -> String {
        let element = atom
            ? item.child("content") ?? item.child("summary")
            : item.child("encoded", namespace: contentNamespace) ?? item.child("description")
        return element.map { text(of: $0, atom: atom) } ?? ""
    }

    /// The text of a title or body: HTML in it reduced to text. Atom says
    /// how its text is written (`type="text"`, `"html"`, `"xhtml"`); RSS
    /// does not, so tags in it are read as HTML.
    static func text(of element: MarkupElement, atom: Bool) -> String {
        switch atom ? element.attributes["type"]?.lowercased() : "html" {
        case "xhtml":
            return HTMLText.render(element.elements)
        case "html", "text/html":
            return HTMLText.plainText(fromHTML: element.text)
        default:
            return HTMLText.folded(element.text)
        }
    }
}
