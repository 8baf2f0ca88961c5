// The one translation unit that includes <xapian.h>. Every entry point runs
// its body through guard(), which turns each exception into a gz_status and
// a message, so no C++ exception crosses into Swift.

#include "CXapian.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct gz_database {
    Xapian::Database db;
    // Set only for writable handles; `db` then aliases the same database.
    std::unique_ptr<Xapian::WritableDatabase> writer;
};

struct gz_document {
    Xapian::Document doc;
};

struct gz_termgenerator {
    Xapian::TermGenerator tg;
    bool has_document = false;
};

struct gz_query {
    Xapian::Query query;
};

struct gz_queryparser {
    Xapian::QueryParser qp;
    // The parser holds raw pointers to these; keep them alive with it.
    std::vector<std::unique_ptr<Xapian::FieldProcessor>> fields;
    std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges;
};

struct gz_enquire {
    Xapian::Enquire enquire;
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    explicit gz_enquire(const Xapian::Database &db) : enquire(db) {}
};

struct gz_mset {
    Xapian::MSet mset;
};

namespace {

struct ArgumentError {
    const char *message;
};

char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

void set_error(char **error, const std::string &message) {
    if (!error) return;
    char *copy = static_cast<char *>(std::malloc(message.size() + 1));
    if (!copy) {
        *error = nullptr;
        return;
    }
    std::memcpy(copy, message.data(), message.size());
    copy[message.size()] = '\0';
    *error = copy;
}

std::string describe(const Xapian::Error &e) {
    std::string message = e.get_msg();
    if (!e.get_context().empty()) message += " (" + e.get_context() + ")";
    if (e.get_error_string()) message += std::string(": ") + e.get_error_string();
    return message;
}

template <typename Body>
gz_status guard(char **error, Body body) {
    try {
        body();
        return GZ_OK;
    } catch (const ArgumentError &e) {
        set_error(error, e.message);
        return GZ_INVALID_ARGUMENT;
    } catch (const Xapian::DatabaseLockError &e) {
        set_error(error, describe(e));
        return GZ_DATABASE_LOCKED;
    } catch (const Xapian::DatabaseVersionError &e) {
        set_error(error, describe(e));
        return GZ_DATABASE_VERSION;
    } catch (const Xapian::DatabaseOpeningError &e) {
        // Includes DatabaseNotFoundError.
        set_error(error, describe(e));
        return GZ_DATABASE_NOT_FOUND;
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_error(error, describe(e));
        return GZ_DATABASE_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        set_error(error, describe(e));
        return GZ_DATABASE_CORRUPT;
    } catch (const Xapian::DatabaseError &e) {
        set_error(error, describe(e));
        return GZ_DATABASE_ERROR;
    } catch (const Xapian::QueryParserError &e) {
        set_error(error, describe(e));
        return GZ_QUERY_SYNTAX;
    } catch (const Xapian::InvalidArgumentError &e) {
        set_error(error, describe(e));
        return GZ_INVALID_ARGUMENT;
    } catch (const Xapian::DocNotFoundError &e) {
        set_error(error, describe(e));
        return GZ_DOCUMENT_NOT_FOUND;
    } catch (const Xapian::Error &e) {
        set_error(error, e.get_type() + std::string(": ") + describe(e));
        return GZ_UNKNOWN_ERROR;
    } catch (const std::bad_alloc &) {
        set_error(error, "out of memory");
        return GZ_OUT_OF_MEMORY;
    } catch (const std::exception &e) {
        set_error(error, e.what());
        return GZ_UNKNOWN_ERROR;
    } catch (...) {
        set_error(error, "unknown C++ exception");
        return GZ_UNKNOWN_ERROR;
    }
}

template <typename T>
void require(const T *pointer, const char *message) {
    if (!pointer) throw ArgumentError{message};
}

Xapian::WritableDatabase &writer_of(gz_database *db) {
    require(db, "database handle is NULL");
    if (!db->writer) throw ArgumentError{"database was opened read-only"};
    return *db->writer;
}

Xapian::Stem make_stemmer(const char *language) {
    if (!language || !*language || std::strcmp(language, "none") == 0) return Xapian::Stem();
    return Xapian::Stem(language);  // throws InvalidArgumentError for unknown names
}

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

}  // namespace

