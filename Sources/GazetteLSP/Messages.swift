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

public struct InitializeParams: Codable, Sendable {
    public struct General: Codable, Sendable {
        public var positionEncodings: [String]?
    }

    public struct Capabilities: Codable, Sendable {
        public var general: General?
    }

    public var capabilities: Capabilities?

    public init(capabilities: Capabilities? = nil) {
        self.capabilities = capabilities
    }
}

public struct InitializeResult: Codable, Sendable {
    public struct SyncOptions: Codable, Sendable {
        public var openClose = true
        /// TextDocumentSyncKind.Full: each change sends the whole text.
        public var change = 1
    }

    public struct Capabilities: Codable, Sendable {
        public var positionEncoding: String
        public var textDocumentSync = SyncOptions()
        public var hoverProvider = true
        public var workspaceSymbolProvider = true
    }

    public struct ServerInfo: Codable, Sendable {
        public var name: String
        public var version: String
    }

    public var capabilities: Capabilities
    public var serverInfo: ServerInfo
}

public struct TextDocumentIdentifier: Codable, Sendable {
    public var uri: String
}

public struct TextDocumentItem: Codable, Sendable {
    public var uri: String
    public var text: String
}

public struct DidOpenParams: Codable, Sendable {
    public var textDocument: TextDocumentItem
}

public struct DidChangeParams: Codable, Sendable {
    public struct Change: Codable, Sendable {
        /// Absent for a whole-text change (what Gazette asks for).
        public var range: TextRange?
        public var text: String
    }

    public var textDocument: TextDocumentIdentifier
    public var contentChanges: [Change]
}

public struct DidCloseParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
}

public struct HoverParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
}

public struct WorkspaceSymbolParams: Codable, Sendable {
    public var query: String
}

// MARK: Methods

/// `shutdown` takes no params and answers null.
public struct NoParams: Codable, Sendable {
    public init() {}
}

/// A result written as JSON `null`.
public struct NullResult: Codable, Sendable {
    public init() {}
    public init(from decoder: Decoder) throws {}

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

// Requests are RPCMethods, as the daemon's are: a name, params and a result.

public enum InitializeRequest: RPCMethod {
    public typealias Params = InitializeParams
    public typealias Result = InitializeResult
    public static let name = "initialize"
}

public enum ShutdownRequest: RPCMethod {
    public typealias Params = NoParams
    public typealias Result = NullResult
    public static let name = "shutdown"
}

public enum WorkspaceSymbolRequest: RPCMethod {
    public typealias Params = WorkspaceSymbolParams
    public typealias Result = [SymbolInformation]
    public static let name = "workspace/symbol"
}

public enum HoverRequest: RPCMethod {
    public typealias Params = HoverParams
    /// null when there is nothing to show.
    public typealias Result = Hover?
    public static let name = "textDocument/hover"
}

/// A message from the client that gets no reply.
public protocol LSPNotification {
    associatedtype Params: Codable & Sendable
    static var name: String { get }
}

public enum DidOpenNotification: LSPNotification {
    public typealias Params = DidOpenParams
    public static let name = "textDocument/didOpen"
}

public enum DidChangeNotification: LSPNotification {
    public typealias Params = DidChangeParams
    public static let name = "textDocument/didChange"
}

public enum DidCloseNotification: LSPNotification {
    public typealias Params = DidCloseParams
    public static let name = "textDocument/didClose"
}

public enum ExitNotification: LSPNotification {
    public typealias Params = NoParams
    public static let name = "exit"
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
