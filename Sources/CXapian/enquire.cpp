// Searches over a database and their result sets.

#include "shim.h"
#include "stemming.h"

#include <atomic>
#include <cstdlib>
#include <ctime>

using namespace gz;

namespace {

// Accepts every document, and ends the match by throwing once the search
// has used its CPU time: Xapian's own time limit only stops exact counting,
// and has no way to end a match early. CPU time of this thread, not the
// wall clock, so that a loaded machine, which only makes a search wait,
// never turns a cheap one into a refusal. The clock is read every 256 documents.
class Deadline : public Xapian::MatchDecider {
    double end;
    double seconds;
    mutable unsigned calls = 0;

    static double cpu_seconds() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
    }

public:
    explicit Deadline(double seconds_) : end(cpu_seconds() + seconds_), seconds(seconds_) {}

    bool operator()(const Xapian::Document &) const override {
        if ((++calls & 255) == 0 && cpu_seconds() > end) {
            throw OverTime{"the match had used " + std::to_string(int(seconds * 1000)) + " ms of CPU time"};
        }
        return true;
    }
};

// Stems only the words whose stem may be one of the query's: a snippet
// stems every word of its text to compare "Z" + the stem with the query's
// terms, and most words share no beginning with any of its stems. The
// English stemmers (Porter's, and Porter2 as "english") change a word from
// its third letter on, apart from a second letter 'y' that becomes 'i'
// ("dying" to "die", Porter's "ay" to "ai"): a stem begins with its word's
// first two bytes, or, when its second letter is 'i', its first byte (see
// gz_mset::add_stem). For every other language every word is stemmed. The
// rest get an empty stem, whose term "Z" no query holds: the same
// highlights, a fraction of the stemming.
class InitialsStem : public Xapian::StemImplementation {
    Xapian::Stem stem;
    const gz_mset *m;  // outlives the snippet call that uses this stemmer

public:
    InitialsStem(const Xapian::Stem &stem_, const gz_mset *m_) : stem(stem_), m(m_) {}

    std::string operator()(const std::string &word) override {
        if (word.empty()) return std::string();
        const unsigned first = static_cast<unsigned char>(word[0]);
        if (m->stem_initials.test(first)
            || (word.size() > 1 && m->stem_bigrams.test(first << 8 | static_cast<unsigned char>(word[1]))))
            return stem(word);
        return std::string();
    }

    std::string get_description() const override { return stem.get_description(); }
};

// The stemmer a snippet of `m` in `language` uses.
Xapian::Stem stemmer_for(const gz_mset *m, const char *language) {
    Xapian::Stem stem = thread_stemmer(language);
    if (stem.is_none() || !stems_at_query_time(language)) return stem;
    return Xapian::Stem(new InitialsStem(stem, m));
}

// Snippets made by Gazette's generator and by Xapian's, since the process started.
std::atomic<uint64_t> snippets_made[2];

bool has_wildcard(const Xapian::Query &q) {
    if (q.get_type() == Xapian::Query::OP_WILDCARD) return true;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (has_wildcard(q.get_subquery(i))) return true;
    return false;
}

// Whether an unweighted pass of `q` could hold a term every document of a
// shard holds: one does here, or the database has several shards (a term
// may fill one of them), or a wildcard expands to terms not known yet.
bool swappable(const Xapian::Database &db, const Xapian::Query &q) {
    if (db.size() > 1) return true;
    const Xapian::doccount all = db.get_doccount();
    for (auto term = q.get_unique_terms_begin(); term != q.get_unique_terms_end(); ++term)
        if (db.get_termfreq(*term) == all) return true;
    return has_wildcard(q);
}

}  // namespace

void gz_mset::add_stem(const std::string &stem) {
    if (stem.size() < 2 || stem[1] == 'i') {
        stem_initials.set(static_cast<unsigned char>(stem[0]));
    } else {
        stem_bigrams.set(static_cast<unsigned char>(stem[0]) << 8 | static_cast<unsigned char>(stem[1]));
    }
}

extern "C" {

gz_status gz_enquire_new(gz_database *db, gz_enquire **out, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(out, "output pointer is NULL");
        auto handle = std::make_unique<gz_enquire>(db->db);
        // BM25 is Xapian's default; set it so the choice is explicit.
        handle->enquire.set_weighting_scheme(Xapian::BM25Weight());
        *out = handle.release();
    });
}

void gz_enquire_free(gz_enquire *e) { delete e; }

gz_status gz_enquire_set_query(gz_enquire *e, const gz_query *q, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(q, "query is NULL");
        e->enquire.set_query(q->query);
    });
}

gz_status gz_enquire_sort_by_value(gz_enquire *e, uint32_t slot, int descending, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        e->enquire.set_sort_by_value_then_relevance(slot, descending != 0);
    });
}

