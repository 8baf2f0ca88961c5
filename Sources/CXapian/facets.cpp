// Facet counting: entries interned and folded by key into ranked values;
// the packed-slot spy; the in-memory column and its spy; the C entry points.

#include "facets.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_set>

using namespace gz;

namespace gz {

uint64_t Interner::hash(std::string_view text) {
    // Eight bytes at a time, multiply and rotate: quick, and mixes well enough for a table.
    uint64_t h = 0x9E3779B97F4A7C15ull ^ text.size();
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        h = (h ^ word) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    if (i < text.size()) std::memcpy(&tail, text.data() + i, text.size() - i);
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 29);
}

void Interner::grow() {
    std::vector<uint32_t> slots(slots_.size() * 2, 0);
    size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < size(); ++id) {
        size_t i = hashes_[id] & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = id + 1;
    }
    slots_.swap(slots);
}

uint32_t Interner::id(std::string_view text) {
    uint32_t h = uint32_t(hash(text));
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t slot = slots_[i];
        if (!slot) {
            uint32_t id = uint32_t(size());
            bytes_.append(text);
            starts_.push_back(uint32_t(bytes_.size()));
            hashes_.push_back(h);
            slots_[i] = id + 1;
            if (size() * 2 > slots_.size()) grow();
            return id;
        }
        if (hashes_[slot - 1] == h && (*this)[slot - 1] == text) return slot - 1;
    }
}

uint32_t EntryTable::add(std::string_view entry) {
    uint32_t id = entries_.id(entry);
    if (id == key_of_.size()) key_of_.push_back(keys_.id(entry.substr(0, entry.find('\x1f'))));
    return id;
}

std::string_view EntryTable::label(uint32_t id) const {
    std::string_view entry = entries_[id];
    size_t cut = entry.find('\x1f');
    return cut == std::string_view::npos ? entry : entry.substr(cut + 1);
}

TopValues EntryTable::top(const std::vector<uint64_t> &counts, size_t limit) const {
    const uint32_t none = UINT32_MAX;
    std::vector<uint64_t> totals(keys_.size(), 0);
    std::vector<uint32_t> shown(keys_.size(), none);  // the entry whose label a key shows
    for (uint32_t id = 0; id < counts.size() && id < size(); ++id) {
        uint64_t n = counts[id];
        if (!n) continue;
        uint32_t key = key_of_[id];
        totals[key] += n;
        uint32_t best = shown[key];
        if (best == none || n > counts[best] || (n == counts[best] && label(id) < label(best))) shown[key] = id;
    }
    std::vector<uint32_t> keys;
    for (uint32_t key = 0; key < totals.size(); ++key) {
        if (totals[key]) keys.push_back(key);
    }
    auto before = [&](uint32_t a, uint32_t b) {
        if (totals[a] != totals[b]) return totals[a] > totals[b];
        std::string_view la = label(shown[a]), lb = label(shown[b]);
        if (la != lb) return la < lb;
        return keys_[a] < keys_[b];
    };
    size_t n = std::min(limit, keys.size());
    std::partial_sort(keys.begin(), keys.begin() + n, keys.end(), before);
    TopValues top;
    top.distinct = uint32_t(keys.size());
    for (size_t i = 0; i < n; ++i) top.values.emplace_back(label(shown[keys[i]]), totals[keys[i]]);
    return top;
}

}  // namespace gz

namespace {

// Entries of the packed slot, counted per match: one value read per
// document, whatever the number of its entries. With a story slot, a key
// counts once per story (a document without a story counts alone).
class EntryCounter : public Counter {
    Xapian::valueno slot_;
    Xapian::valueno story_slot_;
    EntryTable table_;
    std::vector<uint64_t> counts_;
    Interner stories_;
    std::unordered_set<uint64_t> seen_;  // story id << 32 | key id

  public:
    explicit EntryCounter(Xapian::valueno slot, Xapian::valueno story_slot = Xapian::BAD_VALUENO)
        : slot_(slot), story_slot_(story_slot) {}

    void operator()(const Xapian::Document &doc, double) override {
        std::string story = story_slot_ == Xapian::BAD_VALUENO ? std::string() : doc.get_value(story_slot_);
        uint64_t story_id = story.empty() ? UINT64_MAX : uint64_t(stories_.id(story)) << 32;
        for_each_entry(doc.get_value(slot_), [&](std::string_view entry) {
            uint32_t id = table_.add(entry);
            if (id == counts_.size()) counts_.push_back(0);
            if (story_id != UINT64_MAX && !seen_.insert(story_id | table_.key_id(id)).second) return;
            ++counts_[id];
        });
    }

