import Foundation
import Testing
@testable import GazetteEntities

/// The names-only gazetteer (what searches load) against the full one, and
/// the country found inside an actor's name against a plain scan.
@Suite struct GazetteerLoadingTests {
    let gazetteerFolder = packageRoot + "/Config/gazetteer"

    @Test func countryInsideAnActorsNameIsTheFirstFormTheNameHolds() throws {
        var builder = Builder()
        try builder.loadCountries(path: gazetteerFolder + "/countries.tsv")
        // The forms in their order, each searched for in the name: the rule the look-up keeps.
        let ordered = builder.countryPhrases.sorted { $0.value.order < $1.value.order }
        func scanned(_ hashes: [UInt64]) -> Int {
            for (forms, found) in ordered where forms.count <= hashes.count {
                for start in 0...(hashes.count - forms.count) where Array(hashes[start..<(start + forms.count)]) == forms {
                    return found.country
                }
            }
            return -1
        }
        let text = try String(contentsOfFile: gazetteerFolder + "/actors.tsv", encoding: .utf8)
        var names = ["Bank of Japan", "Reserve Bank of New Zealand", "the Kremlin", "Tokyo Stock Exchange", "Acme"]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            names.append(String(columns[0]))
            if columns.count > 2 { names += columns[2].split(separator: "|").map(String.init) }
        }
        var withCountry = 0
        for name in names {
            let hashes = builder.tokens(of: name).map(\.hash)
            let found = builder.innerCountry(hashes)
            #expect(found == scanned(hashes), "\(name)")
            if found >= 0 { withCountry += 1 }
        }
        #expect(builder.countryList[builder.innerCountry(builder.tokens(of: "Bank of Japan").map(\.hash))].code == "JP")
        #expect(withCountry > 20)
    }

    @Test func namesOnlyGazetteerAnswersEveryLookupAsTheFullOne() throws {
        let names = try Gazetteer.load(directory: packageRoot + "/Config", lookupOnly: true)
        var asked = 0
        for file in ["countries.tsv", "actors.tsv"] {
            let text = try String(contentsOfFile: gazetteerFolder + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                // Every column's pieces: names, aliases, codes (and words that match nothing).
                for piece in line.split(whereSeparator: { $0 == "\t" || $0 == "|" }) {
                    let text = String(piece)
                    #expect(names.country(matching: text) == gazetteer.country(matching: text), "\(text)")
                    #expect(names.actor(matching: text) == gazetteer.actor(matching: text), "\(text)")
                    asked += 1
                }
            }
        }
        #expect(asked > 1000)
        #expect(names.allCountries == gazetteer.allCountries)
        #expect(names.regions.area(matching: "western europe") != nil)
    }

    @Test func filesSavedOnWindowsLoadTheSame() throws {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("gazetteer-crlf-\(UUID().uuidString)/gazetteer")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: folder.deletingLastPathComponent()) }
        for name in ["countries.tsv", "actors.tsv", "words.tsv", "common-words.txt", "publishers.tsv", "regions.tsv"] {
            let text = try String(contentsOfFile: gazetteerFolder + "/" + name, encoding: .utf8)
            // As an editor on Windows saves them: a byte order mark, and "\r\n" line ends.
            try ("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"))
                .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try fm.copyItem(atPath: gazetteerFolder + "/" + Gazetteer.taggerFile,
                        toPath: folder.appendingPathComponent(Gazetteer.taggerFile).path)
        let crlf = try Gazetteer.load(directory: folder.path)
        #expect(crlf.allCountries == gazetteer.allCountries)
        for name in ["Moscow", "russian", "IMF", "Bank of Japan", "Kremlin"] {
            #expect(crlf.country(matching: name) == gazetteer.country(matching: name), "\(name)")
            #expect(crlf.actor(matching: name) == gazetteer.actor(matching: name), "\(name)")
        }
        #expect(crlf.regions.area(matching: "western europe")?.code == gazetteer.regions.area(matching: "western europe")?.code)
        let text = "The Bank of Japan and the IMF met in Moscow."
        #expect(EntityExtractor(gazetteer: crlf).extract(title: "", body: text) == extract("", text))
    }
}
