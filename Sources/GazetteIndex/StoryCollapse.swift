extension IndexReader {
    /// The ranked pass of a collapsed search whose stories the daemon's
    /// column holds: ranked without Xapian's collapse, which reads the story
    /// value of every match that might rank, and collapsed here, where the
    /// column says which hits have copies at all (most have none) and only
    /// theirs are read. The first hit of each story in rank order is the one
    /// Xapian's collapse keeps, so the hits are the same; a window too full
    /// of copies is ranked again, twice as wide.
    /// With `countingStories`, the first run also counts the stories of
    /// every match through the column (a query the posting lists cannot
    /// answer then needs no unranked pass of its own): nil when the run's
    /// time limit stopped it before it saw them all.
    /// Returns the ranked set, the indexes in it of hits `offset..<offset + limit`, and the stories.
    func rankCollapsing(_ enquire: XapianEnquire, column: XapianFacetColumn, offset: Int, limit: Int,
                        countingStories: Bool) throws(IndexError) -> (mset: XapianMSet, picks: [Int], stories: Int?) {
        let wanted = offset + limit
        var window = wanted == 0 ? 0 : max(2 * wanted, wanted + 10)
        var counter = countingStories ? try enquire.addColumnCounter(column) : nil
        var stories: Int?
        while true {
            // Every match is examined while counting: Xapian prunes none before `checkAtLeast` of them.
            let checkAtLeast = counter == nil ? window : max(window, try database.documentCount())
            let mset = try enquire.run(first: 0, maxItems: window, checkAtLeast: checkAtLeast)
            if let counting = counter {
                let seen = try enquire.columnStories(counting)
                let matches = mset.matches
                if matches.isExact && seen.documents == matches.lower { stories = seen.stories }
                counter = nil  // counted once; a wider run ranks only
            }
            var picks: [Int] = []
            var seen: Set<[UInt8]> = []
            var index = 0
            while index < mset.count && picks.count < wanted {
                defer { index += 1 }
                let (docid, _) = try mset.hit(index)
                // A story of one article needs no look at its value.
                if let sharers = try column.sharers(of: docid), sharers <= 1 {
                    picks.append(index)
                    continue
                }
                let story = try mset.value(index, slot: Schema.story.slot!)
                if story.isEmpty || seen.insert(story).inserted { picks.append(index) }
            }
            if picks.count == wanted || mset.count < window { return (mset, Array(picks.dropFirst(offset)), stories) }
            window *= 2
        }
    }
}
