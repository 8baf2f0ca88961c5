import Foundation
import MCP

/// A tool call that cannot be answered: the message goes back to the model
/// as the tool's result, flagged as an error, so it can correct the call.
struct ToolError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// One argument of a tool: what its JSON Schema says, and what the call is
/// checked against. Schema and checks come from this one table, so they agree.
struct Parameter: Sendable {
    enum Kind: Sendable {
        case string
        /// `YYYY-MM-DD`.
        case date
        case integer(ClosedRange<Int>)
        case boolean
        /// One of these names, as a string.
        case choice([String])
        /// A list of these names.
        case choices([String])
        case strings
    }

    let name: String
    let kind: Kind
    let required: Bool
    let description: String

    init(_ name: String, _ kind: Kind, required: Bool = false, _ description: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.description = description
    }

    /// Dates as the query syntax writes them (`date:2024-03-01..2024-03-31`).
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

    var schema: Value {
        var object: [String: Value] = ["description": .string(description)]
        switch kind {
        case .string:
            object["type"] = "string"
        case .date:
            object["type"] = "string"
            object["pattern"] = .string(Self.datePattern)
        case let .integer(range):
            object["type"] = "integer"
            object["minimum"] = .int(range.lowerBound)
            object["maximum"] = .int(range.upperBound)
        case .boolean:
            object["type"] = "boolean"
        case let .choice(names):
            object["type"] = "string"
            object["enum"] = .array(names.map { .string($0) })
        case let .choices(names):
            object["type"] = "array"
            object["items"] = ["type": "string", "enum": .array(names.map { .string($0) })]
            object["uniqueItems"] = true
        case .strings:
            object["type"] = "array"
            object["items"] = ["type": "string"]
        }
        return .object(object)
    }

    /// The input schema of a tool taking `parameters`: an object that allows no other properties.
    static func schema(_ parameters: [Parameter]) -> Value {
        var object: [String: Value] = [
            "type": "object",
            "properties": .object(Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.schema) })),
            "additionalProperties": false,
        ]
        let required = parameters.filter(\.required).map { Value.string($0.name) }
        if !required.isEmpty { object["required"] = .array(required) }
        return .object(object)
    }
}

/// A call's arguments, checked against the tool's parameters: unknown names,
/// missing required ones, wrong JSON types and out-of-range integers are
/// refused with a message that names the argument. `null` counts as absent.
struct ToolArguments {
    private let values: [String: Value]

    init(_ given: [String: Value]?, tool: String, parameters: [Parameter]) throws(ToolError) {
        let given = (given ?? [:]).filter { !$0.value.isNull }
        let known = Set(parameters.map(\.name))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            let names = parameters.map(\.name)
            throw ToolError("\(tool) takes no argument '\(unknown)'; "
                + (names.isEmpty ? "it takes none" : "its arguments are: \(names.joined(separator: ", "))"))
        }
        for parameter in parameters {
            guard let value = given[parameter.name] else {
                if parameter.required { throw ToolError("\(parameter.name) is required: \(parameter.description)") }
                continue
            }
            try Self.check(value, against: parameter)
        }
        values = given
    }

    private static func check(_ value: Value, against parameter: Parameter) throws(ToolError) {
        let name = parameter.name
        switch parameter.kind {
        case .string, .choice:
            guard Self.text(value) != nil else { throw wrongType(name, "a string", value) }
        case .date:
            guard let text = Self.text(value) else { throw wrongType(name, "a date string (YYYY-MM-DD)", value) }
            guard text.range(of: Parameter.datePattern, options: .regularExpression) != nil else {
                throw ToolError("\(name) must be a date written YYYY-MM-DD, not '\(text)'")
            }
        case let .integer(range):
            guard let number = Self.integer(value) else { throw wrongType(name, "an integer", value) }
            guard range.contains(number) else {
                throw ToolError("\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
            }
        case .boolean:
            guard value.boolValue != nil else { throw wrongType(name, "true or false", value) }
        case .choices, .strings:
            guard let list = value.arrayValue, list.allSatisfy({ Self.text($0) != nil }) else {
                throw wrongType(name, "a list of strings", value)
            }
        }
    }

    private static func wrongType(_ name: String, _ expected: String, _ value: Value) -> ToolError {
        ToolError("\(name) must be \(expected), not \(describe(value))")
    }

    /// A value as a message names it: its JSON type, and the value when short.
    static func describe(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case let .bool(flag): return "\(flag)"
        case let .int(number): return "the number \(number)"
        case let .double(number): return "the number \(number)"
        case let .string(text): return "the string \"\(text.count > 40 ? text.prefix(40) + "…" : text)\""
        case .data: return "a data URL"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// Strings, including ones the SDK read as data URLs (`data:…,…`): to
    /// Gazette they are text like any other.
    private static func text(_ value: Value) -> String? {
        switch value {
        case let .string(text): return text
        case .data: return (try? JSONEncoder().encode(value)).flatMap { try? JSONDecoder().decode(String.self, from: $0) }
        default: return nil
        }
    }

    /// Integers, and numbers with nothing after the point (`10.0`), which some clients send.
    private static func integer(_ value: Value) -> Int? {
        if let number = value.intValue { return number }
        if let number = value.doubleValue, number.rounded() == number, abs(number) < 1e15 { return Int(number) }
        return nil
    }

    func string(_ name: String) -> String? { values[name].flatMap(Self.text) }
    func int(_ name: String) -> Int? { values[name].flatMap(Self.integer) }
    func bool(_ name: String) -> Bool? { values[name]?.boolValue }
    func strings(_ name: String) -> [String]? { values[name]?.arrayValue?.compactMap(Self.text) }
}