gz_status gz_enquire_set_unranked(gz_enquire *e, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        e->unranked = true;  // gz_enquire_run picks the weighting for the query it runs
        e->enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    });
}

gz_status gz_enquire_add_value_counter(gz_enquire *e, uint32_t slot, size_t *spy, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(spy, "output pointer is NULL");
        e->spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        e->enquire.add_matchspy(e->spies.back().get());
        *spy = e->spies.size() - 1;
    });
}

gz_status gz_enquire_set_time_limits(gz_enquire *e, double exact_seconds, double give_up_seconds,
                                     char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        if (!(exact_seconds >= 0) || !(give_up_seconds >= 0)) throw ArgumentError{"time limits must be 0 or more"};
        e->enquire.set_time_limit(exact_seconds);
        e->give_up_seconds = give_up_seconds;
    });
}

gz_status gz_enquire_run(gz_enquire *e, uint32_t first, uint32_t max_items,
                         uint32_t check_at_least, gz_mset **out, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(out, "output pointer is NULL");
        if (e->unranked) {
            // BoolWeight lets Xapian 1.4 swap a term every document holds for
            // the all-documents list, which it cannot walk past a chunk when
            // document ids have gaps (see weighted_filters in query.cpp). Raw
            // wdf needs the term's own list; no hit is ranked in these passes
            // (they fetch none), and remote shards know the scheme. It costs
            // the matcher more, so it is used only where the swap could happen.
            if (swappable(e->db, e->enquire.get_query())) e->enquire.set_weighting_scheme(Xapian::TfIdfWeight("nnn"));
            else e->enquire.set_weighting_scheme(Xapian::BoolWeight());
        }
        if (e->give_up_seconds > 0) {
            Deadline deadline(e->give_up_seconds);
            *out = new gz_mset{e->enquire.get_mset(first, max_items, check_at_least, nullptr, &deadline),
                               e->enquire.get_query()};
        } else {
            *out = new gz_mset{e->enquire.get_mset(first, max_items, check_at_least), e->enquire.get_query()};
        }
        const Xapian::Query &query = e->enquire.get_query();
        for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
            const std::string name = *term;
            if (name.size() > 1 && name[0] == 'Z') (*out)->add_stem(name.substr(1));
        }
    });
}

gz_status gz_enquire_set_collapse_key(gz_enquire *e, uint32_t slot, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        if (slot == Xapian::BAD_VALUENO) throw ArgumentError{"value slot out of range"};
        e->enquire.set_collapse_key(slot);
    });
}

gz_status gz_enquire_add_story_counter(gz_enquire *e, uint32_t first_slot, uint32_t slot_count,
                                       uint32_t story_slot, size_t *spy, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(spy, "output pointer is NULL");
        if (first_slot + slot_count < first_slot || story_slot == Xapian::BAD_VALUENO)
            throw ArgumentError{"value slots out of range"};
        e->story_spies.push_back(std::make_unique<StoryCounter>(first_slot, slot_count, story_slot));
        e->enquire.add_matchspy(e->story_spies.back().get());
        *spy = e->story_spies.size() - 1;
    });
}

gz_status gz_enquire_story_total(gz_enquire *e, size_t spy, uint32_t *stories, uint32_t *documents,
                                 char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(stories, "output pointer is NULL");
        require(documents, "output pointer is NULL");
        if (spy >= e->story_spies.size()) throw ArgumentError{"no such story counter"};
        *stories = e->story_spies[spy]->story_count();
        *documents = e->story_spies[spy]->documents;
    });
}

namespace {

// Expand-set terms: unprefixed words (Xapian's prefixes are capitals) of three bytes or more.
class WordsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string &term) const override {
        if (term.size() < 3) return false;
        unsigned char first = static_cast<unsigned char>(term[0]);
        return !(first >= 'A' && first <= 'Z');
    }
};

}  // namespace

gz_status gz_enquire_expand(gz_enquire *e, const uint32_t *docids, size_t count, uint32_t max_terms,
                            char **terms, size_t *length, size_t *out_count, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(terms, "output pointer is NULL");
        require(length, "output pointer is NULL");
        require(out_count, "output pointer is NULL");
        if (count && !docids) throw ArgumentError{"document ids are NULL"};
        Xapian::RSet rset;
        for (size_t i = 0; i < count; ++i) {
            if (docids[i] == 0) throw ArgumentError{"document id 0 is never valid"};
            rset.add_document(docids[i]);
        }
        WordsOnly decider;
        Xapian::ESet eset = e->enquire.get_eset(max_terms, rset, &decider);
        std::vector<std::string> words;
        for (auto it = eset.begin(); it != eset.end(); ++it) words.push_back(*it);
        size_t n = 0;
        std::string buffer = nul_separated(words.begin(), words.end(), n);
        *terms = copy_string(buffer);
        *length = buffer.size();
        *out_count = n;
    });
}

