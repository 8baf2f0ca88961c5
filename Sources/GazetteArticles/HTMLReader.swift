import Foundation

/// Reads a saved web page as one article: its headline, date, site and
/// address from the page's metadata, its body from the main block.
enum HTMLReader {
    static func article(_ bytes: [UInt8], id: String) throws(ArticleReadError) -> Article {
        guard let root = Markup.html(bytes) else { throw .noArticles(reason: "not a web page (no element in it)") }
        let page = Page(root: root)
        let body = root.child("body") ?? root
        let main = MainBlock.choose(in: body)
        var text = HTMLText.render(main.blocks, skip: main.leftOut)
        var title = page.title()
        // The headline often opens the main block too.
        if !title.isEmpty, text.hasPrefix(title) {
            text = text.dropFirst(title.count).trimmingWhitespace()
        }
        if title.isEmpty {
            guard !text.isEmpty else { throw .noArticles(reason: "a web page with no title and no text") }
            title = ArticleParser.shortened(String(text.prefix(while: { $0 != "\n" })), to: 200)
        }
        let date = page.date() ?? ArticleParser.dateline(in: text)
        return Article(id: id, title: title, body: text, date: date, source: page.site(), url: page.url())
    }

    /// What the page says about itself in `<head>` (and a few tags in the body).
    struct Page {
        let root: MarkupElement
        /// `<meta>` contents by lower-cased `property`, `name` or `itemprop`; the first of each wins.
        var meta: [String: String] = [:]
        var titleTag = ""
        var firstHeading = ""
        var canonical: String?
        var times: [(datetime: String, published: Bool)] = []
        var linkedData: [String] = []

        init(root: MarkupElement) {
            self.root = root
            visit(root)
        }

        private mutating func visit(_ element: MarkupElement) {
            switch element.name {
            case "meta":
                if let content = element.attributes["content"]?.trimmingWhitespace(), !content.isEmpty {
                    for key in ["property", "name", "itemprop"] {
                        if let name = element.attributes[key]?.lowercased(), meta[name] == nil { meta[name] = content }
                    }
                }
            case "title" where titleTag.isEmpty:
                titleTag = HTMLText.folded(element.text)
            case "h1" where firstHeading.isEmpty:
                firstHeading = HTMLText.render([element])
            case "link":
                if element.attributes["rel"]?.lowercased() == "canonical", canonical == nil {
                    canonical = element.attributes["href"]
                }
            case "time":
                if let datetime = element.attributes["datetime"] {
                    let published = element.attributes["pubdate"] != nil
                        || element.attributes["itemprop"]?.lowercased() == "datepublished"
                    times.append((datetime, published))
                }
            case "script":
                if element.attributes["type"]?.lowercased() == "application/ld+json" { linkedData.append(element.text) }
                return
            default:
                break
            }
            for child in element.elements { visit(child) }
        }

        /// `og:title`; else the first `<h1>` when `<title>` holds it (titles
        /// often add the site's name); else `<title>`; else the `<h1>`.
        func title() -> String {
            for key in ["og:title", "twitter:title"] {
                if let value = meta[key].map(HTMLText.folded), !value.isEmpty { return value }
            }
            if !firstHeading.isEmpty, titleTag.lowercased().contains(firstHeading.lowercased()) { return firstHeading }
            return titleTag.isEmpty ? firstHeading : titleTag
        }

        /// `article:published_time`; JSON-LD `datePublished`; a date `<meta>`;
        /// the publishing `<time datetime>`, else the first one.
        func date() -> ArticleDate? {
            if let date = meta["article:published_time"].flatMap(DateParser.parseField) { return date }
            for json in linkedData {
                if let value = Self.datePublished(in: json), let date = DateParser.parseField(value) { return date }
            }
            for key in ["datepublished", "og:published_time", "date", "pubdate", "publishdate", "publish-date",
                        "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "article.published"] {
                if let date = meta[key].flatMap(DateParser.parseField) { return date }
            }
            let time = times.first(where: \.published) ?? times.first
            return time.flatMap { DateParser.parseField($0.datetime) }
        }

        func site() -> String? {
            meta["og:site_name"].map(HTMLText.folded).flatMap { $0.isEmpty ? nil : $0 }
        }

        func url() -> String? {
            let value = (canonical ?? meta["og:url"])?.trimmingWhitespace()
            return value?.isEmpty == false ? value : nil
        }

        /// The first `datePublished` anywhere in a JSON-LD block (objects,
        /// arrays and `@graph` lists alike).
        static func datePublished(in json: String) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
            else { return nil }
            var pending: [Any] = [object]
            while !pending.isEmpty {
                let next = pending.removeFirst()
                if let dict = next as? [String: Any] {
                    if let value = dict["datePublished"] as? String { return value }
                    pending.append(contentsOf: dict.values)
                } else if let array = next as? [Any] {
                    pending.append(contentsOf: array)
                }
            }
            return nil
        }
    }
}
