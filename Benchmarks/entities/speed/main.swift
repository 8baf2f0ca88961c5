// Times EntityExtractor.extract over a folder of articles held in memory
// (first line the headline, the rest the body): for each pass, the mean
// CPU time per article in µs. CPU time of this thread, not wall time: the
// machines are shared, and wall time would count the waiting.
// Uses only the public API, so it builds against any revision's sources
// (see Benchmarks/entities/speed.sh).
// Usage: speed CONFIG_DIR ARTICLES_DIR [PASSES]
import Foundation

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write("usage: speed CONFIG_DIR ARTICLES_DIR [PASSES]\n".data(using: .utf8)!)
    exit(2)
}
func cpuNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

let loadStart = cpuNanoseconds()
let extractor = EntityExtractor(gazetteer: try Gazetteer.load(directory: args[1]))
let loadMillis = Double(cpuNanoseconds() - loadStart) / 1_000_000
let directory = args[2]
let passes = args.count > 3 ? Int(args[3]) ?? 3 : 3
var articles: [(title: String, body: String)] = []
for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".txt") {
    guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else { continue }
    let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    articles.append((String(lines[0]), lines.count > 1 ? String(lines[1]) : ""))
}

var actorsFound = 0
/// One pass over every article; never inlined, so that callgrind can count it alone.
@inline(never) func extractAll() {
    for a in articles { actorsFound &+= extractor.extract(title: a.title, body: a.body).actors.count }
}

var means: [String] = []
for _ in 0..<passes {
    let start = cpuNanoseconds()
    extractAll()
    means.append(String(format: "%.2f", Double(cpuNanoseconds() - start) / 1000 / Double(max(articles.count, 1))))
}
print("us/article", means.joined(separator: " "), "articles", articles.count, "actors", actorsFound,
      "load ms", String(format: "%.0f", loadMillis))
