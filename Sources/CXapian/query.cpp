// Query parsers, the filters Swift resolves for them, and built queries.

#include "shim.h"
#include "stemming.h"

#include <cstdlib>

using namespace gz;

namespace {

// Hands a field's value to the resolver supplied from Swift and turns its
// answer into a filter query.
class ResolverFieldProcessor : public Xapian::FieldProcessor {
    gz_field_resolver resolver;
    void *context;

public:
    ResolverFieldProcessor(gz_field_resolver resolver_, void *context_)
        : resolver(resolver_), context(context_) {}

    Xapian::Query operator()(const std::string &value) override {
        char *answer = resolver(context, value.c_str());
        if (!answer) throw Xapian::InvalidArgumentError("filter resolver returned nothing");
        std::string text(answer);
        std::free(answer);
        std::vector<std::string> lines;
        size_t start = 0;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            if (end > start) lines.emplace_back(text, start, end - start);
            start = end + 1;
        }
        if (lines.empty()) throw Xapian::InvalidArgumentError("filter resolver answered no operator");
        Xapian::Query::op op = lines[0] == "OR" ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
        if (lines.size() == 1) return Xapian::Query::MatchNothing;
        return Xapian::Query(op, lines.begin() + 1, lines.end());
    }
};

// `field:value` is the one term prefix + value, as written: terms Gazette's
// own query rewriting names (a country's canonical term), never split or stemmed.
class TermFieldProcessor : public Xapian::FieldProcessor {
    std::string prefix;

public:
    explicit TermFieldProcessor(const std::string &prefix_) : prefix(prefix_) {}

    Xapian::Query operator()(const std::string &value) override {
        if (value.empty()) throw Xapian::QueryParserError("a term field needs a value");
        return Xapian::Query(prefix + value);
    }
};

// Reads the days of `field:START..END` and `field:DAY` through the resolver
// supplied from Swift, which reads dates the way the rest of Gazette does.
class DayReader {
    gz_date_resolver resolver;
    void *context;

public:
    DayReader(gz_date_resolver resolver_, void *context_) : resolver(resolver_), context(context_) {}

    std::string operator()(const std::string &text, bool end) const {
        char day[9] = {0};
        if (text.find('\0') != std::string::npos || !resolver(context, text.c_str(), end ? 1 : 0, day)
            || strnlen(day, sizeof day) != 8)
            throw Xapian::QueryParserError("'" + text + "' is not a date");
        return std::string(day, 8);
    }
};

class DayRangeProcessor : public Xapian::RangeProcessor {
    DayReader read;

public:
    DayRangeProcessor(Xapian::valueno slot_, const std::string &marker, DayReader read_)
        : Xapian::RangeProcessor(slot_, marker), read(read_) {}

    Xapian::Query operator()(const std::string &begin, const std::string &end) override {
        if (begin.empty() && end.empty())
            throw Xapian::QueryParserError("a date range needs a first or a last day");
        if (end.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, read(begin, false));
        if (begin.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, read(end, true));
        std::string first = read(begin, false), last = read(end, true);
        if (first > last)
            throw Xapian::QueryParserError("the date range " + begin + ".." + end + " ends before it starts");
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, first, last);
    }
};

// `field:DAY` (a day, a month or a year) is the range of the days it covers.
class DayFieldProcessor : public Xapian::FieldProcessor {
    Xapian::valueno slot;
    DayReader read;

public:
    DayFieldProcessor(Xapian::valueno slot_, DayReader read_) : slot(slot_), read(read_) {}

    Xapian::Query operator()(const std::string &text) override {
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, read(text, false), read(text, true));
    }
};

// Gives every document holding a term one constant weight: filter terms
// (an article's actors and countries) carry no BM25 weight of their own.
class TermBonusSource : public Xapian::PostingSource {
    std::string term;
    double bonus;
    Xapian::Database db;
    Xapian::PostingIterator it, end;
    bool started = false;

public:
    TermBonusSource(const std::string &term_, double bonus_) : term(term_), bonus(bonus_) {}

    Xapian::PostingSource *clone() const override { return new TermBonusSource(term, bonus); }

    void init(const Xapian::Database &database) override {
        db = database;
        it = db.postlist_begin(term);
        end = db.postlist_end(term);
        started = false;
        set_maxweight(bonus);
    }

