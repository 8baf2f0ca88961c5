import Foundation
import GazetteEntities

/// The size of a timeline's buckets.
public enum DateGranularity: String, Sendable, CaseIterable {
    case day, month, year

    /// The bucket for a span of matches from `first` to `last` (`YYYYMMDD`):
    /// days up to about two months, months up to about three years, else years.
    static func fitting(first: Int, last: Int) -> DateGranularity {
        let days = Calendar.gregorianUTC.dateComponents([.day], from: date(first), to: date(last)).day ?? 0
        if days <= 62 { return .day }
        return days <= 3 * 366 ? .month : .year
    }

    static func date(_ compact: Int) -> Date {
        let parts = DateComponents(year: compact / 10000, month: compact / 100 % 100, day: compact % 100)
        return Calendar.gregorianUTC.date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }
}

extension Calendar {
    static let gregorianUTC: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

/// Matching articles per day, month or year, in date order, every bucket
/// from the first match's to the last's (empty ones too, so a chart shows
/// the gaps); articles without a date are counted apart.
public struct TimelineCounts: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
        public let label: String
        /// The bucket's first and last days, `YYYY-MM-DD`: `date:first..last` finds its articles.
        public let first: String
        public let last: String
        public let count: Int
    }

    public let granularity: DateGranularity
    public let buckets: [Bucket]
    /// Matching articles without a date.
    public let undated: Int

    /// More buckets than this are not filled in between counted ones.
    static let maxFilledBuckets = 10_000

    /// Buckets from per-day counts (`YYYYMMDD` to count).
    init(days: [Int: Int], total: Int, granularity wanted: DateGranularity?) {
        let dated = days.values.reduce(0, +)
        undated = max(0, total - dated)
        guard let first = days.keys.min(), let last = days.keys.max() else {
            granularity = wanted ?? .day
            buckets = []
            return
        }
        granularity = wanted ?? DateGranularity.fitting(first: first, last: last)
        var counts: [Int: Int] = [:]
        for (day, count) in days { counts[Self.start(of: day, granularity), default: 0] += count }
        var starts = counts.keys.sorted()
        if let low = starts.first, let high = starts.last {
            var filled: [Int] = []
            var start = low
            while start <= high && filled.count <= Self.maxFilledBuckets {
                filled.append(start)
                start = Self.next(after: start, granularity)
            }
            if filled.count <= Self.maxFilledBuckets { starts = filled }
        }
        let granularity = self.granularity
        buckets = starts.map { start in
            Bucket(label: Self.label(start, granularity), first: Self.iso(start),
                   last: Self.iso(Self.previousDay(Self.next(after: start, granularity))), count: counts[start] ?? 0)
        }
    }

    static func start(of day: Int, _ granularity: DateGranularity) -> Int {
        switch granularity {
        case .day: day
        case .month: day / 100 * 100 + 1
        case .year: day / 10000 * 10000 + 101
        }
    }

    static func next(after start: Int, _ granularity: DateGranularity) -> Int {
        let component: Calendar.Component = switch granularity {
        case .day: .day
        case .month: .month
        case .year: .year
        }
        return compact(Calendar.gregorianUTC.date(byAdding: component, value: 1, to: DateGranularity.date(start))!)
    }

    static func previousDay(_ day: Int) -> Int {
        compact(Calendar.gregorianUTC.date(byAdding: .day, value: -1, to: DateGranularity.date(day))!)
    }

    static func compact(_ date: Date) -> Int {
        let parts = Calendar.gregorianUTC.dateComponents([.year, .month, .day], from: date)
        return (parts.year ?? 0) * 10000 + (parts.month ?? 0) * 100 + (parts.day ?? 0)
    }

    static func iso(_ day: Int) -> String {
        String(format: "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100)
    }

    static func label(_ start: Int, _ granularity: DateGranularity) -> String {
        switch granularity {
        case .day: iso(start)
        case .month: String(format: "%04d-%02d", start / 10000, start / 100 % 100)
        case .year: String(format: "%04d", start / 10000)
        }
    }
}

/// A region's or sub-region's count, and its parts: sub-regions of a
/// region, countries of a sub-region. Each count is the total of the query
/// filtered by that area (`region:155`), so an article about two countries
/// of one region counts once for the region.
public struct RegionCount: Sendable, Equatable {
    public let code: String
    public let name: String
    public let count: Int
    public let parts: [RegionCount]
}

extension IndexReader {
    /// Counts of `request.timeline` and the region facet, each its own
    /// unranked pass over every match. Both read only what every Xapian
    /// backend serves (a value slot's counts, query totals), so they are the
    /// same on shards, remote ones included.
    func addDerivedFacets(to result: inout SearchResult, request: SearchRequest) throws(IndexError) {
        guard request.timeline != nil || request.regions else { return }
        let query = try parse(request.query)
        if let wanted = request.timeline {
            result.timeline = try timeline(query, granularity: wanted)
        }
        if request.regions {
            result.regions = try regionCounts(query, wholeIndex: request.query.allSatisfy(\.isWhitespace),
                                              limit: max(0, request.facetLimit))
        }
    }

