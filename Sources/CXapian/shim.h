// Shared by the shim's .cpp files, never by Swift (it is not in include/):
// what each handle holds, and guard(), which runs an entry point's body and
// turns every exception into a gz_status and a message, so no C++ exception
// crosses into Swift.

#ifndef GAZETTE_CXAPIAN_SHIM_H
#define GAZETTE_CXAPIAN_SHIM_H

#include "CXapian.h"

#include <xapian.h>

#include <bitset>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gz {

// Counts the values of a run of slots once per story (the value of another
// slot): copies of one story that share a value add one to its count. It
// also counts the stories and documents it sees: a collapsed search's exact
// total, which Xapian itself can only bound.
class StoryCounter : public Xapian::MatchSpy {
    Xapian::valueno first, end, story;
    std::set<std::pair<std::string, std::string>> seen;
    std::set<std::string> stories;
    Xapian::doccount unkeyed = 0;

public:
    std::map<std::string, Xapian::doccount> counts;
    Xapian::doccount documents = 0;

    StoryCounter(Xapian::valueno first_, Xapian::valueno count, Xapian::valueno story_)
        : first(first_), end(first_ + count), story(story_) {}

    Xapian::doccount story_count() const { return static_cast<Xapian::doccount>(stories.size()) + unkeyed; }

    void operator()(const Xapian::Document &doc, double) override {
        ++documents;
        std::string key = doc.get_value(story);
        if (key.empty()) ++unkeyed; else stories.insert(key);
        for (Xapian::valueno slot = first; slot < end; ++slot) {
            std::string value = doc.get_value(slot);
            if (value.empty()) continue;
            if (key.empty() || seen.emplace(key, value).second) ++counts[value];
        }
    }
};

}  // namespace gz

struct gz_database {
    Xapian::Database db;
    // Set only for writable handles; `db` then aliases the same database.
    std::unique_ptr<Xapian::WritableDatabase> writer;
    // Spelling words counted since the last commit (gz_database_collect_spelling).
    std::unordered_map<std::string, Xapian::termcount> spelling{};
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
    // Stems are looked up among this database's words when its language's
    // index keeps none (stems.cpp); unset until gz_queryparser_set_database.
    std::string language;
    Xapian::Database db;
    bool has_database = false;
    // The parser holds raw pointers to these; keep them alive with it.
    std::vector<std::unique_ptr<Xapian::FieldProcessor>> fields;
    std::vector<std::unique_ptr<Xapian::RangeProcessor>> ranges;
};

struct gz_enquire {
    Xapian::Database db;
    Xapian::Enquire enquire;
    // Xapian's ValueCountMatchSpy (the one remote shards know) or a gz::Counter (facets.cpp).
    std::vector<std::unique_ptr<Xapian::MatchSpy>> spies;
    // Story totals of collapsed searches (gz_enquire_add_story_counter).
    std::vector<std::unique_ptr<gz::StoryCounter>> story_spies;
    // A run still matching after this long fails (0: never).
    double give_up_seconds = 0;
    // Counting passes: no ranking (gz_enquire_set_unranked).
    bool unranked = false;
    explicit gz_enquire(const Xapian::Database &db) : db(db), enquire(db) {}
};

namespace gz {

// What Gazette's own snippet generator (snippet.cpp) needs of a query, read
// once per result set: its loose terms and tight phrases as Xapian's
// MSet::snippet reads them, and their relevance. `usable` is false for a
// query it does not answer exactly as Xapian does (wildcards, phrases with
// a window); Xapian then makes the snippets.
struct SnippetPlan {
    bool usable = false;
    bool has_stems = false;  // a loose "Z" + stem term
    std::vector<std::string> words;  // every term a word of the text is compared with, by id
    std::vector<bool> loose;  // by id: a loose term Xapian has a weight for
    std::vector<double> base;  // relevance slots: each word's, then each phrase's
    std::vector<std::vector<int>> phrases;  // word ids
    size_t longest_phrase = 0;
    std::unordered_map<std::string_view, int> ids;  // views of `words`
    std::bitset<256 * 65> shapes;  // (first byte, length) of every word, to skip most lookups
    int find(std::string_view word) const;
};

std::unique_ptr<SnippetPlan> make_snippet_plan(const Xapian::MSet &mset, const Xapian::Query &query);

}  // namespace gz

