import GazetteArticles
import Testing

/// RSS and Atom feeds: items as articles, stable ids, HTML reduced to text, bad items.
@Suite struct FeedTests {
    func feed(_ xml: String, id: String = "feeds/coast.rss") throws -> ParsedFile {
        try ArticleParser.parse(bytes: Array(xml.utf8), format: .feed, fileID: id)
    }

    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
        <channel>
          <title>Coast Daily</title>
          <link>https://coast.example/</link>
          <atom:link href="https://coast.example/feed" rel="self" type="application/rss+xml"/>
          <item>
            <title>Harbour reopens after the storm</title>
            <link>https://coast.example/news/harbour</link>
            <guid isPermaLink="false">coast-2024-0305-harbour</guid>
            <pubDate>Tue, 05 Mar 2024 08:30:00 +0100</pubDate>
            <description>&lt;p&gt;The harbour &lt;b&gt;reopened&lt;/b&gt; on Tuesday.&lt;/p&gt;</description>
            <content:encoded><![CDATA[<p>The harbour at Kiel reopened on Tuesday, three days after the storm.</p><script>track()</script><p>Ferries run from Wednesday.</p>]]></content:encoded>
          </item>
          <item>
            <title>Ferry fares rise</title>
            <link>https://coast.example/news/fares</link>
            <pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
            <description>Fares on the island ferries rise by a tenth in April &amp; May.</description>
          </item>
          <item>
            <description>Lighthouse keeper retires after forty years on the point.</description>
          </item>
        </channel>
        </rss>
        """

    @Test func rssItemsAreArticlesWithStableIds() throws {
        let parsed = try feed(Self.rss)
        #expect(parsed.articles.map(\.id) == ["coast-2024-0305-harbour", "https://coast.example/news/fares", "feeds/coast.rss#3"])
        let first = parsed.articles[0]
        #expect(first.title == "Harbour reopens after the storm")
        #expect(first.url == "https://coast.example/news/harbour")
        #expect(first.date?.iso == "2024-03-05")
        #expect(first.source == "Coast Daily")
        // content:encoded wins over description; its HTML is reduced to text.
        #expect(first.body == "The harbour at Kiel reopened on Tuesday, three days after the storm.\n\nFerries run from Wednesday.")
        #expect(parsed.articles[1].body == "Fares on the island ferries rise by a tenth in April & May.")
        #expect(parsed.articles[1].date?.iso == "2024-03-06")
        // An item with no title takes its first line.
        #expect(parsed.articles[2].title == "Lighthouse keeper retires after forty years on the point.")
        // Reading the feed again gives the same ids: re-indexing replaces, never duplicates.
        #expect(try feed(Self.rss).articles.map(\.id) == parsed.articles.map(\.id))
    }

    @Test func atomEntriesReadTheirTypedText() throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="text">Valley News</title>
              <id>urn:uuid:valley-news</id>
              <updated>2024-02-01T12:00:00Z</updated>
              <entry>
                <title type="html">Bridge &lt;em&gt;closes&lt;/em&gt; for repairs</title>
                <link rel="alternate" href="https://valley.example/bridge"/>
                <link rel="edit" href="https://valley.example/edit/1"/>
                <id>tag:valley.example,2024:bridge</id>
                <updated>2024-02-01T09:00:00Z</updated>
                <published>2024-01-31T18:00:00Z</published>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The old bridge closes for six weeks.</p><p>Buses will take the long way round.</p></div></content>
              </entry>
              <entry>
                <title>Market day</title>
                <link href="https://valley.example/market"/>
                <updated>2024-01-06T08:00:00Z</updated>
                <summary type="text">Stalls filled the square &lt;despite&gt; the cold.</summary>
              </entry>
            </feed>
            """
        let parsed = try feed(atom, id: "feeds/valley.atom")
        #expect(parsed.articles.map(\.id) == ["tag:valley.example,2024:bridge", "https://valley.example/market"])
        let bridge = parsed.articles[0]
        #expect(bridge.title == "Bridge closes for repairs")
        #expect(bridge.url == "https://valley.example/bridge")
        #expect(bridge.date?.iso == "2024-01-31")  // published, not updated
        #expect(bridge.body == "The old bridge closes for six weeks.\n\nBuses will take the long way round.")
        #expect(bridge.source == "Valley News")
        // type="text" is text: the angle brackets are words, not tags.
        #expect(parsed.articles[1].body == "Stalls filled the square <despite> the cold.")
    }

    @Test func aBadItemIsSkippedWithAWarningAndTheOthersAreRead() throws {
        let xml = """
            <rss version="2.0"><channel><title>Wire</title>
            <item><title>Good one</title><guid>g1</guid><pubDate>someday soon</pubDate><description>Text of the first &lt;p&gt;item with an unclosed tag</description></item>
            <item><guid>empty</guid><title>  </title><description></description></item>
            <item><title>Good two</title><guid>g2</guid><description>Second item.</description></item>
            </channel></rss>
            """
        let parsed = try feed(xml)
        #expect(parsed.articles.map(\.id) == ["g1", "g2"])
        #expect(parsed.articles[0].date == nil)
        #expect(parsed.articles[0].body == "Text of the first\n\nitem with an unclosed tag")
        #expect(parsed.warnings.contains("item 2: no title and no text (skipped)"))
        #expect(parsed.warnings.contains("item 1: date 'someday soon' not understood (left out)"))
    }

    @Test func aTruncatedFeedKeepsTheItemsBeforeTheBreak() throws {
        let xml = "<rss version=\"2.0\"><channel><title>Wire</title><item><title>Complete</title><guid>c1</guid><description>All here.</description></item><item><title>Cut off</title><guid>c2</guid><descrip"
        let parsed = try feed(xml)
        #expect(parsed.articles.first?.id == "c1")
        #expect(parsed.articles.first?.body == "All here.")
    }

    @Test func xmlThatIsNotAFeedFailsWithAReason() {
        #expect(throws: ArticleReadError.noArticles(reason: "XML, but not an RSS or Atom feed (its root is <urlset>)")) {
            try feed("<?xml version=\"1.0\"?><urlset><url><loc>https://x.example/</loc></url></urlset>")
        }
        #expect(throws: ArticleReadError.noArticles(reason: "a feed with no items")) {
            try feed("<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>")
        }
    }

    @Test func editorLocationsFindEachItemsLines() throws {
        let spans = try #require(RecordSpans(text: Self.rss, format: .feed))
        #expect(spans.records.map(\.id) == ["coast-2024-0305-harbour", "https://coast.example/news/fares", nil])
        let bytes = Array(Self.rss.utf8)
        let second = String(decoding: bytes[try #require(spans.bytes(ofArticle: "https://coast.example/news/fares"))], as: UTF8.self)
        #expect(second.contains("<title>Ferry fares rise</title>"))
        #expect(!second.contains("Harbour reopens"))
        let third = String(decoding: bytes[try #require(spans.bytes(ofArticle: "feeds/coast.rss#3"))], as: UTF8.self)
        #expect(third.contains("Lighthouse keeper"))
        // A feed file without an extension is found by its content.
        #expect(RecordSpans(text: Self.rss, path: "/news/coast-feed")?.records.count == 3)
    }
}
