// Saved queries checked against the few documents a commit just wrote, as
// a percolator does: each query is read once, when added, into the terms a
// document must hold to match it and, when it is a boolean combination of
// terms, a tree that decides a match from a document's term list alone.
// Checking a batch then reads the documents' term lists once, skips every
// query whose required terms none of them holds, decides the boolean ones
// in memory and runs Xapian's matcher, narrowed to the batch, only for the
// rest (phrases, ranges, wildcards).

#include "shim.h"
#include "stemming.h"

#include <algorithm>

namespace {

// A query as the percolator decides it for one document.
struct Node {
    enum Kind : uint8_t { Term, All, Nothing, And, Or, AndNot, Xor, Matcher };
    Kind kind = Matcher;
    uint32_t term = 0;  // Term: its number in the percolator's term table
    std::vector<Node> children;
};

// What a document must hold to match: every clause is a list of terms of
// which it holds at least one. No clause: no constraint known; an empty
// clause: nothing can match.
using Clauses = std::vector<std::vector<uint32_t>>;

struct Compiled {
    Xapian::Query query;
    Node tree;
    Clauses needs;
    bool needsMatcher = false;
};

}  // namespace

struct gz_percolator {
    std::unordered_map<std::string, uint32_t> terms;
    std::vector<Compiled> queries;
    // Set when the documents hold words and no stems (stems.cpp): a query's
    // stem is then matched by stemming the documents' words.
    std::string language;
    bool stems_at_query_time = false;
    // The prefixes of the stems the queries name ("" for plain words, "S" ...).
    std::vector<std::string> stem_prefixes;

    uint32_t intern(const std::string &term) {
        auto found = terms.emplace(term, uint32_t(terms.size()));
        if (found.second && term.size() > 1 && term[0] == 'Z') {
            std::string prefix = gz::stem_term_prefix(term);
            if (std::find(stem_prefixes.begin(), stem_prefixes.end(), prefix) == stem_prefixes.end())
                stem_prefixes.push_back(prefix);
        }
        return found.first->second;
    }

    // The number of the stem term a query names for document term `term`, if any.
    const uint32_t *stem_of(const std::string &term, const Xapian::Stem &stem) const {
        const std::string prefix = term.substr(0, gz::prefix_length(term));
        if (std::find(stem_prefixes.begin(), stem_prefixes.end(), prefix) == stem_prefixes.end()) return nullptr;
        auto found = terms.find(gz::stem_term(term, stem));
        return found == terms.end() ? nullptr : &found->second;
    }

