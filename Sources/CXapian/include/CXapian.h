/*
 * CXapian: the C interface Gazette uses to reach Xapian.
 *
 * This header and the shim's sources beside it are the only code in Gazette
 * that sees <xapian.h>. They are split by noun, as notmuch splits lib/:
 * status.cpp (status names, messages), database.cpp, document.cpp,
 * termgenerator.cpp, query.cpp, docids.cpp, enquire.cpp (searches and
 * result sets), facets.cpp and postings.cpp (facet counting, with
 * facets.h), percolator.cpp (saved queries), compact.cpp, synonyms.cpp,
 * stems.cpp (a query's stems among an English index's words, with
 * stemming.h); shim.h holds the handles and the exception guard they
 * share. The facet counting functions are declared in CXapianFacets.h,
 * which this includes.
 *
 * Conventions
 * - Handles are opaque. Each has a `gz_<noun>_free` (or `_close`) that
 *   accepts NULL. A handle is not thread-safe: use it from one thread at a
 *   time (Xapian's own rule).
 * - Every function that can fail returns a gz_status. On failure it writes
 *   a human-readable message to `*error` when `error` is not NULL; the
 *   caller owns that string and frees it with gz_free(). On success
 *   `*error` is left untouched. No C++ exception ever leaves this library.
 * - Strings going in are NUL-terminated UTF-8 unless a length is given. A
 *   string with a NUL inside would be read cut short at it (a query
 *   "oil<NUL>zzzz" as "oil", two ids that differ after a NUL as one), so
 *   Gazette's Swift side refuses such strings before they get here; text
 *   that may hold any byte (document data, values, indexed text,
 *   snippet text, metadata values) is passed with its length instead.
 *   Strings and arrays coming out are allocated here with malloc(); the
 *   caller owns them and frees them with gz_free() (or the specific free
 *   function named next to them). Binary-safe outputs come with a length.
 * - Documents are identified by Xapian's document id (unsigned, never 0)
 *   or, preferably, by their unique "Q" term.
 */
#ifndef GAZETTE_CXAPIAN_H
#define GAZETTE_CXAPIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status ------------------------------------------------------------ */

typedef enum gz_status {
    GZ_OK = 0,
    /* A NULL handle, a NULL output pointer or an out-of-range argument from
     * the caller; also Xapian::InvalidArgumentError. */
    GZ_INVALID_ARGUMENT = 1,
    /* Xapian::DatabaseNotFoundError and other DatabaseOpeningErrors. */
    GZ_DATABASE_NOT_FOUND = 2,
    /* Xapian::DatabaseLockError: another writer holds the lock. */
    GZ_DATABASE_LOCKED = 3,
    /* Xapian::DatabaseModifiedError: reopen the reader and retry. */
    GZ_DATABASE_MODIFIED = 4,
    /* Xapian::DatabaseCorruptError. */
    GZ_DATABASE_CORRUPT = 5,
    /* Xapian::DatabaseVersionError: made by an incompatible Xapian. */
    GZ_DATABASE_VERSION = 6,
    /* Xapian::QueryParserError: the query string could not be parsed. */
    GZ_QUERY_SYNTAX = 7,
    /* Xapian::DocNotFoundError. */
    GZ_DOCUMENT_NOT_FOUND = 8,
    /* Any other Xapian::DatabaseError (I/O errors, closed database ...). */
    GZ_DATABASE_ERROR = 9,
    /* std::bad_alloc. */
    GZ_OUT_OF_MEMORY = 10,
    /* Any other exception. */
    GZ_UNKNOWN_ERROR = 11,
    /* Xapian::NetworkError (and NetworkTimeoutError): a remote shard did not
     * answer, refused the connection or timed out. */
    GZ_NETWORK = 12,
    /* A search over its limits: a wildcard expanding to more terms than
     * gz_queryparser_set_max_expansion allows (Xapian::WildcardError), or
     * a match still running at gz_enquire_set_time_limits' deadline. */
    GZ_QUERY_TOO_EXPENSIVE = 13
} gz_status;

/* A short constant name for a status ("database locked"); never NULL, never freed.
 * The one table of status names: Gazette's Swift errors read theirs from here. */
