import Foundation
@testable import GazetteIndex
import Testing

/// The indexing term generator of a language whose index keeps stems (any
/// but English, whose stems are found at query time) stems through a table
/// of the words it has stemmed (CXapian's stemming.h): it must give the
/// stems Xapian's stemmer gives, also after the table has grown many times
/// and after it has filled up and forgotten every word (past 60,000 words).
@Suite struct RememberedStemTests {
    /// Short and long words (past std::string's 15 inline bytes), with stems
    /// unlike and like themselves.
    static let words = "running connections nationalization internationalisation responsibilities happily "
        + "generously agreed studies organisations markets was the reporters counterrevolutionaries oil"

    /// `count` distinct words of letters only, none of them one of `words`.
    static func filler(_ count: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<count).map { n in
            var word = "zq"
            var rest = n
            for _ in 0..<4 {
                word.append(letters[rest % 26])
                rest /= 26
            }
            return word + "ing"
        }.joined(separator: " ")
    }

    /// The stems of `words` from one term generator before and after it has
    /// stemmed `fillerWords` other words (prefixes XA and XB), and from a new
    /// generator (XC), as stem terms without their "Z" and prefix.
    static func stems(fillerWords: Int) throws -> (first: [String], second: [String], fresh: [String]) {
        let path = NSTemporaryDirectory() + "gazette-stems-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try XapianDatabase.openWritable(path: path)
        let generator = try XapianTermGenerator(language: "french")
        let document = try XapianDocument()
        try generator.begin(document)
        try generator.index(words, prefix: "XA")
        try generator.index(filler(fillerWords))
        try generator.index(words, prefix: "XB")
        _ = try database.replace(document, uniqueTerm: "Qremembered")
        // A new generator remembers nothing: every stem comes from Xapian's stemmer.
        let fresh = try XapianDocument()
        let freshGenerator = try XapianTermGenerator(language: "french")
        try freshGenerator.begin(fresh)
        try freshGenerator.index(words, prefix: "XC")
        _ = try database.replace(fresh, uniqueTerm: "Qfresh")
        try database.commit()
        func stems(_ prefix: String) throws -> [String] {
            try database.terms(prefix: "Z" + prefix).map { String($0.dropFirst(1 + prefix.count)) }
        }
        return (try stems("XA"), try stems("XB"), try stems("XC"))
    }

    @Test(arguments: [0, 5_000, 70_000])
    func rememberedStemsAreTheStemmersStems(fillerWords: Int) throws {
        let (first, second, fresh) = try Self.stems(fillerWords: fillerWords)
        #expect(fresh.contains("nationaliz") && fresh.contains("organis") && fresh.contains("stud"), "\(fresh)")
        #expect(first == fresh)
        #expect(second == fresh)
    }
}
