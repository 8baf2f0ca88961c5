import GazetteArticles
import Testing

/// Saved web pages: metadata, the main block, broken markup, charsets.
@Suite struct WebPageTests {
    func page(_ html: String, id: String = "pages/a.html") throws -> ParsedFile {
        try ArticleParser.parse(bytes: Array(html.utf8), format: .html, fileID: id)
    }

    static let newsPage = """
        <!DOCTYPE html>
        <html lang="en"><head>
          <meta charset="utf-8">
          <title>Harbour reopens after storm | Coast Daily</title>
          <meta property="og:title" content="Harbour reopens after the storm">
          <meta property="og:site_name" content="Coast Daily">
          <meta property="article:published_time" content="2024-03-05T08:30:00+01:00">
          <link rel="canonical" href="https://coast.example/news/harbour-reopens">
          <style>.menu { color: red; }</style>
          <script>var tracker = "pageview-counter";</script>
        </head>
        <body>
          <header class="site-header"><a href="/">Coast Daily</a> <a href="/sport">Sport</a></header>
          <nav><ul><li><a href="/world">World news</a></li><li><a href="/business">Business pages</a></li></ul></nav>
          <div class="layout">
            <article>
              <h1>Harbour reopens after the storm</h1>
              <p class="byline">By a staff reporter</p>
              <div class="share-tools"><a href="#">Share on social sites</a></div>
              <div class="story-body">
                <p>The harbour at Kiel reopened on Tuesday, three days after the storm tore moorings loose and sank two fishing boats.</p>
                <p>Harbour master Anna Lindqvist said divers had checked the channel, and that ferries would run to the usual timetable from Wednesday.</p>
                <p>Insurers estimate the damage at several million euros, most of it to boats, jetties and the fish market.</p>
              </div>
            </article>
            <aside class="sidebar"><h2>Most read</h2><ul><li><a href="/1">Lighthouse keeper retires</a></li><li><a href="/2">Ferry fares rise</a></li></ul></aside>
          </div>
          <footer><p>Copyright Coast Daily. All rights reserved. Contact the newsroom.</p></footer>
          <div class="cookie-banner">We use cookies to improve the site.</div>
        </body></html>
        """

    @Test func aNewsPageGivesItsHeadlineDateSiteAddressAndMainText() throws {
        let parsed = try page(Self.newsPage)
        let article = try #require(parsed.articles.first)
        #expect(parsed.articles.count == 1)
        #expect(article.id == "pages/a.html")
        #expect(article.title == "Harbour reopens after the storm")
        #expect(article.date?.iso == "2024-03-05")
        #expect(article.source == "Coast Daily")
        #expect(article.url == "https://coast.example/news/harbour-reopens")
        #expect(article.body.hasPrefix("The harbour at Kiel reopened on Tuesday"))
        #expect(article.body.contains("Harbour master Anna Lindqvist said divers had checked the channel"))
        #expect(article.body.contains("fish market."))
        // Paragraphs stay apart.
        #expect(article.body.contains("fishing boats.\n\nHarbour master"))
        for furniture in ["World news", "Business pages", "Most read", "Lighthouse keeper", "Copyright",
                          "cookies", "Share on social", "pageview-counter", "color: red", "Sport"] {
            #expect(!article.body.contains(furniture), "\(furniture) should be left out")
        }
        #expect(parsed.warnings.isEmpty)
    }

    @Test func theMainBlockIsTheProseNotTheLinkList() throws {
        let html = """
            <html><body>
            <div id="links">\((1...12).map { "<p><a href=\"/\($0)\">Another story about the harbour, number \($0), with a long link text</a></p>" }.joined())</div>
            <div id="piece">
              <p>Fishermen in the northern port counted their losses on Monday, after a week of gales, rain and high tides.</p>
              <p>Some boats will not sail again this season, the cooperative said, and repairs will take months, not weeks.</p>
            </div>
            </body></html>
            """
        let article = try #require(try page(html).articles.first)
        #expect(article.body.hasPrefix("Fishermen in the northern port"))
        #expect(!article.body.contains("Another story"))
        // No headline in the page: the first line of text stands in.
        #expect(article.title.hasPrefix("Fishermen in the northern port"))
    }

