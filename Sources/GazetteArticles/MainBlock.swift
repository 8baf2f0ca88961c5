/// Chooses a web page's main text, as reading views do: navigation, menus,
/// sidebars, footers, share bars and the like are left out; paragraphs of
/// prose score the blocks that hold them (more for longer text and more
/// commas, less for text that is mostly links); the best block wins, with
/// the siblings that score nearly as well or hold prose of their own.
struct MainBlock {
    /// Elements that are page furniture wherever they are (an article's own
    /// `<header>` holds its headline and byline, which are not body text either).
    static let furniture: Set<String> = ["nav", "aside", "header", "footer", "form", "menu", "noscript"]

    /// ARIA roles of page furniture.
    static let furnitureRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "menu",
                                              "menubar", "search", "dialog", "alert", "toolbar"]

    /// Words in a class or id that mark furniture (matched at the start of
    /// each word of the class or id: "nav" finds "navbar" and "site-nav").
    static let furnitureWords = ["nav", "menu", "footer", "header", "sidebar", "comment", "share", "sharing",
                                 "social", "related", "promo", "advert", "ads", "sponsor", "cookie", "banner",
                                 "breadcrumb", "newsletter", "subscribe", "signup", "popup", "modal", "masthead",
                                 "widget", "pagination", "pager", "toolbar", "skip", "byline-share", "tags"]

    /// Words in a class or id that mark content; they win over furniture words.
    static let contentWords = ["article", "content", "main", "body", "story", "entry", "post", "text", "prose"]

    /// Elements that are paragraphs of prose when their text is long enough.
    static let prose: Set<String> = ["p", "pre", "td", "blockquote"]

    /// Fewer characters than this in a paragraph do not score.
    static let minimumParagraph = 25

    private struct Stats {
        var characters = 0
        var linkCharacters = 0
        var commas = 0
    }

    private var stats: [ObjectIdentifier: Stats] = [:]
    private var parents: [ObjectIdentifier: MarkupElement] = [:]
    private var scores: [ObjectIdentifier: Double] = [:]
    private var candidates: [MarkupElement] = []

    /// The main block of `body` and the siblings that belong with it, in page
    /// order, and which elements in them to leave out of the text.
    static func choose(in body: MarkupElement) -> (blocks: [MarkupElement], leftOut: (MarkupElement) -> Bool) {
        var chooser = MainBlock()
        _ = chooser.measure(body, inLink: false)
        chooser.score(body)
        let stats = chooser.stats
        // Measuring visits every element below the body once and passes over the ones left out.
        return (chooser.best(in: body), { stats[ObjectIdentifier($0)] == nil })
    }

    /// Whether `element` is page furniture, to leave out of the text.
    static func isFurniture(_ element: MarkupElement) -> Bool {
        let name = element.name
        if furniture.contains(name) { return true }
        if let role = element.attributes["role"], furnitureRoles.contains(role.lowercased()) { return true }
        if element.attributes["hidden"] != nil || element.attributes["aria-hidden"]?.lowercased() == "true" { return true }
        if let style = element.attributes["style"]?.lowercased().filter({ !$0.isWhitespace }),
           style.contains("display:none") || style.contains("visibility:hidden") { return true }
        if ["body", "article", "main", "html"].contains(name) { return false }
        let words = classWords(element)
        return matches(words, furnitureWords) && !matches(words, contentWords)
    }

    /// Whether `element` holds no main text: invisible or furniture.
    static func isLeftOut(_ element: MarkupElement) -> Bool {
        HTMLText.invisible.contains(element.name) || isFurniture(element)
    }

    /// The words of an element's class and id, lower-cased.
    static func classWords(_ element: MarkupElement) -> [Substring] {
        let names = ((element.attributes["class"] ?? "") + " " + (element.attributes["id"] ?? "")).lowercased()
        return names.split { !($0.isLetter || $0.isNumber) }
    }

    static func matches(_ words: [Substring], _ list: [String]) -> Bool {
        words.contains { word in list.contains { word.hasPrefix($0) } }
    }

    /// Counts characters, link characters and commas below every element
    /// (furniture and invisible elements count nothing), and records parents.
    private mutating func measure(_ element: MarkupElement, inLink: Bool) -> Stats {
        var total = Stats()
        let linked = inLink || element.name == "a"
        for child in element.children {
            switch child {
            case let .text(text):
                // Characters (UTF-8 lead bytes), with each run of white space as one.
                var count = 0
                var commas = 0
                var space = true
                for byte in text.utf8 where byte & 0xC0 != 0x80 {
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                        if !space { count += 1 }
                        space = true
                    } else {
                        count += 1
                        space = false
                        if byte == 0x2C { commas += 1 }
                    }
                }
                total.characters += count
                total.commas += commas
                if linked { total.linkCharacters += count }
            case let .element(child):
                parents[ObjectIdentifier(child)] = element
                if Self.isLeftOut(child) { continue }
                let sub = measure(child, inLink: linked)
                total.characters += sub.characters
                total.linkCharacters += sub.linkCharacters
                total.commas += sub.commas
            }
        }
        stats[ObjectIdentifier(element)] = total
        return total
    }

    /// Credits each paragraph of prose to its parent (in full), grandparent
    /// (half) and great-grandparent (a third).
    private mutating func score(_ element: MarkupElement) {
        for child in element.elements {
            if stats[ObjectIdentifier(child)] == nil { continue }  // left out when measured
            if isProse(child), let s = stats[ObjectIdentifier(child)], s.characters >= Self.minimumParagraph {
                let points = 1 + Double(s.commas) + min(Double(s.characters) / 100, 3)
                var ancestor: MarkupElement? = parents[ObjectIdentifier(child)]
                for divisor in [1.0, 2.0, 3.0] {
                    guard let a = ancestor else { break }
                    let key = ObjectIdentifier(a)
                    if scores[key] == nil {
                        scores[key] = Self.initialScore(a)
                        candidates.append(a)
                    }
                    scores[key]! += points / divisor
                    ancestor = parents[key]
                }
            }
            score(child)
        }
    }

    /// A paragraph element, or a `<div>` used as one (no block inside it).
    private func isProse(_ element: MarkupElement) -> Bool {
        if Self.prose.contains(element.name) { return true }
        guard element.name == "div" else { return false }
        return !element.elements.contains {
            HTMLText.paragraphs.contains($0.name) || $0.name == "div" || $0.name == "li"
        }
    }

    /// What a block scores before its paragraphs: by its kind, and by its class and id.
    static func initialScore(_ element: MarkupElement) -> Double {
        var score: Double
        switch element.name {
        case "article", "main": score = 10
        case "div", "section": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        let words = classWords(element)
        if matches(words, contentWords) { score += 25 }
        if matches(words, furnitureWords) { score -= 25 }
        if element.attributes["itemprop"]?.lowercased() == "articlebody" { score += 25 }
        return score
    }

    private func linkDensity(_ element: MarkupElement) -> Double {
        guard let s = stats[ObjectIdentifier(element)], s.characters > 0 else { return 0 }
        return Double(s.linkCharacters) / Double(s.characters)
    }

    private func finalScore(_ element: MarkupElement) -> Double? {
        scores[ObjectIdentifier(element)].map { $0 * (1 - linkDensity(element)) }
    }

    private func best(in body: MarkupElement) -> [MarkupElement] {
        var top: (element: MarkupElement, score: Double)?
        for candidate in candidates {
            guard let score = finalScore(candidate) else { continue }
            if top == nil || score > top!.score { top = (candidate, score) }
        }
        guard let top, let parent = parents[ObjectIdentifier(top.element)] else { return [top?.element ?? body] }
        let threshold = max(10, top.score * 0.2)
        return parent.elements.filter { sibling in
            if sibling === top.element { return true }
            if let score = finalScore(sibling), score >= threshold { return true }
            guard sibling.name == "p", let s = stats[ObjectIdentifier(sibling)] else { return false }
            let density = linkDensity(sibling)
            return (s.characters > 80 && density < 0.25) || (s.characters > 0 && density == 0 && sibling.text.contains(". "))
        }
    }
}