const char *gz_status_name(gz_status status);

/* Frees anything this library handed out as a plain allocation
 * (messages, strings, data buffers, id arrays). NULL is fine. */
void gz_free(void *pointer);

/* The Xapian library version in use, e.g. "1.4.22". Static; never freed. */
const char *gz_xapian_version(void);

/* ---- databases --------------------------------------------------------- */

typedef struct gz_database gz_database;

/* How gz_database_open_writable treats the path. */
typedef enum gz_open_mode {
    GZ_OPEN_CREATE_OR_OPEN = 0,
    GZ_OPEN_EXISTING = 1,
    GZ_OPEN_CREATE_OR_OVERWRITE = 2
} gz_open_mode;

/* Writable-open flags, OR-ed together. */
enum {
    /* Skip fsync: only for scratch databases that are merged and synced later. */
    GZ_WRITE_NO_SYNC = 1,
    /* Write in place without crash safety: scratch databases only. */
    GZ_WRITE_DANGEROUS = 2,
    /* A new database gets 16 KB blocks, not Xapian's 8 KB: each flush then
     * reads and writes fewer blocks. For scratch databases, which the
     * compactor merges into a database of 8 KB blocks. */
    GZ_WRITE_LARGE_BLOCKS = 4
};

/* Opens a database for reading. *out is owned by the caller: gz_database_close(). */
gz_status gz_database_open(const char *path, gz_database **out, char **error);

/* Adds another database (a shard) to a read-only handle so that searches
 * run over all of them as one. */
gz_status gz_database_add_shard(gz_database *db, const char *path, char **error);

/* An empty read-only handle that shards are added to with
 * gz_database_add_database. *out: gz_database_close(), which for a
 * read-only handle releases only its own reference: the shards stay open
 * for the other handles that hold them. */
gz_status gz_database_new_group(gz_database **out, char **error);

/* Adds the shards of an open handle (local or remote) to the read-only
 * handle `db`, which then searches them with the rest. Both stay owned by
 * the caller; they share the shard's connection, so use them from one thread. */
gz_status gz_database_add_database(gz_database *db, gz_database *shard, char **error);

/* Opens a database served by xapian-tcpsrv on `host`:`port` (writable needs
 * `xapian-tcpsrv --writable`). Every exchange that takes longer than
 * `timeout_ms`, and a connection not made within `connect_timeout_ms`,
 * fails with GZ_NETWORK, so a shard that does not answer costs a bounded
 * time (0 means wait forever). *out: gz_database_close(). */
gz_status gz_database_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                  unsigned connect_timeout_ms, int writable,
                                  gz_database **out, char **error);

/* Opens (or creates) a database for writing; takes Xapian's write lock.
 * *out is owned by the caller: gz_database_close() commits nothing and
 * releases the lock. */
gz_status gz_database_open_writable(const char *path, gz_open_mode mode, int flags,
                                    gz_database **out, char **error);

/* Closes and frees the handle. NULL is fine. For a writable handle Xapian
 * commits pending changes first (errors are swallowed: commit explicitly
 * to hear about them). */
void gz_database_close(gz_database *db);

/* Closes and frees a writable handle WITHOUT committing: pending changes are
 * dropped and the files are left exactly as the last commit (or another
 * process) made them. Releases the write lock. NULL is fine. */
void gz_database_abandon(gz_database *db);

/* Brings a reader up to the latest commit. *changed (optional) is set to 1
 * when it may have moved. */
gz_status gz_database_reopen(gz_database *db, int *changed, char **error);

gz_status gz_database_doc_count(gz_database *db, uint32_t *out, char **error);
gz_status gz_database_revision(gz_database *db, uint64_t *out, char **error);
/* Number of documents indexed by `term`. */
gz_status gz_database_term_freq(gz_database *db, const char *term, uint32_t *out, char **error);
/* Number of documents with a value in `slot` (summed over shards). */
gz_status gz_database_value_freq(gz_database *db, uint32_t slot, uint32_t *out, char **error);

/* The document id that holds `term`, or 0 in *docid when none does. */
gz_status gz_database_find_term(gz_database *db, const char *term, uint32_t *docid, char **error);

