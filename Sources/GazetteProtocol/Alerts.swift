/// Saved searches and the alerts they raise: `alert/add`, `alert/list` and
/// `alert/remove` keep named queries in the index; a `subscribe` with
/// `alerts: true` receives an `alert/matched` notification for every newly
/// written article a saved query matches.
public enum AlertAddMethod: RPCMethod {
    public typealias Params = AlertAddParams
    public typealias Result = AlertListResponse
    public static let name = "alert/add"
}

public enum AlertListMethod: RPCMethod {
    public typealias Params = AlertListParams
    public typealias Result = AlertListResponse
    public static let name = "alert/list"
}

public enum AlertRemoveMethod: RPCMethod {
    public typealias Params = AlertRemoveParams
    public typealias Result = AlertListResponse
    public static let name = "alert/remove"
}

/// Saves (or replaces) a named query; one with a syntax error is refused.
public struct AlertAddParams: Codable, Sendable, Equatable {
    public var name: String
    public var query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }
}

public struct AlertListParams: Codable, Sendable, Equatable {
    public init() {}
}

public struct AlertRemoveParams: Codable, Sendable, Equatable {
    public var name: String
    public init(name: String) { self.name = name }
}

public struct SavedAlert: Codable, Sendable, Equatable {
    public var name: String
    public var query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }
}

/// The saved searches after the request, by name.
public struct AlertListResponse: Codable, Sendable, Equatable {
    public var alerts: [SavedAlert]
    public init(alerts: [SavedAlert]) { self.alerts = alerts }
}

/// Params of the `alert/matched` notification: one article, one saved search.
public struct AlertMatched: Codable, Sendable, Equatable {
    public static let method = "alert/matched"
    /// The saved search's name.
    public var alert: String
    public var id: String
    public var title: String
    public var path: String?

    public init(alert: String, id: String, title: String, path: String?) {
        self.alert = alert
        self.id = id
        self.title = title
        self.path = path
    }
}

extension AlertMatched {
    /// The whole `alert/matched` notification as WireJSON writes it (keys
    /// sorted), written directly: one commit can send thousands.
    public var notificationLine: [UInt8] {
        var json = JSONWriter(capacity: 64 + alert.utf8.count + id.utf8.count + title.utf8.count + (path?.utf8.count ?? 0))
        json.beginObject()
        json.key("jsonrpc"); json.string("2.0")
        json.key("method"); json.string(Self.method)
        json.key("params")
        json.beginObject()
        json.key("alert"); json.string(alert)
        json.key("id"); json.string(id)
        if let path { json.key("path"); json.string(path) }
        json.key("title"); json.string(title)
        json.endObject()
        json.endObject()
        return json.bytes
    }
}
