import ArgumentParser
import Foundation
import GazetteFrontend

/// How Gazette's programs run their root command: usage errors exit with 2
/// like every other error, and a failure prints one line on stderr.
public enum CommandLineProgram {
    public static func run<Root: ParsableCommand>(_ root: Root.Type, name: String) async {
        do {
            var command = try root.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Terminal.writeError("\(name): \(failure.message)")
            Foundation.exit(failure.status)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if root.exitCode(for: error) == .success {
                root.exit(withError: error)  // --help, --version
            }
            Terminal.writeError(root.fullMessage(for: error))
            Foundation.exit(ExitStatus.failure)
        }
    }
}