/* All document ids indexed by `term`, ascending. *docids (owned by the
 * caller, gz_free()) is NULL when *count is 0. */
gz_status gz_database_postings(gz_database *db, const char *term, uint32_t **docids,
                               size_t *count, char **error);

/* The terms starting with `prefix`, as one buffer of NUL-separated terms
 * (*count of them, *length bytes in all). *terms is owned by the caller:
 * gz_free(). */
gz_status gz_database_terms(gz_database *db, const char *prefix, char **terms,
                            size_t *length, size_t *count, char **error);

/* The stored data of a document. *data (owned by the caller, gz_free()) is
 * not NUL-terminated; *length gives its size. */
gz_status gz_database_document_data(gz_database *db, uint32_t docid, char **data,
                                    size_t *length, char **error);

/* A value slot of a document ("" when unset). *value: gz_free(). */
gz_status gz_database_document_value(gz_database *db, uint32_t docid, uint32_t slot,
                                     char **value, size_t *length, char **error);

/* User metadata; a missing key reads as empty. *value: gz_free(). */
gz_status gz_database_get_metadata(gz_database *db, const char *key, char **value,
                                   size_t *length, char **error);
gz_status gz_database_set_metadata(gz_database *db, const char *key, const char *value,
                                   size_t length, char **error);

/* The user-metadata keys starting with `prefix`, as for gz_database_terms:
 * one buffer of NUL-separated keys. *keys is owned by the caller: gz_free(). */
gz_status gz_database_metadata_keys(gz_database *db, const char *prefix, char **keys,
                                    size_t *length, size_t *count, char **error);

/* The synonym table: the synonyms of `key`, a NUL-separated buffer as for
 * gz_database_terms (gz_free()). */
gz_status gz_database_synonyms(gz_database *db, const char *key, char **synonyms, size_t *length,
                               size_t *count, char **error);
/* Writable handles: one synonym more for `key`; every key's synonyms removed. */
gz_status gz_database_add_synonym(gz_database *db, const char *key, const char *synonym, char **error);
gz_status gz_database_clear_synonyms(gz_database *db, char **error);

/* Every document with a value in `slot`, in docid order: `count` of them, as
 * parallel arrays of document ids and value lengths, with the values one
 * after another in one buffer (binary-safe). All three outputs are owned by
 * the caller: gz_free() each (they are NULL when *count is 0). */
gz_status gz_database_values(gz_database *db, uint32_t slot, uint32_t **docids, uint32_t **lengths,
                             char **values, size_t *count, char **error);

/* ---- documents --------------------------------------------------------- */

typedef struct gz_document gz_document;

/* A new empty document. *out is owned by the caller: gz_document_free(). */
gz_status gz_document_new(gz_document **out, char **error);
void gz_document_free(gz_document *doc);

gz_status gz_document_set_data(gz_document *doc, const char *data, size_t length, char **error);
/* A term that takes part in ranking, wdf increased by wdf_inc. */
gz_status gz_document_add_term(gz_document *doc, const char *term, uint32_t wdf_inc, char **error);
/* A filter term: no weight, only matches. */
gz_status gz_document_add_boolean_term(gz_document *doc, const char *term, char **error);
gz_status gz_document_set_value(gz_document *doc, uint32_t slot, const char *value,
                                size_t length, char **error);

/* Adds or replaces the document holding `unique_term` (which the document
 * must also carry). *docid (optional) receives its id. Takes no ownership of doc. */
gz_status gz_database_replace_document(gz_database *db, const char *unique_term,
                                       gz_document *doc, uint32_t *docid, char **error);
/* Counts the words of `doc` (unprefixed terms of 3 to 30 bytes without
 * digits: what a headline or body says, unstemmed) once each for the
 * spelling table that did-you-mean suggestions come from. The counts are
 * kept in the handle and written by the next gz_database_commit; closing
 * without a commit drops them. Writable handles only. */
gz_status gz_database_collect_spelling(gz_database *db, const gz_document *doc, char **error);
/* The same counts for every document at once, from the database's own words
 * and their document frequencies (a first build: one pass, not one per document). */
