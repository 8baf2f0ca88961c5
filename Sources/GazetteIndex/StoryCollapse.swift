extension IndexReader {
    /// The ranked pass of a collapsed search whose stories the daemon's
    /// column holds: ranked without Xapian's collapse, which reads the story
    /// value of every match that might rank, and collapsed here, where the
    /// column says which hits have copies at all (most have none) and only
    /// theirs are read. The first hit of each story in rank order is the one
    /// Xapian's collapse keeps, so the hits are the same; a window too full
    /// of copies is ranked again, twice as wide.
    /// Returns the ranked set and the indexes in it of hits `offset..<offset + limit`.
    func rankCollapsing(_ enquire: XapianEnquire, column: XapianFacetColumn, offset: Int, limit: Int)
        throws(IndexError) -> (mset: XapianMSet, picks: [Int]) {
        let wanted = offset + limit
        var window = wanted == 0 ? 0 : max(2 * wanted, wanted + 10)
        while true {
            let mset = try enquire.run(first: 0, maxItems: window, checkAtLeast: window)
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
            if picks.count == wanted || mset.count < window { return (mset, Array(picks.dropFirst(offset))) }
            window *= 2
        }
    }
}
