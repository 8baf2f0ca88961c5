import Foundation
import GazetteIndex
@testable import GazetteService
import Testing

/// Synonyms from the gazetteers and from the user's file.
@Suite struct SynonymTests {
    static let gazetteer = Workspace.repository + "/Config/gazetteer"

    func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "gazette-synonyms-\(UUID().uuidString).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theGazetteersGiveActorAliasesAndCountryNames() throws {
        let table = try SynonymSources.load(gazetteerDirectory: Self.gazetteer, userFile: nil)
        func others(_ name: String) -> Set<String> { Set(table.alternatives(to: SynonymTable.words(of: name)).map(\.written)) }
        #expect(others("ussr").contains("Soviet Union"))
        #expect(table.alternatives(to: ["soviet", "union"]).contains { $0.words == ["ussr"] })
        #expect(others("UK").contains("United Kingdom"))
        #expect(others("isis-k").contains("Islamic State Khorasan"))
        #expect(others("imf").contains("International Monetary Fund"))
        // Evidence is not a synonym: England is in the United Kingdom, not another name for it.
        #expect(!others("United Kingdom").contains("England"))
        #expect(!others("Soviet Union").contains("Supreme Soviet"))
        // A name that is also a common word is left out: "U.S." reads as the word "us".
        #expect(others("us").isEmpty)
        #expect(!table.alternatives(to: ["united", "states"]).contains { $0.words == ["us"] })
        #expect(others("who").isEmpty)
    }

    @Test func theUserFileAddsGroups() throws {
        let path = try file("# comment\n\nBritain, United Kingdom  # trailing comment\nHolland,Netherlands\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try SynonymSources.load(gazetteerDirectory: Self.gazetteer, userFile: path)
        #expect(table.alternatives(to: ["britain"]).map(\.written).contains("United Kingdom"))
        #expect(table.alternatives(to: ["holland"]).map(\.written) == ["Netherlands"])
    }

    @Test(arguments: [
        ("", "holds no synonyms"),
        ("# only a comment\n\n", "holds no synonyms"),
        ("ussr, soviet union\njust one name\n", ":2: a group needs at least two names"),
        ("ussr,, soviet union\n", ":1: an empty name between commas"),
        ("ussr, \"soviet union\"\n", ":1: '\"soviet union\"' holds query syntax"),
        ("ussr, ---\n", ":1: '---' has no letters or digits"),
    ])
    func aBadFileIsRefusedNamingTheLine(text: String, message: String) throws {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ServiceError.self) {
            try SynonymSources.load(gazetteerDirectory: Self.gazetteer, userFile: path)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }
}
