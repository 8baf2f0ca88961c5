/// Writes JSON straight into a byte buffer. Search replies are the daemon's
/// hot path, and Foundation's JSONEncoder spends more time on them than
/// Xapian spends finding the hits; this writer produces the same JSON
/// (sorted keys, unescaped slashes) in a fraction of the time.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { valuePrefix(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { valuePrefix(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    public mutating func key(_ name: String) {
        valuePrefix()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ value: String) { valuePrefix(); writeString(value) }
    public mutating func int(_ value: Int) {
        valuePrefix()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        writeDigits(value.magnitude)
    }

    public mutating func uint(_ value: UInt64) { valuePrefix(); writeDigits(UInt(value)) }

    /// Decimal digits straight into the buffer: a search reply holds dozens
    /// of numbers (ranks, highlight offsets), each a String otherwise.
    private mutating func writeDigits(_ value: UInt) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt.max
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }
    public mutating func bool(_ value: Bool) { valuePrefix(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func null() { valuePrefix(); bytes.append(contentsOf: "null".utf8) }

    /// A value that is already JSON text (a number as it was sent, an encoded object).
    public mutating func raw<C: Collection<UInt8>>(_ json: C) { valuePrefix(); bytes.append(contentsOf: json) }

    /// A request id as the request wrote it; null when it had none.
    public mutating func id(_ id: RequestID?) {
        switch id {
        case let .number(n)?: raw(n.text.utf8)
        case let .string(s)?: string(s)
        case nil: null()
        }
    }

    /// Swift's shortest round-trip form without a trailing ".0", as JSONEncoder
    /// writes it (`1`, `-0`, `0.565`, `1e+16`); not-a-number and infinities,
    /// which JSON cannot say, as null.
    public mutating func double(_ value: Double) {
        valuePrefix()
        guard value.isFinite else { bytes.append(contentsOf: "null".utf8); return }
        let text = value.description
        bytes.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
    }

    public mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func valuePrefix() {
        let top = needsComma.count - 1
        if needsComma[top] { bytes.append(UInt8(ascii: ",")) }
        needsComma[top] = true
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: utf8[start..<i])
                switch byte {
                case 0x22: bytes.append(contentsOf: #"\""#.utf8)
                case 0x5C: bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
                case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
                default:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                }
                start = i + 1
            }
            bytes.append(contentsOf: utf8[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension SearchResponse {
    /// The response as JSON, keys sorted: the same document JSONEncoder
    /// writes with `.sortedKeys`, made much faster.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        if let collapsed { json.key("collapsed"); json.bool(collapsed) }
        if let correctedQuery { json.key("corrected_query"); json.string(correctedQuery) }
        if let expansions {
            json.key("expansions")
            json.beginArray()
            for expansion in expansions {
                json.beginObject()
                json.key("synonyms"); json.strings(expansion.synonyms)
                json.key("words"); json.string(expansion.words)
                json.endObject()
            }
            json.endArray()
        }
        if let explanation { json.key("explanation"); json.string(explanation) }
        if let facetCount { json.key("facet_count"); json.string(facetCount) }
        if let facets {
            json.key("facets")
            json.beginObject()
            // JSONEncoder's .sortedKeys orders keys by their UTF-8 bytes, not by String's `<`.
            for name in facets.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                json.key(name)
                Self.write(facets[name] ?? [], to: &json)
            }
            json.endObject()
        }
        json.key("hits")
        json.beginArray()
        for hit in hits {
            json.beginObject()
            json.key("actors"); json.strings(hit.actors)
            if let copies = hit.copies { json.key("copies"); json.int(copies) }
            if let ids = hit.copyIDs { json.key("copy_ids"); json.strings(ids) }
            json.key("countries"); json.strings(hit.countries)
            if let date = hit.date { json.key("date"); json.string(date) }
            if let highlights = hit.highlights {
                json.key("highlights")
                json.beginArray()
                for range in highlights {
                    json.beginArray()
                    for offset in range { json.int(offset) }
                    json.endArray()
                }
                json.endArray()
            }
            json.key("id"); json.string(hit.id)
            if let match = hit.match {
                json.key("match")
                json.beginObject()
                json.key("column"); json.int(match.column)
                json.key("line"); json.int(match.line)
                json.key("ranges")
                json.beginArray()
                for range in match.ranges {
                    json.beginArray()
                    for offset in range { json.int(offset) }
                    json.endArray()
                }
                json.endArray()
                json.key("text"); json.string(match.text)
                json.endObject()
            }
            if let path = hit.path { json.key("path"); json.string(path) }
            json.key("rank"); json.int(hit.rank)
            json.key("score"); json.double(hit.score)
            if let snippet = hit.snippet { json.key("snippet"); json.string(snippet) }
            if let missing = hit.sourceMissing { json.key("source_missing"); json.bool(missing) }
            json.key("title"); json.string(hit.title)
            json.endObject()
        }
        json.endArray()
        if let like { json.key("like"); json.string(like) }
        if let missingShards { json.key("missing_shards"); json.strings(missingShards) }
        if let partial { json.key("partial"); json.bool(partial) }
        json.key("query"); json.string(query)
        if let timeline {
            json.key("timeline")
            json.beginObject()
            json.key("buckets")
            json.beginArray()
            for bucket in timeline.buckets {
                json.beginObject()
                json.key("count"); json.int(bucket.count)
                json.key("from"); json.string(bucket.from)
                json.key("label"); json.string(bucket.label)
                json.key("to"); json.string(bucket.to)
                json.endObject()
            }
            json.endArray()
            json.key("granularity"); json.string(timeline.granularity)
            json.key("undated"); json.int(timeline.undated)
            json.endObject()
        }
        json.key("total"); json.int(total)
        json.key("total_exact"); json.bool(totalExact)
        json.endObject()
    }

    private static func write(_ values: [FacetValue], to json: inout JSONWriter) {
        json.beginArray()
        for value in values {
            json.beginObject()
            if let children = value.children {
                json.key("children")
                write(children, to: &json)
            }
            json.key("count"); json.int(value.count)
            json.key("value"); json.string(value.value)
            json.endObject()
        }
        json.endArray()
    }

    public var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 256 + hits.count * 512)
        write(to: &json)
        return json.bytes
    }
}

extension RPCResponse {
    /// The reply as the daemon and the language server send it:
    /// `{"id":…,"jsonrpc":"2.0","result":…}`, keys sorted as JSONEncoder
    /// sorts them, the id exactly as the request wrote it. A search result
    /// is written directly (the daemon's hot path); others through JSONEncoder.
    public func wireBytes() throws -> [UInt8] {
        let search = result as? SearchResponse
        var json = JSONWriter(capacity: 320 + (search?.hits.count ?? 0) * 512)
        json.beginObject()
        json.key("id"); json.id(id)
        json.key("jsonrpc"); json.string(jsonrpc)
        json.key("result")
        if let search { search.write(to: &json) } else { json.raw(try WireJSON.encode(result)) }
        json.endObject()
        return json.bytes
    }
}

extension RPCErrorResponse {
    /// `{"error":{"code":…,"message":…},"id":…,"jsonrpc":"2.0"}`, the id as the request wrote it.
    public var wireBytes: [UInt8] {
        var json = JSONWriter(capacity: 96 + error.message.utf8.count)
        json.beginObject()
        json.key("error")
        json.beginObject()
        json.key("code"); json.int(error.code)
        json.key("message"); json.string(error.message)
        json.endObject()
        json.key("id"); json.id(id)
        json.key("jsonrpc"); json.string(jsonrpc)
        json.endObject()
        return json.bytes
    }
}
