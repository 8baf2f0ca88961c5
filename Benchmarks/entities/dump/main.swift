// Dumps the raw country mentions and the evidence the extractor finds, one
// JSON line per article, for analysis of salience rules in Python.
// Built together with the GazetteEntities sources as one module (so it sees
// internals); see Benchmarks/entities/dump-evidence.sh.
// Usage: dump-evidence CONFIG_DIR ARTICLES_DIR > out.jsonl
import Foundation

let args = CommandLine.arguments
let g = try Gazetteer.load(directory: args[1])
let tokenizer = Tokenizer(words: g.words)
let dir = args[2]
let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".txt") }
    .sorted { (Int($0.dropLast(4)) ?? 0) < (Int($1.dropLast(4)) ?? 0) }

func esc(_ s: String) -> String {
    var o = ""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": o += "\\\""
        case "\\": o += "\\\\"
        case "\n": o += "\\n"
        default: if ch.value < 0x20 { o += " " } else { o.unicodeScalars.append(ch) }
        }
    }
    return o
}

var out = ""
for f in files {
    let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
    var title = "", body = text
    if let r = text.range(of: "\n") {
        title = String(text[..<r.lowerBound])
        body = String(text[r.upperBound...])
        while body.hasPrefix("\n") { body.removeFirst() }
    }
    title.makeContiguousUTF8(); body.makeContiguousUTF8()
    _ = title.utf8.withContiguousStorageIfAvailable { tb in
        body.utf8.withContiguousStorageIfAvailable { bb in
            var w = Extraction(gazetteer: g, tokenizer: tokenizer, headline: tb, body: bb, maxActors: 16)
            let (ent, ev) = w.run()
            func tokText(_ seg: Bool, _ i: Int) -> String {
                let toks = seg ? w.headline : w.body
                guard i >= 0 && i < toks.count else { return "" }
                let buf = seg ? tb : bb
                return String(decoding: buf[Int(toks[i].start)..<Int(toks[i].end)], as: UTF8.self)
            }
            func punct(_ seg: Bool, _ i: Int) -> Int {
                let toks = seg ? w.headline : w.body
                guard i >= 0 && i < toks.count else { return -1 }
                return Int(toks[i].after)
            }
            let nsent = Int((w.body.last?.sentence ?? 0) - w.leadSentence) + 1
            var line = "{\"file\":\"\(f)\",\"ntok\":\(w.body.count),\"nsent\":\(nsent),\"lead\":\(w.leadSentence)"
            line += ",\"dateline\":\"\(w.datelineCountry >= 0 ? g.countryList[Int(w.datelineCountry)].code : "")\""
            line += ",\"salient\":[" + ent.countries.map { "\"\($0.code)\"" }.joined(separator: ",") + "]"
            line += ",\"ev\":[" + ev.map { e in
                "{\"c\":\"\(e.country.code)\",\"score\":\(e.score),\"head\":\(e.headline),\"lead\":\(e.lead),\"names\":\(e.names),\"dem\":\(e.demonyms),\"cap\":\(e.capitals),\"city\":\(e.cities),\"inn\":\(e.inNames),\"cues\":\(e.cues),\"tick\":\(e.tickers),\"first\":\(e.firstSentence == Int.max ? -1 : e.firstSentence),\"sal\":\(e.salient)}"
            }.joined(separator: ",") + "]"
            line += ",\"m\":[" + w.mentions.map { m in
                let seg = m.headline
                let fe = g.countryList[Int(m.country)].code
                let prev = tokText(seg, Int(m.token) - 1), next = tokText(seg, Int(m.lastToken) + 1), next2 = tokText(seg, Int(m.lastToken) + 2)
                let surf = m.lastToken < m.token ? "<ticker>" : (Int(m.token)...Int(m.lastToken)).map { tokText(seg, $0) }.joined(separator: " ")
                return "[\"\(fe)\",\(m.kind.rawValue),\(m.headline),\(m.sentence - w.leadSentence),\(m.inName),\(m.needsConfirmation),\(m.token),\"\(esc(surf))\",\"\(esc(prev))\",\"\(esc(next))\",\"\(esc(next2))\",\(punct(seg, Int(m.token) - 1)),\(punct(seg, Int(m.lastToken))),\(m.lastToken)]"
            }.joined(separator: ",") + "]"
            line += ",\"title\":\"\(esc(title))\"}\n"
            out += line
            return 0
        }!
    }
    if out.utf8.count > 1 << 20 { FileHandle.standardOutput.write(out.data(using: .utf8)!); out = "" }
}
FileHandle.standardOutput.write(out.data(using: .utf8)!)
