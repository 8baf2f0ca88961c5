import Foundation
@testable import GazetteArticles
import Testing

/// Plain text and Markdown are read line by line as the text is needed, and
/// read into what splitting the whole text into lines (and joining the body's
/// lines again) made of them.
@Suite struct PlainTextTests {
    /// The reading of a text by all its lines: what parsePlain must give.
    static func byLines(_ text: String, markdown: Bool) -> (title: String, body: String, meta: [String: String]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var meta: [String: String] = [:]
        if markdown, lines.first?.trimmingWhitespace() == "---",
           let end = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "---" }) {
            for line in lines[lines.index(after: lines.startIndex)..<end] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                meta[line[..<colon].trimmingWhitespace().lowercased()] = line[line.index(after: colon)...].trimmingWhitespace()
            }
            lines = lines[lines.index(after: end)...]
        }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines = lines.dropFirst() }
        var title = meta["title"] ?? ""
        var bodyLines = lines
        if title.isEmpty, let first = lines.first {
            var headline = first.trimmingWhitespace()
            if markdown { headline = String(headline.drop(while: { $0 == "#" })).trimmingWhitespace() }
            if headline.count <= ArticleParser.maxTitleLength {
                title = headline
                bodyLines = lines.dropFirst()
            } else {
                title = ArticleParser.shortened(headline, to: 200)
            }
        }
        return (title, bodyLines.joined(separator: "\n").trimmingWhitespace(), meta)
    }

    static func expectAlike(_ text: String, markdown: Bool, _ name: String) {
        let article = ArticleParser.parsePlain(text, id: "x", markdown: markdown)
        let expected = byLines(text, markdown: markdown)
        #expect(article.title == expected.title, "\(name)")
        #expect(article.body == expected.body, "\(name)")
    }

    @Test func edgesOfLinesAreReadAlike() {
        let long = String(repeating: "word ", count: 80)
        let texts = ["", "\n", " \n\t\n", "Headline", "Headline\n", "\n\n  Headline  \n\nBody one.\nBody two.\n\n",
                     "Windows\r\nlines\r\nstay one line", "Head\r\n\nBody", " \n \n ", long + "\nBody", "Head\n \n", "Head\n\n\n",
                     "---\ntitle: Front\ndate: 2024-03-22\n---\n\nBody after front matter\n", "---\ntitle: T\n---",
                     "---\nno end\nHeadline\nBody", "# Heading\n\nBody", "\n---\ntitle: Late\n---\nBody"]
        for text in texts {
            for markdown in [false, true] { Self.expectAlike(text, markdown: markdown, text.debugDescription) }
        }
        for line in ["March 22, 2024", "Published 2024-03-22", "20240322", "22nd March 2024 - MOSCOW", "Tel 123 456",
                     "in 1987 and 88", "Sept 3, 87", "March 22, 2024".replacingOccurrences(of: "2", with: "２")] {
            let tokens = DateParser.tokenize(line[...])
            #expect(DateParser.firstDate(in: line) == tokens.indices.lazy.compactMap { DateParser.date(at: $0, in: tokens) }.first,
                    "\(line)")
        }
        #expect(DateParser.firstDate(in: "Published 2024-03-22") != nil)
        let front = ArticleParser.parsePlain("---\ntitle: Front\n---\n\nThe body\n", id: "x", markdown: true)
        #expect(front.title == "Front" && front.body == "The body")
    }

    /// The dateline read byte by byte finds what reading it by Characters finds, and leaves other text to it.
    @Test func datelinesAreReadAlikeByBytes() {
        let long = String(repeating: "word ", count: 79)
        var texts = ["", "\n", "KIEL, March 22, 2024 - The harbour", "  March 22, 2024  \nText", "\n\n\n\nMarch 22, 2024",
                     "One\nTwo\nThree\nMarch 22, 2024", "One\n \n\tMarch 22, 2024\t", "Published 2024-03-22\nText",
                     "KIEL, 22 March 2024 -- text", "KIEL, 22 March 2024 -text - more", "x - KIEL, 22 March 2024 - text",
                     long + "March 22, 2024 - text", "March 22, 2024 is a date said the spokesman of the harbour",
                     String(repeating: "a", count: 398) + "\n2024-03-22", String(repeating: "a", count: 400) + "é 2024-03-22",
                     "MOSCOW, March 3 - Prices 1987 were steady.", "\u{0B}March 22, 2024\u{0C}", "KIEL – 22 March 2024 – text"]
        for line in ["Harbour reopens", "LONDON, April 10, 1994", "Sept 3, 1987 - text", "A 1,987 pct rise"] {
            texts += [line, line + "\n" + line, " \(line) \r\n\(line)", line + " \u{301}x 1987"]
        }
        for text in texts {
            #expect(ArticleParser.dateline(in: text) == ArticleParser.characterDateline(in: text), "\(text.debugDescription)")
        }
        #expect(ArticleParser.asciiDateline(in: "Sept 3, 1987 - text") == .some(ArticleDate(year: 1987, month: 9, day: 3)))
        #expect(ArticleParser.asciiDateline(in: "Windows\r\nlines 1987") == nil, "a carriage return goes by Characters")
        #expect(ArticleParser.asciiDateline(in: "Zürich, 3 May 1987 - text") == nil, "other text goes by Characters")
    }

    /// Every 10th article of Reuters and of BBC, as text and as Markdown, and the dates of their first lines.
    @Test func newsIsReadAlike() throws {
        let corpora = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../shared/corpora").standardized.path
        var checked = 0, dated = 0, ascii = 0
        for folder in ["reuters/articles", "bbc"] {
            let root = corpora + "/" + folder
            let files = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".txt") }.sorted()
            #expect(files.count > 1_000, "\(root)")
            for file in stride(from: 0, to: files.count, by: 10).map({ files[$0] }) {
                let text = TextDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)))).text
                for markdown in [false, true] { Self.expectAlike(text, markdown: markdown, file) }
                let body = ArticleParser.parsePlain(text, id: "x", markdown: false).body
                #expect(ArticleParser.dateline(in: body) == ArticleParser.characterDateline(in: body), "\(file)")
                ascii += ArticleParser.asciiDateline(in: body) == nil ? 0 : 1
                // A date is looked for only where four digits stand in a row: the same dates are found.
                for line in text.split(separator: "\n").prefix(12) {
                    let tokens = DateParser.tokenize(line)
                    let everywhere = tokens.indices.lazy.compactMap { DateParser.date(at: $0, in: tokens) }.first
                    #expect(DateParser.firstDate(in: line) == everywhere, "\(file): \(line)")
                    dated += everywhere == nil ? 0 : 1
                }
                checked += 1
            }
        }
        #expect(checked > 2_000)
        #expect(dated > 0, "lines with dates were compared")
        #expect(ascii > checked / 2, "most bodies' datelines were read byte by byte")
    }
}
