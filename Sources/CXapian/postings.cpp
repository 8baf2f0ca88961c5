// The documents matching a boolean query of terms, read from posting lists
// without the matcher: for counting facets through a column, where the
// matcher's cost per match would be most of the work.

#include "facets.h"

#include <algorithm>
#include <iterator>

namespace {

using Docids = std::vector<Xapian::docid>;

Docids postings(const Xapian::Database &db, const std::string &term) {
    Docids out;
    out.reserve(db.get_termfreq(term));
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.push_back(*it);
    return out;
}

// A leaf's term, or "" when the subquery is not a single term.
std::string term_of(const Xapian::Query &q) {
    if (q.get_type() != Xapian::Query::LEAF_TERM) return std::string();
    return *q.get_unique_terms_begin();
}

// Keeps (or, with `keep` false, drops) the documents of `docs` that hold
// `term`, skipping through its posting list rather than reading it whole.
void sieve(const Xapian::Database &db, const std::string &term, Docids &docs, bool keep) {
    auto it = db.postlist_begin(term);
    auto end = db.postlist_end(term);
    Docids out;
    out.reserve(docs.size());
    for (Xapian::docid did : docs) {
        if (it != end && *it < did) it.skip_to(did);
        bool held = it != end && *it == did;
        if (held == keep) out.push_back(did);
    }
    docs.swap(out);
}

Docids walk(const Xapian::Database &db, const Xapian::Query &q);

// AND and FILTER: the smallest leaf (or every other subquery) read whole,
// the other leaves sieved through.
Docids walk_and(const Xapian::Database &db, const Xapian::Query &q) {
    std::vector<std::string> leaves;
    std::vector<Xapian::Query> others;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Xapian::Query sub = q.get_subquery(i);
        std::string term = term_of(sub);
        if (term.empty()) others.push_back(sub); else leaves.push_back(term);
    }
    std::sort(leaves.begin(), leaves.end(), [&](const std::string &a, const std::string &b) {
        return db.get_termfreq(a) < db.get_termfreq(b);
    });
    Docids docs;
    bool started = false;
    for (const Xapian::Query &sub : others) {
        Docids next = walk(db, sub);
        if (!started) {
            docs.swap(next);
            started = true;
            continue;
        }
        Docids both;
        std::set_intersection(docs.begin(), docs.end(), next.begin(), next.end(), std::back_inserter(both));
        docs.swap(both);
    }
    size_t first = 0;
    if (!started && !leaves.empty()) {
        docs = postings(db, leaves[0]);
        first = 1;
    }
    for (size_t i = first; i < leaves.size(); ++i) sieve(db, leaves[i], docs, true);
    return docs;
}

// How walk() reads each operator: the one list of what it can read, which
// walkable() checks first, so that a query it cannot read costs no posting
// list read in vain.
enum class Reading { term, all, nothing, intersection, union_, difference, first_only, unreadable };

Reading reading_of(const Xapian::Query &q) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: return Reading::term;
    case Xapian::Query::LEAF_MATCH_ALL: return Reading::all;
    case Xapian::Query::LEAF_MATCH_NOTHING: return Reading::nothing;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER: return Reading::intersection;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM: return Reading::union_;
    case Xapian::Query::OP_AND_NOT: return Reading::difference;
    // The optional side of AND_MAYBE only adds weight; a scale only weight.
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT: return Reading::first_only;
    // Phrases, NEAR, value ranges, wildcards, XOR ...: the matcher knows them.
    default: return Reading::unreadable;
    }
}

bool walkable(const Xapian::Query &q) {
    switch (reading_of(q)) {
    case Reading::term:
    case Reading::all:
    case Reading::nothing:
        return true;
    case Reading::first_only:
        return walkable(q.get_subquery(0));
    case Reading::unreadable:
        return false;
    default:
        for (size_t i = 0; i < q.get_num_subqueries(); ++i)
            if (!walkable(q.get_subquery(i))) return false;
        return true;
    }
}

// Only called on a query walkable() accepted.
Docids walk(const Xapian::Database &db, const Xapian::Query &q) {
    switch (reading_of(q)) {
    case Reading::term:
        return postings(db, term_of(q));
    case Reading::all:
        return postings(db, std::string());
    case Reading::nothing:
    case Reading::unreadable:
        return Docids();
    case Reading::intersection:
        return walk_and(db, q);
    case Reading::union_: {
        Docids docs;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
            Docids next = walk(db, q.get_subquery(i));
            Docids either;
            std::set_union(docs.begin(), docs.end(), next.begin(), next.end(), std::back_inserter(either));
            docs.swap(either);
        }
        return docs;
    }
    case Reading::difference: {
        Docids docs = walk(db, q.get_subquery(0));
        for (size_t i = 1; i < q.get_num_subqueries(); ++i) {
            Xapian::Query sub = q.get_subquery(i);
            std::string term = term_of(sub);
            if (!term.empty()) {
                sieve(db, term, docs, false);
                continue;
            }
            Docids excluded = walk(db, sub);
            Docids rest;
            std::set_difference(docs.begin(), docs.end(), excluded.begin(), excluded.end(), std::back_inserter(rest));
            docs.swap(rest);
        }
        return docs;
    }
    case Reading::first_only:
        return walk(db, q.get_subquery(0));
    }
    return Docids();
}

}  // namespace

bool gz::walk_postings(const Xapian::Database &db, const Xapian::Query &query, std::vector<Xapian::docid> &out) {
    if (!walkable(query)) return false;
    out = walk(db, query);
    return true;
}