void gz_mset_free(gz_mset *m) { delete m; }

gz_status gz_mset_size(const gz_mset *m, uint32_t *out, char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        require(out, "output pointer is NULL");
        *out = m->mset.size();
    });
}

gz_status gz_mset_matches(const gz_mset *m, uint32_t *lower, uint32_t *estimated,
                          uint32_t *upper, char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        if (lower) *lower = m->mset.get_matches_lower_bound();
        if (estimated) *estimated = m->mset.get_matches_estimated();
        if (upper) *upper = m->mset.get_matches_upper_bound();
    });
}

gz_status gz_mset_hit(const gz_mset *m, uint32_t index, uint32_t *docid, double *weight,
                      char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        if (index >= m->mset.size()) throw ArgumentError{"hit index out of range"};
        Xapian::MSetIterator it = m->mset[index];
        if (docid) *docid = *it;
        if (weight) *weight = it.get_weight();
    });
}

gz_status gz_mset_hit_data(const gz_mset *m, uint32_t index, char **data, size_t *length,
                           char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        require(data, "output pointer is NULL");
        require(length, "output pointer is NULL");
        if (index >= m->mset.size()) throw ArgumentError{"hit index out of range"};
        std::string stored = m->mset[index].get_document().get_data();
        *data = copy_string(stored);
        *length = stored.size();
    });
}

gz_status gz_mset_hit_value(const gz_mset *m, uint32_t index, uint32_t slot, char **value,
                            size_t *length, char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        require(value, "output pointer is NULL");
        require(length, "output pointer is NULL");
        if (index >= m->mset.size()) throw ArgumentError{"hit index out of range"};
        std::string stored = m->mset[index].get_document().get_value(slot);
        *value = copy_string(stored);
        *length = stored.size();
    });
}

gz_status gz_mset_hit_collapse_count(const gz_mset *m, uint32_t index, uint32_t *count, char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        require(count, "output pointer is NULL");
        if (index >= m->mset.size()) throw ArgumentError{"hit index out of range"};
        *count = m->mset[index].get_collapse_count();
    });
}

gz_status gz_mset_snippet(const gz_mset *m, const char *text, size_t text_length,
                          uint32_t length, const char *language, const char *start,
                          const char *end, const char *omit, char **out, char **error) {
    return gz_mset_snippet_by(m, GZ_SNIPPET_ANY, text, text_length, length, language, start, end, omit, out,
                              error);
}

gz_status gz_mset_snippet_by(const gz_mset *m, gz_snippet_maker maker, const char *text, size_t text_length,
                             uint32_t length, const char *language, const char *start, const char *end,
                             const char *omit, char **out, char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        require(out, "output pointer is NULL");
        if (!text && text_length) throw ArgumentError{"text is NULL"};
        if (maker != GZ_SNIPPET_ANY && maker != GZ_SNIPPET_OWN && maker != GZ_SNIPPET_XAPIAN)
            throw ArgumentError{"unknown snippet maker"};
        *out = nullptr;
        const std::string hi_start = start ? start : "", hi_end = end ? end : "", omission = omit ? omit : "";
        if (maker != GZ_SNIPPET_XAPIAN) {
            if (!m->snippet_plan) m->snippet_plan = make_snippet_plan(m->mset, m->query);
            Xapian::Stem stem = thread_stemmer(language);
            const gz_mset *initials = !stem.is_none() && stems_at_query_time(language) ? m : nullptr;
            thread_local std::string snippet;
            if (own_snippet(*m->snippet_plan, initials, text ? text : "", text_length, length, stem, hi_start,
                            hi_end, omission, snippet)) {
                snippets_made[0].fetch_add(1, std::memory_order_relaxed);
                *out = copy_string(snippet);
                return;
            }
            if (maker == GZ_SNIPPET_OWN) return;
        }
        snippets_made[1].fetch_add(1, std::memory_order_relaxed);
        std::string snippet = m->mset.snippet(std::string(text ? text : "", text_length), length,
                                              stemmer_for(m, language),
                                              Xapian::MSet::SNIPPET_EXHAUSTIVE, hi_start, hi_end, omission);
        *out = copy_string(snippet);
    });
}

void gz_snippet_counts(uint64_t *own, uint64_t *xapian) {
    if (own) *own = snippets_made[0].load(std::memory_order_relaxed);
    if (xapian) *xapian = snippets_made[1].load(std::memory_order_relaxed);
}

}  // extern "C"