gz_status gz_database_collect_spelling_from_terms(gz_database *db, char **error);

/* Removes every document holding `unique_term`; *removed (optional) is 1 if any did. */
gz_status gz_database_delete_document(gz_database *db, const char *unique_term,
                                      int *removed, char **error);
/* Makes every change so far durable and visible to readers (spelling
 * counts collected since the last commit included). */
gz_status gz_database_commit(gz_database *db, char **error);

/* Merges the databases listed (NUL-terminated paths, `count` of them) into a
 * new compacted database at `destination`, which must not exist yet. */
gz_status gz_database_compact(const char *const *sources, size_t count,
                              const char *destination, char **error);

/* ---- indexing text ----------------------------------------------------- */

typedef struct gz_termgenerator gz_termgenerator;

/* `language` is a Xapian stemmer name ("english", "french" ...) or "none".
 * *out is owned by the caller: gz_termgenerator_free(). */
gz_status gz_termgenerator_new(const char *language, gz_termgenerator **out, char **error);
void gz_termgenerator_free(gz_termgenerator *tg);

/* Starts a new document: later gz_termgenerator_index calls add to `doc`,
 * with word positions from 1. The generator keeps a reference to the
 * document's contents, so freeing `doc` first is safe. */
gz_status gz_termgenerator_set_document(gz_termgenerator *tg, gz_document *doc, char **error);
/* Indexes `text` into the current document: every word with wdf increased
 * by wdf_inc, under `prefix` ("" for free text); with positions when
 * `positions` is non-zero. In English ("english", "en", "porter") words are
 * kept as written and a query finds the words of its stems
 * (gz_queryparser_parse); in any other language each word's stem is added,
 * "Z"-prefixed, as Xapian's STEM_SOME does. */
gz_status gz_termgenerator_index(gz_termgenerator *tg, const char *text, size_t length,
                                 uint32_t wdf_inc, const char *prefix, int positions,
                                 char **error);
/* Leaves a gap in word positions so that phrases do not span two fields. */
gz_status gz_termgenerator_skip(gz_termgenerator *tg, uint32_t gap, char **error);

/* ---- queries ----------------------------------------------------------- */

typedef struct gz_query gz_query;
typedef struct gz_queryparser gz_queryparser;

/* Query parser flags (Xapian's, by meaning). */
enum {
    GZ_PARSE_BOOLEAN = 1,       /* AND, OR, NOT, XOR and brackets */
    GZ_PARSE_PHRASE = 2,        /* "quoted phrases" */
    GZ_PARSE_LOVEHATE = 4,      /* +required -excluded */
    GZ_PARSE_ANY_CASE = 8,      /* and/or/not in lower case too */
    GZ_PARSE_WILDCARD = 16,     /* trailing * */
    GZ_PARSE_PURE_NOT = 32,     /* NOT x on its own */
    /* Look misspelt words up in the database's spelling table; the
     * correction is read with gz_queryparser_corrected_query. */
    GZ_PARSE_SPELLING_CORRECTION = 128,
    /* Gazette's own, not Xapian's: leave the stems of words ("Z" terms) as
     * they are. Without it, and with a database set, a stem of a language
     * whose index keeps no stems (English) becomes the database's words
     * with that stem; for queries kept to check later documents, whose
     * words the database may not hold yet (the percolator). */
    GZ_PARSE_KEEP_STEMS = 1 << 30
};

/* Resolves the value of a `field:value` filter to index terms.
 * Returns a malloc()ed string that the shim frees with free():
 * the first line is "AND" or "OR", each further line is a term;
 * no term lines means "matches nothing". Must not return NULL. */
typedef char *(*gz_field_resolver)(void *context, const char *value);

/* `language` as for gz_termgenerator_new. *out: gz_queryparser_free(). */
gz_status gz_queryparser_new(const char *language, gz_queryparser **out, char **error);
void gz_queryparser_free(gz_queryparser *qp);

/* Wildcards and stems are expanded against this database; the parser keeps no
 * ownership of it, so it must outlive the parser's use. */
