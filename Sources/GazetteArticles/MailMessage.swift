/// One RFC 822 message (or MIME part): its header fields and its body, as bytes.
struct MailMessage {
    /// Field names lower-cased, values unfolded and not yet decoded.
    var fields: [(name: String, value: ArraySlice<UInt8>)]
    var body: ArraySlice<UInt8>

    /// Splits `bytes` at the first blank line. A leading mbox `From ` line
    /// is passed over; text that does not open with a header is all body.
    init(_ bytes: ArraySlice<UInt8>) {
        var fields: [(name: String, value: ArraySlice<UInt8>)] = []
        var i = bytes.startIndex
        if bytes.starts(with: Array("From ".utf8)) {
            i = (bytes.firstIndex(of: 0x0A) ?? bytes.endIndex - 1) + 1
        }
        var unfolded: [UInt8] = []
        var current: String?
        func finish() {
            if let name = current { fields.append((name, ArraySlice(unfolded))) }
            current = nil
            unfolded.removeAll()
        }
        while i < bytes.endIndex {
            let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[i..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty {
                i = min(end + 1, bytes.endIndex)
                break
            }
            if line.first == 0x20 || line.first == 0x09, current != nil {
                unfolded.append(0x20)
                unfolded += line.drop { $0 == 0x20 || $0 == 0x09 }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      line[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                finish()
                current = String(decoding: line[..<colon], as: UTF8.self).lowercased()
                unfolded += line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
            } else {
                break  // not a header line: the body starts here (all of the text, when no header came first)
            }
            i = end + 1
        }
        finish()
        self.fields = fields
        body = i < bytes.endIndex ? bytes[i...] : bytes[bytes.endIndex...]
    }

    /// The first field with this (lower-case) name, decoded for reading.
    func header(_ name: String) -> String? {
        fields.first { $0.name == name }.map { HTMLText.folded(MIMEDecoding.headerText($0.value)) }
    }

    /// The first field with this name as written (for structured fields).
    func rawHeader(_ name: String) -> String? {
        fields.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    /// `Content-Type` (default `text/plain`): the lower-cased type and subtype, and the parameters.
    var contentType: (type: String, subtype: String, parameters: [String: String]) {
        let (value, parameters) = Self.structured(rawHeader("content-type") ?? "text/plain")
        let parts = value.lowercased().split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return ("text", "plain", parameters) }
        return (parts[0], parts[1], parameters)
    }

    var isAttachment: Bool {
        Self.structured(rawHeader("content-disposition") ?? "").value.lowercased() == "attachment"
    }

    /// A structured field's value and its `name=value` parameters (names
    /// lower-cased, quotes removed).
    static func structured(_ field: String) -> (value: String, parameters: [String: String]) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in field {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            var name = part[..<equals].trimmingWhitespace().lowercased()
            if name.hasSuffix("*") { name.removeLast() }
            var value = part[part.index(after: equals)...].trimmingWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            if parameters[name] == nil { parameters[name] = value }
        }
        return (parts[0].trimmingWhitespace(), parameters)
    }

    /// The body with its `Content-Transfer-Encoding` undone.
    var decodedBody: [UInt8] {
        switch rawHeader("content-transfer-encoding")?.trimmingWhitespace().lowercased() {
        case "base64"?: return MIMEDecoding.base64(body)
        case "quoted-printable"?: return MIMEDecoding.quotedPrintable(body)
        default: return Array(body)
        }
    }

    /// Nesting deeper than this is not read.
    static let maxDepth = 8

    /// The readable text of the message: text parts decoded (HTML ones
    /// reduced to text); of alternatives, the plain text when it has any;
    /// attachments and other types left out. Charset problems go to `problems`.
    func text(problems: inout [String], depth: Int = 0) -> String {
        let type = contentType
        switch type.type {
        case "multipart":
            guard depth < Self.maxDepth, let boundary = type.parameters["boundary"], !boundary.isEmpty else {
                return ""
            }
            let parts = Self.parts(of: body, boundary: boundary).map(MailMessage.init)
            if type.subtype == "alternative" {
                // The plain text when it has any; else the first alternative that gives text.
                let isPlain = { (part: MailMessage) in part.contentType.type == "text" && part.contentType.subtype == "plain" }
                for part in parts.filter(isPlain) + parts.filter({ !isPlain($0) }) {
                    let text = part.text(problems: &problems, depth: depth + 1)
                    if !text.allSatisfy(\.isWhitespace) { return text }
                }
                return ""
            }
            return parts.filter { !$0.isAttachment }
                .map { $0.text(problems: &problems, depth: depth + 1) }
                .filter { !$0.allSatisfy(\.isWhitespace) }
                .joined(separator: "\n\n")
        case "text":
            let (text, problem) = MIMEDecoding.text(decodedBody, charset: type.parameters["charset"])
            if let problem { problems.append(problem) }
            return type.subtype == "html" ? HTMLText.plainText(fromHTML: text) : text
        default:
            return ""  // images, applications, forwarded messages
        }
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    static func parts(of body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var i = body.startIndex
        while i < body.endIndex {
            let end = body[i...].firstIndex(of: 0x0A) ?? body.endIndex
            if body[i..<end].starts(with: delimiter) {
                if let start = partStart {
                    var stop = i
                    // The line break before a delimiter belongs to it.
                    if stop > start, body[stop - 1] == 0x0A { stop -= 1 }
                    if stop > start, body[stop - 1] == 0x0D { stop -= 1 }
                    parts.append(body[start..<stop])
                }
                let rest = body[(i + delimiter.count)..<end]
                if rest.starts(with: Array("--".utf8)) { return parts }
                partStart = min(end + 1, body.endIndex)
            }
            i = end + 1
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }  // no closing delimiter
        return parts
    }
}
