import Foundation
import GazetteEntities
import GazetteIndex
import GazetteProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Where free-text synonyms come from: the gazetteers' actor aliases and
/// country names, and the user's synonym file.
///
/// Reading them takes tens of milliseconds (the common-word list alone is
/// 40,000 lines), so the index keeps what they give in Xapian's synonym
/// table, with their fingerprint: a query whose sources still have that
/// fingerprint looks its spans up there, and one whose sources changed
/// reads them, so an edit counts from the next search, before any re-index.
public enum SynonymSources {
    /// The files synonyms are read from, in a gazetteer folder.
    static let gazetteerFiles = ["actors.tsv", "countries.tsv", "common-words.txt"]

    /// The files synonyms are read from.
    static func paths(gazetteerDirectory: String, userFile: String?) -> [String] {
        gazetteerFiles.map { gazetteerDirectory + "/" + $0 } + (userFile.map { [$0] } ?? [])
    }

    /// What the synonyms are made from as it is on disk: each source's path,
    /// size and modification time, and the version of this reader. A table
    /// read from sources with the same fingerprint is the same table.
    public static func fingerprint(gazetteerDirectory: String, userFile: String?) -> String {
        var parts = ["synonyms 1, gazette " + GazetteVersion.current]
        for path in paths(gazetteerDirectory: gazetteerDirectory, userFile: userFile) {
            var info = stat()
            parts.append(stat(path, &info) == 0
                ? "\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)" : "\(path) none")
        }
        return parts.joined(separator: "\n")
    }

    /// Reads every source. Gazetteer files are read as their own loader
    /// reads them, and a line this reader does not follow is passed over:
    /// the gazetteer loader reports it. The user file is held to its format.
    public static func load(gazetteerDirectory: String, userFile: String?) throws(ServiceError) -> SynonymTable {
        var table = SynonymTable()
        let actors = actorGroups(lines(gazetteerDirectory + "/actors.tsv"))
        let countries = countryGroups(lines(gazetteerDirectory + "/countries.tsv"))
        // A one-word name that is also a common word ("WHO", "Fed", "U.S." read as "us") would
        // widen every query that uses the word: it stays out, but for a country's own name.
        // Only the one-word names are looked for in the long common-word list.
        var oneWord: Set<String> = []
        for name in (actors + countries.map(\.names)).joined() {
            let words = SynonymTable.words(of: name)
            if words.count == 1 { oneWord.insert(words[0]) }
        }
        let common = commonWords(among: oneWord, path: gazetteerDirectory + "/common-words.txt").union(functionWords)
        func plain(_ name: String) -> Bool {
            let words = SynonymTable.words(of: name)
            return words.count > 1 || !common.contains(words.first ?? "")
        }
        for group in actors { table.addGroup(group.filter(plain)) }
        for (code, group) in countries {
            table.addGroup(Array(group.prefix(1)) + group.dropFirst().filter(plain), country: code)
        }
        if let userFile {
            for group in try userGroups(path: userFile) { table.addGroup(group, canonical: false) }
        }
        return table
    }

    /// Short words the common-word list leaves out but queries are full of.
    static let functionWords: Set<String> = [
        "a", "am", "an", "are", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
        "of", "on", "or", "so", "to", "up", "us", "we",
    ]