gz_status gz_queryparser_set_database(gz_queryparser *qp, gz_database *db, char **error);
/* A wildcard (`a*`) may expand to at most `max_terms` terms; a query
 * with one that expands further fails with GZ_QUERY_TOO_EXPENSIVE when
 * it is run. 0 lifts the limit. */
gz_status gz_queryparser_set_max_expansion(gz_queryparser *qp, uint32_t max_terms, char **error);
/* `field:` words search terms with `prefix` (free text, ranked). */
gz_status gz_queryparser_add_prefix(gz_queryparser *qp, const char *field,
                                    const char *prefix, char **error);
/* `field:value` searches the one term `prefix` + value, as written (not
 * split, not stemmed): for terms the caller's own rewriting names. */
gz_status gz_queryparser_add_term_field(gz_queryparser *qp, const char *field,
                                        const char *prefix, char **error);
/* `field:value` filters through `resolver`; `context` is passed back
 * unchanged and must stay valid while the parser is used. */
gz_status gz_queryparser_add_filter(gz_queryparser *qp, const char *field,
                                    gz_field_resolver resolver, void *context, char **error);
/* Reads one end of a date range, or a single date, as the day it names:
 * writes YYYYMMDD and a NUL into `day` and returns non-zero; returns 0 when
 * `text` names no day. A text covering several days (a month, a year) gives
 * its first day, or its last when `end` is non-zero. */
typedef int (*gz_date_resolver)(void *context, const char *text, int end, char day[9]);

/* `field:START..END` (either end may be left out) and `field:DAY` over days
 * stored as YYYYMMDD in `slot`, each end read by `resolver`. An end it cannot
 * read, or a range that ends before it starts, is GZ_QUERY_SYNTAX when the
 * query is parsed. `context` is passed back unchanged and must stay valid
 * while the parser is used. */
gz_status gz_queryparser_add_date_range(gz_queryparser *qp, const char *field, uint32_t slot,
                                        gz_date_resolver resolver, void *context, char **error);
/* Parses `text`. *out is owned by the caller: gz_query_free(). */
gz_status gz_queryparser_parse(gz_queryparser *qp, const char *text, unsigned flags,
                               gz_query **out, char **error);

/* The query the last parse would have been with its misspelt words
 * corrected (GZ_PARSE_SPELLING_CORRECTION), or "" when nothing was
 * corrected. *out: gz_free(). */
gz_status gz_queryparser_corrected_query(gz_queryparser *qp, char **out, char **error);

/* A query for one term, for every document, or combining two queries:
 * `filter` keeps a's ranking and only narrows it. Inputs are not consumed. */
gz_status gz_query_new_term(const char *term, gz_query **out, char **error);
gz_status gz_query_new_match_all(gz_query **out, char **error);
gz_status gz_query_filter(const gz_query *a, const gz_query *filter, gz_query **out, char **error);
gz_status gz_query_and_not(const gz_query *a, const gz_query *excluded, gz_query **out, char **error);
/* `a` must match; `b` only adds weight where it matches too (OP_AND_MAYBE). */
gz_status gz_query_and_maybe(const gz_query *a, const gz_query *b, gz_query **out, char **error);
/* Documents matching `a` or `b`, weighted by both. */
gz_status gz_query_or(const gz_query *a, const gz_query *b, gz_query **out, char **error);
/* Documents whose value in `slot` lies between `begin` and `end` (byte
 * order, both included; an empty `end` has no upper bound). */
gz_status gz_query_new_value_range(uint32_t slot, const char *begin, const char *end, gz_query **out,
                                   char **error);
/* Documents matching any of `count` terms, each weighted as a ranked term. */
gz_status gz_query_new_any_term(const char *const *terms, size_t count, gz_query **out, char **error);
/* Documents holding `term` (a filter term, which BM25 gives no weight),
 * each given the constant weight `weight` > 0. */
gz_status gz_query_new_term_bonus(const char *term, double weight, gz_query **out, char **error);
int gz_query_is_empty(const gz_query *q);
/* A query matching exactly these documents (any order, repeats and 0 ignored),
 * with no weight: to narrow a query to the documents a commit just wrote.
 * For a database of one shard (docids of several are interleaved).
 * `docids` is copied. *out: gz_query_free(). */
