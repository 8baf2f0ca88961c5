import GazetteArticles
import Testing

/// Mail and Usenet: headers, MIME decoding, quotations and signatures, mailboxes.
@Suite struct MailTests {
    func mail(_ text: String, id: String = "mail/a.eml") throws -> ParsedFile {
        try ArticleParser.parse(bytes: Array(text.utf8), format: .mail, fileID: id)
    }

    @Test func headersGiveHeadlineDateAndSourceAndTheReplyLosesItsQuotes() throws {
        let text = """
            From: Anna Lindqvist <anna@harbour.example>
            To: desk@coast.example
            Subject: Re: Harbour reopening times
            Date: Tue, 5 Mar 2024 08:30:00 +0100
            Message-ID: <reply-1@harbour.example>

            Ferries run to the usual timetable from Wednesday.
            The fish market opens on Thursday.

            On Mon, 4 Mar 2024 at 17:02, News Desk <desk@coast.example> wrote:
            > When will the harbour reopen?
            > We need times for tomorrow's paper.

            Divers checked the channel this morning.

            --\u{20}
            Anna Lindqvist, harbour master
            Phone 0000 000
            """
        let parsed = try mail(text)
        let article = try #require(parsed.articles.first)
        #expect(article.id == "mail/a.eml")  // one message per file: the file's id
        #expect(article.title == "Re: Harbour reopening times")
        #expect(article.date?.iso == "2024-03-05")
        #expect(article.source == "Anna Lindqvist <anna@harbour.example>")
        #expect(article.body == "Ferries run to the usual timetable from Wednesday.\nThe fish market opens on Thursday.\n\nDivers checked the channel this morning.")
        #expect(parsed.warnings.isEmpty)
    }

    @Test func aUsenetPostWithATwoDigitYearAndAnAttribution() throws {
        let text = """
            From: jsmith@uni.example (John Smith)
            Newsgroups: sci.space
            Subject: Launch window moved
            Date: 20 Apr 93 14:22:05 GMT
            Organization: University Example
            Lines: 9

            In article <1993Apr19.1@other.example>, kjones@other.example (K Jones) writes:
            >Does anyone know when the probe launches?

            The launch window moved to the second week of May.
            --
            John Smith   jsmith@uni.example
            """
        let article = try #require(try mail(text, id: "space/60101").articles.first)
        #expect(article.title == "Launch window moved")
        #expect(article.date?.iso == "1993-04-20")
        #expect(article.source == "jsmith@uni.example (John Smith)")
        #expect(article.body == "The launch window moved to the second week of May.")
    }

    @Test func mimeAlternativesPreferPlainTextDecodedFromQuotedPrintable() throws {
        let text = """
            From: cafe@quay.example
            Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?= =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=
            Date: Fri, 02 Feb 2024 12:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            This is a multi-part message in MIME format.
            --b1
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            The caf=E9 on the quay opens at nine, with a view of the =
            boats.
            --b1
            Content-Type: text/html; charset=utf-8

            <p>The <b>café</b> on the quay opens at nine.</p>
            --b1--
            """
        let article = try #require(try mail(text).articles.first)
        #expect(article.title == "Café crèmeGrüße aus Köln")  // adjacent encoded words join without a space
        #expect(article.body == "The café on the quay opens at nine, with a view of the boats.")
    }

    @Test func mixedPartsKeepTheTextAndLeaveAttachmentsOut() throws {
        let text = """
            From: desk@coast.example
            Subject: Port report
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            w5xiZXJzaWNodCBkZXIgSMOkZmVu
            --outer
            Content-Type: text/html

            <html><body><p>Second part, <i>in HTML</i>.</p><script>x()</script></body></html>
            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==
            --outer--
            """
        let article = try #require(try mail(text).articles.first)
        #expect(article.body == "Übersicht der Häfen\n\nSecond part, in HTML.")
    }

