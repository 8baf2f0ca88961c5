#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Exit statuses shared by every command.
public enum ExitStatus {
    /// Something matched, or the work was done.
    public static let success: Int32 = 0
    /// Nothing matched, or some files could not be indexed.
    public static let partial: Int32 = 1
    /// An error: bad input, missing index, locked database.
    public static let failure: Int32 = 2
}

/// `--color`: when text output gets colours and bold.
public enum ColorChoice: String, CaseIterable, Sendable {
    /// On a terminal, unless NO_COLOR is set (to anything but an empty string).
    case auto
    /// Always, whatever stdout is and NO_COLOR says: the option is the user's latest word.
    case always
    case never

    public func styled(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}

/// Where output goes and how it may be styled.
public enum Terminal {
    /// Bold and colour only on a terminal, and never when NO_COLOR is set.
    public static var stdoutIsStyled: Bool { styled(.auto) }

    /// Whether stdout gets colours under `choice`.
    public static func styled(_ choice: ColorChoice) -> Bool {
        // One variable read, not the whole environment copied (a cost every search paid).
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }
        return choice.styled(isTerminal: isatty(STDOUT_FILENO) == 1, environment: noColor.map { ["NO_COLOR": $0] } ?? [:])
    }

    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    public static func writeError(_ line: String) {
        write(line + "\n", to: STDERR_FILENO)
    }

    /// Writes to stdout, unbuffered, so output interleaves correctly with
    /// stderr and survives an early exit.
    public static func write(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Writes all of `text` to the file descriptor `fd` (stdout or stderr).
    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return  // reader went away (a closed pipe): nothing more to say
                }
                offset += n
            }
        }
    }

    /// Says on stderr that an answer covers only the shards that answered (`--allow-partial`).
    public static func warnPartial(_ missingShards: [String]?) {
        guard let missingShards else { return }
        writeError("gazette: partial answer: shard \(missingShards.joined(separator: ", ")) did not answer")
    }

    /// A path as a person would type it: relative when under the current folder.
    public static func displayPath(_ path: String, relativeTo base: String = FileManager.default.currentDirectoryPath) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// Progress on one terminal line, redrawn in place; silent off a terminal.
public final class ProgressLine {
    private let enabled: Bool
    private var shown = false

    public init(enabled: Bool = Terminal.stderrIsTerminal) { self.enabled = enabled }

    public func update(_ text: String) {
        guard enabled else { return }
        Terminal.write("\r\u{1B}[2K" + text, to: STDERR_FILENO)
        shown = true
    }

    public func clear() {
        guard enabled, shown else { return }
        Terminal.write("\r\u{1B}[2K", to: STDERR_FILENO)
        shown = false
    }
}
