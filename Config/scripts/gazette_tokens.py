"""Gazette's tokenizer and gazetteer phrase matcher, in Python.

A line-by-line port of Sources/GazetteEntities/Tokenizer.swift (word tokens
on UTF-8 bytes, punctuation folded into the previous token's `after`) and of
the gazetteer's phrase tables (Gazetteer.swift: word classes, country forms,
actor aliases, longest match with case masks), so that the actor tagger's
features are computed here exactly as the Swift extractor will compute them.
See Config/scripts/actor-tagger.md.
"""
import os

M64 = (1 << 64) - 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
PHRASE_SEED = 0x51517A7A12345678

# TokenFlags
CAP, ALLCAPS, LOWER, NUMBER, DOTTED, POSSESSIVE, HYPHEN_BEFORE = 1, 2, 4, 8, 16, 32, 64
SENTENCE_START, LINE_START, INITIAL, PARAGRAPH_START = 128, 256, 512, 1024
# After
A_SPACE, A_COMMA, A_SENTENCE_END, A_COLON, A_BRACKET, A_DASH = 0, 1, 2, 3, 4, 5
# WordClass
WC_TITLE, WC_ORGCUE, WC_CONNECTOR, WC_STOP, WC_COMMON, WC_ABBREV, WC_DICTIONARY, WC_EVENT = 1, 2, 4, 8, 16, 32, 64, 128
WORD_CLASS_NAMES = {"title": WC_TITLE, "orgcue": WC_ORGCUE, "connector": WC_CONNECTOR, "stop": WC_STOP,
                    "common": WC_COMMON, "abbrev": WC_ABBREV, "event": WC_EVENT}


def fnv(data, h=FNV_OFFSET):
    """FNV-1a 64 over bytes."""
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & M64
    return h


def combine(h, token):
    x = ((h ^ token) * 0x9E3779B97F4A7C15) & M64
    return x ^ (x >> 29)


class Token:
    __slots__ = ("start", "end", "hash", "flags", "after", "wc", "sentence")

    def __init__(self, start, end, h, flags, after, wc, sentence):
        self.start, self.end, self.hash, self.flags = start, end, h, flags
        self.after, self.wc, self.sentence = after, wc, sentence

    def has(self, f):
        return self.flags & f != 0

    @property
    def capitalised(self):
        return self.flags & (CAP | ALLCAPS) != 0


def _is_letter(c):
    return 0x61 <= (c | 0x20) <= 0x7A


def _is_digit(c):
    return 0x30 <= c <= 0x39


def _is_upper(c):
    return 0x41 <= c <= 0x5A


def _is_word_lead(c):
    if c < 0x80:
        return _is_letter(c) or _is_digit(c)
    return 0xC3 <= c < 0xF8 and c != 0xE2


def _utf8_len(c):
    return 1 if c < 0xC0 else 2 if c < 0xE0 else 3 if c < 0xF0 else 4