extern "C" {

const char *gz_status_name(gz_status status) {
    switch (status) {
        case GZ_OK: return "ok";
        case GZ_INVALID_ARGUMENT: return "invalid argument";
        case GZ_DATABASE_NOT_FOUND: return "database not found";
        case GZ_DATABASE_LOCKED: return "database locked";
        case GZ_DATABASE_MODIFIED: return "database modified";
        case GZ_DATABASE_CORRUPT: return "database corrupt";
        case GZ_DATABASE_VERSION: return "database version";
        case GZ_QUERY_SYNTAX: return "query syntax";
        case GZ_DOCUMENT_NOT_FOUND: return "document not found";
        case GZ_DATABASE_ERROR: return "database error";
        case GZ_OUT_OF_MEMORY: return "out of memory";
        case GZ_UNKNOWN_ERROR: return "unknown error";
    }
    return "unknown status";
}

void gz_free(void *pointer) { std::free(pointer); }

const char *gz_xapian_version(void) { return Xapian::version_string(); }

/* ---- databases ---- */

gz_status gz_database_open(const char *path, gz_database **out, char **error) {
    return guard(error, [&] {
        require(path, "path is NULL");
        require(out, "output pointer is NULL");
        std::unique_ptr<gz_database> handle(new gz_database{Xapian::Database(path), nullptr});
        *out = handle.release();
    });
}

gz_status gz_database_add_shard(gz_database *db, const char *path, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(path, "path is NULL");
        if (db->writer) throw ArgumentError{"cannot add shards to a writable database"};
        db->db.add_database(Xapian::Database(path));
    });
}

gz_status gz_database_open_writable(const char *path, gz_open_mode mode, int flags,
                                    gz_database **out, char **error) {
    return guard(error, [&] {
        require(path, "path is NULL");
        require(out, "output pointer is NULL");
        int action;
        switch (mode) {
            case GZ_OPEN_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
            case GZ_OPEN_EXISTING: action = Xapian::DB_OPEN; break;
            case GZ_OPEN_CREATE_OR_OVERWRITE: action = Xapian::DB_CREATE_OR_OVERWRITE; break;
            default: throw ArgumentError{"unknown open mode"};
        }
        if (flags & GZ_WRITE_NO_SYNC) action |= Xapian::DB_NO_SYNC;
        if (flags & GZ_WRITE_DANGEROUS) action |= Xapian::DB_DANGEROUS;
        auto writer = std::make_unique<Xapian::WritableDatabase>(path, action);
        std::unique_ptr<gz_database> handle(new gz_database{*writer, std::move(writer)});
        *out = handle.release();
    });
}

void gz_database_close(gz_database *db) {
    if (!db) return;
    try {
        if (db->writer) db->writer->close();
        db->db.close();
    } catch (...) {
        // Closing is best effort; the destructor releases what is left.
    }
    delete db;
}

void gz_database_abandon(gz_database *db) {
    if (!db) return;
    try {
        // Closing inside a transaction aborts it instead of committing.
        if (db->writer) db->writer->begin_transaction(false);
    } catch (...) {
        // Already in a transaction: closing aborts that one.
    }
    gz_database_close(db);
}

gz_status gz_database_reopen(gz_database *db, int *changed, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        bool moved = db->db.reopen();
        if (changed) *changed = moved ? 1 : 0;
    });
}

gz_status gz_database_doc_count(gz_database *db, uint32_t *out, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(out, "output pointer is NULL");
        *out = db->db.get_doccount();
    });
}

gz_status gz_database_revision(gz_database *db, uint64_t *out, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(out, "output pointer is NULL");
        *out = db->db.get_revision();
    });
}

gz_status gz_database_term_freq(gz_database *db, const char *term, uint32_t *out, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(term, "term is NULL");
        require(out, "output pointer is NULL");
        *out = db->db.get_termfreq(term);
    });
}

gz_status gz_database_find_term(gz_database *db, const char *term, uint32_t *docid, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(term, "term is NULL");
        require(docid, "output pointer is NULL");
        Xapian::PostingIterator it = db->db.postlist_begin(term);
        *docid = it == db->db.postlist_end(term) ? 0 : *it;
    });
}

