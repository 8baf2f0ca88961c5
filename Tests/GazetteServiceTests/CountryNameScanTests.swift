import Foundation
@testable import GazetteIndex
@testable import GazetteService
import Testing

/// The indexer's reading of country names byte by byte finds what reading
/// them as `CountryNames.textWords(_:)` makes the words found before it.
@Suite struct CountryNameScanTests {
    static let names: CountryNames = {
        let table = try? SynonymSources.load(gazetteerDirectory: Workspace.repository + "/Config/gazetteer", userFile: nil)
        return table?.countryNames ?? CountryNames()
    }()

    /// The words the scan reads from ASCII text (with a few marks), as Strings.
    static func scanned(_ text: String) -> [String]? {
        CountryNameScan.asciiWords(text).map { words in
            words.ranges.indices.map { String(decoding: words[$0], as: UTF8.self) }
        }
    }

    @Test func asciiTextIsReadIntoTheSameWords() {
        var texts = ["U.S.S.R. and the FRG's bank", "WEST GERMANY'S exports\r\nrose 5.5 pct", "o'neill's 's '' . .. x's",
                     "Bonn-based\tfirm, 1987's (Germany)", "", "  ", "end.", "Britain’s £5bn – “deal” ’s Britain’S’",
                     "U.K.’s\u{A0}pound…"]
        for scalar in CountryNameScan.separators.sorted() {
            let mark = String(Character(Unicode.Scalar(scalar)!))
            texts += [mark, "Germany" + mark + "s", "a" + mark + mark + "B's" + mark]
        }
        for text in texts {
            #expect(Self.scanned(text) == CountryNames.textWords(text), "\(text)")
        }
        for other in ["Côte d'Ivoire", "Zürich", "a\u{301}", "x 😀 y"] {
            #expect(Self.scanned(other) == nil, "other text goes through textWords(_:): \(other)")
        }
    }

    @Test func theScanFindsWhatTheWordsFound() {
        let names = Self.names
        #expect(!names.isEmpty)
        let texts = ["West Germany and the Federal Republic of Germany's bank", "the U.S.S.R., the Soviet Union",
                     "Côte d'Ivoire and Ivory Coast", "GREAT BRITAIN'S pound", "Britain’s pound and the UK’s"]
        for text in texts {
            #expect(names.occurrences(in: [text]) == names.occurrencesByWords(in: [text]), "\(text)")
        }
        #expect(!names.occurrences(in: [texts[0]]).isEmpty)
    }

    /// Every 10th Reuters article and every 5th BBC article: titles and bodies alike.
    @Test func newsIsReadAlike() throws {
        let corpora = Workspace.repository + "/../shared/corpora"
        var checked = 0, found = 0
        for (folder, step) in [("reuters/articles", 10), ("bbc", 5)] {
            let root = corpora + "/" + folder
            let files = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".txt") && $0 != "README.TXT" }.sorted()
            #expect(files.count > 1_000, "\(root)")
            for file in stride(from: 0, to: files.count, by: step).map({ files[$0] }) {
                let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)), as: UTF8.self)
                for part in text.split(separator: "\n", maxSplits: 1).map(String.init) {
                    if let words = Self.scanned(part) { #expect(words == CountryNames.textWords(part), "\(file)") }
                    let occurrences = Self.names.occurrences(in: [part])
                    #expect(occurrences == Self.names.occurrencesByWords(in: [part]), "\(file)")
                    found += occurrences.count
                }
                checked += 1
            }
        }
        #expect(checked > 2_000)
        #expect(found > 1_000, "names are found at all")
    }
}
