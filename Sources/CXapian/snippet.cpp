// Gazette's own snippet generator: the passage, marks and ellipses that
// Xapian 1.4's MSet::snippet makes with SNIPPET_EXHAUSTIVE, for the queries
// Gazette runs, at a fraction of the cost. Xapian's tokenizes every word of
// an article into a std::string, looks each up in a map of strings and keeps
// a deque of them; this one reads the text once, looks words up only when
// their first byte and length could be a query word's, and allocates only
// the output. It follows the same rules (written down from Xapian's source,
// termgenerator_internal.cc), with Xapian's own Unicode tables and UTF-8
// decoding for anything that is not ASCII. Where it cannot be sure to answer
// as Xapian would (wildcards, loose phrases, CJK n-grams), the plan says so
// and gz_mset_snippet asks Xapian instead; tests compare the two over many
// texts and queries.

#include "shim.h"
#include "snippet_window.h"

#include <cstdlib>

namespace gz {

namespace {

// What every ASCII byte is to the tokenizer, read from Xapian's Unicode tables once.
struct AsciiTable {
    unsigned char lower[128];  // the lowercased word character, or 0 when not one
    AsciiTable() {
        for (unsigned ch = 0; ch < 128; ++ch)
            lower[ch] = Xapian::Unicode::is_wordchar(ch) ? static_cast<unsigned char>(Xapian::Unicode::tolower(ch)) : 0;
    }
};
const AsciiTable ascii;

// The code point at p (p < end) and where the next one starts, decoded as
// Xapian's Utf8Iterator decodes it (invalid bytes included).
inline unsigned decode(const char *p, const char *end, const char **next) {
    const unsigned char byte = static_cast<unsigned char>(*p);
    if (byte < 0x80) {
        *next = p + 1;
        return byte;
    }
    Xapian::Utf8Iterator it(p, static_cast<size_t>(end - p));
    const unsigned ch = *it;
    ++it;
    *next = it == Xapian::Utf8Iterator() ? end : it.raw();
    return ch;
}

// The lowercased word character, or 0 (Xapian's check_wordchar).
inline unsigned word_char(unsigned ch) {
    if (ch < 128) return ascii.lower[ch];
    return Xapian::Unicode::is_wordchar(ch) ? Xapian::Unicode::tolower(ch) : 0;
}

inline bool is_word_char(unsigned ch) {
    return ch < 128 ? ascii.lower[ch] != 0 : Xapian::Unicode::is_wordchar(ch);
}

inline bool is_digit(unsigned ch) {
    if (ch < 128) return ch >= '0' && ch <= '9';
    return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

constexpr unsigned ignored = ~0u;

// Characters that join two words into one term (Xapian's check_infix).
inline unsigned infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
    if (ch == 0x2019 || ch == 0x201b) return '\'';
    if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) return ignored;
    return 0;
}

// The same between two digits (check_infix_digit).
inline unsigned infix_digit(unsigned ch) {
    switch (ch) {
        case ',': case '.': case ';': case 0x037e: case 0x0589: case 0x060d: case 0x07f8: case 0x2044:
        case 0xfe10: case 0xfe13: case 0xfe14:
            return ch;
    }
    if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) return ignored;
    return 0;
}

// A term being read: its lowercased bytes, the first `cap` of them kept
// (a longer term is skipped, as Xapian skips terms over 64 bytes).
struct Term {
    static constexpr size_t cap = 128;
    char bytes[cap];
    size_t size = 0;
    void append_ascii(char c) {
        if (size < cap) bytes[size] = c;
        ++size;
    }
    void append(unsigned ch) {
        if (ch < 128) return append_ascii(static_cast<char>(ch));
        char buffer[4];
        const unsigned n = ch < 128 ? (buffer[0] = static_cast<char>(ch), 1u) : Xapian::Unicode::to_utf8(ch, buffer);
        for (unsigned i = 0; i < n; ++i, ++size)
            if (size < cap) bytes[size] = buffer[i];
    }
    std::string_view view() const { return std::string_view(bytes, size); }
};

constexpr size_t longest_word = 64;  // Xapian's snippet skips longer terms

using snippet::Ring;
using snippet::Window;

// The rings each thread reuses, and its relevance slots.
struct Scratch {
    Ring pipe, best;
    std::vector<double> relevance;
    std::vector<int> recent;
};

}  // namespace

int SnippetPlan::find(std::string_view word) const {
    if (word.empty() || word.size() > longest_word) return -1;
    if (!shapes[static_cast<unsigned char>(word[0]) * (longest_word + 1) + word.size()]) return -1;
    auto found = ids.find(word);
    return found == ids.end() ? -1 : found->second;
}

