/// A JSON-RPC method: its name, its params and its result.
public protocol RPCMethod {
    associatedtype Params: Codable & Sendable
    associatedtype Result: Codable & Sendable
    static var name: String { get }
}

public enum SearchMethod: RPCMethod {
    public typealias Params = SearchParams
    public typealias Result = SearchResponse
    public static let name = "search"
}

public enum DocumentMethod: RPCMethod {
    public typealias Params = DocumentParams
    public typealias Result = DocumentResponse
    public static let name = "document"
}

public enum IndexMethod: RPCMethod {
    public typealias Params = IndexParams
    public typealias Result = IndexResponse
    public static let name = "index"
}

public enum RemoveMethod: RPCMethod {
    public typealias Params = RemoveParams
    public typealias Result = RemoveResponse
    public static let name = "remove"
}

public enum StatusMethod: RPCMethod {
    public typealias Params = StatusParams
    public typealias Result = StatusResponse
    public static let name = "status"
}

public enum FacetsMethod: RPCMethod {
    public typealias Params = FacetsParams
    public typealias Result = FacetsResponse
    public static let name = "facets"
}

/// `similar`: the articles most like one, ranked, in the shape of a search reply.
public enum SimilarMethod: RPCMethod {
    public typealias Params = SimilarParams
    public typealias Result = SearchResponse
    public static let name = "similar"
}

// MARK: document

public struct DocumentParams: Codable, Sendable, Equatable {
    public var id: String
    /// On a sharded index, look among the shards that answer when some do
    /// not (the reply says which are missing), instead of failing (default false).
    public var allowPartial: Bool?

    public init(id: String, allowPartial: Bool? = nil) {
        self.id = id
        self.allowPartial = allowPartial
    }

    enum CodingKeys: String, CodingKey {
        case id
        case allowPartial = "allow_partial"
    }
}

/// A stored article, whole.
public struct DocumentResponse: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var date: String?
    public var path: String?
    public var source: String?
    public var url: String?
    public var actors: [String]
    public var countries: [String]
    /// Every country mentioned, salient or not.
    public var mentions: [String]
    public var text: String
    /// Present (true) when some shards did not answer (`allow_partial`).
    public var partial: Bool?
    /// The shards that did not answer, when `partial`.
    public var missingShards: [String]?

    public init(id: String, title: String, date: String?, path: String?, source: String?, url: String?,
                actors: [String], countries: [String], mentions: [String], text: String, missingShards: [String] = []) {
        (partial, self.missingShards) = PartialAnswer.flags(missingShards)
        self.id = id
        self.title = title
        self.date = date
        self.path = path
        self.source = source
        self.url = url
        self.actors = actors
        self.countries = countries
        self.mentions = mentions
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case id, title, date, path, source, url, actors, countries, mentions, text, partial
        case missingShards = "missing_shards"
    }
}

/// How a reply says that some shards did not answer: `"partial": true` and
/// `"missing_shards"`, both left out of a whole answer.
public enum PartialAnswer {
    public static func flags(_ missingShards: [String]) -> (partial: Bool?, missing: [String]?) {
        missingShards.isEmpty ? (nil, nil) : (true, missingShards)
    }
}

// MARK: similar

public struct SimilarParams: Codable, Sendable, Equatable {
    /// The article to find others like.
    public var id: String
    /// Only among this query's matches; all articles when absent.
    public var query: String?
    public var limit: Int?
    public var offset: Int?
    public var facets: [String]?
    public var facetLimit: Int?
    public var snippets: Bool?
    public var locate: Bool?
    public var since: String?
    public var until: String?
    public var collapse: Bool?
    /// "articles" (default) or "stories", as in search.
    public var facetCount: String?

    public init(id: String, query: String? = nil, limit: Int? = nil, offset: Int? = nil, facets: [String]? = nil,
                facetLimit: Int? = nil, snippets: Bool? = nil, locate: Bool? = nil, since: String? = nil,
                until: String? = nil, collapse: Bool? = nil, facetCount: String? = nil) {
        self.id = id
        self.facetCount = facetCount
        self.query = query
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.facetLimit = facetLimit
        self.snippets = snippets
        self.locate = locate
        self.since = since
        self.until = until
        self.collapse = collapse
    }