gz_status gz_database_postings(gz_database *db, const char *term, uint32_t **docids,
                               size_t *count, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(term, "term is NULL");
        require(docids, "output pointer is NULL");
        require(count, "output pointer is NULL");
        std::vector<uint32_t> ids;
        for (auto it = db->db.postlist_begin(term); it != db->db.postlist_end(term); ++it)
            ids.push_back(*it);
        *docids = nullptr;
        *count = ids.size();
        if (ids.empty()) return;
        auto *buffer = static_cast<uint32_t *>(std::malloc(ids.size() * sizeof(uint32_t)));
        if (!buffer) throw std::bad_alloc();
        std::memcpy(buffer, ids.data(), ids.size() * sizeof(uint32_t));
        *docids = buffer;
    });
}

gz_status gz_database_terms(gz_database *db, const char *prefix, char **terms,
                            size_t *length, size_t *count, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(prefix, "prefix is NULL");
        require(terms, "output pointer is NULL");
        require(length, "output pointer is NULL");
        require(count, "output pointer is NULL");
        std::string buffer;
        size_t n = 0;
        for (auto it = db->db.allterms_begin(prefix); it != db->db.allterms_end(prefix); ++it) {
            buffer += *it;
            buffer.push_back('\0');
            ++n;
        }
        *terms = copy_string(buffer);
        *length = buffer.size();
        *count = n;
    });
}

gz_status gz_database_document_data(gz_database *db, uint32_t docid, char **data,
                                    size_t *length, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(data, "output pointer is NULL");
        require(length, "output pointer is NULL");
        if (docid == 0) throw ArgumentError{"document id 0 is never valid"};
        std::string stored = db->db.get_document(docid).get_data();
        *data = copy_string(stored);
        *length = stored.size();
    });
}

gz_status gz_database_document_value(gz_database *db, uint32_t docid, uint32_t slot,
                                     char **value, size_t *length, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(value, "output pointer is NULL");
        require(length, "output pointer is NULL");
        if (docid == 0) throw ArgumentError{"document id 0 is never valid"};
        std::string stored = db->db.get_document(docid).get_value(slot);
        *value = copy_string(stored);
        *length = stored.size();
    });
}

gz_status gz_database_get_metadata(gz_database *db, const char *key, char **value,
                                   size_t *length, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(key, "key is NULL");
        require(value, "output pointer is NULL");
        require(length, "output pointer is NULL");
        if (!*key) throw ArgumentError{"metadata key is empty"};
        std::string stored = db->db.get_metadata(key);
        *value = copy_string(stored);
        *length = stored.size();
    });
}

gz_status gz_database_set_metadata(gz_database *db, const char *key, const char *value,
                                   size_t length, char **error) {
    return guard(error, [&] {
        Xapian::WritableDatabase &writer = writer_of(db);
        require(key, "key is NULL");
        if (!*key) throw ArgumentError{"metadata key is empty"};
        if (!value && length) throw ArgumentError{"value is NULL"};
        writer.set_metadata(key, std::string(value ? value : "", length));
    });
}

gz_status gz_database_metadata_keys(gz_database *db, const char *prefix, char **keys,
                                    size_t *length, size_t *count, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(prefix, "prefix is NULL");
        require(keys, "output pointer is NULL");
        require(length, "output pointer is NULL");
        require(count, "output pointer is NULL");
        std::string buffer;
        size_t n = 0;
        for (auto it = db->db.metadata_keys_begin(prefix); it != db->db.metadata_keys_end(prefix); ++it) {
            buffer += *it;
            buffer.push_back('\0');
            ++n;
        }
        *keys = copy_string(buffer);
        *length = buffer.size();
        *count = n;
    });
}

/* ---- documents ---- */

gz_status gz_document_new(gz_document **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        *out = new gz_document();
    });
}

void gz_document_free(gz_document *doc) { delete doc; }

gz_status gz_document_set_data(gz_document *doc, const char *data, size_t length, char **error) {
    return guard(error, [&] {
        require(doc, "document handle is NULL");
        if (!data && length) throw ArgumentError{"data is NULL"};
        doc->doc.set_data(std::string(data ? data : "", length));
    });
}

gz_status gz_document_add_term(gz_document *doc, const char *term, uint32_t wdf_inc, char **error) {
    return guard(error, [&] {
        require(doc, "document handle is NULL");
        require(term, "term is NULL");
        if (!*term) throw ArgumentError{"term is empty"};
        doc->doc.add_term(term, wdf_inc);
    });
}

