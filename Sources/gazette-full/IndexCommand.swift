import ArgumentParser
import GazetteCommandLine
import GazetteArticles
import GazetteFrontend
import GazetteProtocol
import GazetteService

extension Gazette {
    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "index",
            abstract: "Index article files and folders (folders recursively).",
            discussion: """
                Reads .txt and .md files (first line: headline; the rest: body), .json and .jsonl \
                files of articles (id, title, body, optional date, source, url), web pages (.html, .htm), \
                RSS and Atom feeds (.rss, .atom, .xml), mail and Usenet messages (.eml, .mbox), and files \
                without an extension whose content is one of these. Large .jsonl files and .json arrays are \
                streamed in parts, with flat memory. Unchanged files are skipped; files \
                gone from an indexed folder are removed from the index. With no path, every folder and \
                file indexed before is brought up to date, with the globs it was indexed with. Ends with \
                one summary line; problems and ignored files are named by path on stderr.
                Exit status: 0 when every file was indexed, 1 when some could not be or nothing was \
                indexed, 2 on an error.
                """
        )

        @OptionGroup var location: IndexLocation

        @Argument(help: ArgumentHelp("Files or folders of articles (default: everything indexed before).", valueName: "path"))
        var paths: [String] = []

        @Flag(help: "Re-index every file, even unchanged ones.")
        var force = false

        @Flag(inversion: .prefixedNo, help: "Remove articles whose files disappeared from indexed folders.")
        var prune = true

        @Option(help: ArgumentHelp("Threads that read and analyse files (default: one per core).", valueName: "n"))
        var workers: Int?

        @Option(help: ArgumentHelp("Commit after this many articles, so an interrupted run keeps its work (default 10000).",
                                   valueName: "n"))
        var commitEvery: Int?

        @Flag(inversion: .prefixedNo,
              help: "Build a new (empty) index on all cores at once and merge the parts with Xapian's compactor.")
        var parallelBuild = true

        @Option(help: ArgumentHelp("Read only files matching this glob, whatever their extension (repeatable; '*.news', 'archive/**').",
                                   valueName: "glob"))
        var include: [String] = []

        @Option(help: ArgumentHelp("Pass over files and folders matching this glob (repeatable; 'drafts', '*.tmp').",
                                   valueName: "glob"))
        var exclude: [String] = []

        @Option(help: ArgumentHelp("Split a new index into N shards (folders in the --index folder, listed by its XAPIANDB stub); each article goes to the shard its id hashes to.",
                                   valueName: "n"))
        var shards: Int?

        @Flag(name: .shortAndLong, help: "Print only the summary line and problems.")
        var quiet = false

        func validate() throws {
            if let workers, !(1...64).contains(workers) {
                throw ValidationError("--workers must be between 1 and 64")
            }
            if let shards, !(1...256).contains(shards) {
                throw ValidationError("--shards must be between 1 and 256")
            }
            if shards != nil && location.index == nil {
                throw ValidationError("--shards makes or checks the shards of one folder: name it with --index DIR")
            }
            if let commitEvery, commitEvery < 1 {
                throw ValidationError("--commit-every must be at least 1")
            }
            if paths.isEmpty && !(include.isEmpty && exclude.isEmpty) {
                throw ValidationError("--include and --exclude go with the folders they choose in: gazette index FOLDER --include GLOB")
            }
            do {
                _ = try FileSelection(include: include, exclude: exclude)
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() async throws {
            let session = try location.session()
            var options = IndexingOptions(force: force, prune: prune)
            if let workers { options.workers = workers }
            if let commitEvery { options.commitInterval = commitEvery }
            options.parallelBuild = parallelBuild
            options.shards = shards
            options.selection = try FileSelection(include: include, exclude: exclude)
            let progress = ProgressLine(enabled: !quiet && Terminal.stderrIsTerminal)
            if case let .daemon(socket) = Backend.route(for: session) {
                progress.update("indexing through gazetted at \(socket)…")
            }
            let report: IndexResponse
            do {
                report = try await Backend.index(paths: paths, options: options, session: session) { step in
                    progress.update("indexing: \(step.done)/\(step.total) files, \(step.articles) articles")
                }
            } catch {
                progress.clear()
                throw error
            }
            progress.clear()
            IndexOutput.printProblems(warnings: report.warnings, failures: report.failures, quiet: quiet)
            if !quiet { IndexOutput.printIgnored(report) }
            Terminal.write(report.summary + "\n")
            if let hint = IndexOutput.nothingIndexedHint(report, refresh: paths.isEmpty) {
                Terminal.writeError("gazette: " + hint)
                throw ExitCode(ExitStatus.partial)
            }
            if report.failed > 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