def tokenize(buf, words):
    """Tokens of UTF-8 bytes `buf`; `words` maps a token hash to its word-class bits."""
    toks = []
    n = len(buf)
    i = 0
    sentence = 0
    at_sentence_start = True
    at_paragraph = True
    newlines = 0
    indent_after_newline = False
    hyphen_pending = False
    while i < n:
        c = buf[i]
        if c in (0x20, 0x09, 0x0D):
            if newlines > 0 and c != 0x0D:
                indent_after_newline = True
            i += 1
            continue
        if c == 0x0A:
            newlines += 1
            indent_after_newline = False
            hyphen_pending = False
            i += 1
            continue
        if c == 0xC2 and i + 1 < n and buf[i + 1] == 0xA0:
            i += 2
            continue
        if c == 0x3C:   # ticker symbols "<BCS.L>": skipped
            k = i + 1
            while k < n and k - i <= 12 and buf[k] != 0x3E and buf[k] > 0x20:
                k += 1
            if k < n and buf[k] == 0x3E and k > i + 1:
                upper = all(not (_is_letter(b) and not _is_upper(b)) for b in buf[i + 1:k])
                if upper:
                    if toks and toks[-1].after == 0:
                        toks[-1].after = A_BRACKET
                    i = k + 1
                    continue
        if not _is_word_lead(c):
            cls = A_SPACE
            width = 1
            if c == 0x2C:
                cls = A_COMMA
            elif c in (0x2E, 0x21, 0x3F):
                cls = A_SENTENCE_END
            elif c in (0x3A, 0x3B):
                cls = A_COLON
            elif c in (0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x22):
                cls = A_BRACKET
            elif c == 0x2D:
                if toks and i > 0 and (_is_word_lead(buf[i - 1]) or buf[i - 1] == 0x2E) \
                        and i + 1 < n and _is_word_lead(buf[i + 1]) and newlines == 0:
                    hyphen_pending = True
                    i += 1
                    continue
                cls = A_DASH
            elif c == 0x27:
                cls = A_BRACKET
            elif c == 0xE2:
                width = 3
                if i + 2 < n and buf[i + 1] == 0x80:
                    cls = A_DASH if buf[i + 2] in (0x93, 0x94, 0x95) else A_SENTENCE_END if buf[i + 2] == 0xA6 else A_BRACKET
                else:
                    cls = A_BRACKET
            elif c == 0xC2:
                width = 2
                cls = A_BRACKET
            else:
                if c >= 0x80:
                    width = _utf8_len(c)
                cls = A_BRACKET
            if toks and cls > toks[-1].after and toks[-1].after != A_SENTENCE_END:
                last = toks[-1]
                if cls == A_SENTENCE_END:
                    abbrev = last.wc & WC_ABBREV != 0 or last.has(INITIAL) or last.has(DOTTED)
                    if not abbrev or c != 0x2E:
                        last.after = cls
                        at_sentence_start = True
                else:
                    last.after = cls
                    if cls == A_COLON:
                        at_sentence_start = True
            hyphen_pending = False
            i += width
            continue

        start = i
        h = FNV_OFFSET
        letters = uppers = 0
        first_upper = first_lower = False
        first_digit = _is_digit(c)
        dotted = False
        j = i
        while j < n:
            d = buf[j]
            if d < 0x80:
                if _is_letter(d):
                    up = _is_upper(d)
                    if letters == 0 and j == start:
                        first_upper, first_lower = up, not up
                    letters += 1
                    if up:
                        uppers += 1
                    h = ((h ^ (d | 0x20)) * FNV_PRIME) & M64
                    j += 1
                    continue
                if _is_digit(d):
                    h = ((h ^ d) * FNV_PRIME) & M64
                    j += 1
                    continue
                if d == 0x27 and j + 1 < n:
                    e = buf[j + 1]
                    if e in (0x73, 0x53) and (j + 2 >= n or not _is_word_lead(buf[j + 2])):
                        break
                    if _is_letter(e):
                        h = ((h ^ 0x27) * FNV_PRIME) & M64
                        j += 1
                        continue
                    break
                if d in (0x2C, 0x2E) and first_digit and j + 1 < n and _is_digit(buf[j + 1]):
                    h = ((h ^ d) * FNV_PRIME) & M64
                    j += 1
                    continue
                if d == 0x2E and letters == 1 and j == start + 1 and j + 2 < n \
                        and _is_letter(buf[j + 1]) and buf[j + 2] == 0x2E:
                    dotted = True
                    while j + 2 < n and buf[j] == 0x2E and _is_letter(buf[j + 1]) and buf[j + 2] == 0x2E:
                        h = ((h ^ 0x2E) * FNV_PRIME) & M64
                        e = buf[j + 1]
                        letters += 1
                        if _is_upper(e):
                            uppers += 1
                        h = ((h ^ (e | 0x20)) * FNV_PRIME) & M64
                        j += 2
                    h = ((h ^ 0x2E) * FNV_PRIME) & M64
                    j += 1
                    break
                if d == 0x26 and j + 1 < n and (_is_letter(buf[j + 1]) or _is_digit(buf[j + 1])) and j > start:
                    h = ((h ^ 0x26) * FNV_PRIME) & M64
                    j += 1
                    continue
                break
            if d == 0xE2:
                if j + 3 < n and buf[j + 1] == 0x80 and buf[j + 2] == 0x99:
                    e = buf[j + 3]
                    if e in (0x73, 0x53) and (j + 4 >= n or not _is_word_lead(buf[j + 4])):
                        break
                    if _is_letter(e):
                        h = ((h ^ 0x27) * FNV_PRIME) & M64
                        j += 3
                        continue
                break
            if d == 0xC2:
                break
            if d == 0xC3 and j + 1 < n:
                e = buf[j + 1]
                up = 0x80 <= e <= 0x9E and e != 0x97
                if up:
                    e += 0x20
                if letters == 0 and j == start:
                    first_upper, first_lower = up, not up
                letters += 1
                if up:
                    uppers += 1
                h = ((h ^ 0xC3) * FNV_PRIME) & M64
                h = ((h ^ e) * FNV_PRIME) & M64
                j += 2
                continue
            if 0x80 <= d < 0xC0:
                h = ((h ^ d) * FNV_PRIME) & M64
                j += 1
                continue
            if d >= 0xC0:
                ln = _utf8_len(d)
                if letters == 0 and j == start:
                    first_upper = first_lower = False
                letters += 1
                k = 0
                while k < ln and j + k < n:
                    h = ((h ^ buf[j + k]) * FNV_PRIME) & M64
                    k += 1
                j += ln
                continue
            break
        end = j
        if first_lower and j - start > 3 and c in (0x64, 0x6C) and buf[start + 1] == 0x27 and _is_upper(buf[start + 2]):
            first_lower, first_upper = False, True
        flags = 0
        if first_upper:
            flags |= CAP
        if first_lower:
            flags |= LOWER
        if letters > 0 and uppers == letters and (letters > 1 or dotted):
            flags |= ALLCAPS
        if first_digit:
            flags |= NUMBER
        if dotted:
            flags |= DOTTED
        if j < n:
            if buf[j] == 0x27 and j + 1 < n and buf[j + 1] in (0x73, 0x53):
                flags |= POSSESSIVE
                j += 2
            elif buf[j] == 0xE2 and j + 3 < n and buf[j + 1] == 0x80 and buf[j + 2] == 0x99 and buf[j + 3] in (0x73, 0x53):
                flags |= POSSESSIVE
                j += 4
            elif buf[j] == 0x27 and end > start and buf[end - 1] == 0x73:
                flags |= POSSESSIVE
                j += 1
        if not dotted and letters == 1 and end == start + 1 and j < n and buf[j] == 0x2E and first_upper:
            flags |= INITIAL
        if dotted and end > start + 1 and buf[end - 1] != 0x2E:
            end = j
        wc = words.get(h, 0) & 0xFF
        if newlines > 0:
            flags |= LINE_START
            if newlines > 1 or indent_after_newline:
                at_paragraph = True
                at_sentence_start = True
            if toks and (toks[-1].has(NUMBER) or toks[-1].after != 0):
                at_sentence_start = True
        if hyphen_pending:
            flags |= HYPHEN_BEFORE
        if not at_sentence_start and toks:
            prev = toks[-1]
            if (prev.has(DOTTED) or prev.has(INITIAL) or prev.wc & WC_ABBREV) and prev.after == 0 \
                    and flags & CAP and wc & WC_STOP:
                at_sentence_start = True
        if at_sentence_start and not hyphen_pending:
            flags |= SENTENCE_START
            if toks:
                sentence += 1
        if at_paragraph:
            flags |= PARAGRAPH_START
        toks.append(Token(start, end, h, flags, 0, wc, sentence))
        at_sentence_start = False
        at_paragraph = False
        newlines = 0
        indent_after_newline = False
        hyphen_pending = False
        i = j
    return toks


