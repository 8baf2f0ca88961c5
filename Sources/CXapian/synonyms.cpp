// The database's synonym table: names that mean the same, written at index
// time and looked up by the query expander (one lookup per span of words).

#include "shim.h"

using namespace gz;

extern "C" {

gz_status gz_database_synonyms(gz_database *db, const char *key, char **synonyms, size_t *length,
                               size_t *count, char **error) {
    return guard(error, [&] {
        require(db, "database handle is NULL");
        require(key, "key is NULL");
        hand_out_strings(db->db.synonyms_begin(key), db->db.synonyms_end(key), synonyms, length, count);
    });
}

gz_status gz_database_add_synonym(gz_database *db, const char *key, const char *synonym, char **error) {
    return guard(error, [&] {
        Xapian::WritableDatabase &writer = writer_of(db);
        require(key, "key is NULL");
        require(synonym, "synonym is NULL");
        if (!*key || !*synonym) throw ArgumentError{"synonym key or synonym is empty"};
        writer.add_synonym(key, synonym);
    });
}

gz_status gz_database_clear_synonyms(gz_database *db, char **error) {
    return guard(error, [&] {
        Xapian::WritableDatabase &writer = writer_of(db);
        // Collected first: clearing keys while iterating over them would move the iterator's table.
        std::vector<std::string> keys(writer.synonym_keys_begin(), writer.synonym_keys_end());
        for (const std::string &key : keys) writer.clear_synonyms(key);
    });
}

}  // extern "C"
