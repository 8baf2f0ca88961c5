import ArgumentParser
import GazetteFrontend
import GazetteProtocol
import GazetteService

extension Gazette {
    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index article files and folders (folders recursively).",
            discussion: """
                Reads .txt and .md files (first line: headline; the rest: body) and .json and .jsonl \
                files of articles (id, title, body, optional date, source, url). Unchanged files are \
                skipped; files gone from an indexed folder are removed from the index. With no path, \
                every folder and file indexed before is brought up to date. Ends with one summary \
                line; problems are named by path on stderr.
                Exit status: 0 when every file was indexed, 1 when some could not be, 2 on an error.
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

        @Flag(name: .shortAndLong, help: "Print only the summary line and problems.")
        var quiet = false

        func validate() throws {
            if let workers, !(1...64).contains(workers) {
                throw ValidationError("--workers must be between 1 and 64")
            }
            if let commitEvery, commitEvery < 1 {
                throw ValidationError("--commit-every must be at least 1")
            }
        }

        func run() async throws {
            let session = try location.session()
            var options = IndexingOptions(force: force, prune: prune)
            if let workers { options.workers = workers }
            if let commitEvery { options.commitInterval = commitEvery }
            options.parallelBuild = parallelBuild
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
            Terminal.write(report.summary + "\n")
            if report.failed > 0 { throw ExitCode(ExitStatus.partial) }
        }
    }
}
