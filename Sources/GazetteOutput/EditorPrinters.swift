#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GazetteProtocol

// Output that editors read as it is. Both formats point into files, so a hit
// whose file is gone (or that never had one) is skipped and reported.

/// The hits that point into a file that still exists, and the others.
private func located(_ response: SearchResponse)
    -> (located: [(hit: SearchHit, path: String, match: MatchLine)], skipped: [SearchHit]) {
    var located: [(SearchHit, String, MatchLine)] = []
    var skipped: [SearchHit] = []
    for hit in response.hits {
        if let path = hit.path, let match = hit.match, hit.sourceMissing != true {
            located.append((hit, path, match))
        } else {
            skipped.append(hit)
        }
    }
    return (located, skipped)
}

/// `path:line:column:text`, one line per hit, for Vim's quickfix list and Emacs' grep-mode.
public struct VimgrepPrinter: Printer {
    /// Paths under this folder are shown relative to it.
    public let base: String

    public init(base: String) {
        self.base = base
    }

    public func search(_ response: SearchResponse, elapsed: Double) -> PrintedHits {
        var out = ""
        let (hits, skipped) = located(response)
        for (_, path, match) in hits {
            let text = match.text.trimmingSpaces
            out += "\(Terminal.displayPath(path, relativeTo: base)):\(match.line):\(match.column):\(text)\n"
        }
        return PrintedHits(output: out, skipped: skipped)
    }
}

/// ripgrep-style JSON Lines: `{"type":"match","data":{...}}` per hit, then
/// `{"type":"summary","data":{...}}`.
public struct JSONLinesPrinter: Printer {
    /// Paths under this folder are shown relative to it.
    public let base: String

    public init(base: String) {
        self.base = base
    }

    public func search(_ response: SearchResponse, elapsed: Double) -> PrintedHits {
        var out = ""
        let (hits, skipped) = located(response)
        for (hit, path, match) in hits {
            out += line(hit, path: path, match: match)
        }
        var summary = JSONWriter()
        summary.beginObject()
        summary.key("data")
        summary.beginObject()
        if let corrected = response.correctedQuery { summary.key("corrected_query"); summary.string(corrected) }
        summary.key("elapsed"); summary.beginObject()
        summary.key("human"); summary.string(elapsed.fixedPoint(decimals: 6) + "s")
        summary.key("secs"); summary.double((elapsed * 1_000_000).rounded() / 1_000_000)
        summary.endObject()
        summary.key("query"); summary.string(response.query)
        summary.key("shown"); summary.int(response.hits.count - skipped.count)
        summary.key("total"); summary.int(response.total)
        summary.key("total_exact"); summary.bool(response.totalExact)
        summary.endObject()
        summary.key("type"); summary.string("summary")
        summary.endObject()
        out += String(decoding: summary.bytes, as: UTF8.self) + "\n"
        return PrintedHits(output: out, skipped: skipped)
    }

    private func line(_ hit: SearchHit, path: String, match: MatchLine) -> String {
        let lineBytes = Array(match.text.utf8)
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.beginObject()
        json.key("actors"); json.strings(hit.actors)
        json.key("column"); json.int(match.column)
        if let copies = hit.copies { json.key("copies"); json.int(copies) }
        json.key("countries"); json.strings(hit.countries)
        if let date = hit.date { json.key("date"); json.string(date) }
        json.key("id"); json.string(hit.id)
        json.key("line_number"); json.int(match.line)
        json.key("lines"); json.beginObject(); json.key("text"); json.string(match.text + "\n"); json.endObject()
        json.key("path"); json.beginObject(); json.key("text"); json.string(Terminal.displayPath(path, relativeTo: base)); json.endObject()
        json.key("rank"); json.int(hit.rank)
        json.key("score"); json.double(hit.score)
        json.key("submatches")
        json.beginArray()
        for range in match.ranges where range.count == 2 && range[0] <= range[1] && range[1] <= lineBytes.count {
            json.beginObject()
            json.key("end"); json.int(range[1])
            json.key("match"); json.beginObject()
            json.key("text"); json.string(String(decoding: lineBytes[range[0]..<range[1]], as: UTF8.self))
            json.endObject()
            json.key("start"); json.int(range[0])
            json.endObject()
        }
        json.endArray()
        json.key("title"); json.string(hit.title)
        json.endObject()
        json.key("type"); json.string("match")
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }
}