    Xapian::doccount get_termfreq_min() const override { return db.get_termfreq(term); }
    Xapian::doccount get_termfreq_est() const override { return db.get_termfreq(term); }
    Xapian::doccount get_termfreq_max() const override { return db.get_termfreq(term); }

    void next(double) override {
        if (started) ++it;
        started = true;
    }

    void skip_to(Xapian::docid did, double) override {
        started = true;
        it.skip_to(did);
    }

    bool at_end() const override { return started && it == end; }
    Xapian::docid get_docid() const override { return *it; }
    double get_weight() const override { return bonus; }
    std::string get_description() const override { return "TermBonusSource(" + term + ")"; }
};

// The parser scales a filter that is not under a FILTER or AND (a query of
// filters only, or a filter in an OR) by 0. Xapian 1.4 (1.4.22 at least)
// swaps an unweighted term that every document of a shard holds for the
// shard's all-documents list under the term's name, and when that shard has
// gaps in its document ids and the list spans several chunks, walking it
// stops with "Unexpected end of posting list": a sound index looks damaged.
// Filter terms carry no wdf, so they weigh 0 unscaled too; unscaled, the
// swap is not made. Only the operators the parser puts above a filter are
// rebuilt; any other subtree is kept as it is.
Xapian::Query weighted_filters(const Xapian::Query &q) {
    switch (q.get_type()) {
    case Xapian::Query::OP_SCALE_WEIGHT:
        return weighted_filters(q.get_subquery(0));
    case Xapian::Query::OP_AND: case Xapian::Query::OP_OR: case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR: case Xapian::Query::OP_AND_MAYBE: case Xapian::Query::OP_FILTER: {
        std::vector<Xapian::Query> parts;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) parts.push_back(weighted_filters(q.get_subquery(i)));
        return Xapian::Query(q.get_type(), parts.begin(), parts.end());
    }
    default:
        return q;
    }
}

}  // namespace

extern "C" {

gz_status gz_queryparser_new(const char *language, gz_queryparser **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        auto handle = std::make_unique<gz_queryparser>();
        handle->qp.set_stemmer(make_stemmer(language));
        handle->language = language ? language : "";
        handle->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        handle->qp.set_default_op(Xapian::Query::OP_AND);
        *out = handle.release();
    });
}

void gz_queryparser_free(gz_queryparser *qp) { delete qp; }

gz_status gz_queryparser_set_database(gz_queryparser *qp, gz_database *db, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(db, "database handle is NULL");
        qp->qp.set_database(db->db);
        qp->db = db->db;
        qp->has_database = true;
    });
}

gz_status gz_queryparser_set_max_expansion(gz_queryparser *qp, uint32_t max_terms, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        qp->qp.set_max_expansion(max_terms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                                 Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
    });
}

gz_status gz_queryparser_add_prefix(gz_queryparser *qp, const char *field,
                                    const char *prefix, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(field, "field is NULL");
        require(prefix, "prefix is NULL");
        qp->qp.add_prefix(field, prefix);
    });
}

gz_status gz_queryparser_add_term_field(gz_queryparser *qp, const char *field,
                                        const char *prefix, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(field, "field is NULL");
        require(prefix, "prefix is NULL");
        if (!*field) throw ArgumentError{"field is empty"};
        qp->fields.push_back(std::make_unique<TermFieldProcessor>(prefix));
        qp->qp.add_prefix(field, qp->fields.back().get());
    });
}

gz_status gz_queryparser_add_filter(gz_queryparser *qp, const char *field,
                                    gz_field_resolver resolver, void *context, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(field, "field is NULL");
        if (!resolver) throw ArgumentError{"resolver is NULL"};
        qp->fields.push_back(std::make_unique<ResolverFieldProcessor>(resolver, context));
        // An empty grouping gives every filter its own group, so two filters
        // on one field AND together (an article can have several countries).
        std::string unique_grouping;
        qp->qp.add_boolean_prefix(field, qp->fields.back().get(), &unique_grouping);
    });
}

gz_status gz_queryparser_add_date_range(gz_queryparser *qp, const char *field, uint32_t slot,
                                        gz_date_resolver resolver, void *context, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(field, "field is NULL");
        if (!*field) throw ArgumentError{"field is empty"};
        if (!resolver) throw ArgumentError{"resolver is NULL"};
        DayReader read(resolver, context);
        qp->ranges.push_back(std::make_unique<DayRangeProcessor>(slot, std::string(field) + ":", read));
        qp->qp.add_rangeprocessor(qp->ranges.back().get());
        // A range (with "..") goes to the range processor first; a single value comes here.
        qp->fields.push_back(std::make_unique<DayFieldProcessor>(slot, read));
        qp->qp.add_boolean_prefix(field, qp->fields.back().get());
    });
}

