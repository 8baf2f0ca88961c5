import Foundation
@testable import GazetteService
import Testing

/// The daemon's synonym fingerprint, kept until inotify reports a change,
/// must always equal the one that stats every source.
@Suite struct SourceChangeWatchTests {
    /// A Config/ folder of our own with a user synonym file, and a LocalIndex watching its sources.
    struct Setup {
        let root = NSTemporaryDirectory() + "gazette-watch-\(UUID().uuidString)"
        var config: String { root + "/project/Config" }
        var userFile: String { config + "/synonyms.txt" }
        let local: LocalIndex

        init() throws {
            try FileManager.default.createDirectory(atPath: root + "/project", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Workspace.repository + "/Config", toPath: root + "/project/Config")
            try "cup final, showpiece\n".write(toFile: root + "/project/Config/synonyms.txt", atomically: true, encoding: .utf8)
            local = try LocalIndex(configuration: try GazetteConfiguration.read(configDirectory: root + "/project/Config"),
                                   path: root + "/index")
            try local.watchSynonymSources()
        }

        func statted() -> String {
            SynonymSources.fingerprint(gazetteerDirectory: config + "/gazetteer", userFile: userFile)
        }
    }

    @Test func everyKindOfChangeIsSeenByTheNextLook() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.root) }
        var last = try setup.local.synonymFingerprint()
        #expect(last == setup.statted())
        #expect(try setup.local.synonymFingerprint() == last)

        /// After `change`, the watched fingerprint is the statted one, and new.
        func expectSeen(_ what: Comment, _ change: () throws -> Void) throws {
            try change()
            let now = try setup.local.synonymFingerprint()
            #expect(now == setup.statted(), what)
            #expect(now != last, what)
            last = now
        }
        let handle = try #require(FileHandle(forWritingAtPath: setup.userFile))
        try expectSeen("written in place") {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("derby, local clash\n".utf8))
        }
        try handle.close()
        try expectSeen("replaced by a rename") {
            try "derby, local clash\n".write(toFile: setup.userFile, atomically: true, encoding: .utf8)
        }
        try expectSeen("touched") {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)],
                                                  ofItemAtPath: setup.userFile)
        }
        try expectSeen("a gazetteer file replaced") {
            let actors = setup.config + "/gazetteer/actors.tsv"
            let text = try String(contentsOfFile: actors, encoding: .utf8)
            try (text + "Cup Holder\tperson\tholder\n").write(toFile: actors, atomically: true, encoding: .utf8)
        }
        let moved = setup.root + "/moved"
        // A folder above moved: the user file is gone from its path, which a search must say.
        try FileManager.default.moveItem(atPath: setup.root + "/project", toPath: moved)
        #expect(throws: ServiceError.self) { try setup.local.synonymFingerprint() }
        #expect(throws: ServiceError.self) { try setup.local.synonymFingerprint() }
        try FileManager.default.moveItem(atPath: moved, toPath: setup.root + "/project")
        #expect(try setup.local.synonymFingerprint() == setup.statted())
        last = try setup.local.synonymFingerprint()
        try expectSeen("the user file removed and written anew") {
            try FileManager.default.removeItem(atPath: setup.userFile)
            try "derby, local clash\nfinal, decider\n".write(toFile: setup.userFile, atomically: false, encoding: .utf8)
        }
    }
}
