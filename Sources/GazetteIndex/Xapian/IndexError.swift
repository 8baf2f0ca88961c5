#if canImport(Glibc)
import Glibc
#endif
internal import CXapian

/// An error from the index, with Xapian's own message and what Gazette was
/// doing (the path, the query) when it happened.
public struct IndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure: one per shim status, named by the shim's own
    /// table (`gz_status_name`), so the names are spelt in one place.
    public enum Code: Sendable, CaseIterable {
        case invalidArgument, notFound, locked, modified, corrupt, versionMismatch, querySyntax
        case documentNotFound, databaseError, outOfMemory, unknown, tooExpensive
        /// A remote shard did not answer in time, refused the connection or hung up.
        case network
        /// Gazette's own, not the shim's: the index folder cannot be made or used.
        case folder

        /// The shim's status for this code: the one mapping between the two
        /// (none for Gazette's own codes).
        var status: gz_status? {
            switch self {
            case .invalidArgument: GZ_INVALID_ARGUMENT
            case .notFound: GZ_DATABASE_NOT_FOUND
            case .locked: GZ_DATABASE_LOCKED
            case .modified: GZ_DATABASE_MODIFIED
            case .corrupt: GZ_DATABASE_CORRUPT
            case .versionMismatch: GZ_DATABASE_VERSION
            case .querySyntax: GZ_QUERY_SYNTAX
            case .documentNotFound: GZ_DOCUMENT_NOT_FOUND
            case .databaseError: GZ_DATABASE_ERROR
            case .outOfMemory: GZ_OUT_OF_MEMORY
            case .unknown: GZ_UNKNOWN_ERROR
            case .network: GZ_NETWORK
            case .tooExpensive: GZ_QUERY_TOO_EXPENSIVE
            case .folder: nil
            }
        }

        init(status: gz_status) {
            self = Self.allCases.first { $0.status == status } ?? .unknown
        }

        /// "database locked", "query syntax" ...
        public var name: String { status.map { String(cString: gz_status_name($0)) } ?? "index folder" }
    }

    public let code: Code
    /// Xapian's message, or Gazette's when the error is Gazette's own.
    public let message: String
    /// What the error is about: a path, a query, a document id.
    public let context: String?

    public init(code: Code, message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String {
        if let context { return "\(code.name): \(message) [\(context)]" }
        return "\(code.name): \(message)"
    }
}

/// Calls a shim function and turns a failure status into an IndexError,
/// freeing the shim's message.
@inline(__always)
func check(_ context: @autoclosure () -> String?,
           _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> gz_status) throws(IndexError) {
    var message: UnsafeMutablePointer<CChar>?
    let status = call(&message)
    if status == GZ_OK { return }
    let text = message.map { String(cString: $0) } ?? String(cString: gz_status_name(status))
    gz_free(message)
    throw IndexError(code: IndexError.Code(status: status), message: text, context: context())
}

/// `string`, checked before it goes to a shim parameter that C reads up to
/// a NUL: with a NUL inside it would be read cut short there (a query
/// `oil\0zzzz` searched as `oil`, two ids that differ after a NUL taken for
/// one), so it is refused. `what` names it in the error ("the query").
func cString(_ string: String, _ what: @autoclosure () -> String) throws(IndexError) -> String {
    if let offset = string.utf8.firstIndex(of: 0) {
        let at = string.utf8.distance(from: string.utf8.startIndex, to: offset)
        throw IndexError(code: .invalidArgument,
                         message: "\(what()) holds a NUL character (U+0000) at byte \(at), which the index cannot take",
                         context: String(decoding: string.utf8.prefix(at), as: UTF8.self) + "…")
    }
    return string
}

/// Copies a buffer the shim allocated into Swift and frees it.
func takeBytes(_ pointer: UnsafeMutablePointer<CChar>?, count: Int) -> [UInt8] {
    guard let pointer else { return [] }
    defer { gz_free(pointer) }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
        Array(UnsafeBufferPointer(start: $0, count: count))
    }
}

func takeString(_ pointer: UnsafeMutablePointer<CChar>?, count: Int) -> String {
    guard let pointer else { return "" }
    defer { gz_free(pointer) }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
}

/// Splits a shim buffer of NUL-terminated strings.
func takeStrings(_ pointer: UnsafeMutablePointer<CChar>?, length: Int) -> [String] {
    let bytes = takeBytes(pointer, count: length)
    return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
        String(decoding: $0, as: UTF8.self)
    }
}

/// Calls a shim function that hands out a buffer of NUL-terminated strings
/// (its length and count through the next two pointers), and splits it.
func checkStrings(_ context: @autoclosure () -> String?,
                  _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>,
                           UnsafeMutablePointer<Int>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> gz_status)
    throws(IndexError) -> [String] {
    var buffer: UnsafeMutablePointer<CChar>?
    var length = 0
    var count = 0
    try check(context()) { error in call(&buffer, &length, &count, error) }
    return takeStrings(buffer, length: length)
}

/// Reads facet values handed out by the shim (a buffer of NUL-terminated
/// labels and a parallel array of counts) and frees both.
func takeFacetCounts(_ labels: UnsafeMutablePointer<CChar>?, _ counts: UnsafeMutablePointer<UInt32>?,
                     count: Int) -> [FacetCount] {
    defer { gz_free(labels); gz_free(counts) }
    guard let labels, let counts else { return [] }
    var result: [FacetCount] = []
    result.reserveCapacity(count)
    var cursor = labels
    for i in 0..<count {
        let label = String(cString: cursor)
        cursor += strlen(cursor) + 1
        result.append(FacetCount(value: label, count: Int(counts[i])))
    }
    return result
}

/// Lends a string's UTF-8 bytes to a C call that takes a pointer and a length.
@inline(__always)
func withBytes<R>(_ string: String, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
    var string = string
    return string.withUTF8 { buffer in
        body(UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), buffer.count)
    }
}

@inline(__always)
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
    bytes.withUnsafeBufferPointer { buffer in
        body(UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), buffer.count)
    }
}
