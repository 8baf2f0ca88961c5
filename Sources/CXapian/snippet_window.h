// The sliding window of Gazette's snippet generator (snippet.cpp): Xapian
// 1.4's SnipPipe, which keeps the best window of the text seen so far and
// then writes it out with its marks, entities and omission marks. Shared by
// snippet.cpp and snippet_window.cpp only (it is not in include/).

#ifndef GAZETTE_CXAPIAN_SNIPPET_WINDOW_H
#define GAZETTE_CXAPIAN_SNIPPET_WINDOW_H

#include <string>
#include <utility>
#include <vector>

namespace gz {
namespace snippet {

// One word of the sliding window: where it ends, the slot of its relevance
// (-1: none), and how many words its highlight spans (a phrase's first word).
struct Sniplet {
    int slot;
    size_t term_end;
    size_t highlight;
};

// A double-ended queue in a circular buffer, kept between calls on this thread.
class Ring {
    std::vector<Sniplet> items = std::vector<Sniplet>(64);
    size_t head = 0, count = 0, mask = 63;

    void grow() {
        std::vector<Sniplet> bigger(items.size() * 2);
        for (size_t i = 0; i < count; ++i) bigger[i] = (*this)[i];
        items.swap(bigger);
        head = 0;
        mask = items.size() - 1;
    }

public:
    void clear() { head = count = 0; }
    bool empty() const { return count == 0; }
    size_t size() const { return count; }
    Sniplet &operator[](size_t i) { return items[(head + i) & mask]; }
    Sniplet &front() { return items[head]; }
    Sniplet &back() { return (*this)[count - 1]; }
    void push_back(const Sniplet &s) {
        if (count == items.size()) grow();
        items[(head + count++) & mask] = s;
    }
    void pop_front() { head = (head + 1) & mask; --count; }
    void pop_back() { --count; }
    void swap(Ring &other) {
        items.swap(other.items);
        std::swap(head, other.head);
        std::swap(count, other.count);
        std::swap(mask, other.mask);
    }
};

// The window that slides over the text, keeping the best one seen (Xapian's SnipPipe).
class Window {
    Ring pipe, best;
    size_t length;
    size_t begin = 0;
    double sum = 0;
    size_t phrase_left = 0;
    std::vector<double> &relevance;

public:
    size_t best_begin = 0, best_end = 0;
    double best_sum = 0;

    Window(size_t length_, std::vector<double> &relevance_, Ring &pipe_, Ring &best_)
        : length(length_ + 1), relevance(relevance_) {
        pipe.swap(pipe_);
        best.swap(best_);
        pipe.clear();
        best.clear();
    }

    // Hands the rings back for the next call on this thread.
    void give_back(Ring &pipe_, Ring &best_) { pipe.swap(pipe_); best.swap(best_); }

    void add(int slot, size_t end, size_t highlight) {
        if (highlight > 1) {
            if (pipe.size() >= highlight - 1) {
                // A phrase's last word: its relevance rides on its first word.
                Sniplet &first = pipe[pipe.size() - (highlight - 1)];
                if (first.slot >= 0) {
                    relevance[first.slot] *= 2.0;
                    sum -= relevance[first.slot];
                }
                sum += relevance[slot];
                first.slot = slot;
                first.highlight = highlight;
                relevance[slot] /= 2.0;
            }
            slot = -1;
            highlight = 0;
        }
        pipe.push_back({slot, end, highlight});
        if (slot >= 0) {
            sum += relevance[slot];
            relevance[slot] /= 2.0;
        }
        while (end - begin > length) {
            const Sniplet word = pipe.front();
            if (word.slot >= 0) {
                relevance[word.slot] *= 2.0;
                sum -= relevance[word.slot];
            }
            begin = word.term_end;
            if (best_end >= begin) best.push_back(word);
            pipe.pop_front();
            if (pipe.empty()) break;
        }
        if (sum >= best_sum) {
            if (begin >= best_end) {
                best.clear();
            } else {
                while (!best.empty() && best.front().term_end <= begin) best.pop_front();
            }
            best_sum = sum;
            best_begin = begin;
            best_end = end;
        }
    }

    void done() {
        if (begin >= best_end) {
            pipe.clear();
        } else {
            while (!pipe.empty() && pipe.back().term_end > best_end) pipe.pop_back();
        }
    }

    bool drain(const char *text, size_t size, const std::string &start, const std::string &end,
               const std::string &omit, std::string &out);
};

}  // namespace snippet
}  // namespace gz

#endif
