#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A JSON number as the text it was written with (`7`, `-0`, `1.5`, `1e308`,
/// `9223372036854775808`). Request ids keep their text so that a reply
/// names its request exactly as the request named itself, whatever number
/// type a client's JSON library reads it into.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let text: String

    /// `text` when it follows JSON's number grammar; nil otherwise.
    public init?(text: String) {
        guard JSONScanner.isNumber(Array(text.utf8)) else { return nil }
        self.text = text
    }

    public init(_ value: Int) { text = String(value) }
    public init(integerLiteral value: Int) { self.init(value) }

    public var description: String { text }
}

/// A JSON-RPC request id: a number or a string.
public enum RequestID: Codable, Sendable, Hashable, CustomStringConvertible {
    case number(JSONNumber)
    case string(String)

    /// Through a Decoder the number's text is not at hand, so it is rebuilt
    /// from its value; `RPCDecoding.head` reads the text as sent.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(JSONNumber(number))
        } else if let number = try? container.decode(Double.self), number.isFinite,
                  let text = JSONNumber(text: Self.text(of: number)) {
            self = .number(text)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Through an Encoder a number is written by value; the wire replies
    /// (`RPCResponse.wireBytes`) write its text.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(n):
            if let integer = Int(n.text) {
                try container.encode(integer)
            } else if let value = Double(n.text), value.isFinite {
                try container.encode(value)
            } else {
                throw EncodingError.invalidValue(n.text, .init(codingPath: encoder.codingPath,
                                                               debugDescription: "no Swift number holds \(n.text)"))
            }
        case let .string(s): try container.encode(s)
        }
    }

    static func text(of number: Double) -> String {
        let text = number.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    public var description: String {
        switch self {
        case let .number(n): return n.text
        case let .string(s): return s
        }
    }
}

/// `{"jsonrpc": "2.0", "id": ..., "method": ..., "params": ...}`; without an id it is a notification.
public struct RPCRequest<Params: Codable & Sendable>: Codable, Sendable {
    public var jsonrpc: String
    public var id: RequestID?
    public var method: String
    public var params: Params?

    public init(id: RequestID?, method: String, params: Params?) {
        self.jsonrpc = "2.0"
        self.id = id
        self.method = method
        self.params = params
    }
}

/// What is read first of any message: everything but the params. The daemon
/// and the language server both start here, each with its own rules on what
/// to answer.
public struct RPCRequestHead: Decodable, Sendable {
    public var jsonrpc: String?
    public var id: RequestID?
    public var method: String?
    /// Whether the id member is present at all (`"id": null` is still a request).
    public var hasID: Bool
    /// False for an id that is neither a number, a string nor null.
    public var idIsValid: Bool
    /// Whether it carries a result or an error: a reply, not a request.
    public var isReply: Bool

    enum CodingKeys: String, CodingKey { case jsonrpc, id, method, result, error }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jsonrpc = try? container.decode(String.self, forKey: .jsonrpc)
        hasID = container.contains(.id)
        id = try? container.decode(RequestID.self, forKey: .id)
        idIsValid = !hasID || id != nil || ((try? container.decodeNil(forKey: .id)) ?? false)
        method = try? container.decode(String.self, forKey: .method)
        isReply = container.contains(.result) || container.contains(.error)
    }
}

public struct RPCResponse<Result: Codable & Sendable>: Codable, Sendable {
    public var jsonrpc: String
    public var id: RequestID?
    public var result: Result

    public init(id: RequestID?, result: Result) {
        self.jsonrpc = "2.0"
        self.id = id
        self.result = result
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        try container.encodeReplyID(id, forKey: .id)
        try container.encode(result, forKey: .result)
    }
}

public struct RPCErrorObject: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public init(_ code: RPCErrorCode, _ message: String) {
        self.init(code: code.rawValue, message: message)
    }

    public var knownCode: RPCErrorCode? { RPCErrorCode(rawValue: code) }

    public var description: String { message }
}

/// An error reply; `id` is null when the request's id could not be read.
public struct RPCErrorResponse: Codable, Sendable {
    public var jsonrpc: String
    public var id: RequestID?
    public var error: RPCErrorObject

    public init(id: RequestID?, error: RPCErrorObject) {
        self.jsonrpc = "2.0"
        self.id = id
        self.error = error
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, id, error }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        try container.encodeReplyID(id, forKey: .id)
        try container.encode(error, forKey: .error)
    }
}

extension KeyedEncodingContainer {
    /// A reply always names its request: `null` when the request's id was null or unreadable.
    mutating func encodeReplyID(_ id: RequestID?, forKey key: Key) throws {
        if let id { try encode(id, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// A message from the server that answers no request.
public struct RPCNotification<Params: Codable & Sendable>: Codable, Sendable {
    public var jsonrpc: String
    public var method: String
    public var params: Params

    public init(method: String, params: Params) {
        self.jsonrpc = "2.0"
        self.method = method
        self.params = params
    }
}

/// What a reply line holds: either a result or an error, for an id.
public struct RPCReplyHead: Decodable, Sendable {
    public var id: RequestID?
    public var method: String?
    public var error: RPCErrorObject?
}

/// Where gazetted listens by default, and where gazette looks for it:
/// `$XDG_RUNTIME_DIR/gazette/gazetted.sock`, else `/tmp/gazette-$UID/gazetted.sock`.
public enum SocketLocation {
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   uid: UInt32 = UInt32(getuid())) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return runtime + "/gazette/gazetted.sock"
        }
        return "/tmp/gazette-\(uid)/gazetted.sock"
    }
}