def join_split_possessives(buf, toks):
    """Pre-tokenised text ("Germany 's", "Farmers ' Union"): a token `s`
    written right after a space and an apostrophe is the previous token's
    possessive: it is dropped, and the previous token is flagged and takes
    over what followed the `s`. A lone apostrophe between spaces after a word
    ending in s is that word's possessive too."""
    out = []
    for t in toks:
        if out and t.end == t.start + 1 and buf[t.start] in (0x73, 0x53) and t.start >= 2 \
                and buf[t.start - 1] == 0x27 and buf[t.start - 2] == 0x20 \
                and out[-1].after == A_BRACKET and out[-1].end == t.start - 2:
            p = out[-1]
            p.flags |= POSSESSIVE
            p.after = t.after
            continue
        if out:
            p = out[-1]
            e = p.end
            if p.after == A_BRACKET and buf[e - 1] in (0x73, 0x53) and buf[e:e + 3] == b" ' " \
                    and t.start == e + 3 and not p.has(POSSESSIVE):
                p.flags |= POSSESSIVE
                p.after = A_SPACE
        out.append(t)
    return out


# ------------------------------------------------------------------ gazetteer

class Phrases:
    """Gazetteer phrases (country forms, actor aliases) by combined token hash."""

    def __init__(self):
        self.entries = {}       # phrase hash -> list of (token_count, case_mask, label)
        self.first_max = {}     # first token hash -> longest phrase starting with it

    def add(self, toks, label):
        h = PHRASE_SEED
        for t in toks:
            h = combine(h, t.hash)
        mask = 0
        for k, t in enumerate(toks[:16]):
            need = 2 if t.has(ALLCAPS) else 1 if t.has(CAP) else 3 if (k == 0 and t.has(LOWER)) else 0
            mask |= need << (2 * k)
        lst = self.entries.setdefault(h, [])
        for idx, (cnt, m, lab) in enumerate(lst):
            if cnt == len(toks) and m == mask:
                if label not in lab:
                    lst[idx] = (cnt, m, lab | {label})
                return
        lst.append((len(toks), mask, {label}))
        f = toks[0].hash
        self.first_max[f] = max(self.first_max.get(f, 0), len(toks))

    def longest(self, toks, i, reliable):
        """(length, labels) of the longest phrase at token i, as Swift's longestMatch."""
        mx = self.first_max.get(toks[i].hash)
        if not mx:
            return None
        h = PHRASE_SEED
        best = None
        ln = 0
        while ln < mx and i + ln < len(toks):
            t = toks[i + ln]
            if ln > 0 and toks[i + ln - 1].after != 0:
                break
            h = combine(h, t.hash)
            ln += 1
            for cnt, mask, lab in self.entries.get(h, ()):
                if cnt == ln and (not reliable or case_matches(mask, toks, i, ln)):
                    best = (ln, lab)
                    break
        return best