    @Test func charsetsGoThroughIconvAndABadCharsetIsAWarningNotAFailure() throws {
        var koi8 = Array("From: a@b.example\nSubject: Greeting\nContent-Type: text/plain; charset=koi8-r\n\n".utf8)
        koi8 += [0xED, 0xC9, 0xD2] + Array(" to all readers.\n".utf8)
        let russian = try ArticleParser.parse(bytes: koi8, format: .mail, fileID: "m")
        #expect(russian.articles.first?.body == "Мир to all readers.")
        #expect(russian.warnings.isEmpty)

        let bad = """
            From: a@b.example
            Subject: Odd charset
            Content-Type: text/plain; charset="x-no-such-charset"

            The text is still read.
            """
        let parsed = try mail(bad)
        #expect(parsed.articles.first?.body == "The text is still read.")
        #expect(parsed.warnings == ["unknown charset 'x-no-such-charset'; read as UTF-8"])

        var lying = Array("From: a@b.example\nSubject: Not UTF-8\nContent-Type: text/plain; charset=utf-8\n\nCaf".utf8)
        lying += [0xE9, 0x0A]
        let misread = try ArticleParser.parse(bytes: lying, format: .mail, fileID: "m")
        #expect(misread.articles.first?.body == "Café")
        #expect(misread.warnings == ["text declared UTF-8 is not; read as Windows-1252"])
    }

    @Test func aMessageThatIsAllQuotationKeepsIt() throws {
        let article = try #require(try mail("From: a@b.example\nSubject: Fwd\n\n> Only quoted text here.\n").articles.first)
        #expect(article.body == "> Only quoted text here.")
    }

    static let mailbox = """
        From desk@coast.example Tue Mar  5 08:30:00 2024
        From: desk@coast.example
        Subject: Harbour reopens
        Date: Tue, 5 Mar 2024 08:30:00 +0100
        Message-ID: <harbour-1@coast.example>

        The harbour reopened on Tuesday.
        >From the quay, ferries left on time.

        From anna@harbour.example Tue Mar  5 09:00:00 2024
        From: anna@harbour.example
        Subject: Re: Harbour reopens
        Message-ID: <harbour-2@coast.example>
        In-Reply-To: <harbour-1@coast.example>

        > The harbour reopened on Tuesday.
        Divers checked the channel first.

        From night@coast.example Wed Mar  6 01:00:00 2024
        From: night@coast.example
        Subject: Night shift notes

        No message id on this one.

        """

    @Test func aMailboxHoldsManyArticlesWithMessageIds() throws {
        let parsed = try ArticleParser.parse(bytes: Array(Self.mailbox.utf8), format: .mbox, fileID: "mail/desk.mbox")
        #expect(parsed.articles.map(\.id) == ["harbour-1@coast.example", "harbour-2@coast.example", "mail/desk.mbox#3"])
        #expect(parsed.articles[0].body == "The harbour reopened on Tuesday.\nFrom the quay, ferries left on time.")
        #expect(parsed.articles[1].body == "Divers checked the channel first.")
        #expect(parsed.articles[2].title == "Night shift notes")
        #expect(parsed.articles[0].date?.iso == "2024-03-05")

        let spans = try #require(RecordSpans(text: Self.mailbox, format: .mbox))
        let bytes = Array(Self.mailbox.utf8)
        let second = String(decoding: bytes[try #require(spans.bytes(ofArticle: "harbour-2@coast.example"))], as: UTF8.self)
        #expect(second.hasPrefix("From anna@harbour.example"))
        #expect(second.contains("Divers checked"))
        #expect(!second.contains("Night shift"))
        #expect(spans.bytes(ofArticle: "mail/desk.mbox#3") == spans.records[2].bytes)
    }

    @Test func aUsenetPostSavedAsTextIsReadAsAMessage() throws {
        let post = "From: jsmith@uni.example\nNewsgroups: sci.space\nSubject: Orbit question\n\nHow high is a geostationary orbit?\n"
        let article = try #require(try ArticleParser.parse(bytes: Array(post.utf8), format: .text, fileID: "p.txt").articles.first)
        #expect(article.title == "Orbit question")
        #expect(article.body == "How high is a geostationary orbit?")
    }
}
