import GazetteOutput
import GazetteProtocol

/// A command line the small gazette sends to gazetted itself, read as
/// ArgumentParser reads gazette-full's, for the forms people and editors
/// type: a known command, its known options once each (`--name value` or
/// `--name=value`), its arguments. Anything else (help, a usage error, an
/// option given twice, a value or argument starting with `-`, `--`) is nil,
/// and gazette-full answers it in its own words.
struct RelayCommand {
    /// What one command takes, named as gazette-full names it. (Arrays and
    /// a switch, not sets in a dictionary: hashing's start-up costs more here
    /// than a dozen comparisons.)
    struct Shape {
        let arguments: ClosedRange<Int>
        /// Options taking one value.
        let options: [String]
        /// Options that may be given again, each with a value.
        var repeatable: [String] = []
        var flags: [String] = []
    }

    /// The commands gazetted answers, read only and cheap to send twice (a
    /// failed one is sent again by gazette-full, which tells the error).
    static func shape(of name: String) -> Shape? {
        /// Every command's `--index`, `--socket` and `--config`.
        let location = ["index", "socket", "config"]
        /// `search` and `similar`: paging, format, facets, dates, copies.
        let hitOptions = location + ["color", "limit", "offset", "format", "facet-limit", "facet-count", "since", "until"]
        let hitFlags = ["no-collapse", "no-snippets"]
        switch name {
        case "search":
            // A query's words may come as several arguments: they are joined with spaces.
            return Shape(arguments: 1...Int.max, options: hitOptions + ["sort", "like"], repeatable: ["facet"],
                         flags: hitFlags + ["explain", "allow-partial"])
        case "similar":
            return Shape(arguments: 1...1, options: hitOptions + ["query"], repeatable: ["facet"], flags: hitFlags)
        case "show":
            return Shape(arguments: 1...1, options: location + ["format"], flags: ["allow-partial"])
        case "facets":
            return Shape(arguments: 1...Int.max, options: location + ["color", "limit", "facet-count", "format"],
                         flags: ["allow-partial"])
        case "status":
            return Shape(arguments: 0...0, options: location + ["format"])
        default:
            return nil
        }
    }

    let name: String
    var arguments: [String] = []
    /// Options and their values, in the order given.
    var values: [(option: String, value: String)] = []
    var flags: [String] = []

    init?(_ words: [String]) {
        guard let name = words.first, let shape = Self.shape(of: name) else { return nil }
        self.name = name
        var rest = words.dropFirst()[...]
        while let word = rest.popFirst() {
            guard word.hasPrefix("-") else {
                arguments.append(word)
                continue
            }
            guard word.hasPrefix("--"), word.count > 2 else { return nil }
            let body = word.dropFirst(2)
            let option = String(body.prefix { $0 != "=" })
            let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            if shape.flags.contains(option) {
                guard inline == nil, !flags.contains(option) else { return nil }
                flags.append(option)
                continue
            }
            let once = shape.options.contains(option)
            guard once || shape.repeatable.contains(option) else { return nil }
            guard let value = inline ?? rest.popFirst(), !value.hasPrefix("-") else { return nil }
            if once && values.contains(where: { $0.option == option }) { return nil }
            values.append((option, value))
        }
        guard shape.arguments.contains(arguments.count) else { return nil }
    }

    func value(_ option: String) -> String? { values.last { $0.option == option }?.value }

    /// Every value of a repeatable option, in order.
    func all(_ option: String) -> [String] { values.filter { $0.option == option }.map(\.value) }

    /// An integer option: absent is nil, a word that is no integer makes the command nil.
    func integer(_ option: String) -> Int?? {
        guard let text = value(option) else { return .some(nil) }
        return Int(text).map { .some($0) }
    }
}
