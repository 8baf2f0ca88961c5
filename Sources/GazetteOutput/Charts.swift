import GazetteProtocol

/// How text output is styled: ANSI colours and bold on a terminal, plain
/// markers elsewhere (`--color`, NO_COLOR).
public struct TextStyle: Sendable, Equatable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    /// Section headings (a facet's name).
    public func heading(_ text: String) -> String { wrap(text, "1;36") }
    /// A hit's headline.
    public func title(_ text: String) -> String { wrap(text, "1") }
    /// Matched words: bold red on a terminal, `**…**` elsewhere.
    public var highlight: (open: String, close: String) {
        enabled ? ("\u{1B}[1;31m", "\u{1B}[0m") : ("**", "**")
    }
    public func bar(_ text: String) -> String { wrap(text, "32") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
}

/// Bars of Unicode blocks, in eighths of a cell, for counts people compare at a glance.
public enum Bars {
    /// Cells of the longest bar.
    public static let width = 30
    private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A bar for `count` out of `maximum`, padded to `width` cells; a count
    /// above zero always shows at least an eighth.
    public static func bar(_ count: Int, of maximum: Int, width: Int = Bars.width) -> String {
        guard maximum > 0, count > 0 else { return String(repeating: " ", count: width) }
        let units = max(1, Int((Double(count) / Double(maximum) * Double(width * 8)).rounded()))
        let text = String(repeating: "█", count: units / 8) + eighths[units % 8]
        return text + String(repeating: " ", count: max(0, width - (units + 7) / 8))
    }

    /// Rows of `label  bar  count`, labels and counts aligned.
    static func rows(_ rows: [(label: String, count: Int)], indent: String, style: TextStyle) -> String {
        let maximum = rows.map(\.count).max() ?? 0
        let labelWidth = rows.map(\.label.count).max() ?? 0
        let countWidth = String(maximum).count
        var out = ""
        for row in rows {
            let label = row.label + String(repeating: " ", count: labelWidth - row.label.count)
            let count = String(row.count)
            out += indent + label + "  " + style.bar(bar(row.count, of: maximum)) + "  "
                + String(repeating: " ", count: countWidth - count.count) + count + "\n"
        }
        return out
    }
}

extension TextPrinter {
    /// A flat facet (counts, then a bar, then the value) or a hierarchical
    /// one (regions, sub-regions indented under them, countries under those).
    static func facetText(name: String, values: [FacetValue], style: TextStyle) -> String {
        var out = style.heading(name) + "\n"
        if values.isEmpty { out += "    (none)\n" }
        var lines: [(depth: Int, value: FacetValue)] = []
        func walk(_ values: [FacetValue], depth: Int) {
            for value in values {
                lines.append((depth, value))
                walk(value.children ?? [], depth: depth + 1)
            }
        }
        walk(values, depth: 0)
        let countWidth = String(lines.map(\.value.count).max() ?? 0).count
        let topMaximum = values.map(\.count).max() ?? 0
        for (depth, value) in lines {
            let count = String(value.count)
            // Bars compare a value with the largest at the top level: a part is never longer than its whole.
            out += "    " + String(repeating: " ", count: countWidth - count.count) + count + "  "
                + style.bar(Bars.bar(value.count, of: topMaximum, width: 20)) + "  "
                + String(repeating: "  ", count: depth) + value.value + "\n"
        }
        return out
    }

    static func timelineText(_ timeline: Timeline, style: TextStyle) -> String {
        var out = style.heading("date (\(timeline.granularity))") + "\n"
        if timeline.buckets.isEmpty { out += "    (no dated articles)\n" }
        out += Bars.rows(timeline.buckets.map { ($0.label, $0.count) }, indent: "    ", style: style)
        if timeline.undated > 0 { out += "    " + style.dim("\(timeline.undated) without a date") + "\n" }
        return out
    }
}
