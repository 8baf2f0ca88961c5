#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The path operations of Foundation's `NSString` that finding `Config/`
/// uses, with the same results, written here because FoundationEssentials
/// (all the small `gazette` links) has no `NSString`.
public enum PathSyntax {
    /// `path` without its last component, as `NSString.deletingLastPathComponent`
    /// gives it: repeated slashes folded and a trailing one dropped first;
    /// `/` for a component just under the root, "" for a lone relative one.
    public static func deletingLastComponent(_ path: String) -> String {
        let fixed = foldingSlashes(path)
        guard fixed != "/", !fixed.isEmpty else { return fixed }
        guard let slash = fixed.lastIndex(of: "/") else { return "" }
        return slash == fixed.startIndex ? "/" : String(fixed[..<slash])
    }

    /// `component` after `path`, as `NSString.appendingPathComponent` puts it.
    public static func appending(_ component: String, to path: String) -> String {
        if component.isEmpty { return path }
        if path.isEmpty { return component }
        return path.hasSuffix("/") ? path + component : path + "/" + component
    }

    /// An absolute path with `.` and `..` folded and each symbolic link met on
    /// the way that names an absolute path followed, as `NSString.standardizingPath`
    /// gives it on Linux (which keeps a link to a relative path as it is, and
    /// drops a `/private` or `/var/automount` prefix when the path without it exists).
    public static func standardizing(_ path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        if path.hasPrefix("/") { parts.insert("/", at: 0) }
        guard var resolved = parts.first else { return path }
        for part in parts.dropFirst() {
            switch part {
            case ".":
                continue
            case ".." where path.hasPrefix("/"):
                resolved = deletingLastComponent(resolved)
            default:
                resolved = appending(part, to: resolved)
                if let target = linkTarget(resolved), target.hasPrefix("/") { resolved = target }
            }
        }
        resolved = withoutPrefix("/private", of: resolved)
        return withoutPrefix("/var/automount", of: resolved)
    }

    /// What the symbolic link at `path` points to; nil when it is none.
    static func linkTarget(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        return try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    static func withoutPrefix(_ prefix: String, of path: String) -> String {
        guard path != prefix, path.hasPrefix(prefix) else { return path }
        let rest = String(path.dropFirst(prefix.count))
        return FileManager.default.fileExists(atPath: rest) ? rest : path
    }

    /// Runs of slashes as one, and no trailing slash (but `/` itself).
    static func foldingSlashes(_ path: String) -> String {
        guard path != "/" else { return path }
        var folded = ""
        for character in path where !(character == "/" && folded.hasSuffix("/")) {
            folded.append(character)
        }
        if folded.hasSuffix("/") { folded.removeLast() }
        return folded
    }
}
