#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The programs installed beside the running one, which it hands a command
/// to as git hands its subcommands: `gazette` runs gazette-full for what it
/// does not answer itself, and gazette-mcp for `gazette mcp`.
public enum SiblingProgram {
    /// `name` in the folder of the running program.
    public static func path(_ name: String) -> String {
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let folder = running.lastIndex(of: "/").map { String(running[..<$0]) } ?? ""
        return folder + "/" + name
    }

    /// Replaces this process with `name` and `arguments`. When it cannot,
    /// says so in one line (`why`: what the program is needed for) and exits 2.
    public static func exec(_ name: String, _ arguments: [String], why: String) -> Never {
        let path = path(name)
        guard access(path, X_OK) == 0 else {
            Terminal.writeError("gazette: \(why) runs the program \(name) beside gazette, and \(path) is missing; "
                + "build it with: swift build --product \(name) (swift build builds it too)")
            exit(ExitStatus.failure)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        Terminal.writeError("gazette: cannot run \(path): \(String(cString: strerror(errno)))")
        exit(ExitStatus.failure)
    }
}
