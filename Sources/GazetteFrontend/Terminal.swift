#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where output goes and how it may be styled.
public enum Terminal {
    /// Bold and colour only on a terminal, and never when NO_COLOR is set.
    public static var stdoutIsStyled: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    public static func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes to stdout, unbuffered by Foundation, so output interleaves
    /// correctly with stderr and survives an early exit.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return  // reader went away (a closed pipe): nothing more to say
                }
                offset += n
            }
        }
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
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        shown = true
    }

    public func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        shown = false
    }
}
