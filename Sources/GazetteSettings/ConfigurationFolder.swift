#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where Gazette's `Config/` folder is, found the same way by every program.
public enum ConfigurationFolder {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// `explicitDirectory` (from `--config` or `GAZETTE_CONFIG`) wins; then
    /// `./Config`; then a `Config/` beside or above the running executable (a
    /// build inside the project); nil for none (the defaults, relative to the
    /// current folder).
    /// `environment`: the variables to read (nil: this process's own).
    public static func find(explicitDirectory: String? = nil,
                            environment: [String: String]? = nil) throws(Missing) -> String? {
        let fm = FileManager.default
        let variable = environment.map { $0["GAZETTE_CONFIG"] } ?? getenv("GAZETTE_CONFIG").map { String(cString: $0) }
        if let given = explicitDirectory ?? variable, !given.isEmpty {
            let dir = absolutePath(given)
            guard fm.fileExists(atPath: dir) else {
                throw Missing(description: "configuration folder \(dir) does not exist")
            }
            return dir
        }
        let cwdConfig = absolutePath("Config")
        if fm.fileExists(atPath: cwdConfig + "/gazette.toml") { return cwdConfig }
        var dir = PathSyntax.deletingLastComponent(executablePath())
        while dir != "/" && !dir.isEmpty {
            if fm.fileExists(atPath: dir + "/Config/gazette.toml") { return dir + "/Config" }
            dir = PathSyntax.deletingLastComponent(dir)
        }
        return nil
    }

    /// The project folder of a `Config/` folder: relative paths in the configuration start there.
    public static func project(of configDirectory: String) -> String {
        PathSyntax.deletingLastComponent(configDirectory)
    }

    public static func absolutePath(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return PathSyntax.standardizing(full)
    }

    public static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first.map(absolutePath) ?? "/"
    }
}