    enum CodingKeys: String, CodingKey {
        case id, query, limit, offset, facets, snippets, locate, since, until, collapse
        case facetLimit = "facet_limit"
        case facetCount = "facet_count"
    }

    /// The search that answers it: the query (if any), ranked by likeness to the article.
    public var search: SearchParams {
        SearchParams(query: query ?? "", limit: limit, offset: offset, facets: facets, facetLimit: facetLimit,
                     snippets: snippets, locate: locate, like: id, since: since, until: until, collapse: collapse,
                     facetCount: facetCount)
    }
}

// MARK: index

/// Inline article for `index`.
public struct ArticleInput: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var body: String
    /// YYYY-MM-DD (or any ISO 8601 date-time).
    public var date: String?
    public var source: String?
    public var url: String?

    public init(id: String, title: String, body: String, date: String? = nil, source: String? = nil, url: String? = nil) {
        self.id = id
        self.title = title
        self.body = body
        self.date = date
        self.source = source
        self.url = url
    }
}

public struct IndexParams: Codable, Sendable, Equatable {
    /// Files or folders, as absolute paths (the daemon does not know the client's folder).
    public var paths: [String]?
    public var articles: [ArticleInput]?
    /// Re-index even unchanged files.
    public var force: Bool?
    /// Bring every indexed folder and file up to date (no paths needed).
    public var refresh: Bool?
    /// Globs choosing files in the folders of `paths`, which remember them.
    public var include: [String]?
    public var exclude: [String]?

    public init(paths: [String]? = nil, articles: [ArticleInput]? = nil, force: Bool? = nil, refresh: Bool? = nil,
                include: [String]? = nil, exclude: [String]? = nil) {
        self.paths = paths
        self.articles = articles
        self.force = force
        self.refresh = refresh
        self.include = include
        self.exclude = exclude
    }
}

public struct FileProblemInfo: Codable, Sendable, Equatable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

public struct IndexResponse: Codable, Sendable, Equatable {
    public var indexed: Int
    public var articles: Int
    public var unchanged: Int
    public var failed: Int
    public var removed: Int
    public var ignored: Int
    public var seconds: Double
    public var failures: [FileProblemInfo]
    public var warnings: [FileProblemInfo]
    /// One line, as `gazette index` prints it.
    public var summary: String
    /// Files passed over, with the reason (the first thousand).
    public var ignoredFiles: [FileProblemInfo]?

    public init(indexed: Int, articles: Int, unchanged: Int, failed: Int, removed: Int, ignored: Int,
                seconds: Double, failures: [FileProblemInfo], warnings: [FileProblemInfo], summary: String,
                ignoredFiles: [FileProblemInfo]? = nil) {
        self.indexed = indexed
        self.articles = articles
        self.unchanged = unchanged
        self.failed = failed
        self.removed = removed
        self.ignored = ignored
        self.seconds = seconds
        self.failures = failures
        self.warnings = warnings
        self.summary = summary
        self.ignoredFiles = ignoredFiles
    }

    enum CodingKeys: String, CodingKey {
        case indexed, articles, unchanged, failed, removed, ignored, seconds, failures, warnings, summary
        case ignoredFiles = "ignored_files"
    }
}

// MARK: remove

public struct RemoveParams: Codable, Sendable, Equatable {
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }
}

public struct RemoveResponse: Codable, Sendable, Equatable {
    public var removed: Int
    /// Ids that were not in the index.
    public var missing: [String]

    public init(removed: Int, missing: [String]) {
        self.removed = removed
        self.missing = missing
    }
}

// MARK: status

public struct StatusParams: Codable, Sendable, Equatable {
    public init() {}
}

public struct StatusResponse: Codable, Sendable, Equatable {
    /// "daemon" or "direct": who answered.
    public var mode: String
    public var documents: Int
    public var index: String
    public var revision: UInt64
    public var version: String
    /// ISO 8601, when the index records one.
    public var lastCommit: String?
    /// Seconds since the daemon started; absent in direct mode.
    public var uptime: Double?
    public var socket: String?
    public var language: String
    /// Present for a sharded index: every shard, in the stub's order.
    public var shards: [ShardInfo]?

