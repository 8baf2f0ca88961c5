// The ways of counting facets, measured side by side on one index through
// the shim's own C interface (Sources/CXapian), so what is timed is what
// Gazette runs. Not part of the tests; built and run by options.sh.
//
// Usage: options INDEX ROUNDS QUERY...   (a QUERY of "" is the whole index;
// QUERY@TERM also times walking TERM's posting list, the docids alone;
// OPTIONS_SKIP_STOCK=1 in the environment leaves out Xapian's own spy)
// Prints, per query, the median CPU milliseconds of each option over ROUNDS
// interleaved rounds, counting both facets (actor and country).

#include "CXapian.h"

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

// The facets' layout, as Sources/GazetteIndex/Schema.swift declares it.
struct Layout {
    uint32_t packed;
    uint32_t ranks;
    const char *entry_prefix;
};
const Layout facets[] = {{10, 1000, "XVA"}, {11, 2000, "XVC"}};

void ok(gz_status status, char *error) {
    if (status == GZ_OK) return;
    std::fprintf(stderr, "options: %s: %s\n", gz_status_name(status), error ? error : "");
    std::exit(2);
}

// CPU time of this thread: on a shared machine, other work moves it much less than wall time.
double now_ms() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

uint32_t doc_count(gz_database *db) {
    uint32_t n = 0;
    char *error = nullptr;
    ok(gz_database_doc_count(db, &n, &error), error);
    return n;
}

// Rank slots exist in layout 2 indexes only: on a layout 3 index those rows count nothing.
std::vector<uint32_t> rank_slots_in_use(gz_database *db, const Layout &layout) {
    std::vector<uint32_t> slots;
    for (uint32_t slot = layout.ranks;; ++slot) {
        uint32_t freq = 0;
        char *error = nullptr;
        ok(gz_database_value_freq(db, slot, &freq, &error), error);
        if (freq == 0) break;
        slots.push_back(slot);
    }
    return slots;
}

// The ranked values of one facet's counters, as Gazette reads them (the
// first 10); returns how many distinct values were counted, so every option
// is checked against the others.
uint64_t values(gz_enquire *e, const std::vector<size_t> &spies) {
    char *labels = nullptr, *error = nullptr;
    uint32_t *counts = nullptr;
    size_t n = 0;
    uint32_t distinct = 0;
    ok(gz_enquire_facet_values(e, spies.data(), spies.size(), 10, &labels, &counts, &n, &distinct, &error), error);
    gz_free(labels);
    gz_free(counts);
    return distinct;
}

enum class Counting { none, rank_slots, packed_stock, packed, column };

