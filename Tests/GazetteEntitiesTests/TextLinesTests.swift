import Foundation
import Testing
@testable import GazetteEntities

/// Lines and columns are cut over the bytes in place; they must be the
/// pieces the generic split of the text's UTF-8 view makes.
@Suite struct TextLinesTests {
    /// The split the byte scan replaced.
    static func splitLines(_ text: String) -> [Substring] {
        var text = Substring(text)
        if text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { text = Substring(text.utf8.dropFirst(3)) }
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
    }

    static func splitColumns(_ line: Substring) -> [Substring] {
        line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Substring.init)
    }

    static let texts: [String] = {
        var texts = ["", "\n", "\r\n", "\r", "a", "a\n", "a\r\nb\r\n", "\u{FEFF}a\tb\n\tc\t\n", "\u{FEFF}", "x\r\r\ny",
                     "Zoë\tCôte d’Ivoire\r\n東京\t\t\n", "\t", "a\n\n\nb", "\r\n\r\n"]
        let alphabet: [String] = ["a", "é", "\t", "\n", "\r", "\r\n", " ", "東", "\u{FEFF}", "\u{301}"]
        var state: UInt64 = 0x9E37_79B9
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(state % 30) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += alphabet[Int(state >> 33) % alphabet.count]
            }
            texts.append(text)
        }
        return texts
    }()

    @Test func linesAndColumnsAreTheSplitsTheyReplaced() throws {
        var texts = Self.texts
        let folder = packageRoot + "/Config/gazetteer"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".tsv") {
            texts.append(try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
        }
        for text in texts {
            // Compared byte for byte: String equality would let canonically equivalent pieces pass.
            let lines = TextLines.lines(of: text)
            #expect(lines.map { Array($0.utf8) } == Self.splitLines(text).map { Array($0.utf8) },
                    "\(text.prefix(40).debugDescription)")
            for line in lines {
                #expect(TextLines.columns(line).map { Array($0.utf8) } == Self.splitColumns(line).map { Array($0.utf8) },
                        "\(line.debugDescription)")
                for separator: Character in ["|", ",", "\t"] {
                    #expect(TextLines.items(line, separatedBy: separator).map { Array($0.utf8) }
                                == line.split(separator: separator).map { Array($0.utf8) }, "\(line.debugDescription)")
                }
            }
        }
        #expect(TextLines.items("|a||b c|", separatedBy: "|") == ["a", "b c"])
        #expect(TextLines.lines(of: "\u{FEFF}a\r\nb\tc\n") == ["a", "b\tc", ""])
        #expect(TextLines.columns("a\t\tb") == ["a", "", "b"])
    }
}
