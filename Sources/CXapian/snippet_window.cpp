// How Gazette's snippet generator writes out its best window (see
// snippet_window.h): where the snippet starts and ends, and which
// punctuation it keeps there, by the rules of Xapian 1.4's SnipPipe::drain.

#include "snippet_window.h"

#include <xapian.h>

namespace gz {
namespace snippet {

namespace {

bool leading_punctuation(unsigned ch) {
    using namespace Xapian::Unicode;
    if (is_currency(ch) || get_category(ch) == OPEN_PUNCTUATION || get_category(ch) == INITIAL_QUOTE_PUNCTUATION)
        return true;
    switch (ch) {
        case '"': case '#': case '%': case '&': case '\'': case '+': case '-': case '/': case '<': case '@':
        case '\\': case '`': case '~': case 0xa1: case 0xa7: case 0xbf:
            return true;
    }
    return false;
}

bool trailing_punctuation(unsigned ch) {
    using namespace Xapian::Unicode;
    if (is_currency(ch) || get_category(ch) == CLOSE_PUNCTUATION || get_category(ch) == FINAL_QUOTE_PUNCTUATION)
        return true;
    switch (ch) {
        case '"': case '%': case '\'': case '+': case '-': case '/': case '>': case '@': case '\\': case '`':
        case '~':
            return true;
    }
    return false;
}

void append_escaped(const char *p, const char *end, std::string &out) {
    while (p != end) {
        const char *plain = p;
        while (p != end && *p != '&' && *p != '<' && *p != '>') ++p;
        out.append(plain, static_cast<size_t>(p - plain));
        if (p == end) break;
        out += *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : "&gt;";
        ++p;
    }
}

inline bool sentence_stop(unsigned ch) { return ch == '.' || ch == '?' || ch == '!'; }

}  // namespace

// Writes the next word of the best window to `out`; false once the snippet is complete.
bool Window::drain(const char *text, size_t size, const std::string &hi_start, const std::string &hi_end,
                   const std::string &omit, std::string &out) {
    if (best.empty() && !pipe.empty()) best.swap(pipe);
    if (best.empty()) {
        const size_t tail = size - best_end;
        if (tail == 0) return false;
        // Ends a sentence: its punctuation closes the snippet.
        bool stop = false;
        Xapian::Utf8Iterator i(text + best_end, tail);
        for (; i != Xapian::Utf8Iterator(); ++i) {
            const unsigned ch = *i;
            if (stop && Xapian::Unicode::is_whitespace(ch)) break;
            stop = sentence_stop(ch);
            if (Xapian::Unicode::is_wordchar(ch)) break;
        }
        if (stop) {
            append_escaped(text + best_end, i == Xapian::Utf8Iterator() ? text + size : i.raw(), out);
            return false;
        }
        // Otherwise up to four closing marks, then the omission mark.
        Xapian::Utf8Iterator j(text + best_end, tail);
        int marks = 0;
        while (j != Xapian::Utf8Iterator() && trailing_punctuation(*j)) {
            if (++marks > 4) {
                marks = 0;
                break;
            }
            ++j;
        }
        if (marks) {
            append_escaped(text + best_end, j == Xapian::Utf8Iterator() ? text + size : j.raw(), out);
            if (j == Xapian::Utf8Iterator()) return false;
        }
        out += omit;
        return false;
    }

    const Sniplet word = best.front();
    if (out.empty()) {
        // The snippet's start: after a sentence's end, or else after the omission mark.
        enum { no, stop, yes } boundary = best_begin == 0 ? yes : no;
        Xapian::Utf8Iterator i(text + best_begin, word.term_end - best_begin);
        while (i != Xapian::Utf8Iterator()) {
            const unsigned ch = *i;
            if (boundary == no) {
                if (sentence_stop(ch)) boundary = stop;
            } else if (boundary == stop) {
                if (Xapian::Unicode::is_whitespace(ch)) boundary = yes;
                else if (!sentence_stop(ch)) boundary = no;
            }
            if (Xapian::Unicode::is_wordchar(ch)) {
                const size_t word_begin = static_cast<size_t>(i.raw() - text);
                if (word_begin - best_begin > 4) best_begin = word_begin;
                break;
            }
            ++i;
            if (!leading_punctuation(ch)) best_begin = i == Xapian::Utf8Iterator() ? word.term_end : static_cast<size_t>(i.raw() - text);
        }
        if (boundary != yes) out += omit;
    }
    if (word.highlight) {
        // The characters before a highlighted word stay outside its marks.
        Xapian::Utf8Iterator i(text + best_begin, size - best_begin);
        for (; i != Xapian::Utf8Iterator(); ++i) {
            if (Xapian::Unicode::is_wordchar(*i)) {
                append_escaped(text + best_begin, i.raw(), out);
                best_begin = static_cast<size_t>(i.raw() - text);
                break;
            }
        }
    }
    if (!phrase_left) {
        phrase_left = word.highlight;
        if (phrase_left) out += hi_start;
    }
    append_escaped(text + best_begin, text + word.term_end, out);
    best_begin = word.term_end;
    if (phrase_left && --phrase_left == 0) out += hi_end;
    best.pop_front();
    return true;
}
}  // namespace snippet
}  // namespace gz
