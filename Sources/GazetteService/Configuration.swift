import Foundation
import GazetteArticles
import GazetteIndex
import TOMLKit

/// Gazette's settings: `Config/gazette.toml` over built-in defaults.
public struct GazetteConfiguration: Sendable {
    /// The folder holding `Config/`, when one was found; relative paths in the
    /// configuration are taken from it.
    public var projectDirectory: String?
    /// The `Config/` folder itself (gazetteers live under it).
    public var configDirectory: String?

    public var indexPath: String
    /// Whether only the index's owner may read it: folders 0700, files 0600 (`[index] private`).
    public var indexIsPrivate: Bool
    public var language: String
    public var searchLimit: Int
    public var snippetLength: Int
    public var facetLimit: Int
    /// Explicit socket path from the configuration, if any.
    public var socketPath: String?
    public var maxLineBytes: Int
    public var idleTimeoutSeconds: Int
    public var maxConnections: Int
    /// Globs choosing files in every indexed folder (`[files]` include and exclude).
    public var fileSelection: FileSelection
    /// What indexes keep beside terms (`[index] spelling` and `stories`).
    public var features: IndexFeatures
    /// The user's synonym file (`[search] synonyms`, default `Config/synonyms.txt`
    /// when there is one); nil for none.
    public var synonymsFile: String?
    /// How long a remote shard may take before it counts as not answering (`[shards]`).
    public var shardTimeouts: RemoteTimeouts

    /// Defaults, used where no configuration file says otherwise.
    public init(projectDirectory: String? = nil, configDirectory: String? = nil) {
        self.projectDirectory = projectDirectory
        self.configDirectory = configDirectory
        let base = projectDirectory ?? FileManager.default.currentDirectoryPath
        indexPath = (base as NSString).appendingPathComponent("Index")
        indexIsPrivate = true
        language = "english"
        searchLimit = 10
        snippetLength = 200
        facetLimit = 10
        socketPath = nil
        maxLineBytes = 1 << 20
        idleTimeoutSeconds = 60
        maxConnections = 128
        fileSelection = FileSelection()
        features = .all
        synonymsFile = configDirectory.map { $0 + "/synonyms.txt" }.flatMap {
            FileManager.default.fileExists(atPath: $0) ? $0 : nil
        }
        shardTimeouts = RemoteTimeouts()
    }

    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    /// Finds and reads the configuration. `explicitDirectory` (from
    /// `--config` or `GAZETTE_CONFIG`) wins; then `./Config`; then a `Config/`
    /// beside or above the running executable (a build inside the project);
    /// otherwise the defaults, relative to the current folder.
    public static func load(explicitDirectory: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GazetteConfiguration {
        let fm = FileManager.default
        if let given = explicitDirectory ?? environment["GAZETTE_CONFIG"], !given.isEmpty {
            let dir = absolutePath(given)
            guard fm.fileExists(atPath: dir) else {
                throw Error(description: "configuration folder \(dir) does not exist")
            }
            return try read(configDirectory: dir)
        }
        let cwdConfig = absolutePath("Config")
        if fm.fileExists(atPath: cwdConfig + "/gazette.toml") {
            return try read(configDirectory: cwdConfig)
        }
        var dir = (executablePath() as NSString).deletingLastPathComponent
        while dir != "/" && !dir.isEmpty {
            if fm.fileExists(atPath: dir + "/Config/gazette.toml") {
                return try read(configDirectory: dir + "/Config")
            }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return GazetteConfiguration()
    }

    /// Reads `gazette.toml` in `configDirectory` (defaults for anything it leaves out).
    public static func read(configDirectory: String) throws -> GazetteConfiguration {
        let project = (configDirectory as NSString).deletingLastPathComponent
        var config = GazetteConfiguration(projectDirectory: project, configDirectory: configDirectory)
        let file = configDirectory + "/gazette.toml"
        guard FileManager.default.fileExists(atPath: file) else { return config }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw Error(description: "cannot read \(file): \(IndexFolder.cause(of: error)); make it readable, or point --config at another folder")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Error(description: "\(file):\(error.source.begin.line): \(error.description)")
        }
        func section(_ name: String) -> TOMLTable? { table[name]?.table }
        func string(_ t: TOMLTable?, _ key: String) throws -> String? {
            guard let value = t?[key] else { return nil }
            guard let s = value.string else { throw Error(description: "\(file): \(key) must be a string") }
            return s
        }
        func int(_ t: TOMLTable?, _ key: String, min: Int) throws -> Int? {
            guard let value = t?[key] else { return nil }
            guard let n = value.int, n >= min else {
                throw Error(description: "\(file): \(key) must be a whole number of at least \(min)")
            }
            return n
        }
        func bool(_ t: TOMLTable?, _ key: String) throws -> Bool? {
            guard let value = t?[key] else { return nil }
            guard let b = value.bool else { throw Error(description: "\(file): \(key) must be true or false") }
            return b
        }
        let index = section("index")
        for (key, feature) in [("spelling", IndexFeatures.spelling), ("stories", .stories)] {
            if let on = try bool(index, key) {
                if on { config.features.insert(feature) } else { config.features.remove(feature) }
            }
        }
        if let path = try string(index, "path") {
            config.indexPath = path.hasPrefix("/") ? path : (project as NSString).appendingPathComponent(path)
        }
        if let language = try string(index, "language") { config.language = language }
        if let value = index?["private"] {
            guard let flag = value.bool else { throw Error(description: "\(file): [index] private must be true or false") }
            config.indexIsPrivate = flag
        }
        let search = section("search")
        if let n = try int(search, "limit", min: 1) { config.searchLimit = n }
        if let n = try int(search, "snippet_length", min: 20) { config.snippetLength = n }
        if let n = try int(search, "facet_limit", min: 1) { config.facetLimit = n }
        if let synonyms = try string(search, "synonyms") {
            config.synonymsFile = synonyms.isEmpty ? nil
                : synonyms.hasPrefix("/") ? synonyms : (configDirectory as NSString).appendingPathComponent(synonyms)
        }
        let daemon = section("daemon")
        if let socket = try string(daemon, "socket"), !socket.isEmpty {
            config.socketPath = socket.hasPrefix("/") ? socket : (project as NSString).appendingPathComponent(socket)
        }
        if let n = try int(daemon, "max_line_bytes", min: 1024) { config.maxLineBytes = n }
        if let n = try int(daemon, "idle_timeout_seconds", min: 1) { config.idleTimeoutSeconds = n }
        if let n = try int(daemon, "max_connections", min: 1) { config.maxConnections = n }
        let shards = section("shards")
        if let n = try int(shards, "timeout_ms", min: 1) { config.shardTimeouts.timeoutMilliseconds = n }
        if let n = try int(shards, "connect_timeout_ms", min: 1) { config.shardTimeouts.connectMilliseconds = n }
        let files = section("files")
        func strings(_ key: String) throws -> [String] {
            guard let value = files?[key] else { return [] }
            let list = value.array?.compactMap(\.string)
            guard let list, list.count == value.array?.count else {
                throw Error(description: "\(file): [files] \(key) must be a list of glob strings")
            }
            return list
        }
        do {
            config.fileSelection = try FileSelection(include: try strings("include"), exclude: try strings("exclude"))
        } catch let error as Glob.Invalid {
            throw Error(description: "\(file): [files] \(error.description)")
        }
        return config
    }

    static func absolutePath(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first.map(absolutePath) ?? "/"
    }
}