    void add_to(EntryTable &table, std::vector<uint64_t> &counts) const override {
        for (uint32_t id = 0; id < counts_.size(); ++id) {
            uint32_t to = table.add(table_.entry(id));
            if (to >= counts.size()) counts.resize(to + 1, 0);
            counts[to] += counts_[id];
        }
    }

    TopValues top(size_t limit) const override { return table_.top(counts_, limit); }
};

// Counts each match once for every group (a region) that one of its entries
// (a country) belongs to, however many of its entries do.
class GroupCounter : public Xapian::MatchSpy {
    Xapian::valueno slot_;
    std::vector<std::string> keys_;
    std::unordered_map<std::string_view, std::vector<uint32_t>> groups_of_;
    std::vector<uint64_t> counts_;
    std::vector<uint64_t> last_;  // the match that last counted a group
    uint64_t match_ = 0;

  public:
    GroupCounter(Xapian::valueno slot, std::vector<std::string> keys, std::vector<std::vector<uint32_t>> groups,
                 uint32_t group_count)
        : slot_(slot), keys_(std::move(keys)), counts_(group_count, 0), last_(group_count, 0) {
        for (size_t i = 0; i < keys_.size(); ++i) {
            auto &list = groups_of_[keys_[i]];
            list.insert(list.end(), groups[i].begin(), groups[i].end());
        }
    }

    void operator()(const Xapian::Document &doc, double) override {
        ++match_;
        for_each_entry(doc.get_value(slot_), [&](std::string_view entry) {
            auto found = groups_of_.find(entry.substr(0, entry.find('\x1f')));
            if (found == groups_of_.end()) return;
            for (uint32_t group : found->second) {
                if (last_[group] == match_) continue;
                last_[group] = match_;
                ++counts_[group];
            }
        });
    }

    const std::vector<uint64_t> &counts() const { return counts_; }
};

// Hands out ranked values: labels as one buffer of NUL-terminated strings,
// counts as a parallel array, both malloc()ed for the caller.
void hand_out(const TopValues &top, char **labels, uint32_t **counts, size_t *count, uint32_t *distinct) {
    std::string buffer;
    for (const auto &value : top.values) {
        buffer.append(value.first);
        buffer.push_back('\0');
    }
    auto *numbers = static_cast<uint32_t *>(std::malloc((top.values.size() + 1) * sizeof(uint32_t)));
    if (!numbers) throw std::bad_alloc();
    for (size_t i = 0; i < top.values.size(); ++i) numbers[i] = uint32_t(std::min<uint64_t>(top.values[i].second, UINT32_MAX));
    try {
        *labels = copy_string(buffer);
    } catch (...) {
        std::free(numbers);
        throw;
    }
    *counts = numbers;
    *count = top.values.size();
    if (distinct) *distinct = top.distinct;
}

void require_outputs(char **labels, uint32_t **counts, size_t *count) {
    require(labels, "output pointer is NULL");
    require(counts, "output pointer is NULL");
    require(count, "output pointer is NULL");
}

}  // namespace

void gz::ColumnCounter::add_to(EntryTable &table, std::vector<uint64_t> &counts) const {
    for (uint32_t id = 0; id < counts_.size(); ++id) {
        if (!counts_[id]) continue;
        uint32_t to = table.add(column_.entries.entry(id));
        if (to >= counts.size()) counts.resize(to + 1, 0);
        counts[to] += counts_[id];
    }
}

extern "C" {

gz_status gz_enquire_add_entry_counter(gz_enquire *e, uint32_t slot, size_t *spy, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(spy, "output pointer is NULL");
        e->spies.push_back(std::make_unique<EntryCounter>(slot));
        e->enquire.add_matchspy(e->spies.back().get());
        *spy = e->spies.size() - 1;
    });
}

gz_status gz_enquire_add_story_entry_counter(gz_enquire *e, uint32_t slot, uint32_t story_slot, size_t *spy,
                                             char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(spy, "output pointer is NULL");
        if (story_slot == Xapian::BAD_VALUENO) throw ArgumentError{"value slot out of range"};
        e->spies.push_back(std::make_unique<EntryCounter>(slot, story_slot));
        e->enquire.add_matchspy(e->spies.back().get());
        *spy = e->spies.size() - 1;
    });
}

