import Foundation

/// What one search may cost, so that one client's query cannot hold the
/// daemon (or its memory) for long.
public enum SearchCost {
    /// Words one wildcard may stand for: each is a posting list to merge, and
    /// `a*` over a news archive means tens of thousands. More is refused as too expensive.
    public static let maxWildcardTerms = 1000
    /// After this long a search stops counting matches beyond its hits: the
    /// total (and facet counts) become estimates, flagged as such.
    public static let exactCountSeconds = 0.1
    /// A search that has used this much CPU time is abandoned as too
    /// expensive (CPU time: on a busy machine a search waits, but costs no more).
    public static let giveUpSeconds = 1.0

    /// CPU time the calling thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    /// Bytes of an article's text a snippet is taken from: the passage is
    /// looked for in the first megabyte, so a 10 MB article costs no more than a long one.
    public static let snippetSourceBytes = 1 << 20
}
