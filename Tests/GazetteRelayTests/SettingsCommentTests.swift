import Foundation
@testable import GazetteSettings
import Testing
import TOMLKit

/// gazette.toml reaches the TOML parser with its comment lines emptied;
/// what it says, and what is wrong with it, must not change.
@Suite struct SettingsCommentTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Config").standardizedFileURL.path

    @Test func theShippedFileSaysTheSameWithoutItsComments() throws {
        let text = try String(contentsOfFile: Self.shipped + "/gazette.toml", encoding: .utf8)
        let stripped = SettingsFile.withoutCommentLines(text)
        #expect(stripped.count < text.count / 2, "most of the shipped file is comments")
        #expect(stripped.split(separator: "\n", omittingEmptySubsequences: false).count
                == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        let original = try SettingsFile(table: TOMLTable(string: text), file: "gazette.toml")
        let read = try #require(try SettingsFile.read(configDirectory: Self.shipped))
        #expect(read.indexPath == original.indexPath && read.language == original.language)
        #expect(read.searchLimit == original.searchLimit && read.snippetLength == original.snippetLength)
        #expect(read.maxLineBytes == original.maxLineBytes && read.socket == original.socket)
        #expect(read.shardTimeoutMilliseconds == original.shardTimeoutMilliseconds && read.include == original.include)
    }

    @Test func onlyWholeCommentLinesOfPlainTextAreEmptied() {
        #expect(SettingsFile.withoutCommentLines("# a\n  \t# b\r\nkey = 1 # c\n#\n") == "\n\r\nkey = 1 # c\n\n")
        // A comment holding a character TOML refuses stays, for the parser to refuse.
        #expect(SettingsFile.withoutCommentLines("# a\u{7F}\n# b\u{1}\n") == "# a\u{7F}\n# b\u{1}\n")
        // A multi-line string may hold a line that starts with #.
        let multiline = "text = \"\"\"\n# kept\n\"\"\"\n"
        #expect(SettingsFile.withoutCommentLines(multiline) == multiline)
        let literal = "text = '''\n# kept\n'''\n"
        #expect(SettingsFile.withoutCommentLines(literal) == literal)
    }

    @Test func errorsNameTheSameLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-toml-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "# one\n# two\n[index]\n# four\npath = = 1\n".write(toFile: folder + "/gazette.toml", atomically: true, encoding: .utf8)
        #expect {
            try SettingsFile.read(configDirectory: folder)
        } throws: { error in
            "\(error)".contains("gazette.toml:5:")
        }
        try "# one\n[daemon]\n# three\nmax_line_bytes = 5\n".write(toFile: folder + "/gazette.toml", atomically: true, encoding: .utf8)
        #expect(throws: SettingsFile.Error.self) { try SettingsFile.read(configDirectory: folder) }
    }
}