// One search: counters of `kind` on both facets; ranked (BM25) or unranked;
// with `walk`, posting lists instead of the matcher when they can.
uint64_t pass(gz_database *db, gz_query *q, bool ranked, Counting kind, uint32_t max_items, uint32_t check,
              gz_facet_column *const *columns, bool walk = false) {
    gz_enquire *e = nullptr;
    char *error = nullptr;
    ok(gz_enquire_new(db, &e, &error), error);
    ok(gz_enquire_set_query(e, q, &error), error);
    if (!ranked) ok(gz_enquire_set_unranked(e, &error), error);
    std::vector<size_t> spies[2];
    for (int f = 0; f < 2; ++f) {
        size_t spy = 0;
        switch (kind) {
        case Counting::none: break;
        case Counting::packed_stock:
            ok(gz_enquire_add_value_counter(e, facets[f].packed, &spy, &error), error);
            spies[f].push_back(spy);
            break;
        case Counting::packed:
            ok(gz_enquire_add_entry_counter(e, facets[f].packed, &spy, &error), error);
            spies[f].push_back(spy);
            break;
        case Counting::column:
            ok(gz_enquire_add_column_counter(e, columns[f], &spy, &error), error);
            spies[f].push_back(spy);
            break;
        case Counting::rank_slots:
            for (uint32_t slot : rank_slots_in_use(db, facets[f])) {
                ok(gz_enquire_add_value_counter(e, slot, &spy, &error), error);
                spies[f].push_back(spy);
            }
            break;
        }
    }
    int walked = 0;
    uint32_t total = 0;
    if (walk) ok(gz_enquire_count_postings(e, &walked, &total, &error), error);
    if (!walked) {
        gz_mset *m = nullptr;
        ok(gz_enquire_run(e, 0, max_items, check, &m, &error), error);
        gz_mset_free(m);
    }
    uint64_t sum = 0;
    if (kind != Counting::none) {
        for (int f = 0; f < 2; ++f) sum += values(e, spies[f]);
    }
    gz_enquire_free(e);
    return sum;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: options INDEX ROUNDS QUERY...\n");
        return 2;
    }
    gz_database *db = nullptr;
    char *error = nullptr;
    ok(gz_database_open(argv[1], &db, &error), error);
    int rounds = std::atoi(argv[2]);
    uint32_t all = doc_count(db);

    double start = now_ms();
    gz_facet_column *columns[2];
    for (int f = 0; f < 2; ++f) ok(gz_facet_column_build(db, facets[f].packed, &columns[f], &error), error);
    double build = now_ms() - start;
    size_t bytes[2], entries[2];
    for (int f = 0; f < 2; ++f) ok(gz_facet_column_size(columns[f], nullptr, &entries[f], &bytes[f], &error), error);
    std::printf("index %s: %u articles; building both columns %.1f ms, %.1f MB, %zu entries\n", argv[1], all, build,
                (bytes[0] + bytes[1]) / 1048576.0, entries[0] + entries[1]);

    gz_queryparser *qp = nullptr;
    ok(gz_queryparser_new("english", &qp, &error), error);
    ok(gz_queryparser_set_database(qp, db, &error), error);

    for (int a = 3; a < argc; ++a) {
        std::string text = argv[a], term;
        if (size_t at = text.find('@'); at != std::string::npos) {
            term = text.substr(at + 1);
            text.resize(at);
        }
        gz_query *q = nullptr;
        if (text.empty()) ok(gz_query_new_match_all(&q, &error), error);
        else ok(gz_queryparser_parse(qp, text.c_str(), 1 | 2 | 4 | 16 | 32, &q, &error), error);

        // name -> (run, facet values counted in total)
        std::vector<std::pair<std::string, std::function<uint64_t()>>> options = {
            {"no facets: ranked top 10, exact to 100k",
             [&] { return pass(db, q, true, Counting::none, 10, std::max<uint32_t>(100000, 10), columns); }},
            {"unranked pass alone (no counters)",
             [&] { return pass(db, q, false, Counting::none, 0, all, columns); }},
            {"ranked, all matches, rank slots (stock spy)",
             [&] { return pass(db, q, true, Counting::rank_slots, 10, all, columns); }},
            {"ranked, all matches, packed slot spy",
             [&] { return pass(db, q, true, Counting::packed, 10, all, columns); }},
            {"unranked + rank slots (stock spy), + top 10",
             [&] { return pass(db, q, false, Counting::rank_slots, 0, all, columns) +
                          pass(db, q, true, Counting::none, 10, 10, columns) * 0; }},
            {"unranked + packed slot (stock spy), + top 10",
             [&] { return pass(db, q, false, Counting::packed_stock, 0, all, columns) +
                          pass(db, q, true, Counting::none, 10, 10, columns) * 0; }},
            {"unranked + packed slot spy, + top 10",
             [&] { return pass(db, q, false, Counting::packed, 0, all, columns) +
                          pass(db, q, true, Counting::none, 10, 10, columns) * 0; }},
            {"unranked + column spy, + top 10",
             [&] { return pass(db, q, false, Counting::column, 0, all, columns) +
                          pass(db, q, true, Counting::none, 10, 10, columns) * 0; }},
            {"posting lists + column, + top 10",
             [&] { return pass(db, q, false, Counting::column, 0, all, columns, true) +
                          pass(db, q, true, Counting::none, 10, 10, columns) * 0; }},
        };
        if (!term.empty()) {
            options.push_back({"posting list of " + term + " (docids only)", [&] {
                uint32_t *docids = nullptr;
                size_t n = 0;
                ok(gz_database_postings(db, term.c_str(), &docids, &n, &error), error);
                gz_free(docids);
                return uint64_t(0);
            }});
        }
        if (text.empty()) {
            options.push_back({"term frequencies of entry terms", [&] {
                uint64_t sum = 0;
                for (const Layout &layout : facets) {
                    char *labels = nullptr;
                    uint32_t *counts = nullptr, distinct = 0;
                    size_t n = 0;
                    ok(gz_database_facet_terms(db, layout.entry_prefix, 10, &labels, &counts, &n, &distinct, &error),
                       error);
                    sum += distinct;
                    gz_free(labels);
                    gz_free(counts);
                }
                return sum;
            }});
            options.push_back({"column totals", [&] {
                uint64_t sum = 0;
                for (gz_facet_column *column : columns) {
                    char *labels = nullptr;
                    uint32_t *counts = nullptr, distinct = 0;
                    size_t n = 0;
                    ok(gz_facet_column_values(column, 10, &labels, &counts, &n, &distinct, &error), error);
                    sum += distinct;
                    gz_free(labels);
                    gz_free(counts);
                }
                return sum;
            }});
        }
        if (std::getenv("OPTIONS_SKIP_STOCK")) {  // seconds per round at a million matches
            options.erase(std::remove_if(options.begin(), options.end(),
                                         [](const auto &o) { return o.first.find("stock") != std::string::npos; }),
                          options.end());
        }
        std::vector<std::vector<double>> times(options.size());
        std::vector<uint64_t> sums(options.size());
        for (int r = 0; r < rounds; ++r) {
            for (size_t i = 0; i < options.size(); ++i) {
                double t = now_ms();
                sums[i] = options[i].second();
                times[i].push_back(now_ms() - t);
            }
        }
        gz_enquire *e = nullptr;
        gz_mset *m = nullptr;
        uint32_t total = 0;
        ok(gz_enquire_new(db, &e, &error), error);
        ok(gz_enquire_set_query(e, q, &error), error);
        ok(gz_enquire_run(e, 0, 0, all, &m, &error), error);
        ok(gz_mset_matches(m, nullptr, &total, nullptr, &error), error);
        gz_mset_free(m);
        gz_enquire_free(e);
        std::printf("\nquery '%s': %u matches (median CPU time of %d rounds)\n", text.c_str(), total, rounds);
        for (size_t i = 0; i < options.size(); ++i) {
            std::sort(times[i].begin(), times[i].end());
            std::printf("  %-46s %9.2f ms", options[i].first.c_str(), times[i][times[i].size() / 2]);
            if (sums[i]) std::printf("   (%llu distinct values)", (unsigned long long)sums[i]);
            std::printf("\n");
        }
        gz_query_free(q);
    }
    for (gz_facet_column *column : columns) gz_facet_column_free(column);
    gz_queryparser_free(qp);
    gz_database_close(db);
    return 0;
}
