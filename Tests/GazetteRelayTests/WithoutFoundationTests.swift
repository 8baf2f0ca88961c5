import Foundation
import GazetteProtocol
import GazetteSettings
import Testing

/// The small gazette links FoundationEssentials only, so the few things it
/// took from Foundation are its own now; they must give Foundation's answers,
/// or the small gazette and gazette-full would find different folders.
@Suite struct WithoutFoundationTests {
    @Test func pathsLoseTheirLastComponentAsNSStringDoes() {
        // (Not a lone relative name: Foundation traps on "a" and "a/"; Gazette's paths are absolute.)
        for path in ["", "/", "/a", "/a/", "a/b", "/a/b/c", "/a//b///", "//a", "./x", "../x/y", "a/./b/"] {
            #expect(PathSyntax.deletingLastComponent(path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
        #expect(PathSyntax.deletingLastComponent("a") == "")
    }

    @Test func pathsGainAComponentAsNSStringDoes() {
        for (path, component) in [("/p", "run/x.sock"), ("/p/", "x"), ("", "x"), ("/p", ""), ("/p", "../x"), ("/", "x")] {
            #expect(PathSyntax.appending(component, to: path) == (path as NSString).appendingPathComponent(component),
                    "\(path) + \(component)")
        }
    }

    @Test func pathsAreStandardizedAsNSStringDoesThroughSymbolicLinks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-paths-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/real/inner", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/relative", withDestinationPath: "real/inner")
        try FileManager.default.createSymbolicLink(atPath: root + "/absolute", withDestinationPath: root + "/real")
        try FileManager.default.createSymbolicLink(atPath: root + "/up", withDestinationPath: "../" + (root as NSString).lastPathComponent + "/real")
        let paths = ["/", root, root + "/", root + "/./real//inner/", root + "/real/inner/../..", root + "/relative",
                     root + "/relative/../x", root + "/absolute/inner", root + "/up/inner", root + "/missing/../real",
                     root + "/real/inner/../../../..", "/..", "/./"]
        for path in paths {
            #expect(PathSyntax.standardizing(path) == (path as NSString).standardizingPath, "\(path)")
        }
        // A link to an absolute path was followed.
        #expect(PathSyntax.standardizing(root + "/absolute/inner") == root + "/real/inner")
    }

    @Test func spacesAreTrimmedAsFoundationTrimsWhitespace() {
        for text in ["", " ", "\t7d \t", "\u{00A0}2024-01\u{2003}", "a b", "\n x \n", " \u{200B}x", "\u{180E}x\u{FEFF}", "\u{2028}x\u{85}", "\u{1680}\u{202F}x\u{205F}", "é ", "\u{3000}今日\u{3000}"] {
            #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
