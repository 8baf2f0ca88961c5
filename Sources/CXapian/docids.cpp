// A query that matches a given set of documents by id: what a saved search
// is narrowed to when the daemon checks the articles a commit just wrote.
// Xapian's AND then walks this short list and skips through the saved
// query's posting lists, so checking costs follow the new articles, not the
// size of the index.

#include "shim.h"

#include <algorithm>

namespace {

// Matches its sorted, distinct docids, with no weight. Local databases only:
// docids of a database of several shards are interleaved, and the daemon
// checks its own writer's database.
class DocidSource : public Xapian::PostingSource {
    std::vector<Xapian::docid> ids;
    size_t pos = 0;
    bool started = false;

  public:
    explicit DocidSource(std::vector<Xapian::docid> sorted) : ids(std::move(sorted)) {}

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return Xapian::doccount(ids.size()); }
    Xapian::doccount get_termfreq_max() const override { return Xapian::doccount(ids.size()); }

    void init(const Xapian::Database &) override {
        pos = 0;
        started = false;
    }

    void next(double) override {
        if (started) ++pos;
        started = true;
    }

    void skip_to(Xapian::docid did, double) override {
        started = true;
        pos = size_t(std::lower_bound(ids.begin() + long(pos), ids.end(), did) - ids.begin());
    }

    bool at_end() const override { return started && pos >= ids.size(); }
    Xapian::docid get_docid() const override { return ids[pos]; }

    PostingSource *clone() const override { return new DocidSource(ids); }
    std::string name() const override { return "Gazette::DocidSource"; }
    std::string get_description() const override {
        return "DocidSource(" + std::to_string(ids.size()) + " documents)";
    }
};

}  // namespace

std::vector<Xapian::docid> gz::sorted_docids(const uint32_t *docids, size_t count) {
    if (count > 0) require(docids, "docids is NULL");
    std::vector<Xapian::docid> ids;
    for (size_t i = 0; i < count; ++i)
        if (docids[i] != 0) ids.push_back(docids[i]);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Xapian::Query gz::docid_query(std::vector<Xapian::docid> sorted) {
    if (sorted.empty()) return Xapian::Query::MatchNothing;
    // The query owns the source from here (reference counted).
    return Xapian::Query((new DocidSource(std::move(sorted)))->release());
}

extern "C" {

gz_status gz_query_new_docids(const uint32_t *docids, size_t count, gz_query **out, char **error) {
    return gz::guard(error, [&] {
        gz::require(out, "output pointer is NULL");
        *out = new gz_query{gz::docid_query(gz::sorted_docids(docids, count))};
    });
}

}  // extern "C"
