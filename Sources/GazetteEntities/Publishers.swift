/// Publishers and their own names (`Config/gazetteer/publishers.tsv`): a
/// publisher's bylines, channels and programmes ("BBC Sport", "BBC Radio 4")
/// are no actors of its own stories, whoever else they are in others'. Which
/// publisher an article is from comes from its source (front matter or JSON
/// `source`, or its URL's host), or else from the folder it is filed in
/// (`bbc/politics/012.txt`: the nearest folder named as a publisher or one
/// of its sources), never from where a name stands in the text.
public struct Publishers: Sendable {
    struct Publisher: Sendable {
        /// Lower-cased own names, matched whole.
        var names: Set<String> = []
        /// Lower-cased prefixes of own names ("bbc radio "), from "BBC Radio*".
        var prefixes: [String] = []
        /// The first bytes those names and prefixes open with: a name that
        /// opens with any other ASCII character is none of them, which is told
        /// without lower-casing it (the check runs on every actor of every
        /// story of a known publisher).
        var firstBytes = [Bool](repeating: false, count: 256)

        mutating func noteFirstByte(of key: String) {
            if let b = key.utf8.first { firstBytes[Int(b)] = true } else { firstBytes = [Bool](repeating: true, count: 256) }
        }
    }
    var publishers: [Publisher] = []
    /// Lower-cased source names and web hosts -> publisher.
    var bySource: [String: Int] = [:]

    /// The publisher an article's source names, by name ("BBC") or by its
    /// web host or URL ("https://www.bbc.co.uk/news/...", "news.bbc.co.uk");
    /// without either, the publisher its file's nearest folder is named after
    /// ("/news/bbc/sport/1.txt", "/feeds/reuters.com/2024/x.json").
    func publisher(source: String?, url: String?, path: String? = nil) -> Int? {
        if let p = publisherNamed(source: source, url: url) { return p }
        guard source == nil && url == nil, let path, !bySource.isEmpty else { return nil }
        // Folders only, nearest first: the file's own name says nothing.
        for folder in path.split(separator: "/").dropLast().reversed() {
            if let p = bySource[folder.lowercased()] { return p }
        }
        return nil
    }

    private func publisherNamed(source: String?, url: String?) -> Int? {
        for text in [source, url].compactMap({ $0 }) {
            let key = text.lowercased().trimmingWhitespace()
            if let p = bySource[key] { return p }
            var host = Substring(key)
            let utf8 = Array(host.utf8)
            if let colon = utf8.indices.first(where: { utf8[$0] == 0x3A }), utf8[colon...].starts(with: [0x3A, 0x2F, 0x2F]) {
                host = host.dropFirst(colon + 3)
            }
            if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
            // news.bbc.co.uk is bbc.co.uk's.
            while !host.isEmpty {
                if let p = bySource[String(host)] { return p }
                guard let dot = host.firstIndex(of: ".") else { break }
                host = host[host.index(after: dot)...]
            }
        }
        return nil
    }

    /// Is `name` one of the publisher's own names?
    func isOwnName(_ name: String, publisher p: Int) -> Bool {
        // An ASCII byte followed by another is a character of its own, so no
        // name that opens otherwise can equal it, even canonically.
        var bytes = name.utf8.makeIterator()
        if let b = bytes.next(), b < 0x80, (bytes.next() ?? 0) < 0x80,
           !publishers[p].firstBytes[Int(isUpperASCII(b) ? b | 0x20 : b)] {
            return false
        }
        let key = name.lowercased()
        return publishers[p].names.contains(key) || publishers[p].prefixes.contains { key.hasPrefix($0) }
    }

    /// Reads `publisher <TAB> sources <TAB> own names` lines (`|` between
    /// values; a trailing `*` makes an own name a prefix); errors name file and line.
    static func load(path: String) throws -> Publishers {
        var out = Publishers()
        for (n, line) in try readRecords(path) {
            let cols = TextLines.columns(line)
            guard cols.count == 3, !cols[0].isEmpty, !cols[1].isEmpty else {
                throw GazetteerError(file: path, line: n + 1,
                                     message: "expected 3 tab-separated columns (publisher, sources, own names), found \(cols.count)")
            }
            var publisher = Publisher()
            for name in TextLines.items(cols[2], separatedBy: "|") {
                let key = name.lowercased().trimmingWhitespace()
                if key.hasSuffix("*") { publisher.prefixes.append(String(key.dropLast())) } else { publisher.names.insert(key) }
                publisher.noteFirstByte(of: key.hasSuffix("*") ? String(key.dropLast()) : key)
            }
            for source in TextLines.items(cols[1], separatedBy: "|") + [cols[0]] {
                out.bySource[source.lowercased().trimmingWhitespace()] = out.publishers.count
            }
            out.publishers.append(publisher)
        }
        return out
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