    /// The words of `candidates` that the common-word list (one word a line, `#` comments) holds.
    static func commonWords(among candidates: Set<String>, path: String) -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let wanted = Set(candidates.map { Substring($0) })
        var found: Set<String> = []
        for word in TextLines.lines(of: text) where wanted.contains(word) {
            found.insert(String(word))
        }
        return found
    }

    private static func lines(_ path: String) -> [Substring] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return TextLines.lines(of: text)
    }

    /// `canonical TAB kind TAB alias|alias [TAB flags]`: an actor's names,
    /// less those flagged ambiguous (a common word too).
    static func actorGroups(_ lines: [Substring]) -> [[String]] {
        var order: [String] = []
        var names: [String: [String]] = [:]
        var ambiguous: Set<String> = []
        for line in lines where !line.isEmpty && !line.hasPrefix("#") {
            let cols = TextLines.columns(line).map(String.init)
            guard cols.count >= 2 else { continue }
            let canonical = cols[0]
            let aliases = cols.count >= 3 ? cols[2].split(separator: "|").map(String.init) : []
            if cols.count >= 4, cols[3].split(separator: ",").contains("ambiguous") {
                ambiguous.formUnion(aliases.isEmpty ? [canonical] : aliases)
                continue
            }
            if names[canonical] == nil { order.append(canonical) }
            names[canonical, default: [canonical]] += aliases
        }
        return order.map { names[$0]!.filter { !ambiguous.contains($0) } }
    }

    /// A country's display name, the names that hold every word of it
    /// ("United Kingdom of Great Britain and Northern Ireland"), and the
    /// initials of either ("UK", "USSR"). The gazetteer's other name forms
    /// are evidence, not synonyms: England for the United Kingdom, the
    /// Supreme Soviet for the Soviet Union. Names flagged ambiguous ("US") or
    /// for look-ups only are left out.
    static func countryGroups(_ lines: [Substring]) -> [(code: String, names: [String])] {
        var order: [String] = []
        var display: [String: String] = [:]
        var forms: [String: [String]] = [:]
        for line in lines where !line.isEmpty && !line.hasPrefix("#") {
            let cols = TextLines.columns(line).map(String.init)
            if cols.count >= 4, cols[0] == "country" {
                if display[cols[1]] == nil { order.append(cols[1]) }
                display[cols[1]] = cols[3]
            } else if cols.count >= 4, cols[0] == "form", cols[2] == "name", cols.count < 5 || cols[4].isEmpty {
                forms[cols[1], default: []].append(cols[3])
            }
        }
        return order.map { code in
            let name = display[code]!
            let wanted = Set(SynonymTable.words(of: name))
            let wider = (forms[code] ?? []).filter { !$0.contains(",") && wanted.isSubset(of: SynonymTable.words(of: $0)) }
            let full = [name] + wider
            let initials = Set(full.map(Self.initials))
            let short = (forms[code] ?? []).filter { form in
                let words = SynonymTable.words(of: form)
                return words.count == 1 && words[0].count > 1 && initials.contains(words[0])
            }
            return (code, full + short)
        }
    }

    /// "Union of Soviet Socialist Republics" -> "ussr".
    static func initials(_ name: String) -> String {
        let small: Set<String> = ["of", "the", "and", "for"]
        return String(SynonymTable.words(of: name).filter { !small.contains($0) }.compactMap(\.first))
    }

    // MARK: the user's file

    /// The user's synonym file: one group of names that mean the same per
    /// line, separated by commas; `#` starts a comment. Refused with the line
    /// number when a line has fewer than two names, an empty name or query
    /// syntax in a name, and when the file holds no group at all.
    static func userGroups(path: String) throws(ServiceError) -> [[String]] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ServiceError(.configuration, "cannot read the synonym file \(path): \(error.localizedDescription)",
                               hint: "fix its permissions, or remove [search] synonyms from gazette.toml")
        }
        var groups: [[String]] = []
        for (number, raw) in TextLines.lines(of: text).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            func bad(_ problem: String) -> ServiceError {
                ServiceError(.configuration, "\(path):\(number + 1): \(problem)",
                             hint: "write one group per line, names separated by commas: ussr, soviet union")
            }
            let names = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if names.contains(where: \.isEmpty) { throw bad("an empty name between commas") }
            if names.count < 2 { throw bad("a group needs at least two names, separated by commas") }
            if let name = names.first(where: { $0.contains(where: { "\"():*+".contains($0) }) }) {
                throw bad("'\(name)' holds query syntax (quotes, brackets, colons, * or +); names are plain words")
            }
            if let name = names.first(where: { SynonymTable.words(of: $0).isEmpty }) {
                throw bad("'\(name)' has no letters or digits")
            }
            groups.append(names)
        }
        guard !groups.isEmpty else {
            throw ServiceError(.configuration, "the synonym file \(path) holds no synonyms",
                               hint: "add lines such as: ussr, soviet union (or remove the file)")
        }
        return groups
    }
}
