import Foundation
import GazetteArticles
import GazetteIndex
import GazetteSettings

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

    /// Finds and reads the configuration (ConfigurationFolder.find says where);
    /// the defaults, relative to the current folder, when there is none.
    public static func load(explicitDirectory: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GazetteConfiguration {
        let found: String?
        do {
            found = try ConfigurationFolder.find(explicitDirectory: explicitDirectory, environment: environment)
        } catch {
            throw Error(description: error.description)
        }
        guard let found else { return GazetteConfiguration() }
        return try read(configDirectory: found)
    }

    /// Reads `gazette.toml` in `configDirectory` (defaults for anything it leaves out).
    public static func read(configDirectory: String) throws -> GazetteConfiguration {
        let project = ConfigurationFolder.project(of: configDirectory)
        var config = GazetteConfiguration(projectDirectory: project, configDirectory: configDirectory)
        let settings: SettingsFile
        do {
            guard let read = try SettingsFile.read(configDirectory: configDirectory) else { return config }
            settings = read
        } catch let unreadable as SettingsFile.Unreadable {
            throw Error(description: "cannot read \(unreadable.file): \(IndexFolder.cause(of: unreadable.cause)); make it readable, or point --config at another folder")
        } catch let error as SettingsFile.Error {
            throw Error(description: error.description)
        }
        for (on, feature) in [(settings.spelling, IndexFeatures.spelling), (settings.stories, .stories)] {
            if let on {
                if on { config.features.insert(feature) } else { config.features.remove(feature) }
            }
        }
        if let path = settings.indexPath {
            config.indexPath = path.hasPrefix("/") ? path : (project as NSString).appendingPathComponent(path)
        }
        if let language = settings.language { config.language = language }
        if let flag = settings.indexIsPrivate { config.indexIsPrivate = flag }
        if let n = settings.searchLimit { config.searchLimit = n }
        if let n = settings.snippetLength { config.snippetLength = n }
        if let n = settings.facetLimit { config.facetLimit = n }
        if let synonyms = settings.synonyms {
            config.synonymsFile = synonyms.isEmpty ? nil
                : synonyms.hasPrefix("/") ? synonyms : (configDirectory as NSString).appendingPathComponent(synonyms)
        }
        config.socketPath = settings.socketPath(project: project)
        if let n = settings.maxLineBytes { config.maxLineBytes = n }
        if let n = settings.idleTimeoutSeconds { config.idleTimeoutSeconds = n }
        if let n = settings.maxConnections { config.maxConnections = n }
        if let n = settings.shardTimeoutMilliseconds { config.shardTimeouts.timeoutMilliseconds = n }
        if let n = settings.shardConnectMilliseconds { config.shardTimeouts.connectMilliseconds = n }
        do {
            config.fileSelection = try FileSelection(include: settings.include, exclude: settings.exclude)
        } catch let error as Glob.Invalid {
            throw Error(description: "\(configDirectory + "/gazette.toml"): [files] \(error.description)")
        }
        return config
    }
}
