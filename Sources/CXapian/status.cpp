// Statuses and messages: the one table of status names, and the helpers
// guard() uses to hand messages and strings to the caller.

#include "shim.h"

#include <cstdlib>

namespace gz {

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

}  // namespace gz

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
        case GZ_NETWORK: return "shard unreachable";
        case GZ_QUERY_TOO_EXPENSIVE: return "query too expensive";
    }
    return "unknown status";
}

void gz_free(void *pointer) { std::free(pointer); }

const char *gz_xapian_version(void) { return Xapian::version_string(); }

}  // extern "C"
