import Foundation

/// The UN M49 areas countries belong to: regions (Europe) and their
/// sub-regions (Western Europe), from `Config/gazetteer/regions.tsv` (made by
/// `Config/scripts/make-regions.swift`). An area stands for its countries:
/// `region:"western europe"` is any of them, and so is its count.
public struct Regions: Sendable {
    public struct Area: Sendable, Hashable, Codable {
        /// The M49 code ("155").
        public let code: String
        public let name: String
        /// The region a sub-region is part of; nil for a region.
        public let parent: String?
    }

    /// Every area, by M49 code.
    public let areas: [String: Area]
    /// Country code (as in Country.code) to its sub-region's code.
    private let subRegionOfCountry: [String: String]
    /// Sub-region or region code to the codes of its countries, in file order.
    private let countriesOfArea: [String: [String]]
    /// Lower-cased name or M49 code to area code.
    private let lookup: [String: String]

    public static let empty = Regions(rows: [])

    /// `rows`: (country code, sub-region, region).
    init(rows: [(country: String, sub: Area, region: Area)]) {
        var areas: [String: Area] = [:]
        var subOf: [String: String] = [:]
        var countries: [String: [String]] = [:]
        for row in rows {
            areas[row.sub.code] = row.sub
            areas[row.region.code] = row.region
            subOf[row.country] = row.sub.code
            countries[row.sub.code, default: []].append(row.country)
            countries[row.region.code, default: []].append(row.country)
        }
        var lookup: [String: String] = [:]
        for area in areas.values {
            lookup[area.code] = area.code
            lookup[area.name.lowercased()] = area.code
        }
        self.areas = areas
        subRegionOfCountry = subOf
        countriesOfArea = countries
        self.lookup = lookup
    }

    /// The area a query names: its name in any case, or its M49 code.
    public func area(matching text: String) -> Area? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        return lookup[key].flatMap { areas[$0] }
    }

    public func subRegion(ofCountry code: String) -> Area? {
        subRegionOfCountry[code.uppercased()].flatMap { areas[$0] }
    }

    public func region(ofCountry code: String) -> Area? {
        subRegion(ofCountry: code)?.parent.flatMap { areas[$0] }
    }

    /// The codes of the countries in an area (a region's through its sub-regions).
    public func countries(in area: Area) -> [String] {
        countriesOfArea[area.code] ?? []
    }

    /// The regions, by name.
    public var regions: [Area] {
        areas.values.filter { $0.parent == nil }.sorted { $0.name < $1.name }
    }

    /// A region's sub-regions, by name.
    public func subRegions(of region: Area) -> [Area] {
        areas.values.filter { $0.parent == region.code }.sorted { $0.name < $1.name }
    }

    /// Reads `regions.tsv`: `country <code> <sub code> <sub name> <region code> <region name>`.
    public static func load(path: String) throws -> Regions {
        var rows: [(String, Area, Area)] = []
        for (number, line) in try readRecords(path) {
            let cols = TextLines.columns(line).map(String.init)
            guard cols.count == 6, cols[0] == "country" else {
                throw GazetteerError(file: path, line: number + 1,
                                     message: "expected: country <code> <sub-region code> <name> <region code> <name>")
            }
            rows.append((cols[1], Area(code: cols[2], name: cols[3], parent: cols[4]),
                         Area(code: cols[4], name: cols[5], parent: nil)))
        }
        return Regions(rows: rows)
    }
}
