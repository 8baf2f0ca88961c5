internal import CLibXML2

/// An element of a web page or feed, copied out of libxml2's tree so that
/// the readers work on Swift values and the C tree is freed at once.
final class MarkupElement {
    /// Lower-cased for HTML; the local name (without prefix) for XML.
    let name: String
    /// The XML namespace URI, if any.
    let namespace: String?
    /// Attribute values by lower-cased local name.
    let attributes: [String: String]
    var children: [MarkupNode] = []
    /// The line of the start tag in the source.
    let line: Int

    init(name: String, namespace: String?, attributes: [String: String], line: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.line = line
    }

    /// The child elements, in order.
    var elements: [MarkupElement] {
        children.compactMap { if case let .element(e) = $0 { e } else { nil } }
    }

    /// The first child element with this name (and namespace, when given).
    func child(_ name: String, namespace: String? = nil) -> MarkupElement? {
        elements.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The text of every descendant, joined as it stands in the source.
    var text: String {
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        for child in children {
            switch child {
            case let .text(t): out += t
            case let .element(e): e.appendText(to: &out)
            }
        }
    }

    /// Every descendant element, depth first, in document order.
    func descendants(_ visit: (MarkupElement) -> Void) {
        for case let .element(e) in children {
            visit(e)
            e.descendants(visit)
        }
    }
}

enum MarkupNode {
    case element(MarkupElement)
    case text(String)
}

/// libxml2's parsers. Errors in the markup never fail a parse: libxml2
/// recovers as browsers do (unclosed tags, stray characters), and what it
/// could read is kept.
enum Markup {
    /// Deeper nesting than this is read as text only, so that a hostile
    /// page cannot exhaust a worker's stack.
    static let maxDepth = 200

    private static let initialised: Bool = {
        xmlInitParser()  // once, before threads parse (libxml2 asks for it)
        return true
    }()

    /// The root element of an HTML page. `bytes` in UTF-8 are read as such;
    /// other pages by their declared charset, else as Windows-1252.
    static func html(_ bytes: [UInt8]) -> MarkupElement? {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let encoding = String(validating: bytes, as: UTF8.self) != nil ? "UTF-8"
            : declaresCharset(bytes, marker: "charset") ? nil : "windows-1252"
        return parse(bytes, encoding: encoding, lowerCaseNames: true) { buffer, count, encoding in
            htmlReadMemory(buffer, count, nil, encoding, options)
        }
    }

    /// The root element of an XML document (a feed); nil when there is none.
    static func xml(_ bytes: [UInt8]) -> MarkupElement? {
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
            | XML_PARSE_COMPACT.rawValue)
        let encoding = String(validating: bytes, as: UTF8.self) != nil || declaresCharset(bytes, marker: "encoding")
            ? nil : "windows-1252"
        return parse(bytes, encoding: encoding, lowerCaseNames: false) { buffer, count, encoding in
            xmlReadMemory(buffer, count, nil, encoding, options)
        }
    }

    /// Whether the first kilobyte declares an encoding (`charset=` in a web
    /// page's meta tag, `encoding=` in an XML declaration).
    static func declaresCharset(_ bytes: [UInt8], marker: String) -> Bool {
        String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased().contains(marker + "=")
    }

    private static func parse(_ bytes: [UInt8], encoding: String?, lowerCaseNames: Bool,
                              read: (UnsafePointer<CChar>, Int32, UnsafePointer<CChar>?) -> xmlDocPtr?) -> MarkupElement? {
        _ = initialised
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return nil }
        // Errors are recovered from; keep libxml2 from printing them (the handler is per thread).
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        let doc: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                if let encoding {
                    return encoding.withCString { read(chars, Int32(buffer.count), $0) }
                }
                return read(chars, Int32(buffer.count), nil)
            }
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        return copy(root, depth: 0, lowerCaseNames: lowerCaseNames)
    }

    private static func string(_ chars: UnsafePointer<xmlChar>?) -> String? {
        guard let chars else { return nil }
        return String(cString: chars)
    }

    /// The text below `node`, gathered without recursion.
    private static func deepText(_ node: xmlNodePtr) -> String {
        var out = ""
        var stack: [xmlNodePtr] = []
        var next = node.pointee.children
        while true {
            if let current = next {
                if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
                    out += string(current.pointee.content) ?? ""
                } else if current.pointee.type == XML_ELEMENT_NODE, current.pointee.children != nil {
                    stack.append(current)
                    next = current.pointee.children
                    continue
                }
                next = current.pointee.next
            } else if let parent = stack.popLast() {
                next = parent.pointee.next
            } else {
                return out
            }
        }
    }

    private static func copy(_ node: xmlNodePtr, depth: Int, lowerCaseNames: Bool) -> MarkupElement {
        var name = string(node.pointee.name) ?? ""
        if lowerCaseNames { name = name.lowercased() }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let a = attribute {
            if let key = string(a.pointee.name) {
                var value = ""
                var part = a.pointee.children
                while let p = part {
                    if let content = string(p.pointee.content) { value += content }
                    part = p.pointee.next
                }
                attributes[key.lowercased()] = value
            }
            attribute = a.pointee.next
        }
        let element = MarkupElement(name: name, namespace: node.pointee.ns.flatMap { string($0.pointee.href) },
                                    attributes: attributes, line: Int(xmlGetLineNo(node)))
        if depth >= maxDepth {
            element.children.append(.text(deepText(node)))
            return element
        }
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(.element(copy(c, depth: depth + 1, lowerCaseNames: lowerCaseNames)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = string(c.pointee.content) { element.children.append(.text(content)) }
            default:
                break  // comments, processing instructions, unexpanded entities
            }
            child = c.pointee.next
        }
        return element
    }
}