def case_matches(mask, toks, i, ln):
    for k in range(min(ln, 16)):
        need = (mask >> (2 * k)) & 3
        t = toks[i + k]
        if need == 1 and not t.capitalised:
            return False
        if need == 2 and not t.has(ALLCAPS):
            return False
        if need == 3 and not t.has(LOWER) and not t.has(SENTENCE_START):
            return False
    return True


def _lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line and not line.startswith("#"):
                yield line


def _toks(text):
    return tokenize(text.encode("utf-8"), {})


class Gazetteer:
    """Word classes and phrase tables from Config/gazetteer/, loaded as Gazette loads them."""

    def __init__(self, gazdir):
        self.words = {}
        for line in _lines(os.path.join(gazdir, "words.tsv")):
            cls, ws = line.split("\t")
            if cls == "company":    # company forms: read by the extractor, no word class
                continue
            bit = WORD_CLASS_NAMES[cls]
            for w in ws.split("|"):
                h = _toks(w)[0].hash
                self.words[h] = self.words.get(h, 0) | bit
        for line in _lines(os.path.join(gazdir, "common-words.txt")):
            h = _toks(line)[0].hash
            self.words[h] = self.words.get(h, 0) | WC_DICTIONARY
        self.phrases = Phrases()
        for line in _lines(os.path.join(gazdir, "countries.tsv")):
            cols = line.split("\t")
            if cols[0] != "form":
                continue
            kind, surface, flags = cols[2], cols[3], cols[4].split(",")
            if kind in ("code", "exchange") or "lookup" in flags:
                continue
            self.phrases.add(_toks(surface), kind)     # name demonym capital city region cue place market
        for line in _lines(os.path.join(gazdir, "actors.tsv")):
            cols = line.split("\t")
            canonical, kind = cols[0], cols[1]
            ambiguous = len(cols) == 4 and "ambiguous" in cols[3].split(",")
            aliases = cols[2].split("|") if len(cols) >= 3 and cols[2] else []
            forms = list(aliases)
            if not aliases or not ambiguous:
                forms.append(canonical)
            for form in forms:
                self.phrases.add(_toks(form), kind)    # person | org

    def tokenize(self, buf, pretokenised=False):
        toks = tokenize(buf, self.words)
        return join_split_possessives(buf, toks) if pretokenised else toks