gz_status gz_query_new_docids(const uint32_t *docids, size_t count, gz_query **out, char **error);
/* Xapian's description of the query, for debugging. *out: gz_free(). */
gz_status gz_query_describe(const gz_query *q, char **out, char **error);
void gz_query_free(gz_query *q);

/* ---- percolating: saved queries against new documents ------------------ */

/* Saved queries checked together against the few documents a commit just
 * wrote. Each query is read once, when set: the terms a document must hold
 * to match it, and, for a boolean combination of terms (AND, OR, NOT,
 * filters, synonyms), a tree that decides a match from the document's term
 * list. A batch is then checked by reading its documents' term lists once:
 * a query none of whose required terms they hold is skipped, a boolean one
 * decided in memory, and only the others (phrases, NEAR, value ranges,
 * wildcards) run through Xapian's matcher, narrowed to the batch. */
typedef struct gz_percolator gz_percolator;

/* `language` as for gz_termgenerator_new: a query's stems (kept with
 * GZ_PARSE_KEEP_STEMS) match the documents' words with those stems.
 * *out: gz_percolator_free(). */
gz_status gz_percolator_new(const char *language, gz_percolator **out, char **error);
void gz_percolator_free(gz_percolator *p);
/* Sets query number `index` (from 0) to a copy of `q`: replaces it, or adds
 * it when `index` is the number of queries set so far. */
gz_status gz_percolator_set(gz_percolator *p, uint32_t index, const gz_query *q, char **error);
/* Which queries match which of the documents `docids` of `db` (any order,
 * repeats and 0 ignored; a document no longer in `db` matches nothing).
 * For a database of one shard, whose docids the writer gave out.
 * *pairs: 2 * *pair_count numbers, (query index, docid) pairs in that
 * order, sorted; gz_free(). Optional: *candidates, the queries whose
 * required terms the documents hold; *matcher_runs, those of them that
 * ran through the matcher. A query whose wildcard expands past its limit
 * matches nothing. */
gz_status gz_percolator_match(gz_percolator *p, gz_database *db, const uint32_t *docids, size_t count,
                              uint32_t **pairs, size_t *pair_count, uint32_t *candidates,
                              uint32_t *matcher_runs, char **error);

/* ---- searching --------------------------------------------------------- */

typedef struct gz_enquire gz_enquire;
typedef struct gz_mset gz_mset;

/* A search session over `db`, which must outlive it. *out: gz_enquire_free(). */
gz_status gz_enquire_new(gz_database *db, gz_enquire **out, char **error);
void gz_enquire_free(gz_enquire *e);
gz_status gz_enquire_set_query(gz_enquire *e, const gz_query *q, char **error);
/* Orders by a value slot (descending when `descending`), ties by relevance. */
gz_status gz_enquire_sort_by_value(gz_enquire *e, uint32_t slot, int descending, char **error);
/* For passes that count matches and fetch none: no ranking (BoolWeight,
 * or raw wdf where Xapian could meet a term in every document: see
 * gz_enquire_run) and matches in document id order. */
gz_status gz_enquire_set_unranked(gz_enquire *e, char **error);
/* Time limits for each later gz_enquire_run, in seconds (0: none). After
 * `exact_seconds` the match stops counting beyond the hits asked for, so
 * totals become estimates (Xapian's Enquire::set_time_limit). After
 * `give_up_seconds` of the calling thread's CPU time the run stops and fails
 * with GZ_QUERY_TOO_EXPENSIVE (CPU time, so a busy machine does not make a
 * cheap search fail). */
gz_status gz_enquire_set_time_limits(gz_enquire *e, double exact_seconds, double give_up_seconds,
                                     char **error);
/* Keeps only the best hit of each value of `slot` (Xapian's collapse key):
 * documents with an empty value are never collapsed. */
gz_status gz_enquire_set_collapse_key(gz_enquire *e, uint32_t slot, char **error);
/* Counts the values of the slots first_slot .. first_slot + slot_count - 1
 * (none when slot_count is 0) over every document the next search looks
 * at, once per value of `story_slot` (a document without one counts alone);
 * *spy is the index to read its totals back with gz_enquire_story_total. */
