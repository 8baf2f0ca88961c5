// Facet counting inside the shim (facets.cpp, postings.cpp), never seen by
// Swift. A facet value is written in the index as an entry: the key of its
// filter term, then (when they differ) a 0x1F byte and its label. Counting
// folds entries by key, so that a value's count is always its filter's total.

#ifndef GAZETTE_CXAPIAN_FACETS_H
#define GAZETTE_CXAPIAN_FACETS_H

#include "shim.h"

#include <algorithm>
#include <string_view>

namespace gz {

// Gives each distinct string a number, from 0, and keeps its bytes. Open
// addressing over one array, strings in one buffer: a lookup costs a hash
// and usually one comparison, which matters when it runs for every value of
// every match.
class Interner {
    std::string bytes_;
    std::vector<uint32_t> starts_{0};  // string i is bytes_[starts_[i] .. starts_[i + 1])
    std::vector<uint32_t> slots_;      // id + 1, or 0 for an empty slot
    std::vector<uint32_t> hashes_;     // per id, to skip comparisons and to grow

    static uint64_t hash(std::string_view text);
    void grow();

  public:
    Interner() : slots_(64, 0) {}
    uint32_t id(std::string_view text);
    size_t size() const { return starts_.size() - 1; }
    std::string_view operator[](uint32_t id) const {
        return std::string_view(bytes_).substr(starts_[id], starts_[id + 1] - starts_[id]);
    }
    size_t memory() const { return bytes_.capacity() + (starts_.capacity() + slots_.capacity() + hashes_.capacity()) * 4; }
};

// Calls `each` with every entry of a packed value (entries are separated by NUL).
template <typename Each>
void for_each_entry(const std::string &packed, Each each) {
    std::string_view rest(packed);
    while (!rest.empty()) {
        size_t end = std::min(rest.find('\0'), rest.size());
        if (end > 0) each(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
}

// The first `limit` values of a facet, most frequent first, ties by label
// and then key; `distinct` is how many values were counted at all.
struct TopValues {
    std::vector<std::pair<std::string_view, uint64_t>> values;
    uint32_t distinct = 0;
};

// Distinct entries, each with the key it folds into.
class EntryTable {
    Interner entries_;
    Interner keys_;
    std::vector<uint32_t> key_of_;

  public:
    uint32_t add(std::string_view entry);
    size_t size() const { return entries_.size(); }
    std::string_view entry(uint32_t id) const { return entries_[id]; }
    std::string_view label(uint32_t id) const;
    std::string_view key(uint32_t id) const { return keys_[key_of_[id]]; }
    uint32_t key_id(uint32_t id) const { return key_of_[id]; }
    // Folds counts per entry (indexed by id) into values: entries of one key
    // add up and show the label counted most often (ties: the smaller).
    TopValues top(const std::vector<uint64_t> &counts, size_t limit) const;
    size_t memory() const { return entries_.memory() + keys_.memory() + key_of_.capacity() * 4; }
};

// The shim's own counting spies (they run in this process only).
class Counter : public Xapian::MatchSpy {
  public:
    // Adds what was counted to `table` and `counts` (indexed by the table's ids).
    virtual void add_to(EntryTable &table, std::vector<uint64_t> &counts) const = 0;
    virtual TopValues top(size_t limit) const = 0;
};

}  // namespace gz

// Every document's entries of one packed slot by document id (compressed
// sparse rows), with their totals. Immutable once built.
struct gz_facet_column {
    std::vector<uint32_t> starts;  // document d's entries are ids[starts[d]] .. ids[starts[d + 1] - 1]
    std::vector<uint32_t> ids;
    gz::EntryTable entries;
    std::vector<uint64_t> totals;  // documents per entry over the whole database
};

namespace gz {

// Counts entries of matches through a column: a few array reads a match.
class ColumnCounter : public Counter {
    const gz_facet_column &column_;
    std::vector<uint64_t> counts_;
    uint64_t without_entries_ = 0;  // matches with no entry in the column
    uint64_t documents_ = 0;        // matches counted

  public:
    explicit ColumnCounter(const gz_facet_column &column)
        : column_(column), counts_(column.entries.size(), 0) {}

    void count(Xapian::docid did) {
        if (did + 1 >= column_.starts.size()) throw ArgumentError{"the facet column is older than the database"};
        const uint32_t *id = column_.ids.data() + column_.starts[did];
        const uint32_t *end = column_.ids.data() + column_.starts[did + 1];
        ++documents_;
        if (id == end) ++without_entries_;
        for (; id != end; ++id) ++counts_[*id];
    }
    // Distinct entries among the matches, plus one for each match without
    // any: the stories of a story column, an article without one being its own.
    uint64_t distinct_or_alone() const {
        uint64_t distinct = without_entries_;
        for (uint64_t n : counts_) distinct += n != 0;
        return distinct;
    }
    uint64_t documents() const { return documents_; }
    void operator()(const Xapian::Document &doc, double) override { count(doc.get_docid()); }
    void add_to(EntryTable &table, std::vector<uint64_t> &counts) const override;
    TopValues top(size_t limit) const override { return column_.entries.top(counts_, limit); }
};

// The documents matching `query` in ascending order, read from posting lists
// alone, when the query is a boolean combination of terms (AND, OR, NOT,
// FILTER, synonyms, every document); false when it needs the matcher
// (phrases, ranges, wildcards ...).
bool walk_postings(const Xapian::Database &db, const Xapian::Query &query, std::vector<Xapian::docid> &out);

}  // namespace gz

#endif /* GAZETTE_CXAPIAN_FACETS_H */
