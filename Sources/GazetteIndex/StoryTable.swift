import Foundation

/// The stories of an index as articles arrive: every article's signature
/// and story, with locality-sensitive buckets that find a new article's
/// candidate copies without comparing it with every article.
///
/// A writer loads it from the index's value slots the first time it writes,
/// so clusters carry over from one run to the next; the shards of a parallel
/// build share one, so copies that land in different shards still meet.
/// Thread-safe.
///
/// The storage is flat, so that a million-article build costs no more per
/// article than a small one: each article is a slot in contiguous arrays
/// (bins, word counts, story numbers), stories are numbers with their names
/// made once per story, and each band's bucket is a chain of slots threaded
/// through one array, in the order the articles came. No article owns a heap
/// allocation of its own.
public final class StoryTable: @unchecked Sendable {
    private static let bands = StorySignature.bodyBins / StorySignature.rowsPerBand
    private static let bodyBins = StorySignature.bodyBins
    private static let headlineBins = StorySignature.headlineBins
    /// The end of a bucket's chain, and a free slot's story.
    private static let none: Int32 = -1

    private let lock = NSLock()
    /// Article key to its slot.
    private var slots: [UInt64: Int32] = [:]
    /// Per slot: the article key, word count, story number, bins and, per band, the next slot in its bucket.
    private var articles: [UInt64] = []
    private var bodyWords: [UInt16] = []
    private var storyOf: [Int32] = []
    private var body: [UInt16] = []
    private var headline: [UInt16] = []
    private var next: [Int32] = []
    /// Slots of removed articles, used again first.
    private var free: [Int32] = []
    /// Story number to name.
    private var names: [String] = []
    /// Per band: band key to the first and last slot of its bucket.
    private var buckets = [[UInt64: (first: Int32, last: Int32)]](repeating: [:], count: StoryTable.bands)

    public init() {}

    public var count: Int { lock.withLock { slots.count } }

    /// The story of a new or re-indexed article: that of its closest copy
    /// among the other articles, else a story of its own (named after its
    /// id). The article joins the table.
    public func assign(_ signature: StorySignature, id: String) -> String {
        let bands = signature.bands
        return lock.withLock {
            let story: Int32
            if let copy = closestCopy(of: signature, bands: bands) {
                story = storyOf[Int(copy)]
            } else {
                story = Int32(names.count)
                names.append(Self.ownStory(id))
            }
            insertLocked(signature, story: story, bands: bands)
            return names[Int(story)]
        }
    }

    /// Records indexed articles' signatures and stories (when loading an
    /// index): a story named twice is one number.
    func insert(_ entries: [(signature: StorySignature, story: String)]) {
        lock.withLock {
            var numbers: [String: Int32] = [:]
            for (signature, name) in entries {
                let story = numbers[name] ?? {
                    names.append(name)
                    numbers[name] = Int32(names.count - 1)
                    return Int32(names.count - 1)
                }()
                insertLocked(signature, story: story, bands: signature.bands)
            }
        }
    }

    /// Forgets the article with this id (it was removed from the index).
    public func remove(id: String) {
        lock.withLock { removeLocked(StorySignature.articleKey(id)) }
    }

    /// The story an article founds: a stable name made from its id.
    public static func ownStory(_ id: String) -> String {
        Schema.fnv1a(id)
    }

    /// The slot of the closest copy, scanning buckets band by band and each in
    /// arrival order; the first found wins ties.
    private func closestCopy(of signature: StorySignature, bands: [UInt64]) -> Int32? {
        var best: (slot: Int32, same: Int)?
        var seen = Set<Int32>()
        for (band, key) in bands.enumerated() {
            guard var slot = buckets[band][key]?.first else { continue }
            while slot != Self.none {
                let candidate = slot
                slot = next[Int(candidate) * Self.bands + band]
                guard articles[Int(candidate)] != signature.article, seen.insert(candidate).inserted,
                      let same = copySimilarity(signature, candidate) else { continue }
                if best == nil || same > best!.same { best = (candidate, same) }
                // An exact copy: none comes closer, and the first found wins ties anyway,
                // so the search stops (an archive of wire copies would otherwise compare
                // every new copy with every earlier one).
                if same == Self.bodyBins { return best?.slot }
            }
        }
        return best?.slot
    }

