/// Turns HTML elements into text as a reader sees it: paragraphs and
/// headings apart by a blank line, list items and table rows on lines of
/// their own, white space folded except in `<pre>`, and no scripts, styles
/// or form controls.
struct HTMLText {
    /// Elements that never hold text a reader sees.
    static let invisible: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed",
        "video", "audio", "source", "track", "select", "option", "button", "input", "textarea", "head",
        "map", "dialog",
    ]

    /// Elements set apart from what is around them by a blank line.
    static let paragraphs: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "figure",
        "table", "ul", "ol", "dl", "address", "hr", "main", "header", "footer", "aside", "nav", "form",
        "fieldset", "details", "summary", "body", "html",
    ]

    /// Elements on a line of their own.
    static let lines: Set<String> = ["div", "li", "tr", "dt", "dd", "figcaption", "caption", "br", "legend", "center"]

    /// UTF-8 of the text so far.
    private var out: [UInt8] = []
    /// 0: nothing pending; 1: a space; 2: a line break; 3: a blank line.
    private var pending = 0
    private var preformatted = 0

    /// The text of `elements` in order, without what `skip` says to leave out.
    static func render(_ elements: [MarkupElement], skip: (MarkupElement) -> Bool = { _ in false }) -> String {
        var renderer = HTMLText()
        for element in elements { renderer.add(element, skip: skip) }
        return renderer.text
    }

    /// The text of an HTML fragment (a feed item's description, a mail's HTML
    /// part); text without any tag is only folded.
    static func plainText(fromHTML html: String) -> String {
        guard html.contains("<") else { return folded(html) }
        guard let root = Markup.html(Array(html.utf8)) else { return "" }
        return render([root])
    }

    /// `text` with runs of white space folded into one space, trimmed.
    static func folded(_ text: String) -> String {
        var renderer = HTMLText()
        renderer.add(text: text)
        return renderer.text
    }

    private mutating func add(_ element: MarkupElement, skip: (MarkupElement) -> Bool) {
        if Self.invisible.contains(element.name) || skip(element) { return }
        let separation = Self.paragraphs.contains(element.name) ? 3 : Self.lines.contains(element.name) ? 2 : 0
        if element.name == "br" {
            pending = max(pending, 2)
            return
        }
        if element.name == "td" || element.name == "th" || element.name == "img" { pending = max(pending, 1) }
        pending = max(pending, separation)
        if element.name == "pre" { preformatted += 1 }
        for child in element.children {
            switch child {
            case let .element(e): add(e, skip: skip)
            case let .text(t): add(text: t)
            }
        }
        if element.name == "pre" { preformatted -= 1 }
        pending = max(pending, separation)
    }

    private var text: String { String(decoding: out, as: UTF8.self) }

    /// The length of the white space at `i` (ASCII, or a no-break space), or 0.
    private static func whiteSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        switch bytes[i] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C: return 1
        case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0xA0: return 2
        default: return 0
        }
    }

    private mutating func add(text: String) {
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                if preformatted > 0 && bytes[i] == 0x0A {
                    out.append(0x0A)
                    pending = 0
                    i += 1
                    continue
                }
                let space = Self.whiteSpace(bytes, i)
                if preformatted == 0 && space > 0 {
                    pending = max(pending, 1)
                    i += space
                    continue
                }
                if !out.isEmpty {
                    switch pending {
                    case 1: out.append(0x20)
                    case 2: out.append(0x0A)
                    case 3: out.append(contentsOf: [0x0A, 0x0A])
                    default: break
                    }
                }
                pending = 0
                // Copy the run up to the next white space (or line end in <pre>) at once.
                let start = i
                i += 1
                while i < bytes.count && (preformatted > 0 ? bytes[i] != 0x0A : Self.whiteSpace(bytes, i) == 0) { i += 1 }
                out.append(contentsOf: bytes[start..<i])
            }
        }
    }
}
