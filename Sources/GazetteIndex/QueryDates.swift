import Foundation
import GazetteProtocol

/// The day a date in a query names, as YYYYMMDD: a day (YYYY-MM-DD), a month
/// (YYYY-MM) or a year (YYYY), read as `--since` and `--until` read them (a
/// month or a year runs from its first day to its last). Words such as
/// `today` and ages such as `7d` are left to those options: a saved search
/// keeps its query text, and would have to be read again every day.
func queryDay(_ text: String, end: Bool) -> String? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) }),
          let day = DateBound.day(text, end: end) else { return nil }
    return day.replacingOccurrences(of: "-", with: "")
}
