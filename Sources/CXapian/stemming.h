// A stemmer that remembers its words, shared by the snippets (enquire.cpp),
// the indexing term generator (termgenerator.cpp) and the stems of queries
// (stems.cpp), and what those stems are. Never by Swift (it is not in include/).

#ifndef GAZETTE_CXAPIAN_STEMMING_H
#define GAZETTE_CXAPIAN_STEMMING_H

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gz {

// The same stems as the language's own stemmer, each word stemmed once:
// news repeats its words from article to article (and snippet to snippet),
// and Snowball's English stemmer takes about 2,000 instructions a word,
// several times a lookup here. Bounded: past `most` words it forgets them
// all and starts again. Xapian's reference counts are not atomic, so each
// thread keeps its own.
//
// The words sit in one open-addressed table (linear probing, at most three
// quarters full) rather than std::unordered_map: a look-up there divides by a prime
// and follows a bucket pointer to a node, two cache misses for a table of
// tens of thousands of words, and it was 3 to 4 % of a first build's CPU. Most
// words and stems fit in std::string's own bytes, so a look-up here usually
// touches one slot.
class RememberingStem : public Xapian::StemImplementation {
    struct Slot {
        std::uint64_t hash = 0;  // 0: empty (a word's hash is never 0: hash_of sets its lowest bit)
        std::string word;
        std::string stem;
    };

    Xapian::Stem stem;
    std::vector<Slot> slots;
    std::size_t used = 0;
    std::size_t most;

    static constexpr std::size_t first_capacity = 1024;

    static std::uint64_t hash_of(const std::string &word) {
        std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
        for (unsigned char c : word) h = (h ^ c) * 0x100000001b3ULL;
        return h | 1;
    }

    // The slot for `hash`: Fibonacci hashing spreads FNV's weak low bits over the table.
    std::size_t home(std::uint64_t hash) const {
        return static_cast<std::size_t>((hash * 0x9e3779b97f4a7c15ULL) >> 32) & (slots.size() - 1);
    }

    Slot &probe(std::uint64_t hash, const std::string &word) {
        std::size_t mask = slots.size() - 1;
        for (std::size_t i = home(hash);; i = (i + 1) & mask) {
            Slot &slot = slots[i];
            if (slot.hash == 0 || (slot.hash == hash && slot.word == word)) return slot;
        }
    }

    void grow() {
        std::vector<Slot> old(slots.empty() ? 0 : slots.size() * 2);
        old.swap(slots);
        if (slots.empty()) slots.resize(first_capacity);
        for (Slot &entry : old) {
            if (entry.hash == 0) continue;
            Slot &slot = probe(entry.hash, entry.word);
            slot = std::move(entry);
        }
    }

public:
    // At most about 150 bytes a word (72-byte slots).
    RememberingStem(const Xapian::Stem &stem_, std::size_t most_) : stem(stem_), most(most_) {}

    std::string operator()(const std::string &word) override {
        if (slots.empty()) grow();
        std::uint64_t hash = hash_of(word);
        Slot *slot = &probe(hash, word);
        if (slot->hash != 0) return slot->stem;
        if (used >= most) {
            for (Slot &each : slots) each = Slot();
            used = 0;
            slot = &probe(hash, word);
        } else if ((used + 1) * 4 > slots.size() * 3) {
            grow();
            slot = &probe(hash, word);
        }
        slot->hash = hash;
        slot->word = word;
        slot->stem = stem(word);
        ++used;
        return slot->stem;
    }

    std::string get_description() const override { return stem.get_description(); }
};

// This thread's remembering stemmer for `language` (as make_stemmer reads it),
// shared by the snippets and the stems of queries (stems.cpp). Xapian's
// reference counts are not atomic: each thread keeps its own.
Xapian::Stem thread_stemmer(const char *language);

// Whether `language`'s stemmer (Porter's, and Porter2 as "english") keeps a
// word's beginning: an index in it holds its words as written and no stems,
// and a query finds a stem's words among those that begin like it (stems.cpp).
bool stems_at_query_time(const char *language);

// The "Z" term a query parser makes of `term`'s word (`Z` + prefix + stem),
// or "" when `term` is no word of free text (a prefixed term whose word
// starts with a capital, or an empty word).
std::string stem_term(const std::string &term, const Xapian::Stem &stem);

// The length of `term`'s field prefix: its leading capitals (Xapian's convention).
size_t prefix_length(const std::string &term);

// The field prefix of stem term `term` ("Z" + prefix + stem): "" for free text, "S" ...
std::string stem_term_prefix(const std::string &term);

// `q` with every "Z" term (a stem, as the query parser writes it) replaced
// by the words of `db` with that stem, as a synonym group; a stem no word
// has stays as it is and matches nothing. Only the operators the query
// parser puts above a stem are rebuilt.
Xapian::Query expand_stems(const Xapian::Query &q, const Xapian::Database &db, const Xapian::Stem &stem);

}  // namespace gz

#endif /* GAZETTE_CXAPIAN_STEMMING_H */
