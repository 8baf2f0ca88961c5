import Foundation
import GazetteProtocol

// The few Language Server Protocol types Gazette needs, as small Codable
// structs (LSP 3.17 names). Unknown members are ignored when decoding.

/// A place in a text document: 0-based line, and a character offset counted
/// in the negotiated position encoding (UTF-16 code units unless the client
/// offered UTF-8).
public struct Position: Codable, Sendable, Equatable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

public struct TextRange: Codable, Sendable, Equatable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

public struct Location: Codable, Sendable, Equatable {
    public var uri: String
    public var range: TextRange

    public init(uri: String, range: TextRange) {
        self.uri = uri
        self.range = range
    }
}

/// `workspace/symbol` answers with these: one per article.
public struct SymbolInformation: Codable, Sendable, Equatable {
    public var name: String
    /// SymbolKind; Gazette uses File (1): an article is a file.
    public var kind: Int
    public var location: Location
    public var containerName: String?

    public init(name: String, kind: Int, location: Location, containerName: String?) {
        self.name = name
        self.kind = kind
        self.location = location
        self.containerName = containerName
    }
}

public struct MarkupContent: Codable, Sendable, Equatable {
    public var kind: String
    public var value: String

    public init(markdown: String) {
        kind = "markdown"
        value = markdown
    }
}

public struct Hover: Codable, Sendable, Equatable {
    public var contents: MarkupContent
    public var range: TextRange?

    public init(contents: MarkupContent, range: TextRange?) {
        self.contents = contents
        self.range = range
    }
}

// MARK: Requests and notifications from the client

public struct InitializeParams: Decodable, Sendable {
    public struct General: Decodable, Sendable {
        public var positionEncodings: [String]?
    }

    public struct Capabilities: Decodable, Sendable {
        public var general: General?
    }

    public var capabilities: Capabilities?
}

public struct InitializeResult: Encodable, Sendable {
    public struct SyncOptions: Encodable, Sendable {
        public var openClose = true
        /// TextDocumentSyncKind.Full: each change sends the whole text.
        public var change = 1
    }

    public struct Capabilities: Encodable, Sendable {
        public var positionEncoding: String
        public var textDocumentSync = SyncOptions()
        public var hoverProvider = true
        public var workspaceSymbolProvider = true
    }

    public struct ServerInfo: Encodable, Sendable {
        public var name: String
        public var version: String
    }

    public var capabilities: Capabilities
    public var serverInfo: ServerInfo
}

public struct TextDocumentIdentifier: Decodable, Sendable {
    public var uri: String
}

public struct TextDocumentItem: Decodable, Sendable {
    public var uri: String
    public var text: String
}

public struct DidOpenParams: Decodable, Sendable {
    public var textDocument: TextDocumentItem
}

public struct DidChangeParams: Decodable, Sendable {
    public struct Change: Decodable, Sendable {
        /// Absent for a whole-text change (what Gazette asks for).
        public var range: TextRange?
        public var text: String
    }

    public var textDocument: TextDocumentIdentifier
    public var contentChanges: [Change]
}

public struct DidCloseParams: Decodable, Sendable {
    public var textDocument: TextDocumentIdentifier
}

public struct HoverParams: Decodable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
}

public struct WorkspaceSymbolParams: Decodable, Sendable {
    public var query: String
}

// MARK: Envelopes

/// The params of a message, decoded once its method is known.
struct ParamsEnvelope<Params: Decodable>: Decodable {
    var params: Params
}

/// A reply with a result; a nil result is written as `null`, as LSP wants
/// for `shutdown` and for a hover with nothing to show.
struct ResultReply<Result: Encodable>: Encodable {
    var id: RequestID?
    var result: Result?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        if let result { try container.encode(result, forKey: .result) } else { try container.encodeNil(forKey: .result) }
    }
}

/// Error codes LSP adds to JSON-RPC's.
public enum LSPErrorCode {
    public static let parseError = RPCErrorCode.parseError.rawValue
    public static let invalidRequest = RPCErrorCode.invalidRequest.rawValue
    public static let methodNotFound = RPCErrorCode.methodNotFound.rawValue
    public static let invalidParams = RPCErrorCode.invalidParams.rawValue
    public static let internalError = RPCErrorCode.internalError.rawValue
    public static let serverNotInitialized = -32002
    /// The request was valid but could not be answered (a bad query, no index).
    public static let requestFailed = -32803
}