    // The tree of `q`; `matcher` is set when some part needs Xapian's matcher.
    Node tree(const Xapian::Query &q, bool &matcher) {
        Node node;
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM: {
                std::string term = *q.get_terms_begin();
                node.kind = term.empty() ? Node::All : Node::Term;
                if (!term.empty()) node.term = intern(term);
                return node;
            }
            case Xapian::Query::LEAF_MATCH_ALL: node.kind = Node::All; return node;
            case Xapian::Query::LEAF_MATCH_NOTHING: node.kind = Node::Nothing; return node;
            case Xapian::Query::OP_SCALE_WEIGHT: return tree(q.get_subquery(0), matcher);
            // The second and later subqueries only add weight.
            case Xapian::Query::OP_AND_MAYBE: return tree(q.get_subquery(0), matcher);
            case Xapian::Query::OP_AND: case Xapian::Query::OP_FILTER: node.kind = Node::And; break;
            case Xapian::Query::OP_OR: case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
                node.kind = Node::Or;
                break;
            case Xapian::Query::OP_AND_NOT: node.kind = Node::AndNot; break;
            case Xapian::Query::OP_XOR: node.kind = Node::Xor; break;
            default:  // phrases, NEAR, value ranges, wildcards, elite sets, posting sources
                matcher = true;
                return node;
        }
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) node.children.push_back(tree(q.get_subquery(i), matcher));
        return node;
    }

    // What a document must hold to match `q`: a necessary condition, never
    // more (a query it cannot read constrains nothing).
    Clauses needs(const Xapian::Query &q) {
        size_t n = q.get_num_subqueries();
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM: {
                std::string term = *q.get_terms_begin();
                if (term.empty()) return {};
                return {{intern(term)}};
            }
            case Xapian::Query::LEAF_MATCH_NOTHING: return {{}};
            case Xapian::Query::OP_SCALE_WEIGHT: case Xapian::Query::OP_AND_MAYBE: case Xapian::Query::OP_AND_NOT:
                return n ? needs(q.get_subquery(0)) : Clauses{};
            case Xapian::Query::OP_AND: case Xapian::Query::OP_FILTER: case Xapian::Query::OP_NEAR:
            case Xapian::Query::OP_PHRASE: {
                Clauses all;
                for (size_t i = 0; i < n; ++i) {
                    Clauses part = needs(q.get_subquery(i));
                    all.insert(all.end(), part.begin(), part.end());
                }
                return all;
            }
            case Xapian::Query::OP_OR: case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
            case Xapian::Query::OP_XOR: case Xapian::Query::OP_ELITE_SET: {
                // Some subquery matches: one clause holding the shortest clause of each.
                std::vector<uint32_t> any;
                for (size_t i = 0; i < n; ++i) {
                    Clauses part = needs(q.get_subquery(i));
                    if (part.empty()) return {};
                    auto shortest = std::min_element(part.begin(), part.end(),
                                                     [](const auto &a, const auto &b) { return a.size() < b.size(); });
                    any.insert(any.end(), shortest->begin(), shortest->end());
                }
                return {any};
            }
            default: return {};
        }
    }
};

namespace {

// Whether a document holding the terms marked `stamp` in `seen` matches `node`.
bool decide(const Node &node, const std::vector<uint32_t> &seen, uint32_t stamp) {
    switch (node.kind) {
        case Node::Term: return seen[node.term] == stamp;
        case Node::All: return true;
        case Node::Nothing: return false;
        case Node::And:
            for (const Node &child : node.children)
                if (!decide(child, seen, stamp)) return false;
            return true;
        case Node::Or:
            for (const Node &child : node.children)
                if (decide(child, seen, stamp)) return true;
            return false;
        case Node::AndNot:
            if (node.children.empty() || !decide(node.children[0], seen, stamp)) return false;
            for (size_t i = 1; i < node.children.size(); ++i)
                if (decide(node.children[i], seen, stamp)) return false;
            return true;
        case Node::Xor: {
            bool odd = false;
            for (const Node &child : node.children) odd ^= decide(child, seen, stamp);
            return odd;
        }
        case Node::Matcher: break;
    }
    return false;
}

bool satisfied(const Clauses &clauses, const std::vector<uint32_t> &seen, uint32_t stamp) {
    for (const auto &clause : clauses) {
        bool any = false;
        for (uint32_t term : clause) {
            if (seen[term] == stamp) {
                any = true;
                break;
            }
        }
        if (!any) return false;
    }
    return true;
}

}  // namespace

