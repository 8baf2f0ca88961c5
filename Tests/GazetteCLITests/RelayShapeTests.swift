import Foundation
@testable import GazetteRelay
import Testing

/// The small gazette reads the commands it answers itself from a table of
/// their options (RelayCommand.shape). This holds that table to what
/// gazette-full's parser declares (its `--experimental-dump-help`), so an
/// option renamed or turned from a flag into a value there cannot be read
/// differently by the small program.
@Suite struct RelayShapeTests {
    /// One declared argument of a command: its long names, and whether it takes a value or repeats.
    struct Declared {
        let kind: String
        let repeating: Bool
    }

    static func declared(_ command: String) throws -> [String: Declared] {
        let dump = try runBinary("gazette-full", [command, "--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try #require(tool["command"] as? [String: Any])
        func find(_ node: [String: Any]) -> [String: Any]? {
            if node["commandName"] as? String == command { return node }
            for child in node["subcommands"] as? [[String: Any]] ?? [] { if let found = find(child) { return found } }
            return nil
        }
        let found = try #require(find(root), "no \(command) in gazette-full's help dump")
        var result: [String: Declared] = [:]
        for argument in found["arguments"] as? [[String: Any]] ?? [] {
            let kind = argument["kind"] as? String ?? ""
            for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                result[name["name"] as? String ?? ""] = Declared(kind: kind, repeating: argument["isRepeating"] as? Bool ?? false)
            }
        }
        return result
    }

    @Test(arguments: ["search", "similar", "show", "facets", "status"])
    func theRelaysOptionsAreGazetteFullsOptions(command: String) throws {
        let shape = try #require(RelayCommand.shape(of: command))
        let declared = try Self.declared(command)
        for option in shape.options {
            #expect(declared[option]?.kind == "option", "\(command) --\(option): \(String(describing: declared[option]))")
            #expect(declared[option]?.repeating == false, "\(command) --\(option) repeats in gazette-full")
        }
        for option in shape.repeatable {
            #expect(declared[option]?.kind == "option" && declared[option]?.repeating == true, "\(command) --\(option)")
        }
        for flag in shape.flags {
            #expect(declared[flag]?.kind == "flag", "\(command) --\(flag): \(String(describing: declared[flag]))")
        }
    }
}