gz_status gz_enquire_add_story_counter(gz_enquire *e, uint32_t first_slot, uint32_t slot_count,
                                       uint32_t story_slot, size_t *spy, char **error);
/* How many stories (distinct values of the story slot, each document
 * without one a story of its own) and documents story counter `spy` saw in
 * the last run: a collapsed search's total, exact when every match was seen. */
gz_status gz_enquire_story_total(gz_enquire *e, size_t spy, uint32_t *stories, uint32_t *documents,
                                 char **error);
/* The terms that best tell the documents `docids` (a relevance set of
 * `count` ids) from the rest of the database, best first: Xapian's expand
 * set, holding only unprefixed words of at least three bytes. At most
 * `max_terms`, as one buffer of NUL-separated terms (*length bytes,
 * *out_count terms); *terms: gz_free(). */
gz_status gz_enquire_expand(gz_enquire *e, const uint32_t *docids, size_t count, uint32_t max_terms,
                            char **terms, size_t *length, size_t *out_count, char **error);
/* Runs the search. At least `check_at_least` matches are examined, which
 * makes counts (and match spies) exact up to that many.
 * *out is owned by the caller: gz_mset_free(). */
gz_status gz_enquire_run(gz_enquire *e, uint32_t first, uint32_t max_items,
                         uint32_t check_at_least, gz_mset **out, char **error);

/* ---- facets and facet columns: CXapianFacets.h ------------------------ */
#include "CXapianFacets.h"

/* ---- result sets -------------------------------------------------------- */

void gz_mset_free(gz_mset *m);
gz_status gz_mset_size(const gz_mset *m, uint32_t *out, char **error);
/* Bounds on the number of matching documents; equal when exact. */
gz_status gz_mset_matches(const gz_mset *m, uint32_t *lower, uint32_t *estimated,
                          uint32_t *upper, char **error);
gz_status gz_mset_hit(const gz_mset *m, uint32_t index, uint32_t *docid, double *weight,
                      char **error);
/* The stored data of hit `index`. *data: gz_free(). */
gz_status gz_mset_hit_data(const gz_mset *m, uint32_t index, char **data, size_t *length,
                           char **error);
/* Value slot `slot` of hit `index` ("" when unset). Reads only the value,
 * not the document's (compressed) data. *value: gz_free(). */
gz_status gz_mset_hit_value(const gz_mset *m, uint32_t index, uint32_t slot, char **value,
                            size_t *length, char **error);
/* How many other documents with hit `index`'s collapse key the search
 * saw and left out (0 without a collapse key). */
gz_status gz_mset_hit_collapse_count(const gz_mset *m, uint32_t index, uint32_t *count, char **error);
/* A passage of `text` of about `length` characters around the best
 * matches of the query, every matched word wrapped in `start`/`end`.
 * Xapian escapes <, > and & in the text as HTML entities.
 * When nothing matches it is the start of the text. *out: gz_free().
 * Made by Gazette's own generator where it answers as Xapian's
 * MSet::snippet (SNIPPET_EXHAUSTIVE) does, by Xapian's otherwise. */
gz_status gz_mset_snippet(const gz_mset *m, const char *text, size_t text_length,
                          uint32_t length, const char *language, const char *start,
                          const char *end, const char *omit, char **out, char **error);

/* Which generator gz_mset_snippet_by uses: either (as gz_mset_snippet),
 * only Gazette's (*out is NULL where it would leave the snippet to
 * Xapian), or only Xapian's. For tests that compare the two. */
typedef enum {
    GZ_SNIPPET_ANY = 0,
    GZ_SNIPPET_OWN = 1,
    GZ_SNIPPET_XAPIAN = 2
} gz_snippet_maker;
gz_status gz_mset_snippet_by(const gz_mset *m, gz_snippet_maker maker, const char *text, size_t text_length,
                             uint32_t length, const char *language, const char *start, const char *end,
                             const char *omit, char **out, char **error);
/* How many snippets each generator has made in this process (either may be NULL). */
void gz_snippet_counts(uint64_t *own, uint64_t *xapian);

#ifdef __cplusplus
}
#endif

#endif /* GAZETTE_CXAPIAN_H */