    public init(mode: String, documents: Int, index: String, revision: UInt64, version: String,
                lastCommit: String?, uptime: Double?, socket: String?, language: String, shards: [ShardInfo]? = nil) {
        self.shards = shards
        self.mode = mode
        self.documents = documents
        self.index = index
        self.revision = revision
        self.version = version
        self.lastCommit = lastCommit
        self.uptime = uptime
        self.socket = socket
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case mode, documents, index, revision, version, uptime, socket, language, shards
        case lastCommit = "last_commit"
    }
}

/// One shard of a sharded index, as `status` reports it.
public struct ShardInfo: Codable, Sendable, Equatable {
    /// Its folder, or `remote HOST:PORT`.
    public var name: String
    public var remote: Bool
    /// Whether it answered just now (on a fresh connection).
    public var answers: Bool
    /// Its document count, when it answered.
    public var documents: Int?
    /// Why it did not answer.
    public var error: String?

    public init(name: String, remote: Bool, answers: Bool, documents: Int?, error: String?) {
        self.name = name
        self.remote = remote
        self.answers = answers
        self.documents = documents
        self.error = error
    }
}

// MARK: facets

public struct FacetsParams: Codable, Sendable, Equatable {
    /// "actor" or "country".
    public var facet: String
    /// Count over the articles matching this query; all articles when absent.
    public var query: String?
    public var limit: Int?
    /// "articles" (default) or "stories", as in search.
    public var facetCount: String?
    /// On a sharded index, count over the shards that answer when some do
    /// not (flagged `partial`), instead of failing (default false).
    public var allowPartial: Bool?

    public init(facet: String, query: String? = nil, limit: Int? = nil, facetCount: String? = nil,
                allowPartial: Bool? = nil) {
        self.facet = facet
        self.query = query
        self.limit = limit
        self.facetCount = facetCount
        self.allowPartial = allowPartial
    }

    enum CodingKeys: String, CodingKey {
        case facet, query, limit
        case facetCount = "facet_count"
        case allowPartial = "allow_partial"
    }
}

public struct FacetsResponse: Codable, Sendable, Equatable {
    public var facet: String
    public var query: String
    /// Articles the counts are over.
    public var total: Int
    public var values: [FacetValue]
    /// For `date`: the buckets (and `values` is empty).
    public var timeline: Timeline?
    /// What the counts count: "articles" or "stories".
    public var facetCount: String?
    /// Present (true) when some shards did not answer: the counts cover the others only.
    public var partial: Bool?
    /// The shards that did not answer, when `partial`.
    public var missingShards: [String]?

    public init(facet: String, query: String, total: Int, values: [FacetValue], timeline: Timeline? = nil,
                facetCount: String? = nil, missingShards: [String] = []) {
        self.facetCount = facetCount
        (partial, self.missingShards) = PartialAnswer.flags(missingShards)
        self.facet = facet
        self.query = query
        self.total = total
        self.values = values
        self.timeline = timeline
    }

    enum CodingKeys: String, CodingKey {
        case facet, query, total, values, timeline, partial
        case facetCount = "facet_count"
        case missingShards = "missing_shards"
    }
}

/// Gazette's version, reported by `status`.
public enum GazetteVersion {
    public static let current = "0.1.0"
}

// MARK: subscribe

/// `subscribe`: after the reply, the connection receives an
/// `index/changed` notification whenever the index revision changes, and
/// with `alerts: true` an `alert/matched` notification (Alerts.swift) for
/// every newly written article a saved search matches.
public enum SubscribeMethod: RPCMethod {
    public typealias Params = SubscribeParams
    public typealias Result = SubscribeResponse
    public static let name = "subscribe"
}

public struct SubscribeParams: Codable, Sendable, Equatable {
    /// Also receive `alert/matched` notifications (saved searches matching new articles).
    public var alerts: Bool?
    public init(alerts: Bool? = nil) { self.alerts = alerts }
}

public struct SubscribeResponse: Codable, Sendable, Equatable {
    public var revision: UInt64
    public init(revision: UInt64) { self.revision = revision }
}

/// Params of the `index/changed` notification.
public struct IndexChanged: Codable, Sendable, Equatable {
    public static let method = "index/changed"
    public var revision: UInt64
    public var documents: Int

    public init(revision: UInt64, documents: Int) {
        self.revision = revision
        self.documents = documents
    }
}