    private func timeline(_ query: XapianQuery, granularity: DateGranularity?) throws(IndexError) -> TimelineCounts {
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        let spy = try enquire.addValueCounter(slot: Schema.date.slot!)
        let matches = try enquire.run(first: 0, maxItems: 0, checkAtLeast: try database.documentCount()).matches
        var days: [Int: Int] = [:]
        // Every day counted (a date has no label, so its entry is the date itself).
        for counted in try enquire.facetValues(spy, limit: Int(UInt32.max)) {
            guard counted.value.utf8.count == 8, let day = Int(counted.value) else { continue }
            days[day, default: 0] += counted.count
        }
        return TimelineCounts(days: days, total: matches.upper, granularity: granularity)
    }

    /// The number of matches of `query` narrowed by the filter `filter` (in query syntax).
    private func count(_ query: XapianQuery, filteredBy filter: String) throws(IndexError) -> Int {
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(try query.filtered(by: try parse(filter)))
        return try enquire.run(first: 0, maxItems: 0, checkAtLeast: try database.documentCount()).matches.upper
    }

    /// Regions, then their sub-regions, then their countries, each with the
    /// number of matches about one of its countries (its filter's total);
    /// only areas and countries with a count are kept, and the first
    /// `limit` countries of each sub-region, most frequent first. Counted in
    /// one pass; over remote shards (which run no spy of ours) each area
    /// that has articles at all is counted by its filter's total instead.
    private func regionCounts(_ query: XapianQuery, wholeIndex: Bool, limit: Int) throws(IndexError) -> [RegionCount] {
        let gazetteer = try lookupGazetteer()
        let regions = gazetteer.regions
        let onePass: [String: Int]? = if hasRemoteShards { nil } else { try areaTotals(query, regions: regions) }
        var indexed: [String: Int] = [:]  // country code -> articles about it in the index
        func inIndex(_ code: String) throws(IndexError) -> Int {
            if let known = indexed[code] { return known }
            let frequency = try database.termFrequency(Schema.countryTerm(Schema.country, code: code))
            indexed[code] = frequency
            return frequency
        }
        func areaCount(_ area: Regions.Area) throws(IndexError) -> Int {
            if let onePass { return onePass[area.code] ?? 0 }
            var present = false
            for code in regions.countries(in: area) where try inIndex(code) > 0 { present = true; break }
            return present ? try count(query, filteredBy: "region:\(area.code)") : 0
        }
        func countryCount(_ code: String) throws(IndexError) -> Int {
            if let onePass { return onePass[code] ?? 0 }
            guard try inIndex(code) > 0 else { return 0 }
            return wholeIndex ? try inIndex(code) : try count(query, filteredBy: "country:\(code)")
        }
        var out: [RegionCount] = []
        for region in regions.regions {
            let regionTotal = try areaCount(region)
            guard regionTotal > 0 else { continue }
            var subs: [RegionCount] = []
            for sub in regions.subRegions(of: region) {
                let subTotal = try areaCount(sub)
                guard subTotal > 0 else { continue }
                var countries: [RegionCount] = []
                for code in regions.countries(in: sub) {
                    let n = try countryCount(code)
                    guard n > 0 else { continue }
                    countries.append(RegionCount(code: code, name: gazetteer.country(matching: code)?.name ?? code,
                                                 count: n, parts: []))
                }
                countries.sort { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
                subs.append(RegionCount(code: sub.code, name: sub.name, count: subTotal,
                                        parts: Array(countries.prefix(limit))))
            }
            subs.sort { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
            out.append(RegionCount(code: region.code, name: region.name, count: regionTotal, parts: subs))
        }
        return out.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    /// The matches of every region, sub-region and country (by code) in one
    /// unranked pass: each match's countries (the country facet's packed
    /// slot, as the `country:` filter's terms hold them) name their areas,
    /// and the match counts once for each.
    private func areaTotals(_ query: XapianQuery, regions: Regions) throws(IndexError) -> [String: Int] {
        var numbers: [String: Int] = [:]  // area or country code -> group
        func number(_ code: String) -> Int {
            if let known = numbers[code] { return known }
            numbers[code] = numbers.count
            return numbers.count - 1
        }
        var groups: [String: [Int]] = [:]  // entry key (a country code, lower-cased) -> its groups
        for region in regions.regions {
            for sub in regions.subRegions(of: region) {
                for code in regions.countries(in: sub) {
                    groups[code.lowercased(), default: []] += [number(code), number(sub.code), number(region.code)]
                }
            }
        }
        let enquire = try XapianEnquire(database: database)
        try enquire.setQuery(query)
        try enquire.setUnranked()
        let spy = try enquire.addGroupCounter(slot: Facet.country.layout.packedSlot, groups: groups, groupCount: numbers.count)
        _ = try enquire.run(first: 0, maxItems: 0, checkAtLeast: try database.documentCount())
        let counts = try enquire.groupCounts(spy, groupCount: numbers.count)
        return numbers.mapValues { counts[$0] }
    }
}
