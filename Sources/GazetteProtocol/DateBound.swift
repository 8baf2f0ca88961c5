#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The days `since` and `until` name: a date (YYYY-MM-DD), a month
/// (YYYY-MM) or a year (YYYY), `today`, `yesterday`, or an age counted back
/// from today (`7d`, `2w`, `3m`, `1y`). A month or a year starts on its first
/// day as a lower bound and ends on its last as an upper one. Days are UTC.
public enum DateBound {
    /// The day `text` names as YYYY-MM-DD: the first day it covers, or the
    /// last when `end`. Nil when it names no day.
    public static func day(_ text: String, end: Bool, today: Date = Date()) -> String? {
        let calendar = utcCalendar
        let word = text.trimmingSpaces.lowercased()
        switch word {
        case "today": return iso(today, calendar)
        case "yesterday": return calendar.date(byAdding: .day, value: -1, to: today).map { iso($0, calendar) }
        default: break
        }
        if let unit = word.last, "dwmy".contains(unit), let count = Int(word.dropLast()), count >= 0, count <= 100_000 {
            let component: Calendar.Component? = switch unit {
            case "d": .day
            case "w": .weekOfYear
            case "m": .month
            case "y": .year
            default: nil
            }
            guard let component, let day = calendar.date(byAdding: component, value: -count, to: today) else { return nil }
            return iso(day, calendar)
        }
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        var components = DateComponents(year: numbers[0], month: numbers.count > 1 ? numbers[1] : 1,
                                        day: numbers.count > 2 ? numbers[2] : 1)
        guard let first = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: first) == components else { return nil }
        guard end, numbers.count < 3 else { return iso(first, calendar) }
        components = numbers.count == 1 ? DateComponents(year: 1, day: -1) : DateComponents(month: 1, day: -1)
        return calendar.date(byAdding: components, to: first).map { iso($0, calendar) }
    }

    private static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    private static func iso(_ date: Date, _ calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        /// `n` in `width` digits, zeros in front (what "%04d" and "%02d" print).
        func digits(_ n: Int, _ width: Int) -> String {
            let text = String(n.magnitude)
            return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count - (n < 0 ? 1 : 0))) + text
        }
        return digits(c.year ?? 0, 4) + "-" + digits(c.month ?? 0, 2) + "-" + digits(c.day ?? 0, 2)
    }
}