    /// The body bins the signature shares with the article in `slot` when it
    /// is a copy of it (StorySignature.isCopy), else nil.
    private func copySimilarity(_ signature: StorySignature, _ slot: Int32) -> Int? {
        let index = Int(slot)
        let same = body.withUnsafeBufferPointer { bins in
            Self.agreement(signature.body, bins, from: index * Self.bodyBins)
        }
        let resemblance = Double(same) / Double(Self.bodyBins)
        if min(signature.bodyWords, Int(bodyWords[index])) >= StorySignature.shortBody {
            return resemblance >= StorySignature.resemblance ? same : nil
        }
        guard resemblance >= StorySignature.shortResemblance else { return nil }
        let titles = headline.withUnsafeBufferPointer { bins in
            Self.agreement(signature.headline, bins, from: index * Self.headlineBins)
        }
        return Double(titles) / Double(Self.headlineBins) >= StorySignature.shortHeadlineResemblance ? same : nil
    }

    private static func agreement(_ mine: [UInt16], _ stored: UnsafeBufferPointer<UInt16>, from start: Int) -> Int {
        var same = 0
        for i in mine.indices where mine[i] == stored[start + i] { same += 1 }
        return same
    }

    private func insertLocked(_ signature: StorySignature, story: Int32, bands: [UInt64]) {
        removeLocked(signature.article)
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
            let index = Int(slot)
            articles[index] = signature.article
            bodyWords[index] = UInt16(signature.bodyWords)
            storyOf[index] = story
            body.replaceSubrange(index * Self.bodyBins..<(index + 1) * Self.bodyBins, with: signature.body)
            headline.replaceSubrange(index * Self.headlineBins..<(index + 1) * Self.headlineBins, with: signature.headline)
            next.replaceSubrange(index * Self.bands..<(index + 1) * Self.bands, with: repeatElement(Self.none, count: Self.bands))
        } else {
            slot = Int32(articles.count)
            articles.append(signature.article)
            bodyWords.append(UInt16(signature.bodyWords))
            storyOf.append(story)
            body.append(contentsOf: signature.body)
            headline.append(contentsOf: signature.headline)
            next.append(contentsOf: repeatElement(Self.none, count: Self.bands))
        }
        slots[signature.article] = slot
        for (band, key) in bands.enumerated() {
            if let bucket = buckets[band][key] {
                next[Int(bucket.last) * Self.bands + band] = slot
                buckets[band][key] = (bucket.first, slot)
            } else {
                buckets[band][key] = (slot, slot)
            }
        }
    }

    private func removeLocked(_ article: UInt64) {
        guard let slot = slots.removeValue(forKey: article) else { return }
        let index = Int(slot)
        let keys = StorySignature.bandKeys(of: body[index * Self.bodyBins..<(index + 1) * Self.bodyBins])
        for (band, key) in keys.enumerated() {
            guard let bucket = buckets[band][key] else { continue }
            let after = next[index * Self.bands + band]
            if bucket.first == slot {
                buckets[band][key] = after == Self.none ? nil : (after, bucket.last)
                continue
            }
            // Rare (re-indexing, removal): walk the chain to the slot before.
            var previous = bucket.first
            while next[Int(previous) * Self.bands + band] != slot { previous = next[Int(previous) * Self.bands + band] }
            next[Int(previous) * Self.bands + band] = after
            if bucket.last == slot { buckets[band][key] = (bucket.first, previous) }
        }
        storyOf[index] = Self.none
        free.append(slot)
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
            var entries: [(signature: StorySignature, story: String)] = []
            for (docid, value) in try database.values(slot: Schema.signature.slot!) {
                guard let signature = StorySignature(encoded: value), let story = stories[docid] else { continue }
                entries.append((signature, story))
            }
            table.insert(entries)
        }
        return table
    }
}