struct gz_mset {
    Xapian::MSet mset;
    // The query it answers, and the snippet plan made from it on first use.
    Xapian::Query query;
    mutable std::unique_ptr<gz::SnippetPlan> snippet_plan;
    // How the words its snippets need to stem begin (see stemmer_for in
    // enquire.cpp): for each of the query's stemmed terms ("Z" + stem), the
    // stem's first two bytes, or only its first where a stemmer may change
    // the second letter of a word.
    std::bitset<256> stem_initials;
    std::bitset<65536> stem_bigrams;
    void add_stem(const std::string &stem);
};

namespace gz {

// Gazette's snippet of `text` for `plan`, as Xapian's MSet::snippet with
// SNIPPET_EXHAUSTIVE makes it, into `out`; false (and nothing written) when
// the plan is not usable. `initials`: stem only words that begin as one of
// its query stems does (English), or NULL to stem every word.
bool own_snippet(const SnippetPlan &plan, const gz_mset *initials, const char *text, size_t size, size_t length,
                 Xapian::Stem &stemmer, const std::string &hi_start, const std::string &hi_end,
                 const std::string &omit, std::string &out);

// A bad argument from the caller; guard() reports it as GZ_INVALID_ARGUMENT.
struct ArgumentError {
    const char *message;
};

// A search that ran into its deadline; guard() reports it as GZ_QUERY_TOO_EXPENSIVE.
struct OverTime {
    std::string message;
};

// A malloc()ed, NUL-terminated copy the caller frees with gz_free().
char *copy_string(const std::string &s);

// A malloc()ed copy of `items` (never NULL, even when empty) the caller frees with gz_free().
template <typename T>
T *copy_array(const std::vector<T> &items) {
    auto *out = static_cast<T *>(std::malloc((items.size() + 1) * sizeof(T)));
    if (!out) throw std::bad_alloc();
    if (!items.empty()) std::memcpy(out, items.data(), items.size() * sizeof(T));
    return out;
}

// Writes a malloc()ed copy of `message` to *error when error is not NULL.
void set_error(char **error, const std::string &message);

// Xapian's message with its context and errno text.
std::string describe(const Xapian::Error &e);

template <typename Body>
gz_status guard(char **error, Body body) {
    try {
        body();
        return GZ_OK;
    } catch (const ArgumentError &e) {
        set_error(error, e.message);
        return GZ_INVALID_ARGUMENT;
    } catch (const OverTime &e) {
        set_error(error, e.message);
        return GZ_QUERY_TOO_EXPENSIVE;
    } catch (const Xapian::WildcardError &e) {
        set_error(error, describe(e));
        return GZ_QUERY_TOO_EXPENSIVE;
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
    } catch (const Xapian::NetworkError &e) {
        // Includes NetworkTimeoutError.
        set_error(error, describe(e));
        return GZ_NETWORK;
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

inline Xapian::WritableDatabase &writer_of(gz_database *db) {
    require(db, "database handle is NULL");
    if (!db->writer) throw ArgumentError{"database was opened read-only"};
    return *db->writer;
}

// The `count` docids sorted, without repeats and 0s (docids.cpp); throws
// ArgumentError when `docids` is NULL and `count` is not 0.
std::vector<Xapian::docid> sorted_docids(const uint32_t *docids, size_t count);

// Exactly the documents `sorted` (ascending, distinct, none 0), without
// weight; MatchNothing when empty (docids.cpp).
Xapian::Query docid_query(std::vector<Xapian::docid> sorted);

// `language` as gz_termgenerator_new takes it: a stemmer name, "none" or empty.
inline Xapian::Stem make_stemmer(const char *language) {
    if (!language || !*language || std::strcmp(language, "none") == 0) return Xapian::Stem();
    return Xapian::Stem(language);  // throws InvalidArgumentError for unknown names
}

// The strings from `begin` to `end` as one buffer of NUL-terminated strings
// (the shape gz_database_terms and gz_database_metadata_keys hand out).
template <typename Iterator>
std::string nul_separated(Iterator begin, Iterator end, size_t &count) {
    std::string buffer;
    count = 0;
    for (auto it = begin; it != end; ++it) {
        buffer += *it;
        buffer.push_back('\0');
        ++count;
    }
    return buffer;
}

// Hands the strings from `begin` to `end` out as one malloc()ed buffer of
// NUL-terminated strings, with its length and how many there are.
template <typename Iterator>
void hand_out_strings(Iterator begin, Iterator end, char **strings, size_t *length, size_t *count) {
    require(strings, "output pointer is NULL");
    require(length, "output pointer is NULL");
    require(count, "output pointer is NULL");
    size_t n = 0;
    std::string buffer = nul_separated(begin, end, n);
    *strings = copy_string(buffer);
    *length = buffer.size();
    *count = n;
}

}  // namespace gz

#endif /* GAZETTE_CXAPIAN_SHIM_H */