gz_status gz_queryparser_parse(gz_queryparser *qp, const char *text, unsigned flags,
                               gz_query **out, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(text, "query text is NULL");
        require(out, "output pointer is NULL");
        const bool keep_stems = flags & GZ_PARSE_KEEP_STEMS;
        Xapian::Query query = weighted_filters(qp->qp.parse_query(text, flags & ~unsigned(GZ_PARSE_KEEP_STEMS)));
        if (!keep_stems && qp->has_database && gz::stems_at_query_time(qp->language.c_str()))
            query = gz::expand_stems(query, qp->db, gz::thread_stemmer(qp->language.c_str()));
        *out = new gz_query{query};
    });
}

gz_status gz_queryparser_corrected_query(gz_queryparser *qp, char **out, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(out, "output pointer is NULL");
        *out = copy_string(qp->qp.get_corrected_query_string());
    });
}

gz_status gz_query_new_term(const char *term, gz_query **out, char **error) {
    return guard(error, [&] {
        require(term, "term is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_query{Xapian::Query(term)};
    });
}

gz_status gz_query_new_match_all(gz_query **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        *out = new gz_query{Xapian::Query::MatchAll};
    });
}

gz_status gz_query_filter(const gz_query *a, const gz_query *filter, gz_query **out, char **error) {
    return guard(error, [&] {
        require(a, "query is NULL");
        require(filter, "filter query is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_query{Xapian::Query(Xapian::Query::OP_FILTER, a->query, filter->query)};
    });
}

gz_status gz_query_and_not(const gz_query *a, const gz_query *excluded, gz_query **out, char **error) {
    return guard(error, [&] {
        require(a, "query is NULL");
        require(excluded, "excluded query is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_query{Xapian::Query(Xapian::Query::OP_AND_NOT, a->query, excluded->query)};
    });
}

gz_status gz_query_and_maybe(const gz_query *a, const gz_query *b, gz_query **out, char **error) {
    return guard(error, [&] {
        require(a, "query is NULL");
        require(b, "query is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_query{Xapian::Query(Xapian::Query::OP_AND_MAYBE, a->query, b->query)};
    });
}

gz_status gz_query_or(const gz_query *a, const gz_query *b, gz_query **out, char **error) {
    return guard(error, [&] {
        require(a, "query is NULL");
        require(b, "query is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_query{Xapian::Query(Xapian::Query::OP_OR, a->query, b->query)};
    });
}

gz_status gz_query_new_value_range(uint32_t slot, const char *begin, const char *end, gz_query **out,
                                   char **error) {
    return guard(error, [&] {
        require(begin, "range start is NULL");
        require(end, "range end is NULL");
        require(out, "output pointer is NULL");
        if (slot == Xapian::BAD_VALUENO) throw ArgumentError{"value slot out of range"};
        *out = new gz_query{*end ? Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, begin, end)
                                 : Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, begin)};
    });
}

gz_status gz_query_new_any_term(const char *const *terms, size_t count, gz_query **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        if (count && !terms) throw ArgumentError{"terms are NULL"};
        std::vector<std::string> list;
        for (size_t i = 0; i < count; ++i) {
            require(terms[i], "a term is NULL");
            list.emplace_back(terms[i]);
        }
        *out = new gz_query{Xapian::Query(Xapian::Query::OP_OR, list.begin(), list.end())};
    });
}

gz_status gz_query_new_term_bonus(const char *term, double weight, gz_query **out, char **error) {
    return guard(error, [&] {
        require(term, "term is NULL");
        require(out, "output pointer is NULL");
        if (!(weight > 0)) throw ArgumentError{"bonus weight must be positive"};
        *out = new gz_query{Xapian::Query((new TermBonusSource(term, weight))->release())};
    });
}

int gz_query_is_empty(const gz_query *q) { return !q || q->query.empty(); }

gz_status gz_query_describe(const gz_query *q, char **out, char **error) {
    return guard(error, [&] {
        require(q, "query is NULL");
        require(out, "output pointer is NULL");
        *out = copy_string(q->query.get_description());
    });
}

void gz_query_free(gz_query *q) { delete q; }

}  // extern "C"