gz_status gz_enquire_add_column_counter(gz_enquire *e, const gz_facet_column *column, size_t *spy,
                                        char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(column, "facet column is NULL");
        require(spy, "output pointer is NULL");
        e->spies.push_back(std::make_unique<ColumnCounter>(*column));
        e->enquire.add_matchspy(e->spies.back().get());
        *spy = e->spies.size() - 1;
    });
}

gz_status gz_enquire_add_group_counter(gz_enquire *e, uint32_t slot, const char *keys, size_t key_count,
                                       const uint32_t *offsets, const uint32_t *groups, uint32_t group_count,
                                       size_t *spy, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(spy, "output pointer is NULL");
        if (key_count) {
            require(keys, "keys is NULL");
            require(offsets, "offsets is NULL");
        }
        if (key_count && offsets[key_count]) require(groups, "groups is NULL");
        std::vector<std::string> names;
        std::vector<std::vector<uint32_t>> lists;
        const char *key = keys;
        for (size_t i = 0; i < key_count; ++i) {
            names.emplace_back(key);
            key += names.back().size() + 1;
            if (offsets[i] > offsets[i + 1]) throw ArgumentError{"group offsets go backwards"};
            lists.emplace_back(groups + offsets[i], groups + offsets[i + 1]);
            for (uint32_t group : lists.back())
                if (group >= group_count) throw ArgumentError{"a group number is not below group_count"};
        }
        e->spies.push_back(std::make_unique<GroupCounter>(slot, std::move(names), std::move(lists), group_count));
        e->enquire.add_matchspy(e->spies.back().get());
        *spy = e->spies.size() - 1;
    });
}

gz_status gz_enquire_group_counts(gz_enquire *e, size_t spy, uint32_t *counts, uint32_t group_count, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        if (group_count) require(counts, "counts is NULL");
        if (spy >= e->spies.size()) throw ArgumentError{"no such counter"};
        auto *counter = dynamic_cast<const GroupCounter *>(e->spies[spy].get());
        if (!counter) throw ArgumentError{"the counter is not a group counter"};
        if (group_count != counter->counts().size()) throw ArgumentError{"group_count differs from the counter's"};
        for (uint32_t i = 0; i < group_count; ++i)
            counts[i] = uint32_t(std::min<uint64_t>(counter->counts()[i], UINT32_MAX));
    });
}

gz_status gz_enquire_facet_values(gz_enquire *e, const size_t *spies, size_t spy_count, uint32_t limit,
                                  char **labels, uint32_t **counts, size_t *count, uint32_t *distinct,
                                  char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        if (!spies && spy_count) throw ArgumentError{"counter list is NULL"};
        require_outputs(labels, counts, count);
        for (size_t i = 0; i < spy_count; ++i) {
            if (spies[i] >= e->spies.size()) throw ArgumentError{"no such counter"};
        }
        auto *own = spy_count == 1 ? dynamic_cast<const Counter *>(e->spies[spies[0]].get()) : nullptr;
        if (own) return hand_out(own->top(limit), labels, counts, count, distinct);
        // Xapian's own spy (what remote shards run), or several counters of
        // one facet: add them up by entry first.
        EntryTable table;
        std::vector<uint64_t> totals;
        for (size_t i = 0; i < spy_count; ++i) {
            const Xapian::MatchSpy *spy = e->spies[spies[i]].get();
            if (auto *counter = dynamic_cast<const Counter *>(spy)) {
                counter->add_to(table, totals);
                continue;
            }
            // Xapian's own spy counts whole values: all of a document's
            // entries (a packed slot), each set as many times as it was seen.
            auto &stock = dynamic_cast<const Xapian::ValueCountMatchSpy &>(*spy);
            for (auto it = stock.values_begin(); it != stock.values_end(); ++it) {
                for_each_entry(*it, [&](std::string_view entry) {
                    uint32_t id = table.add(entry);
                    if (id >= totals.size()) totals.resize(id + 1, 0);
                    totals[id] += it.get_termfreq();
                });
            }
        }
        hand_out(table.top(totals, limit), labels, counts, count, distinct);
    });
}

gz_status gz_enquire_count_postings(gz_enquire *e, int *walked, uint32_t *total, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(walked, "output pointer is NULL");
        require(total, "output pointer is NULL");
        *walked = 0;
        std::vector<ColumnCounter *> counters;
        for (auto &spy : e->spies) {
            auto *counter = dynamic_cast<ColumnCounter *>(spy.get());
            if (!counter) return;  // only a column can count a document from its id alone
            counters.push_back(counter);
        }
        std::vector<Xapian::docid> docids;
        if (!walk_postings(e->db, e->enquire.get_query(), docids)) return;
        for (ColumnCounter *counter : counters) {
            for (Xapian::docid did : docids) counter->count(did);
        }
        *walked = 1;
        *total = uint32_t(docids.size());
    });
}

