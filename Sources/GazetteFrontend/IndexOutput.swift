import GazetteOutput
import GazetteProtocol

public enum IndexOutput {
    /// Problems go to stderr, one line each, named by path.
    public static func printProblems(warnings: [FileProblemInfo], failures: [FileProblemInfo], quiet: Bool) {
        if !quiet {
            for warning in warnings {
                Terminal.writeError("gazette: warning: \(Terminal.displayPath(warning.path)): \(warning.message)")
            }
        }
        for failure in failures {
            Terminal.writeError("gazette: \(Terminal.displayPath(failure.path)): \(failure.message)")
        }
    }

    /// Files listed one by one up to this many; beyond, by reason.
    static let maxIgnoredLines = 10

    /// Files passed over, on stderr: each with its reason when there are a
    /// few; otherwise a count per reason with the first few paths.
    public static func printIgnored(_ response: IndexResponse) {
        let files = response.ignoredFiles ?? []
        if response.ignored <= maxIgnoredLines && files.count == response.ignored {
            for file in files {
                Terminal.writeError("gazette: ignored \(Terminal.displayPath(file.path)): \(file.message)")
            }
            return
        }
        for (reason, paths) in byReason(files) {
            let examples = paths.prefix(3).map { Terminal.displayPath($0) }.joined(separator: ", ")
            let more = paths.count > 3 ? ", …" : ""
            Terminal.writeError("gazette: ignored \(paths.count) \(paths.count == 1 ? "file" : "files"): \(reason) (\(examples)\(more))")
        }
        if files.count < response.ignored {
            Terminal.writeError("gazette: ignored \(response.ignored - files.count) more files")
        }
    }

    /// Reasons in order of first appearance, each with its paths.
    static func byReason(_ files: [FileProblemInfo]) -> [(reason: String, paths: [String])] {
        var order: [String] = []
        var paths: [String: [String]] = [:]
        for file in files {
            if paths[file.message] == nil { order.append(file.message) }
            paths[file.message, default: []].append(file.path)
        }
        return order.map { ($0, paths[$0]!) }
    }

    /// What to tell the user when a run indexed nothing at all (nor found
    /// anything unchanged or gone): why, and what Gazette reads. Nil when the
    /// run did something.
    public static func nothingIndexedHint(_ response: IndexResponse, refresh: Bool) -> String? {
        guard response.indexed == 0, response.unchanged == 0, response.removed == 0 else { return nil }
        if refresh && response.failed == 0 && response.ignored == 0 {
            return "nothing indexed: no folder or file has been indexed into this index yet; give some: gazette index PATH"
        }
        var line = "nothing indexed"
        if response.ignored > 0 {
            let common = byReason(response.ignoredFiles ?? []).max { $0.paths.count < $1.paths.count }
            line += ": \(response.ignored) \(response.ignored == 1 ? "file" : "files") ignored"
                + (common.map { " (mostly: \($0.reason))" } ?? "")
        } else if response.failed > 0 {
            line += ": every file failed (see above)"
        } else {
            line += ": no files found"
        }
        return line + ". Gazette reads .txt .md .json .jsonl .html .htm .rss .atom .xml (feeds) .eml .mbox, and files "
            + "without an extension that hold a message, web page, feed, JSON or text; --include GLOB reads other files too"
    }
}
