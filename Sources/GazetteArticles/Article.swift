/// One news article as Gazette reads it from a file, before indexing.
public struct Article: Sendable, Equatable {
    /// Stable identifier: the file's path relative to its indexed root, or the `id` of a JSON article.
    public var id: String
    public var title: String
    public var body: String
    public var date: ArticleDate?
    public var source: String?
    public var url: String?

    public init(id: String, title: String, body: String, date: ArticleDate? = nil,
                source: String? = nil, url: String? = nil) {
        self.id = id
        self.title = title
        self.body = body
        self.date = date
        self.source = source
        self.url = url
    }
}

/// A calendar day. Stored in the index as `YYYYMMDD`, shown as `YYYY-MM-DD`.
public struct ArticleDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the parts form a real date between the years 1000 and 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1000...9999).contains(year), (1...12).contains(month),
              (1...ArticleDate.days(inMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYYMMDD` (the stored form) or `YYYY-MM-DD`.
    public init?(compactOrISO text: String) {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let n = Int(digits) else { return nil }
        self.init(year: n / 10_000, month: (n / 100) % 100, day: n % 100)
    }

    public var compact: String {
        pad(year, 4) + pad(month, 2) + pad(day, 2)
    }

    public var iso: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public var description: String { iso }

    public static func < (a: ArticleDate, b: ArticleDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = ArticleDate(compactOrISO: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
