// A stemmer that remembers its words, shared by the snippets (enquire.cpp)
// and the indexing term generator (termgenerator.cpp). Never by Swift (it is
// not in include/).

#ifndef GAZETTE_CXAPIAN_STEMMING_H
#define GAZETTE_CXAPIAN_STEMMING_H

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>

namespace gz {

// The same stems as the language's own stemmer, each word stemmed once:
// news repeats its words from article to article (and snippet to snippet),
// and Snowball's English stemmer takes about 2,000 instructions a word,
// several times a lookup here. Bounded: past `most` words it forgets them
// all and starts again. Xapian's reference counts are not atomic, so each
// thread keeps its own.
class RememberingStem : public Xapian::StemImplementation {
    Xapian::Stem stem;
    std::unordered_map<std::string, std::string> stems;
    std::size_t most;

public:
    // About 100 bytes a word.
    RememberingStem(const Xapian::Stem &stem_, std::size_t most_) : stem(stem_), most(most_) {}

    std::string operator()(const std::string &word) override {
        auto found = stems.find(word);
        if (found != stems.end()) return found->second;
        if (stems.size() >= most) stems.clear();
        return stems.emplace(word, stem(word)).first->second;
    }

    std::string get_description() const override { return stem.get_description(); }
};

}  // namespace gz

#endif /* GAZETTE_CXAPIAN_STEMMING_H */
