import Foundation
import GazetteIndex
import GazetteProtocol
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
        // The user's groups get no canonical term: editing the file leaves an index's terms valid.
        let gazetteerOnly = try SynonymSources.load(gazetteerDirectory: Self.gazetteer, userFile: nil)
        #expect(!table.countryNames.isEmpty && table.countryNames == gazetteerOnly.countryNames)
    }

    /// Files saved by an editor on Windows (a byte order mark, "\r\n" line
    /// ends) give the same synonyms as the shipped files: the gazetteer
    /// loader reads them alike, so the two never disagree.
    @Test func windowsLineEndsAndByteOrderMarksChangeNothing() throws {
        let folder = NSTemporaryDirectory() + "gazette-crlf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func windows(_ text: String) -> String { "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") }
        for name in SynonymSources.gazetteerFiles {
            let text = try String(contentsOfFile: Self.gazetteer + "/" + name, encoding: .utf8)
            try windows(text).write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        let user = "# comment\n\nBritain, United Kingdom  # trailing comment\nHolland,Netherlands\n"
        let plainFile = try file(user), windowsFile = try file(windows(user))
        defer { for path in [plainFile, windowsFile] { try? FileManager.default.removeItem(atPath: path) } }
        let shipped = try SynonymSources.load(gazetteerDirectory: Self.gazetteer, userFile: plainFile)
        let saved = try SynonymSources.load(gazetteerDirectory: folder, userFile: windowsFile)
        #expect(saved.groupCount == shipped.groupCount)
        #expect(saved == shipped)
        #expect(saved.alternatives(to: ["holland"]).map(\.written) == ["Netherlands"])
    }

    /// Indexing stores the synonyms in the index, where searches look them up;
    /// an edit to their sources counts from the next search, and the next
    /// indexing run stores the new ones.
    /// `watched`: as the daemon checks the sources, through inotify.
    @Test(arguments: [false, true]) func indexingStoresThemAndAnEditCountsAtOnce(watched: Bool) throws {
        let root = NSTemporaryDirectory() + "gazette-synonyms-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = root + "/Config"
        try FileManager.default.createDirectory(atPath: root + "/news", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Workspace.repository + "/Config", toPath: config)
        try "cup final, showpiece\n".write(toFile: config + "/synonyms.txt", atomically: true, encoding: .utf8)
        try "Cup final\n\nThe team won the cup final after extra time.\n"
            .write(toFile: root + "/news/cup.txt", atomically: true, encoding: .utf8)
        try "Derby day\n\nThe derby ended in a draw.\n".write(toFile: root + "/news/derby.txt", atomically: true, encoding: .utf8)
        let local = try LocalIndex(configuration: try GazetteConfiguration.read(configDirectory: config), path: root + "/index")
        if watched { try local.watchSynonymSources() }
        func ids(_ query: String) throws -> [String] { try local.search(SearchParams(query: query)).hits.map(\.id) }

        #expect(try local.index(paths: [root + "/news"]).warnings.isEmpty)
        #expect(try local.openReader().usesStoredSynonyms)
        #expect(try ids("showpiece") == ["news/cup.txt"])
        let ussr = try local.search(SearchParams(query: "ussr", explain: true))
        #expect(ussr.expansions?.first?.synonyms.contains("Soviet Union") == true)

        try "derby, local clash\n".write(toFile: config + "/synonyms.txt", atomically: true, encoding: .utf8)
        #expect(try !local.openReader().usesStoredSynonyms)
        #expect(try ids("local clash") == ["news/derby.txt"])
        #expect(try ids("showpiece").isEmpty)
        _ = try local.refresh()
        #expect(try local.openReader().usesStoredSynonyms)
        #expect(try ids("local clash") == ["news/derby.txt"])
        #expect(try ids("showpiece").isEmpty)

        // A bad file is refused by searches, and indexing says it could not store it.
        try "derby\n".write(toFile: config + "/synonyms.txt", atomically: true, encoding: .utf8)
        #expect(throws: ServiceError.self) { try ids("local clash") }
        let report = try local.refresh()
        #expect(report.warnings.contains { $0.message.contains("synonyms not stored") && $0.message.contains(":1:") })
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
