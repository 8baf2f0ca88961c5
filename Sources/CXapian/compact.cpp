// Merging databases with Xapian's compactor.

#include "shim.h"

using namespace gz;

extern "C" {

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

}  // extern "C"
