import Foundation
import Testing

/// `GAZETTE_TRACE_BUILD` marks where a first build's time goes (the
/// benchmarks read it): the serial start, each build thread, the merge and
/// what follows, in order; without it a build prints no marks.
@Suite struct BuildTraceCLITests {
    @Test func aFirstBuildMarksItsPhasesInOrderOnlyWhenAsked() throws {
        let folder = try temporaryFolder("trace")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = folder + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        // Enough files for the parallel first build (ParallelBuild.minimumFiles).
        for n in 0..<1_000 {
            try "Report \(n) on the grain harvest\n\nFarmers in France said harvest \(n) was late.\n"
                .write(toFile: corpus + "/\(n).txt", atomically: false, encoding: .utf8)
        }
        let traced = try run(["index", corpus, "--index", folder + "/traced", "--workers", "2", "--quiet"],
                             environment: ["GAZETTE_TRACE_BUILD": "1"], timeout: 300)
        #expect(traced.status == 0, "\(traced.stderr)")
        let marks = traced.stderr.split(separator: "\n").filter { $0.hasPrefix("trace ") }
        let expected = ["index: start", "files listed: 1000 jobs", "gazetteer ready", "thread 0 done", "thread 1 done",
                        "segments compacted", "spelling counted and written", "merged index moved in", "synonyms stored: done"]
        let positions = expected.map { what in marks.firstIndex { $0.hasSuffix("  " + what) } }
        #expect(!positions.contains(nil), "\(marks)")
        let found = positions.compactMap { $0 }
        // The threads finish in either order; every other phase follows the one before.
        #expect(found[0] < found[1] && found[1] < found[2] && max(found[3], found[4]) < found[5], "\(marks)")
        #expect(found[5] < found[6] && found[6] < found[7] && found[7] < found[8], "\(marks)")
        // Wall and CPU seconds, each never falling.
        let seconds = marks.map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            .map { (Double($0[1]) ?? -1, Double($0[4]) ?? -1) }
        #expect(seconds.allSatisfy { $0.0 >= 0 && $0.1 >= 0 }, "\(marks)")

        let quiet = try run(["index", corpus, "--index", folder + "/quiet", "--workers", "2", "--quiet"], timeout: 300)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stderr.contains("trace "), "\(quiet.stderr)")
    }
}
