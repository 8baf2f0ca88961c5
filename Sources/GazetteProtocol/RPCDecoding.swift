#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading a JSON-RPC message in two steps, as both servers do: the head
/// first, to pick the method, then the params as that method's type.
public enum RPCDecoding {
    /// The head of one message, or the error to answer with: a parse error
    /// for text that is not JSON, an invalid request for JSON that is not an object.
    /// A numeric id is kept as the text it was sent as.
    public static func head(_ data: Data) throws(RPCErrorObject) -> RPCRequestHead {
        try request([UInt8](data)) { _, _ in () }.head
    }

    /// The head and, in the same pass over the JSON, what `rest` reads from
    /// the message knowing its head (the params, as the type its method takes).
    /// Errors are those of `head`; `rest` keeps its own.
    public static func request<Rest>(_ bytes: [UInt8], rest: @escaping (RPCRequestHead, any Decoder) -> Rest)
        throws(RPCErrorObject) -> (head: RPCRequestHead, rest: Rest) {
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[WholeRequest<Rest>.restKey] = rest
            var whole = try decoder.decode(WholeRequest<Rest>.self, from: Data(bytes))
            if whole.head.hasID, let raw = JSONScanner.member("id", in: bytes),
               let number = JSONNumber(text: String(decoding: raw, as: UTF8.self)) {
                whole.head.id = .number(number)
                whole.head.idIsValid = true
            }
            return (whole.head, whole.rest)
        } catch DecodingError.dataCorrupted {
            throw RPCErrorObject(.parseError, "the request is not valid JSON")
        } catch {
            throw RPCErrorObject(.invalidRequest, "a request must be a JSON object")
        }
    }

    private struct WholeRequest<Rest>: Decodable {
        static var restKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "gazette.rest")! }
        var head: RPCRequestHead
        var rest: Rest

        init(from decoder: any Decoder) throws {
            head = try RPCRequestHead(from: decoder)
            // swiftlint:disable:next force_cast
            let read = decoder.userInfo[Self.restKey] as! (RPCRequestHead, any Decoder) -> Rest
            rest = read(head, decoder)
        }
    }

    /// The message's params as `P`; nil when it has none. What is thrown is a
    /// `DecodingError`, for `describe`.
    public static func params<P: Decodable>(_ type: P.Type, from data: Data) throws -> P? {
        try JSONDecoder().decode(ParamsMember<P>.self, from: data).params
    }

    /// The params as `P` from the decoder of a whole message (in `request`'s `rest`); nil when it has none.
    public static func params<P: Decodable>(_ type: P.Type, from decoder: any Decoder) throws -> P? {
        try ParamsMember<P>(from: decoder).params
    }

    private struct ParamsMember<P: Decodable>: Decodable {
        var params: P?
    }

    /// A decoding error as a person would say it: which member, and what is wrong.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        /// `params.facets[0]`: members joined by dots, array positions in brackets.
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(into: "") { out, key in
                if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
        }
        switch error {
        case let .keyNotFound(key, context):
            let parent = path(context.codingPath)
            return "missing \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)"
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "\(path(context.codingPath)) should be \(noun(for: type))"
        case let .dataCorrupted(context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    /// JSON's name for what a Swift type decodes from.
    static func noun(for type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        case is [String: Any].Type: return "an object"
        default: return "\(type)"
        }
    }
}

/// The JSON every Gazette program writes: keys sorted, slashes as they are.
/// `JSONWriter` writes the same bytes on the daemon's hot path.
public enum WireJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
