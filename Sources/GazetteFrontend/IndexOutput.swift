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
}