gz_status gz_enquire_column_stories(gz_enquire *e, size_t spy, uint32_t *stories, uint32_t *documents,
                                    char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(stories, "output pointer is NULL");
        if (spy >= e->spies.size()) throw ArgumentError{"no such counter"};
        auto *counter = dynamic_cast<const ColumnCounter *>(e->spies[spy].get());
        if (!counter) throw ArgumentError{"the counter is not a column counter"};
        *stories = uint32_t(std::min<uint64_t>(counter->distinct_or_alone(), UINT32_MAX));
        if (documents) *documents = uint32_t(std::min<uint64_t>(counter->documents(), UINT32_MAX));
    });
}

gz_status gz_facet_column_build(gz_database *db, uint32_t slot, gz_facet_column **out, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(out, "output pointer is NULL");
        auto column = std::make_unique<gz_facet_column>();
        Xapian::docid last = db->db.get_lastdocid();
        column->starts.assign(size_t(last) + 2, 0);
        Xapian::docid next = 1;  // the first document whose start is not set yet
        for (auto it = db->db.valuestream_begin(slot); it != db->db.valuestream_end(slot); ++it) {
            Xapian::docid did = it.get_docid();
            while (next <= did) column->starts[next++] = uint32_t(column->ids.size());
            for_each_entry(*it, [&](std::string_view entry) {
                uint32_t id = column->entries.add(entry);
                if (id == column->totals.size()) column->totals.push_back(0);
                ++column->totals[id];
                column->ids.push_back(id);
            });
        }
        while (next <= last + 1) column->starts[next++] = uint32_t(column->ids.size());
        column->ids.shrink_to_fit();
        *out = column.release();
    });
}

void gz_facet_column_free(gz_facet_column *column) { delete column; }

gz_status gz_facet_column_values(const gz_facet_column *column, uint32_t limit, char **labels, uint32_t **counts,
                                 size_t *count, uint32_t *distinct, char **error) {
    return guard(error, [&] {
        require(column, "facet column is NULL");
        require_outputs(labels, counts, count);
        hand_out(column->entries.top(column->totals, limit), labels, counts, count, distinct);
    });
}

gz_status gz_facet_column_size(const gz_facet_column *column, size_t *documents, size_t *entries,
                               size_t *bytes, char **error) {
    return guard(error, [&] {
        require(column, "facet column is NULL");
        if (documents) *documents = column->starts.size() - 2;
        if (entries) *entries = column->ids.size();
        if (bytes) {
            *bytes = (column->starts.capacity() + column->ids.capacity()) * 4 + column->totals.capacity() * 8 +
                     column->entries.memory();
        }
    });
}

gz_status gz_facet_column_sharers(const gz_facet_column *column, uint32_t docid, int *known, uint32_t *documents,
                                  char **error) {
    return guard(error, [&] {
        require(column, "facet column is NULL");
        require(known, "output pointer is NULL");
        require(documents, "output pointer is NULL");
        *known = 0;
        *documents = 0;
        if (docid == 0 || size_t(docid) + 1 >= column->starts.size()) return;
        *known = 1;
        uint32_t start = column->starts[docid];
        if (start == column->starts[docid + 1]) return;
        *documents = uint32_t(std::min<uint64_t>(column->totals[column->ids[start]], UINT32_MAX));
    });
}

gz_status gz_database_facet_terms(gz_database *db, const char *prefix, uint32_t limit, char **labels,
                                  uint32_t **counts, size_t *count, uint32_t *distinct, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(prefix, "prefix is NULL");
        require_outputs(labels, counts, count);
        size_t skip = std::strlen(prefix);
        EntryTable table;
        std::vector<uint64_t> totals;
        for (auto it = db->db.allterms_begin(prefix); it != db->db.allterms_end(prefix); ++it) {
            std::string term = *it;
            uint32_t id = table.add(std::string_view(term).substr(skip));
            if (id >= totals.size()) totals.resize(id + 1, 0);
            totals[id] += it.get_termfreq();
        }
        hand_out(table.top(totals, limit), labels, counts, count, distinct);
    });
}

}  // extern "C"