extern "C" {

gz_status gz_percolator_new(const char *language, gz_percolator **out, char **error) {
    return gz::guard(error, [&] {
        gz::require(out, "output pointer is NULL");
        gz::make_stemmer(language);  // checks the name
        auto percolator = std::make_unique<gz_percolator>();
        percolator->language = language ? language : "";
        percolator->stems_at_query_time = gz::stems_at_query_time(language);
        *out = percolator.release();
    });
}

void gz_percolator_free(gz_percolator *p) { delete p; }

gz_status gz_percolator_set(gz_percolator *p, uint32_t index, const gz_query *q, char **error) {
    return gz::guard(error, [&] {
        gz::require(p, "percolator handle is NULL");
        gz::require(q, "query handle is NULL");
        if (index > p->queries.size()) throw gz::ArgumentError{"query index past the end"};
        Compiled compiled;
        compiled.query = q->query;
        compiled.tree = p->tree(q->query, compiled.needsMatcher);
        compiled.needs = p->needs(q->query);
        if (index == p->queries.size()) p->queries.push_back(std::move(compiled));
        else p->queries[index] = std::move(compiled);
    });
}

gz_status gz_percolator_match(gz_percolator *p, gz_database *db, const uint32_t *docids, size_t count,
                              uint32_t **pairs, size_t *pair_count, uint32_t *candidates, uint32_t *matcher_runs,
                              char **error) {
    return gz::guard(error, [&] {
        gz::require(p, "percolator handle is NULL");
        gz::require(db, "database handle is NULL");
        gz::require(pairs, "output pointer is NULL");
        gz::require(pair_count, "output pointer is NULL");
        std::vector<Xapian::docid> ids = gz::sorted_docids(docids, count);

        // Each document's terms that some query names; a document gone since is left out.
        std::vector<std::pair<Xapian::docid, std::vector<uint32_t>>> documents;
        const bool stems = p->stems_at_query_time && !p->stem_prefixes.empty();
        Xapian::Stem stemmer = stems ? gz::thread_stemmer(p->language.c_str()) : Xapian::Stem();
        for (Xapian::docid did : ids) {
            std::vector<uint32_t> held;
            try {
                for (auto it = db->db.termlist_begin(did); it != db->db.termlist_end(did); ++it) {
                    const std::string term = *it;
                    auto found = p->terms.find(term);
                    if (found != p->terms.end()) held.push_back(found->second);
                    if (!stems) continue;
                    if (const uint32_t *stem = p->stem_of(term, stemmer)) held.push_back(*stem);
                }
            } catch (const Xapian::DocNotFoundError &) {
                continue;
            }
            documents.emplace_back(did, std::move(held));
        }
        // Stamp 1: held by some document of the batch; stamp k + 2: by document k.
        std::vector<uint32_t> seen(p->terms.size(), 0);
        for (const auto &document : documents)
            for (uint32_t term : document.second) seen[term] = 1;

        std::vector<uint32_t> decided, matched;
        std::vector<std::pair<uint32_t, Xapian::docid>> found;
        for (uint32_t q = 0; q < p->queries.size(); ++q) {
            if (documents.empty() || !satisfied(p->queries[q].needs, seen, 1)) continue;
            (p->queries[q].needsMatcher ? matched : decided).push_back(q);
        }
        for (size_t k = 0; k < documents.size() && !decided.empty(); ++k) {
            uint32_t stamp = uint32_t(k + 2);
            for (uint32_t term : documents[k].second) seen[term] = stamp;
            for (uint32_t q : decided) {
                const Compiled &query = p->queries[q];
                if (satisfied(query.needs, seen, stamp) && decide(query.tree, seen, stamp))
                    found.emplace_back(q, documents[k].first);
            }
        }
        if (!matched.empty()) {
            std::vector<Xapian::docid> present;
            for (const auto &document : documents) present.push_back(document.first);
            Xapian::Query batch = gz::docid_query(present);
            Xapian::Enquire enquire(db->db);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            for (uint32_t q : matched) {
                Xapian::Query query = p->queries[q].query;
                if (stems) query = gz::expand_stems(query, db->db, stemmer);
                enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, batch));
                Xapian::MSet mset;
                try {
                    mset = enquire.get_mset(0, Xapian::doccount(present.size()));
                } catch (const Xapian::WildcardError &) {
                    continue;  // a wildcard grown past its limit: that query only is skipped
                }
                for (auto it = mset.begin(); it != mset.end(); ++it) found.emplace_back(q, *it);
            }
        }
        std::sort(found.begin(), found.end());
        std::vector<uint32_t> flat;
        flat.reserve(found.size() * 2);
        for (const auto &pair : found) {
            flat.push_back(pair.first);
            flat.push_back(pair.second);
        }
        *pairs = gz::copy_array(flat);
        *pair_count = found.size();
        if (candidates) *candidates = uint32_t(decided.size() + matched.size());
        if (matcher_runs) *matcher_runs = uint32_t(matched.size());
    });
}

}  // extern "C"
