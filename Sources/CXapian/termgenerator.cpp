// Turning text into a document's words, stems and positions.

#include "shim.h"
#include "stemming.h"

using namespace gz;

extern "C" {

gz_status gz_termgenerator_new(const char *language, gz_termgenerator **out, char **error) {
    return guard(error, [&] {
        require(out, "output pointer is NULL");
        auto handle = std::make_unique<gz_termgenerator>();
        Xapian::Stem plain = make_stemmer(language);  // checks the name
        if (stems_at_query_time(language)) {
            // Words as written, and no stems: a query finds a stem's words (stems.cpp).
            handle->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
        } else {
            // A term generator belongs to one thread (DocumentBuilder), and so does
            // its stemmer. Stemming was a third of the term generator's work, and
            // a collection's words recur (Reuters-21578: about 45,000 distinct words
            // stemmed among some 3 million): a bound above that (at most about 10 MB) keeps them all.
            handle->tg.set_stemmer(plain.is_none() ? plain : Xapian::Stem(new RememberingStem(plain, 60000)));
            handle->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        }
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

}  // extern "C"
