// Stems found at query time. An index in an English stemmer's language holds
// each word as written, with its positions, and no stem terms: stems were
// two in five of the terms Xapian wrote per article, and writing them took
// about a seventh of a first build. A query's stemmed word ("Z" + stem, as Xapian's
// query parser writes it under STEM_SOME) stands instead for the index's
// words with that stem, found among the few words that begin like it.

#include "shim.h"
#include "stemming.h"

#include <cstring>
#include <unordered_map>

namespace gz {

Xapian::Stem thread_stemmer(const char *language) {
    thread_local std::unordered_map<std::string, Xapian::Stem> stemmers;
    const std::string name = language ? language : "";
    auto found = stemmers.find(name);
    if (found != stemmers.end()) return found->second;
    Xapian::Stem plain = make_stemmer(language);
    if (plain.is_none()) return plain;
    return stemmers.emplace(name, Xapian::Stem(new RememberingStem(plain, 20000))).first->second;  // about 2 MB
}

bool stems_at_query_time(const char *language) {
    static const char *const english[] = {"english", "en", "porter"};
    for (const char *name : english) {
        if (language && std::strcmp(language, name) == 0) return true;
    }
    return false;
}

size_t prefix_length(const std::string &term) {
    size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
    return n;
}

namespace {

// The terms of `db` under `prefix` whose word stems to `stem`. The English
// stemmers keep a word's beginning up to the stem's last letter, which may
// be a 'y' made 'i' ("happy", "happi"), or an 'e', 'l' or 'y' where the
// word has an 'i' ("hoping", "hope"; "ability", "abl"; "skies", "sky"):
// every word of Reuters-21578 and the BBC corpus fits, but for Snowball's
// three irregular forms, named here.
std::vector<std::string> words_with_stem(const Xapian::Database &db, const std::string &prefix,
                                         const std::string &stem, const Xapian::Stem &stemmer) {
    std::vector<std::string> terms;
    auto scan = [&](const std::string &beginning) {
        const std::string start = prefix + beginning;
        for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
            const std::string term = *it;
            if (stemmer(term.substr(prefix.size())) == stem) terms.push_back(term);
        }
    };
    scan(stem);
    const char last = stem.back();
    const std::string head = stem.substr(0, stem.size() - 1);
    if (last == 'e' || last == 'l' || last == 'y') scan(head + 'i');
    else if (last == 'i' && !head.empty()) scan(head + 'y');
    static const char *const irregular[][2] = {{"die", "dying"}, {"lie", "lying"}, {"tie", "tying"}};
    for (const auto &pair : irregular) {
        if (stem == pair[0] && db.term_exists(prefix + pair[1])) terms.push_back(prefix + pair[1]);
    }
    return terms;
}

bool holds_stem(const Xapian::Query &q) {
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        const std::string term = *q.get_terms_begin();
        return term.size() > 1 && term[0] == 'Z';
    }
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (holds_stem(q.get_subquery(i))) return true;
    return false;
}

Xapian::Query expand(const Xapian::Query &q, const Xapian::Database &db, const Xapian::Stem &stemmer,
                     Xapian::termpos &position) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        ++position;
        const std::string term = *q.get_terms_begin();
        if (term.size() < 2 || term[0] != 'Z') return q;
        const std::string prefix = stem_term_prefix(term), stem = term.substr(1 + prefix.size());
        if (stem.empty()) return q;
        std::vector<std::string> words = words_with_stem(db, prefix, stem, stemmer);
        if (words.empty()) return q;
        std::vector<Xapian::Query> parts;
        for (const std::string &word : words) parts.emplace_back(word, 1, position);
        return parts.size() == 1 ? parts[0] : Xapian::Query(Xapian::Query::OP_SYNONYM, parts.begin(), parts.end());
    }
    case Xapian::Query::OP_AND: case Xapian::Query::OP_OR: case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR: case Xapian::Query::OP_AND_MAYBE: case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX: {
        if (!holds_stem(q)) return q;
        std::vector<Xapian::Query> parts;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i) parts.push_back(expand(q.get_subquery(i), db, stemmer, position));
        return Xapian::Query(q.get_type(), parts.begin(), parts.end());
    }
    default:
        // Phrases and NEAR hold words as written; the parser puts no stem elsewhere.
        return q;
    }
}

}  // namespace

std::string stem_term(const std::string &term, const Xapian::Stem &stem) {
    const size_t length = prefix_length(term);
    if (length == term.size()) return std::string();
    const unsigned char first = static_cast<unsigned char>(term[length]);
    if (length > 0 && first >= 'A' && first <= 'Z') return std::string();
    std::string stemmed = stem(term.substr(length));
    if (stemmed.empty()) return std::string();
    return "Z" + term.substr(0, length) + stemmed;
}

std::string stem_term_prefix(const std::string &term) {
    return term.size() > 1 ? term.substr(1, prefix_length(term.substr(1))) : std::string();
}

Xapian::Query expand_stems(const Xapian::Query &q, const Xapian::Database &db, const Xapian::Stem &stem) {
    Xapian::termpos position = 0;
    return expand(q, db, stem, position);
}

}  // namespace gz