gz_status gz_document_add_boolean_term(gz_document *doc, const char *term, char **error) {
    return guard(error, [&] {
        require(doc, "document handle is NULL");
        require(term, "term is NULL");
        if (!*term) throw ArgumentError{"term is empty"};
        doc->doc.add_boolean_term(term);
    });
}

gz_status gz_document_set_value(gz_document *doc, uint32_t slot, const char *value,
                                size_t length, char **error) {
    return guard(error, [&] {
        require(doc, "document handle is NULL");
        if (!value && length) throw ArgumentError{"value is NULL"};
        if (slot == Xapian::BAD_VALUENO) throw ArgumentError{"value slot out of range"};
        doc->doc.add_value(slot, std::string(value ? value : "", length));
    });
}

gz_status gz_database_replace_document(gz_database *db, const char *unique_term,
                                       gz_document *doc, uint32_t *docid, char **error) {
    return guard(error, [&] {
        Xapian::WritableDatabase &writer = writer_of(db);
        require(unique_term, "unique term is NULL");
        require(doc, "document handle is NULL");
        if (!*unique_term) throw ArgumentError{"unique term is empty"};
        Xapian::docid id = writer.replace_document(unique_term, doc->doc);
        if (docid) *docid = id;
    });
}

gz_status gz_database_delete_document(gz_database *db, const char *unique_term,
                                      int *removed, char **error) {
    return guard(error, [&] {
        Xapian::WritableDatabase &writer = writer_of(db);
        require(unique_term, "unique term is NULL");
        if (!*unique_term) throw ArgumentError{"unique term is empty"};
        bool present = writer.term_exists(unique_term);
        if (present) writer.delete_document(unique_term);
        if (removed) *removed = present ? 1 : 0;
    });
}

gz_status gz_database_commit(gz_database *db, char **error) {
    return guard(error, [&] { writer_of(db).commit(); });
}

gz_status gz_database_compact(const char *const *sources, size_t count,
                              const char *destination, char **error) {
    return guard(error, [&] {
        require(sources, "sources is NULL");
        require(destination, "destination is NULL");
        if (count == 0) throw ArgumentError{"nothing to compact"};
        Xapian::Database combined;
        for (size_t i = 0; i < count; ++i) {
            require(sources[i], "a source path is NULL");
            combined.add_database(Xapian::Database(sources[i]));
        }
        combined.compact(destination, Xapian::DBCOMPACT_MULTIPASS);
    });
}

/* ---- indexing text ---- */

gz_status gz_termgenerator_new(const char *language, gz_termgenerator **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        auto handle = std::make_unique<gz_termgenerator>();
        handle->tg.set_stemmer(make_stemmer(language));
        handle->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        *out = handle.release();
    });
}

void gz_termgenerator_free(gz_termgenerator *tg) { delete tg; }

gz_status gz_termgenerator_set_document(gz_termgenerator *tg, gz_document *doc, char **error) {
    return guard(error, [&] {
        require(tg, "term generator handle is NULL");
        require(doc, "document handle is NULL");
        tg->tg.set_document(doc->doc);
        tg->has_document = true;
    });
}

gz_status gz_termgenerator_index(gz_termgenerator *tg, const char *text, size_t length,
                                 uint32_t wdf_inc, const char *prefix, int positions,
                                 char **error) {
    return guard(error, [&] {
        require(tg, "term generator handle is NULL");
        if (!tg->has_document) throw ArgumentError{"no document set on the term generator"};
        if (!text && length) throw ArgumentError{"text is NULL"};
        std::string body(text ? text : "", length);
        std::string pfx(prefix ? prefix : "");
        if (positions)
            tg->tg.index_text(body, wdf_inc, pfx);
        else
            tg->tg.index_text_without_positions(body, wdf_inc, pfx);
    });
}

gz_status gz_termgenerator_skip(gz_termgenerator *tg, uint32_t gap, char **error) {
    return guard(error, [&] {
        require(tg, "term generator handle is NULL");
        tg->tg.increase_termpos(gap);
    });
}

/* ---- queries ---- */

