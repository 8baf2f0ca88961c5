/*
 * CXapian's facet counting: counters added to an enquire, facet columns held
 * in memory, and what they counted. Part of CXapian.h, which includes it
 * (inside its extern "C" block, after the types and handles it uses); not
 * meant to be included on its own. The conventions of CXapian.h hold here.
 */
#ifndef GAZETTE_CXAPIAN_FACETS_H
#define GAZETTE_CXAPIAN_FACETS_H

/* ---- facets ----------------------------------------------------------- */
/* A facet value is kept in the index as an entry: the key of its filter term,
 * then (when they differ) a 0x1F byte and the label shown for it. An article
 * holds each key once. The functions below hand out counted values folded by
 * key (entries of one key add up and show the label counted most often; ties:
 * the smaller label), most frequent first, ties by label and then key
 * (bytewise), the first `limit` of them: *labels as one buffer of
 * NUL-terminated labels and *counts a parallel array, both owned by the
 * caller (gz_free()); *distinct (optional) is how many values were counted.
 *
 * Counters: each counts over every document the next search looks at, and
 * *spy is the index to read its counts back with gz_enquire_facet_values.
 *
 * The values of `slot` (Xapian's own ValueCountMatchSpy, the only one a
 * remote shard served by the stock xapian-tcpsrv can run); read back, each
 * value is split at NUL bytes into entries, so it counts a packed slot too. */
gz_status gz_enquire_add_value_counter(gz_enquire *e, uint32_t slot, size_t *spy, char **error);
/* The entries of a packed slot: `slot` holds a document's entries separated
 * by NUL bytes. Runs in this process only, so not over remote shards. */
gz_status gz_enquire_add_entry_counter(gz_enquire *e, uint32_t slot, size_t *spy, char **error);
/* Matches per group of entries of the packed `slot` (regions of the
 * countries an article is about, in one pass): `keys` holds `key_count`
 * entry keys, each NUL-terminated, one after another; key i belongs to the
 * groups groups[offsets[i]] .. groups[offsets[i + 1] - 1], numbers below
 * `group_count` (`offsets` has key_count + 1 numbers). A match counts once
 * for each group any of its entries belongs to. Runs in this process only;
 * *spy reads back with gz_enquire_group_counts, not gz_enquire_facet_values. */
gz_status gz_enquire_add_group_counter(gz_enquire *e, uint32_t slot, const char *keys, size_t key_count,
                                       const uint32_t *offsets, const uint32_t *groups, uint32_t group_count,
                                       size_t *spy, char **error);
/* The matches of each group counted by `spy` in the last run: `group_count`
 * (as given when it was added) numbers into the caller's `counts`. */
gz_status gz_enquire_group_counts(gz_enquire *e, size_t spy, uint32_t *counts, uint32_t group_count, char **error);
/* As gz_enquire_add_entry_counter, but a key counts once per value of
 * `story_slot` (a document without one counts alone): stories, not documents. */
gz_status gz_enquire_add_story_entry_counter(gz_enquire *e, uint32_t slot, uint32_t story_slot, size_t *spy,
                                             char **error);
/* The counts of counters `spies` (`spy_count` of them, all of one facet)
 * after the last run, or after gz_enquire_count_postings, added up. */
gz_status gz_enquire_facet_values(gz_enquire *e, const size_t *spies, size_t spy_count, uint32_t limit,
                                  char **labels, uint32_t **counts, size_t *count, uint32_t *distinct,
                                  char **error);
/* The whole database's values of a facet, from the frequencies of its entry
 * terms (`prefix` followed by an entry). Works on any database, remote shards too. */
gz_status gz_database_facet_terms(gz_database *db, const char *prefix, uint32_t limit, char **labels,
                                  uint32_t **counts, size_t *count, uint32_t *distinct, char **error);

/* ---- facet columns ---------------------------------------------------- */

/* Every document's entries of one packed slot (as gz_enquire_add_entry_counter
 * reads them), held in memory by document id, with their totals over the
 * database. Built once per revision of a database; then immutable, so one
 * column may serve searches on several threads at once, each with its own
 * enquire. Valid only for a database at the revision it was built from. */
typedef struct gz_facet_column gz_facet_column;

/* Reads `slot` of every document of `db` (all its shards). *out is owned by
 * the caller: gz_facet_column_free(). */
gz_status gz_facet_column_build(gz_database *db, uint32_t slot, gz_facet_column **out, char **error);
void gz_facet_column_free(gz_facet_column *column);
/* Counts each entry over the matches of the next search through the
 * column; the column must outlive the enquire. Fails during the search when
 * a match is newer than the column. Runs in this process only. */
gz_status gz_enquire_add_column_counter(gz_enquire *e, const gz_facet_column *column, size_t *spy,
                                        char **error);
/* Counts without the matcher when it can: if every counter of `e` is a
 * column counter and its query is a boolean combination of terms (AND, OR,
 * NOT, FILTER, synonyms, every document), reads the matching documents from
 * posting lists, counts them, and sets *walked to 1 and *total to their
 * number; otherwise sets *walked to 0 and counts nothing (run the search). */
gz_status gz_enquire_count_postings(gz_enquire *e, int *walked, uint32_t *total, char **error);
/* The stories among the matches that column counter `spy` counted (in the
 * last run or posting walk) through a column of the story slot: its distinct
 * entries, plus one for each match without any (an article without a story
 * is a story of its own), as the story counter counts them; *documents (when
 * not NULL) the matches it counted, all runs added up. */
gz_status gz_enquire_column_stories(gz_enquire *e, size_t spy, uint32_t *stories, uint32_t *documents,
                                    char **error);
/* The whole database's values, from the column's totals. */
gz_status gz_facet_column_values(const gz_facet_column *column, uint32_t limit, char **labels, uint32_t **counts,
                                 size_t *count, uint32_t *distinct, char **error);
/* How many documents hold document `docid`'s first entry (the articles of
 * its story, in a story column): *known is 0 for a document the column does
 * not cover (newer, or no such id), else 1, with *documents 0 when it has none. */
gz_status gz_facet_column_sharers(const gz_facet_column *column, uint32_t docid, int *known, uint32_t *documents,
                                  char **error);
/* Its size: documents covered, entries held, approximate bytes of memory. Outputs are optional. */
gz_status gz_facet_column_size(const gz_facet_column *column, size_t *documents, size_t *entries,
                               size_t *bytes, char **error);

#endif /* GAZETTE_CXAPIAN_FACETS_H */
