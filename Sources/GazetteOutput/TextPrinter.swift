#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GazetteProtocol

/// Text for people: ranked hits with highlighted snippets, and records as
/// `name: value` lines.
public struct TextPrinter: Printer {
    /// Bold highlights (on a terminal) rather than `**…**`.
    public let styled: Bool

    public init(styled: Bool) {
        self.styled = styled
    }

    public func search(_ response: SearchResponse, elapsed: Double) -> PrintedHits {
        var out = ""
        let total = response.totalExact ? "\(response.total)" : "about \(response.total)"
        let noun = response.total == 1 ? "article matches" : "articles match"
        if let like = response.like {
            let among = response.query.isEmpty ? "" : " among those matching \(Self.quoted(response.query))"
            out += "\(total) \(response.total == 1 ? "article" : "articles") like \(like)\(among)\n"
        } else {
            out += "\(total) \(noun) \(Self.quoted(response.query))\n"
        }
        if let corrected = response.correctedQuery { out += "Did you mean: \(corrected)?\n" }
        if let explanation = response.explanation {
            for expansion in response.expansions ?? [] {
                out += "Synonyms: \(expansion.words) → \(expansion.synonyms.joined(separator: ", "))\n"
            }
            out += "Query: \(explanation)\n"
        }
        let style = TextStyle(enabled: styled)
        let (open, close) = style.highlight
        for hit in response.hits {
            out += "\n\(Self.pad(hit.rank)). \(style.title(hit.title))\n"
            var details = [hit.path.map { Terminal.displayPath($0) } ?? hit.id]
            if let date = hit.date { details.append(date) }
            details.append("score " + hit.score.fixedPoint(decimals: 3))
            out += "    " + details.joined(separator: "  ") + "\n"
            if let snippet = hit.snippet, !snippet.isEmpty {
                out += "    " + Self.highlighted(snippet, hit.highlights ?? [], open: open, close: close) + "\n"
            }
            if let copies = hit.copies, copies > 0 {
                let ids = (hit.copyIDs ?? []).prefix(3).joined(separator: ", ")
                let more = copies > min(3, hit.copyIDs?.count ?? 0) ? ", …" : ""
                out += "    \(copies) more \(copies == 1 ? "copy" : "copies") of this story: \(ids)\(more)\n"
            }
        }
        if let facets = response.facets {
            for name in facets.keys.sorted() {
                let unit = response.facetCount == "stories" ? " (stories)" : ""
                out += "\n" + Self.facetText(name: name + unit, values: facets[name] ?? [], style: style)
            }
        }
        if let timeline = response.timeline { out += "\n" + Self.timelineText(timeline, style: style) }
        return PrintedHits(output: out)
    }

    public func record(_ record: some PrintableRecord) -> String {
        record.text(styled: styled)
    }

    /// Wraps the UTF-8 byte ranges of `text` in markers.
    static func highlighted(_ text: String, _ ranges: [[Int]], open: String, close: String) -> String {
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

    static func quoted(_ query: String) -> String {
        query.isEmpty ? "(all articles)" : "‘\(query)’"
    }

    static func pad(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 2 ? s : " " + s
    }
}

// MARK: Records as text

extension DocumentResponse: PrintableRecord {
    public func text(styled: Bool) -> String {
        var out = TextStyle(enabled: styled).title(title) + "\n"
        out += "id: \(id)\n"
        if let path { out += "path: \(Terminal.displayPath(path))\n" }
        if let date { out += "date: \(date)\n" }
        if let source { out += "source: \(source)\n" }
        if let url { out += "url: \(url)\n" }
        if !actors.isEmpty { out += "actors: \(actors.joined(separator: ", "))\n" }
        if !countries.isEmpty { out += "countries: \(countries.joined(separator: ", "))\n" }
        if !mentions.isEmpty { out += "mentions: \(mentions.joined(separator: ", "))\n" }
        out += "\n" + text + "\n"
        return out
    }
}

extension StatusResponse: PrintableRecord {
    public func text(styled: Bool) -> String {
        var out = "mode: \(mode)\n"
        if let socket { out += "socket: \(socket)\n" }
        out += "index: \(index)\n"
        out += "documents: \(documents)\n"
        out += "revision: \(revision)\n"
        out += "language: \(language)\n"
        if let lastCommit { out += "last commit: \(lastCommit)\n" }
        if let uptime { out += "uptime: \(Int(uptime)) s\n" }
        out += "version: \(version)\n"
        if let shards {
            out += "shards: \(shards.count)\n"
            for shard in shards {
                let state = shard.documents.map { "\($0) documents" } ?? "does not answer: \(shard.error ?? "no reply")"
                out += "  \(shard.name)  \(state)\n"
            }
        }
        return out
    }
}

extension FacetsResponse: PrintableRecord {
    public func text(styled: Bool) -> String {
        let style = TextStyle(enabled: styled)
        var out = "\(total) \(total == 1 ? "article" : "articles")\n"
        if let timeline { return out + TextPrinter.timelineText(timeline, style: style) }
        out += TextPrinter.facetText(name: facet + (facetCount == "stories" ? " (stories)" : ""), values: values, style: style)
        return out
    }
}