gz_status gz_queryparser_new(const char *language, gz_queryparser **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        auto handle = std::make_unique<gz_queryparser>();
        handle->qp.set_stemmer(make_stemmer(language));
        handle->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        handle->qp.set_default_op(Xapian::Query::OP_AND);
        // A lone `a*` must not expand into every term of the index.
        handle->qp.set_max_expansion(2000, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        *out = handle.release();
    });
}

void gz_queryparser_free(gz_queryparser *qp) { delete qp; }

gz_status gz_queryparser_set_database(gz_queryparser *qp, gz_database *db, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(db, "database handle is NULL");
        qp->qp.set_database(db->db);
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

gz_status gz_queryparser_add_date_range(gz_queryparser *qp, const char *field,
                                        uint32_t slot, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(field, "field is NULL");
        std::string marker = std::string(field) + ":";
        qp->ranges.push_back(std::make_unique<Xapian::DateRangeProcessor>(slot, marker, 0, 1970));
        qp->qp.add_rangeprocessor(qp->ranges.back().get());
    });
}

gz_status gz_queryparser_parse(gz_queryparser *qp, const char *text, unsigned flags,
                               gz_query **out, char **error) {
    return guard(error, [&] {
        require(qp, "query parser handle is NULL");
        require(text, "query text is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_query{qp->qp.parse_query(text, flags)};
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

int gz_query_is_empty(const gz_query *q) { return !q || q->query.empty(); }

gz_status gz_query_describe(const gz_query *q, char **out, char **error) {
    return guard(error, [&] {
        require(q, "query is NULL");
        require(out, "output pointer is NULL");
        *out = copy_string(q->query.get_description());
    });
}

void gz_query_free(gz_query *q) { delete q; }

/* ---- searching ---- */

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

gz_status gz_enquire_add_value_counter(gz_enquire *e, uint32_t slot, size_t *spy, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(spy, "output pointer is NULL");
        e->spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        e->enquire.add_matchspy(e->spies.back().get());
        *spy = e->spies.size() - 1;
    });
}

gz_status gz_enquire_run(gz_enquire *e, uint32_t first, uint32_t max_items,
                         uint32_t check_at_least, gz_mset **out, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(out, "output pointer is NULL");
        *out = new gz_mset{e->enquire.get_mset(first, max_items, check_at_least)};
    });
}

gz_status gz_enquire_value_counts(gz_enquire *e, size_t spy, char **values,
                                  uint32_t **frequencies, size_t *count, char **error) {
    return guard(error, [&] {
        require(e, "enquire handle is NULL");
        require(values, "output pointer is NULL");
        require(frequencies, "output pointer is NULL");
        require(count, "output pointer is NULL");
        if (spy >= e->spies.size()) throw ArgumentError{"no such value counter"};
        Xapian::ValueCountMatchSpy &counter = *e->spies[spy];
        std::string buffer;
        std::vector<uint32_t> freqs;
        for (auto it = counter.values_begin(); it != counter.values_end(); ++it) {
            buffer += *it;
            buffer.push_back('\0');
            freqs.push_back(it.get_termfreq());
        }
        auto *freq_out = static_cast<uint32_t *>(std::malloc((freqs.size() + 1) * sizeof(uint32_t)));
        if (!freq_out) throw std::bad_alloc();
        if (!freqs.empty()) std::memcpy(freq_out, freqs.data(), freqs.size() * sizeof(uint32_t));
        char *value_out;
        try {
            value_out = copy_string(buffer);
        } catch (...) {
            std::free(freq_out);
            throw;
        }
        *values = value_out;
        *frequencies = freq_out;
        *count = freqs.size();
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

gz_status gz_mset_snippet(const gz_mset *m, const char *text, size_t text_length,
                          uint32_t length, const char *language, const char *start,
                          const char *end, const char *omit, char **out, char **error) {
    return guard(error, [&] {
        require(m, "result set is NULL");
        require(out, "output pointer is NULL");
        if (!text && text_length) throw ArgumentError{"text is NULL"};
        std::string snippet = m->mset.snippet(std::string(text ? text : "", text_length), length,
                                              make_stemmer(language),
                                              Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                              start ? start : "", end ? end : "",
                                              omit ? omit : "");
        *out = copy_string(snippet);
    });
}

}  // extern "C"
