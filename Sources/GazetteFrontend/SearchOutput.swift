import Foundation
import GazetteProtocol

/// How `gazette search` prints results.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text
    case json
}

public enum SearchOutput {
    /// Highlight markers: bold on a terminal, `**…**` elsewhere.
    public static func markers(styled: Bool) -> (open: String, close: String) {
        styled ? ("\u{1B}[1m", "\u{1B}[0m") : ("**", "**")
    }

    public static func text(_ response: SearchResponse, styled: Bool) -> String {
        var out = ""
        let total = response.totalExact ? "\(response.total)" : "about \(response.total)"
        let noun = response.total == 1 ? "article matches" : "articles match"
        out += "\(total) \(noun) \(quoted(response.query))\n"
        let (open, close) = markers(styled: styled)
        for hit in response.hits {
            out += "\n\(pad(hit.rank)). \(styled ? open + hit.title + close : hit.title)\n"
            var details = [hit.path.map { Terminal.displayPath($0) } ?? hit.id]
            if let date = hit.date { details.append(date) }
            details.append(String(format: "score %.3f", hit.score))
            out += "    " + details.joined(separator: "  ") + "\n"
            if let snippet = hit.snippet, !snippet.isEmpty {
                out += "    " + highlighted(snippet, hit.highlights ?? [], open: open, close: close) + "\n"
            }
        }
        if let facets = response.facets {
            for name in facets.keys.sorted() {
                out += "\n" + facetText(name: name, values: facets[name] ?? [])
            }
        }
        return out
    }

    public static func facetText(name: String, values: [FacetValue]) -> String {
        var out = "\(name)\n"
        if values.isEmpty { out += "    (none)\n" }
        let width = String(values.map(\.count).max() ?? 0).count
        for value in values {
            let count = String(value.count)
            out += "    " + String(repeating: " ", count: width - count.count) + count + "  " + value.value + "\n"
        }
        return out
    }

    /// Wraps the UTF-8 byte ranges of `text` in markers.
    public static func highlighted(_ text: String, _ ranges: [[Int]], open: String, close: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var cursor = 0
        for range in ranges where range.count == 2 && range[0] >= cursor && range[0] <= range[1] && range[1] <= bytes.count {
            out += bytes[cursor..<range[0]]
            out += Array(open.utf8) + bytes[range[0]..<range[1]] + Array(close.utf8)
            cursor = range[1]
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }

    public static func json(_ response: SearchResponse) -> String {
        String(decoding: response.jsonBytes, as: UTF8.self)
    }

    public static func json<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func quoted(_ query: String) -> String {
        query.isEmpty ? "(all articles)" : "‘\(query)’"
    }

    static func pad(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 2 ? s : " " + s
    }
}
