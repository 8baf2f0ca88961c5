import Foundation
import GazetteProtocol

/// Request ids the MCP SDK cannot hold. JSON-RPC allows any number as an id
/// and asks for it back as sent; the SDK keeps only strings and integers, so
/// `1.5` or `1e400` would be a parse error and `-0` or `1E+2` would come back
/// as `0` and `100`. Such an id reaches the SDK as a stand-in string and its
/// reply leaves with the number as the client wrote it.
struct NumericIDs {
    private var written: [String: [UInt8]] = [:]
    private var next = 0

    /// The stand-ins start with a character no client puts in its ids.
    static let prefix = "\u{1}gazette-id-"

    /// A message (or batch) as the SDK should read it.
    mutating func inbound(_ data: Data) -> Data {
        rewrite(data, inbound: true)
    }

    /// A message (or batch) from the SDK as the client should read it.
    mutating func outbound(_ data: Data) -> Data {
        rewrite(data, inbound: false)
    }

    /// `data` with the id of its message, or of each message of a batch, changed.
    private mutating func rewrite(_ data: Data, inbound: Bool) -> Data {
        let bytes = [UInt8](data)
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return data }
        if first == UInt8(ascii: "{") {
            return (inbound ? standIn(in: bytes) : original(in: bytes)).map { Data($0) } ?? data
        }
        guard first == UInt8(ascii: "["), let elements = JSONScanner.elements(in: bytes) else { return data }
        var changed = false
        var parts: [[UInt8]] = []
        for element in elements {
            let message = Array(element)
            let replaced = inbound ? standIn(in: message) : original(in: message)
            changed = changed || replaced != nil
            parts.append(replaced ?? message)
        }
        guard changed else { return data }
        return Data([UInt8(ascii: "[")] + Array(parts.joined(separator: [UInt8(ascii: ",")])) + [UInt8(ascii: "]")])
    }

    /// The message with a stand-in for its id, when the SDK would not keep that id as written.
    private mutating func standIn(in message: [UInt8]) -> [UInt8]? {
        guard let raw = JSONScanner.member("id", in: message) else { return nil }
        let text = String(decoding: raw, as: UTF8.self)
        guard JSONNumber(text: text) != nil, Int(text).map({ String($0) }) != text else { return nil }
        next += 1
        let name = Self.prefix + String(next)
        written[name] = Array(raw)
        // The prefix's U+0001, escaped as JSON requires.
        return replacing(raw, in: message, with: Array("\"\\u0001\(name.dropFirst())\"".utf8))
    }

    /// The message with its stand-in id put back as the client wrote it.
    private mutating func original(in message: [UInt8]) -> [UInt8]? {
        guard let raw = JSONScanner.member("id", in: message), raw.first == UInt8(ascii: "\""),
              let name = try? JSONDecoder().decode(String.self, from: Data(raw)), name.hasPrefix(Self.prefix),
              let number = written.removeValue(forKey: name) else { return nil }
        return replacing(raw, in: message, with: number)
    }

    private func replacing(_ slice: ArraySlice<UInt8>, in message: [UInt8], with text: [UInt8]) -> [UInt8] {
        var out = message
        out.replaceSubrange(slice.startIndex..<slice.endIndex, with: text)
        return out
    }
}
