// The documents matching a boolean query of terms, read from posting lists
// without the matcher: for counting facets through a column, where the
// matcher's cost per match would be most of the work.

#include "facets.h"

#include <algorithm>
#include <iterator>

namespace {

using Docids = std::vector<Xapian::docid>;

struct NotWalkable {};

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

Docids walk(const Xapian::Database &db, const Xapian::Query &q) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return postings(db, term_of(q));
    case Xapian::Query::LEAF_MATCH_ALL:
        return postings(db, std::string());
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return Docids();
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        return walk_and(db, q);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM: {
        Docids docs;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
            Docids next = walk(db, q.get_subquery(i));
            Docids either;
            std::set_union(docs.begin(), docs.end(), next.begin(), next.end(), std::back_inserter(either));
            docs.swap(either);
        }
        return docs;
    }
    case Xapian::Query::OP_AND_NOT: {
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
    case Xapian::Query::OP_AND_MAYBE:
        // The optional side only adds weight.
        return walk(db, q.get_subquery(0));
    case Xapian::Query::OP_SCALE_WEIGHT:
        return walk(db, q.get_subquery(0));
    default:
        // Phrases, NEAR, value ranges, wildcards, XOR ...: the matcher knows them.
        throw NotWalkable{};
    }
}

// Whether walk() can read every subquery of `q` (checked first, so that a
// query it cannot read costs no posting list read in vain).
bool walkable(const Xapian::Query &q) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::LEAF_MATCH_ALL:
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return true;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_AND_NOT:
        for (size_t i = 0; i < q.get_num_subqueries(); ++i)
            if (!walkable(q.get_subquery(i))) return false;
        return true;
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        return walkable(q.get_subquery(0));
    default:
        return false;
    }
}

}  // namespace

bool gz::walk_postings(const Xapian::Database &db, const Xapian::Query &query, std::vector<Xapian::docid> &out) {
    if (!walkable(query)) return false;
    try {
        out = walk(db, query);
        return true;
    } catch (const NotWalkable &) {
        return false;
    }
}