bool own_snippet(const SnippetPlan &plan, const gz_mset *initials, const char *text, size_t size, size_t length,
                 Xapian::Stem &stemmer, const std::string &hi_start, const std::string &hi_end,
                 const std::string &omit, std::string &out) {
    if (!plan.usable) return false;
    // Only words that begin as a query stem does can stem to one (see InitialsStem in enquire.cpp).
    auto may_stem_to_query = [initials](std::string_view t) {
        if (!initials) return true;
        const unsigned first = static_cast<unsigned char>(t[0]);
        return initials->stem_initials.test(first)
            || (t.size() > 1 && initials->stem_bigrams.test(first << 8 | static_cast<unsigned char>(t[1])));
    };
    thread_local Scratch scratch;
    std::vector<double> &relevance = scratch.relevance;
    relevance.assign(plan.base.begin(), plan.base.end());
    std::vector<int> &recent = scratch.recent;  // the last words, for phrases (Xapian's `phrase`)
    const size_t kept = plan.longest_phrase ? plan.longest_phrase - 1 : 0;
    recent.assign(kept, -2);
    size_t recent_next = 0;
    Window window(length, relevance, scratch.pipe, scratch.best);
    std::string stem_term = "Z";
    std::string word;

    const char *const end = text + size;
    const char *p = text;
    Term term;
    while (true) {
        // The next word's first character.
        unsigned ch = 0;
        const char *next = p;
        while (true) {
            while (p != end && static_cast<unsigned char>(*p) < 0x80 && !ascii.lower[static_cast<unsigned char>(*p)]) ++p;
            if (p == end) goto finished;
            ch = word_char(decode(p, end, &next));
            if (ch) break;
            p = next;
        }
        term.size = 0;
        // Initials separated by '.' (U.N., U.S.A.) make one term.
        if (*p >= 'A' && *p <= 'Z') {
            const char *q = p;
            do {
                term.append(static_cast<unsigned>(ascii.lower[static_cast<unsigned char>(*q)]));
                ++q;
            } while (q != end && *q == '.' && ++q != end && *q >= 'A' && *q <= 'Z');
            if (term.size > 1) {
                const char *after;
                if (q == end || !is_word_char(decode(q, end, &after))) {
                    p = q;
                    goto ended;
                }
            }
            term.size = 0;
        }
        while (true) {
            unsigned previous;
            do {
                term.append(ch);
                previous = ch;
                p = next;
                // The rest of a run of ASCII word characters, byte by byte.
                for (unsigned char lower; p != end && static_cast<unsigned char>(*p) < 0x80
                                          && (lower = ascii.lower[static_cast<unsigned char>(*p)]); ++p) {
                    term.append_ascii(static_cast<char>(lower));
                    previous = lower;
                }
                if (p == end) goto ended;
                ch = word_char(decode(p, end, &next));
            } while (ch);
            // p is on a character between words: does it join them (AT&T, don't, 1,000)?
            if (next == end) break;
            const char *after;
            const unsigned following_raw = decode(next, end, &after);
            const unsigned following = word_char(following_raw);
            if (!following) break;
            unsigned joint = decode(p, end, &after);
            joint = is_digit(previous) && is_digit(following_raw) ? infix_digit(joint) : infix(joint);
            if (!joint) break;
            if (joint != ignored) term.append(joint);
            ch = following;
            p = next;
            decode(p, end, &next);
        }
        {
            // Up to three '+' or '#' (C++, C#), unless a word character follows.
            const size_t before = term.size;
            unsigned count = 0;
            while (*p == '+' || *p == '#') {
                if (++count > 3) {
                    term.size = before;
                    break;
                }
                term.append(static_cast<unsigned char>(*p));
                if (++p == end) goto ended;
            }
            const char *after;
            if (is_word_char(decode(p, end, &after))) term.size = before;
        }
    ended:
        if (term.size > longest_word) continue;
        {
            const std::string_view t = term.view();
            const size_t term_end = static_cast<size_t>(p - text);
            const int id = plan.find(t);
            int slot = -1;
            size_t highlight = 0;
            if (id >= 0) {
                for (size_t i = 0; i < plan.phrases.size() && slot < 0; ++i) {
                    const std::vector<int> &words = plan.phrases[i];
                    if (words.back() != id) continue;
                    bool match = true;
                    for (size_t n = words.size() - 1; n-- > 0;) {
                        if (words[n] != recent[(n + recent_next) % kept]) {
                            match = false;
                            break;
                        }
                    }
                    if (match) {
                        slot = static_cast<int>(plan.words.size() + i);
                        highlight = words.size();
                    }
                }
                if (slot < 0 && plan.loose[static_cast<size_t>(id)]) {
                    slot = id;
                    highlight = 1;
                }
            }
            if (slot < 0 && plan.has_stems && may_stem_to_query(t)) {
                word.assign(t.data(), t.size());
                stem_term.resize(1);
                stem_term += stemmer(word);
                const int stemmed = plan.find(stem_term);
                if (stemmed >= 0 && plan.loose[static_cast<size_t>(stemmed)]) {
                    slot = stemmed;
                    highlight = 1;
                }
            }
            if (kept) {
                recent[recent_next] = id;
                recent_next = (recent_next + 1) % kept;
            }
            window.add(slot, term_end, highlight);
        }
    }
finished:
    window.done();
    out.clear();
    while (window.drain(text, size, hi_start, hi_end, omit, out)) {}
    window.give_back(scratch.pipe, scratch.best);
    return true;
}