    @Test func theTitleComesFromTheHeadingWhenTheTitleTagAddsTheSiteName() throws {
        let html = "<html><head><title>Bridge closes for repairs - Valley News</title></head><body><h1>Bridge closes for repairs</h1><p>The old bridge closes for six weeks from Monday while engineers replace its deck.</p></body></html>"
        #expect(try page(html).articles.first?.title == "Bridge closes for repairs")
        let titleOnly = "<html><head><title>Council meets</title></head><body><p>The council met on Friday to agree the budget for the coming year.</p></body></html>"
        #expect(try page(titleOnly).articles.first?.title == "Council meets")
    }

    @Test func datesComeFromLinkedDataOrTimeElements() throws {
        let jsonLD = """
            <html><head><title>Mill closes</title>
            <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "Mill closes", "datePublished": "2023-11-02T10:00:00Z"}]}</script>
            </head><body><p>The paper mill closed its doors on Thursday after ninety years in the town.</p></body></html>
            """
        #expect(try page(jsonLD).articles.first?.date?.iso == "2023-11-02")
        let time = """
            <html><body><h1>Market day</h1><p>Updated <time datetime="2024-01-09">9 January</time></p>
            <p>Published <time datetime="2024-01-07T09:00" pubdate>7 January</time></p>
            <p>Stalls filled the square on Saturday for the first market of the year, despite the cold.</p></body></html>
            """
        #expect(try page(time).articles.first?.date?.iso == "2024-01-07")
    }

    @Test func brokenMarkupIsReadAsABrowserWouldReadIt() throws {
        // Unclosed paragraphs, an unclosed bold, a stray closing tag, no </body> or </html>.
        let html = "<html><head><title>Flood warning</title><body><div class=content><p>Rivers rose across the valley overnight, <b>and the warning stays in place</p><p>Residents were told to move cars from low streets</span> before the evening tide.<p>Schools will open as usual, the council said"
        let parsed = try page(html)
        let article = try #require(parsed.articles.first)
        #expect(article.title == "Flood warning")
        #expect(article.body.contains("Rivers rose across the valley overnight, and the warning stays in place"))
        #expect(article.body.contains("before the evening tide."))
        #expect(article.body.contains("Schools will open as usual"))
    }

    @Test func entitiesAndCharsetsAreDecoded() throws {
        let entities = "<html><head><title>Caf&eacute; &amp; bar</title></head><body><p>The caf&eacute;&#8217;s owner said &lt;nothing&gt; about the sale, which closed last week.</p></body></html>"
        let article = try #require(try page(entities).articles.first)
        #expect(article.title == "Café & bar")
        #expect(article.body.contains("café’s owner said <nothing> about"))
        // Windows-1252 bytes, declared and undeclared.
        func latin(_ head: String) -> [UInt8] {
            Array((head + "<title>Caf").utf8) + [0xE9] + Array(" opens</title></head><body><p>A new caf".utf8) + [0xE9]
                + Array(" opened on the quay this week, with a view of the boats.</p></body></html>".utf8)
        }
        let declared = try ArticleParser.parse(bytes: latin("<html><head><meta charset=\"windows-1252\">"),
                                               format: .html, fileID: "x.html").articles[0]
        #expect(declared.title == "Café opens")
        let guessed = try ArticleParser.parse(bytes: latin("<html><head>"), format: .html, fileID: "x.html").articles[0]
        #expect(guessed.title == "Café opens")
        #expect(guessed.body.contains("A new café opened"))
    }

    @Test func aPageWithNothingToReadFailsWithAReason() {
        #expect(throws: ArticleReadError.noArticles(reason: "a web page with no title and no text")) {
            try page("<html><head><script>var a = 1;</script></head><body><nav><a href=\"/\">Home</a></nav></body></html>")
        }
        #expect(throws: ArticleReadError.empty) { try page("  \n ") }
    }
}
