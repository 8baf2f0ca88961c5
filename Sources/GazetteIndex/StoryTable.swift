import Foundation

/// The stories of an index as articles arrive: every article's signature
/// and story, with locality-sensitive buckets that find a new article's
/// candidate copies without comparing it with every article.
///
/// A writer loads it from the index's value slots the first time it writes,
/// so clusters carry over from one run to the next; the shards of a parallel
/// build share one, so copies that land in different shards still meet.
/// Thread-safe.
public final class StoryTable: @unchecked Sendable {
    private struct Member {
        var signature: StorySignature
        var story: String
    }

    private let lock = NSLock()
    private var members: [UInt64: Member] = [:]
    /// Per band: band key to the articles with it.
    private var buckets = [[UInt64: Bucket]](repeating: [:], count: StorySignature.bodyBins / StorySignature.rowsPerBand)

    /// The articles with one band key, in the order they came. Nearly every
    /// key has one article: it is kept without an array, which spares a
    /// build one allocation per article and band.
    private enum Bucket {
        case one(UInt64)
        case many([UInt64])

        var articles: [UInt64] {
            switch self {
            case let .one(article): [article]
            case let .many(articles): articles
            }
        }

        mutating func add(_ article: UInt64) {
            switch self {
            case let .one(first): self = .many([first, article])
            case .many(var articles):
                self = .one(0)  // lets go of the array, so the append below does not copy it
                articles.append(article)
                self = .many(articles)
            }
        }

        /// Nil when nothing is left.
        func removing(_ article: UInt64) -> Bucket? {
            let left = articles.filter { $0 != article }
            return left.isEmpty ? nil : left.count == 1 ? .one(left[0]) : .many(left)
        }
    }

    public init() {}

    public var count: Int { lock.withLock { members.count } }

    /// The story of a new or re-indexed article: that of its closest copy
    /// among the other articles, else a story of its own (named after its
    /// id). The article joins the table.
    public func assign(_ signature: StorySignature, id: String) -> String {
        let bands = signature.bands
        return lock.withLock {
            let story = closestCopy(of: signature, bands: bands)?.story ?? Self.ownStory(id)
            insertLocked(signature, story: story, bands: bands)
            return story
        }
    }

    /// Records an indexed article's signature and story (when loading an index).
    func insert(_ signature: StorySignature, story: String) {
        let bands = signature.bands
        lock.withLock { insertLocked(signature, story: story, bands: bands) }
    }

    /// Forgets the article with this id (it was removed from the index).
    public func remove(id: String) {
        lock.withLock { removeLocked(StorySignature.articleKey(id)) }
    }

    /// The story an article founds: a stable name made from its id.
    public static func ownStory(_ id: String) -> String {
        Schema.fnv1a(id)
    }

    private func closestCopy(of signature: StorySignature, bands: [UInt64]) -> Member? {
        var best: (member: Member, resemblance: Double)?
        var seen = Set<UInt64>()
        /// True when the candidate is an exact copy: none can come closer, and
        /// the first one found wins ties anyway, so the search stops there
        /// (an archive of wire copies would otherwise compare every new copy
        /// with every earlier one).
        func consider(_ candidate: UInt64) -> Bool {
            guard candidate != signature.article, seen.insert(candidate).inserted,
                  let member = members[candidate], signature.isCopy(of: member.signature) else { return false }
            let resemblance = signature.resemblance(to: member.signature)
            if best == nil || resemblance > best!.resemblance { best = (member, resemblance) }
            return resemblance >= 1
        }
        for (band, key) in bands.enumerated() {
            switch buckets[band][key] {
            case nil: continue
            case let .one(article): if consider(article) { return best?.member }
            case let .many(articles): if articles.contains(where: consider) { return best?.member }
            }
        }
        return best?.member
    }

    private func insertLocked(_ signature: StorySignature, story: String, bands: [UInt64]) {
        removeLocked(signature.article)
        members[signature.article] = Member(signature: signature, story: story)
        for (band, key) in bands.enumerated() {
            if buckets[band][key] == nil {
                buckets[band][key] = .one(signature.article)
            } else {
                buckets[band][key]!.add(signature.article)
            }
        }
    }

    private func removeLocked(_ article: UInt64) {
        guard let old = members.removeValue(forKey: article) else { return }
        for (band, key) in old.signature.bands.enumerated() {
            buckets[band][key] = buckets[band][key]?.removing(article)
        }
    }
}

extension StoryTable {
    /// The table of the articles in `database`, from their signature and story slots.
    static func load(from shards: [XapianDatabase]) throws(IndexError) -> StoryTable {
        let table = StoryTable()
        // Document ids are each shard's own, so stories are matched to signatures shard by shard.
        for database in shards {
            var stories: [UInt32: String] = [:]
            for (docid, value) in try database.values(slot: Schema.story.slot!) {
                stories[docid] = String(decoding: value, as: UTF8.self)
            }
            for (docid, value) in try database.values(slot: Schema.signature.slot!) {
                guard let signature = StorySignature(encoded: value), let story = stories[docid] else { continue }
                table.insert(signature, story: story)
            }
        }
        return table
    }
}