namespace {

// The terms of a tight phrase of plain terms, or false when `q` is a phrase
// whose window Gazette cannot read (then Xapian makes its snippets).
bool phrase_terms(const Xapian::Query &q, std::vector<std::string> &terms, bool &tight) {
    const size_t n = q.get_num_subqueries();
    tight = false;
    std::string expected = "(";
    for (size_t i = 0; i < n; ++i) {
        const Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM) return true;  // read as loose terms
        terms.push_back(*sub.get_terms_begin());
        std::string description = sub.get_description();  // "Query(" ... ")"
        if (description.size() < 7) return false;
        if (i) expected += " PHRASE " + std::to_string(n) + " ";
        expected += description.substr(6, description.size() - 7);
    }
    expected += ")";
    // Xapian treats a phrase as tight when its window is its length; the
    // window shows only in the description.
    if (q.get_description() != "Query(" + expected + ")") return false;
    tight = true;
    return true;
}

// Xapian's check_query: the query's loose terms and tight phrases, in order.
bool gather(const Xapian::Query &q, std::vector<std::string> &loose, std::vector<std::vector<std::string>> &phrases) {
    const auto type = q.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        loose.push_back(*q.get_terms_begin());
        return true;
    }
    if (type == Xapian::Query::OP_WILDCARD) return false;
    if (type == Xapian::Query::OP_PHRASE) {
        std::vector<std::string> terms;
        bool tight = false;
        if (!phrase_terms(q, terms, tight)) return false;
        if (tight) {
            phrases.push_back(std::move(terms));
            return true;
        }
    }
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (!gather(q.get_subquery(i), loose, phrases)) return false;
    return true;
}

}  // namespace

std::unique_ptr<SnippetPlan> make_snippet_plan(const Xapian::MSet &mset, const Xapian::Query &query) {
    auto plan = std::make_unique<SnippetPlan>();
    const char *cjk = std::getenv("XAPIAN_CJK_NGRAM");
    if (cjk && *cjk) return plan;
    std::vector<std::string> loose;
    std::vector<std::vector<std::string>> phrases;
    if (!gather(query, loose, phrases)) return plan;
    // Xapian's max_tw: the largest weight any of the query's terms can add.
    double max_tw = 0;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        try {
            max_tw = std::max(max_tw, mset.get_termweight(*t));
        } catch (const Xapian::InvalidArgumentError &) {
            // Not among the weighted terms.
        } catch (const Xapian::InvalidOperationError &) {
            return plan;  // a result set without statistics: Xapian's snippet knows what to do
        }
    }
    max_tw = max_tw == 0.0 ? 1.0 : max_tw * 1.015625;
    auto id_of = [&](const std::string &term) {
        plan->words.push_back(term);
        return static_cast<int>(plan->words.size() - 1);
    };
    std::unordered_map<std::string, int> seen;
    auto intern = [&](const std::string &term) {
        auto found = seen.find(term);
        if (found != seen.end()) return found->second;
        const int id = id_of(term);
        seen.emplace(term, id);
        plan->loose.push_back(false);
        plan->base.push_back(0.0);
        return id;
    };
    for (const std::string &term : loose) {
        const int id = intern(term);
        if (plan->loose[static_cast<size_t>(id)]) continue;
        try {
            plan->base[static_cast<size_t>(id)] = mset.get_termweight(term) + max_tw;
            plan->loose[static_cast<size_t>(id)] = true;
            if (term.size() > 1 && term[0] == 'Z') plan->has_stems = true;
        } catch (const Xapian::InvalidArgumentError &) {
            // Xapian drops a term it has no weight for: it never highlights.
        }
    }
    for (const auto &terms : phrases) {
        if (terms.size() < 2) return plan;
        std::vector<int> ids;
        for (const std::string &term : terms) ids.push_back(intern(term));
        plan->phrases.push_back(std::move(ids));
        plan->longest_phrase = std::max(plan->longest_phrase, terms.size());
    }
    for (const auto &terms : phrases) plan->base.push_back(max_tw * static_cast<double>(terms.size()));
    for (size_t id = 0; id < plan->words.size(); ++id) {
        const std::string &w = plan->words[id];
        plan->ids.emplace(std::string_view(w), static_cast<int>(id));
        if (!w.empty() && w.size() <= longest_word)
            plan->shapes.set(static_cast<unsigned char>(w[0]) * (longest_word + 1) + w.size());
    }
    plan->usable = true;
    return plan;
}

}  // namespace gz
