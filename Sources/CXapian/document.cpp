// Documents being built for the index.

#include "shim.h"

using namespace gz;

extern "C" {

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

}  // extern "C"
