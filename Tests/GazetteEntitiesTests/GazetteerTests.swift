import Foundation
import Testing
import GazetteEntities

@Suite struct GazetteerTests {
    @Test func countryLookupByNameAliasDemonymCodeAndCapital() {
        for text in ["russia", "Russia", "RU", "RUS", "russian", "Russian Federation", "Moscow", "ru"] {
            #expect(gazetteer.country(matching: text) == Country(code: "RU", name: "Russia"), "\(text)")
        }
        #expect(gazetteer.country(matching: "US")?.name == "United States")
        #expect(gazetteer.country(matching: "america")?.code == "US")
        #expect(gazetteer.country(matching: "British")?.code == "GB")
        #expect(gazetteer.country(matching: "Holland")?.code == "NL")
        #expect(gazetteer.country(matching: "USSR")?.code == "SUHH")
        #expect(gazetteer.country(matching: "Soviet Union")?.name == "Soviet Union")
        #expect(gazetteer.country(matching: "Korea, Republic of")?.name == "South Korea")
        #expect(gazetteer.country(matching: "Iran")?.name == "Iran")
        #expect(gazetteer.country(matching: "Kabul")?.code == "AF")
        #expect(gazetteer.country(matching: "  west   german ")?.code == "DE")
        #expect(gazetteer.country(matching: "Atlantis") == nil)
        #expect(gazetteer.country(matching: "") == nil)
    }

    @Test func everyISOCountryIsThere() {
        let all = gazetteer.allCountries
        #expect(all.count >= 249)
        #expect(Set(all.map(\.code)).count == all.count)
        for c in all { #expect(gazetteer.country(matching: c.code) == c) }
    }

    /// Copies Config/gazetteer into a temporary folder, applies `edit` to one
    /// file, and returns the load error.
    func loadError(file: String, edit: (String) -> String) throws -> GazetteerError? {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("gazetteer-test-\(UUID().uuidString)")
        let dir = tmp.appendingPathComponent("gazetteer")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }
        for name in ["countries.tsv", "actors.tsv", "words.tsv", "common-words.txt"] {
            let text = try String(contentsOfFile: packageRoot + "/Config/gazetteer/" + name, encoding: .utf8)
            try (name == file ? edit(text) : text).write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        do {
            _ = try Gazetteer.load(directory: tmp.path)
            return nil
        } catch let error as GazetteerError {
            return error
        }
    }

    @Test func malformedCountryLineNamesFileAndLine() throws {
        let error = try loadError(file: "countries.tsv") { text in
            var lines = text.components(separatedBy: "\n")
            lines.insert("form\tRU\tname", at: 10)   // too few columns, line 11
            return lines.joined(separator: "\n")
        }
        #expect(error?.file.hasSuffix("countries.tsv") == true)
        #expect(error?.line == 11)
        #expect(error.map { String(describing: $0) }?.contains("countries.tsv:11:") == true)
    }

    @Test func malformedActorLineNamesFileAndLine() throws {
        let error = try loadError(file: "actors.tsv") { $0 + "Somebody\tgroup\tSB\n" }
        #expect(error?.file.hasSuffix("actors.tsv") == true)
        let lines = try String(contentsOfFile: packageRoot + "/Config/gazetteer/actors.tsv", encoding: .utf8)
            .components(separatedBy: "\n").count
        #expect(error?.line == lines)
        #expect(error?.message.contains("org or person") == true)
    }

    @Test func unknownCountryCodeInAFormIsAnError() throws {
        let error = try loadError(file: "countries.tsv") { $0 + "form\tZZ\tname\tZedland\t\n" }
        #expect(error?.message.contains("ZZ") == true)
    }

    @Test func missingFileIsAnError() {
        #expect(throws: GazetteerError.self) { try Gazetteer.load(directory: "/nonexistent/Config") }
    }
}
