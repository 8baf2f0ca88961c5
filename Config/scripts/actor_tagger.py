"""Actor tagger: features, averaged-perceptron training, greedy decoding, weight file.

Shared by Config/scripts/train-actor-tagger.py (writes the weight file) and
Benchmarks/entities/cv-tagger.py (cross-validation by story). The exact
specification a Swift port follows is Config/scripts/actor-tagger.md; every
constant here is named there.
"""
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gazette_tokens as G  # noqa: E402

BITS = 16       # weight table rows: 2^BITS hashed features
EPOCHS = 6
DOCMEM = True   # the story-memory feature (template 44)
SEED = 1
TYPES = ["PER", "ORG", "LOC", "MISC"]
TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]   # BIO: 9 classes
NTAGS = len(TAGS)
O_TAG = 0


def tag_type(k):
    return None if k == 0 else TYPES[(k - 1) // 2]


def is_begin(k):
    return k > 0 and (k - 1) % 2 == 0


def valid_after(prev, k):
    """I-X only continues B-X or I-X."""
    if k == 0 or is_begin(k):
        return True
    return prev != 0 and tag_type(prev) == tag_type(k)


# ------------------------------------------------------------------ CoNLL data

def read_conll(path):
    """eng.train -> list of documents; a document is a list of sentences of (word, IOB1 tag)."""
    docs, doc, sent = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if doc is not None:
                    if sent:
                        doc.append(sent)
                    docs.append(doc)
                doc, sent = [], []
                continue
            if not line.strip():
                if sent:
                    doc.append(sent)
                sent = []
                continue
            cols = line.split(" ")
            sent.append((cols[0], cols[-1]))
    if doc is not None:
        if sent:
            doc.append(sent)
        docs.append(doc)
    return docs


def conll_segments(doc):
    """The story as Gazette reads its .txt file: first line the headline, the rest
    the body (sentences one a line, tokens space-separated). Returns
    [(bytes, [(start, end, type, entity_id)])] for headline and body."""
    segs = []
    ent = 0
    for part in (doc[:1], doc[1:]):
        text = bytearray()
        spans = []
        for si, sent in enumerate(part):
            if si:
                text += b"\n"
            prev_type = None
            for ti, (w, t) in enumerate(sent):
                if ti:
                    text += b" "
                b = w.encode("utf-8")
                typ = None if t == "O" else t[2:]
                if typ is not None and (t.startswith("B-") or typ != prev_type):
                    ent += 1
                spans.append((len(text), len(text) + len(b), typ, ent if typ else 0))
                text += b
                prev_type = typ
        segs.append((bytes(text), spans))
    return segs


def gold_tags(toks, spans):
    """BIO tag of each Gazette token: the CoNLL token holding its first byte."""
    out = []
    j = 0
    prev_ent = 0
    for t in toks:
        while j + 1 < len(spans) and spans[j][1] <= t.start:
            j += 1
        s, e, typ, ent = spans[j]
        if typ is None or not (s <= t.start < e):
            out.append(0)
            prev_ent = 0
            continue
        base = 1 + 2 * TYPES.index(typ)
        out.append(base if ent != prev_ent else base + 1)
        prev_ent = ent
    return out


# ------------------------------------------------------------------ token views

def norm_bytes(buf, t):
    """The bytes a token's hash covers: ASCII letters lower-cased, Latin-1
    capitals (C3 80-9E but 97) folded, a curly apostrophe as '."""
    out = bytearray()
    j, end = t.start, t.end
    while j < end:
        d = buf[j]
        if d < 0x80:
            out.append(d | 0x20 if G._is_letter(d) else d)
            j += 1
        elif d == 0xE2 and j + 2 < end and buf[j + 1] == 0x80 and buf[j + 2] == 0x99:
            out.append(0x27)
            j += 3
        elif d == 0xC3 and j + 1 < end:
            e = buf[j + 1]
            out += bytes((0xC3, e + 0x20 if 0x80 <= e <= 0x9E and e != 0x97 else e))
            j += 2
        else:
            out.append(d)
            j += 1
    return bytes(out)


def shape(buf, t):
    """Word shape: X upper, x lower, d digit, other ASCII as is; a non-ASCII
    letter is X or x for Latin-1, else x; runs of one class collapse to one."""
    out = bytearray()
    j, end = t.start, t.end
    while j < end:
        d = buf[j]
        if d < 0x80:
            ch = 0x58 if G._is_upper(d) else 0x78 if G._is_letter(d) else 0x64 if G._is_digit(d) else d
            j += 1
        elif d == 0xC3 and j + 1 < end:
            e = buf[j + 1]
            ch = 0x58 if 0x80 <= e <= 0x9E and e != 0x97 else 0x78
            j += 2
        elif d == 0xE2 and j + 2 < end and buf[j + 1] == 0x80 and buf[j + 2] == 0x99:
            ch = 0x27
            j += 3
        else:
            ch = 0x78
            j += G._utf8_len(d)
        if not out or out[-1] != ch:
            out.append(ch)
    return bytes(out)


def length_bucket(n):
    return 1 if n <= 1 else 2 if n == 2 else 3 if n == 3 else 4 if n <= 5 else 5 if n <= 8 else 6


def case_class(t):
    """0 lower, 1 capitalised, 2 all capitals, 3 number, 4 other."""
    if t.has(G.NUMBER):
        return 3
    if t.has(G.ALLCAPS):
        return 2
    if t.has(G.CAP):
        return 1
    if t.has(G.LOWER):
        return 0
    return 4


def segment_mode(toks, headline):
    """0 body, 1 body all capitals, 2 headline with reliable case, 3 headline not
    (all caps or Title Case): the extractor's caseReliable, per segment."""
    words = caps = allcaps = lower = 0
    for i, t in enumerate(toks):
        if t.has(G.NUMBER):
            continue
        ln = t.end - t.start
        if t.has(G.LOWER):
            lower += 1
        if t.has(G.ALLCAPS) and ln >= 2:
            allcaps += 1
        if i > 0 and ln >= 4 and t.wc & G.WC_CONNECTOR == 0:
            words += 1
            if t.capitalised:
                caps += 1
    if headline:
        if lower == 0 and allcaps > 0:
            return 3
        if words >= 3 and caps * 4 >= words * 3:
            return 3
        return 2
    letters = lower + caps + allcaps
    return 1 if (letters > 4 and allcaps * 2 > len(toks)) else 0


# ------------------------------------------------------------------ features

FEATURE_SEED = 0x7F4A7C159E3779B9
# Static templates (computed once per token) and dynamic ones (need the tags
# already given to earlier tokens). The numbers are part of the weight file's
# meaning: never renumber, only add.
T_BIAS, T_W, T_WP1, T_WN1, T_WP2, T_WN2 = 1, 2, 3, 4, 5, 6
T_SUF2, T_SUF3, T_SUF4, T_PRE2, T_PRE3 = 7, 8, 9, 10, 11
T_SHAPE, T_SHAPEP1, T_SHAPEN1, T_SHAPE3 = 12, 13, 14, 15
T_CASE, T_FLAG, T_AFTER, T_AFTERP = 16, 17, 18, 19
T_WC, T_WCP, T_WCN, T_GAZ, T_GAZP, T_GAZN = 20, 21, 22, 23, 24, 25
T_LOWSEEN, T_CAPSEEN, T_BIGP, T_BIGN, T_LEN, T_MODE, T_CAPSTAT = 26, 27, 28, 29, 30, 31, 32
T_CAPSTATP, T_CAPSTATN, T_POS = 33, 34, 35
T_PREV, T_PREV2, T_PREVW, T_PREVSHAPE, T_DOCMEM = 40, 41, 42, 43, 44
GAZ_LABELS = ["name", "demonym", "capital", "city", "region", "cue", "place", "market", "person", "org"]
TEMPLATE_KEY = {}


def tkey(template):
    k = TEMPLATE_KEY.get(template)
    if k is None:
        k = TEMPLATE_KEY[template] = G.combine(FEATURE_SEED, template)
    return k


def fhash(template, value):
    """Full 64-bit feature hash; the weight table keeps its low bits."""
    return G.combine(tkey(template), value & G.M64)


class Options:
    """Which feature groups are on (ablations in cv-tagger.py; the shipped model uses the defaults)."""

    def __init__(self, **kw):
        self.gazetteer = kw.get("gazetteer", True)
        self.doc_case = kw.get("doc_case", True)
        self.capstats = kw.get("capstats", True)
        self.affixes = kw.get("affixes", True)
        self.wordclass = kw.get("wordclass", True)


class CapStats:
    """Per word (token hash): how often running text writes it capitalised
    mid-sentence, in 5 buckets, from unlabelled news. 0 = unknown word."""

    def __init__(self, table=None):
        self.table = table or {}

    @staticmethod
    def from_counts(counts):
        t = {}
        for h, (cap, lower) in counts.items():
            b = capstat_bucket(cap, lower)
            if b:
                t[h] = b
        return CapStats(t)

    def get(self, h):
        return self.table.get(h, 0)


def static_features(seg_bytes, toks, mode, lower_seen, cap_seen, gaz, capstats, opt):
    """Per token, the list of 64-bit feature hashes that do not depend on tags."""
    n = len(toks)
    norms = [norm_bytes(seg_bytes, t) for t in toks]
    shapes = [G.fnv(shape(seg_bytes, t)) for t in toks]
    hs = [t.hash for t in toks]
    # gazetteer phrases: labels and begin/inside for every token they cover
    glab = [None] * n
    if opt.gazetteer:
        reliable = mode in (0, 2)
        i = 0
        while i < n:
            m = gaz.phrases.longest(toks, i, reliable)
            if m:
                ln, labels = m
                for k in range(ln):
                    glab[i + k] = (labels, 0 if k == 0 else 1)
                i += ln
            else:
                i += 1
    gaz_val = []
    for g in glab:
        if g is None:
            gaz_val.append(0)
        else:
            v = 0
            for lab in g[0]:
                v |= 1 << GAZ_LABELS.index(lab)
            gaz_val.append(v << 1 | g[1])
    out = []
    for i, t in enumerate(toks):
        f = [fhash(T_BIAS, 0)]
        h0 = hs[i]
        hp1 = hs[i - 1] if i > 0 else 0
        hn1 = hs[i + 1] if i + 1 < n else 0
        hp2 = hs[i - 2] if i > 1 else 0
        hn2 = hs[i + 2] if i + 2 < n else 0
        f += [fhash(T_W, h0), fhash(T_WP1, hp1), fhash(T_WN1, hn1), fhash(T_WP2, hp2), fhash(T_WN2, hn2),
              fhash(T_BIGP, G.combine(hp1, h0)), fhash(T_BIGN, G.combine(h0, hn1))]
        nb = norms[i]
        if opt.affixes:
            f += [fhash(T_SUF2, G.fnv(nb[-2:])), fhash(T_SUF3, G.fnv(nb[-3:])), fhash(T_SUF4, G.fnv(nb[-4:])),
                  fhash(T_PRE2, G.fnv(nb[:2])), fhash(T_PRE3, G.fnv(nb[:3]))]
        s0 = shapes[i]
        sp = shapes[i - 1] if i > 0 else 0
        sn = shapes[i + 1] if i + 1 < n else 0
        f += [fhash(T_SHAPE, s0), fhash(T_SHAPEP1, sp), fhash(T_SHAPEN1, sn),
              fhash(T_SHAPE3, G.combine(G.combine(sp, s0), sn))]
        cc = case_class(t)
        ss = 1 if t.has(G.SENTENCE_START) else 0
        f.append(fhash(T_CASE, cc | ss << 3 | mode << 4))
        for bit in (G.POSSESSIVE, G.HYPHEN_BEFORE, G.INITIAL, G.DOTTED):
            if t.flags & bit:
                f.append(fhash(T_FLAG, bit))
        f.append(fhash(T_AFTER, t.after))
        f.append(fhash(T_AFTERP, toks[i - 1].after if i > 0 else 7))
        f.append(fhash(T_LEN, length_bucket(len(nb))))
        f.append(fhash(T_POS, min(i - _sentence_first(toks, i), 3)))
        if opt.wordclass:
            for b in range(8):
                if t.wc >> b & 1:
                    f.append(fhash(T_WC, b))
            f.append(fhash(T_WCP, toks[i - 1].wc if i > 0 else 256))
            f.append(fhash(T_WCN, toks[i + 1].wc if i + 1 < n else 256))
        if opt.gazetteer:
            f.append(fhash(T_GAZ, gaz_val[i]))
            f.append(fhash(T_GAZP, gaz_val[i - 1] if i > 0 else 1 << 20))
            f.append(fhash(T_GAZN, gaz_val[i + 1] if i + 1 < n else 1 << 20))
        if opt.doc_case:
            f.append(fhash(T_LOWSEEN, cc << 1 | (1 if h0 in lower_seen else 0)))
            f.append(fhash(T_CAPSEEN, cc << 2 | ss << 1 | (1 if h0 in cap_seen else 0)))
        f.append(fhash(T_MODE, mode << 3 | cc))
        if opt.capstats:
            f.append(fhash(T_CAPSTAT, capstats.get(h0) << 4 | cc << 1 | ss))
            f.append(fhash(T_CAPSTATP, capstats.get(hp1) if i > 0 else 15))
            f.append(fhash(T_CAPSTATN, capstats.get(hn1) if i + 1 < n else 15))
        out.append(f)
    return out, shapes


def _sentence_first(toks, i):
    s = toks[i].sentence
    j = i
    while j > 0 and toks[j - 1].sentence == s:
        j -= 1
    return j


class Doc:
    """One story, tokenized and featurised: for each segment (headline, body)
    the tokens, their static feature hashes and word/shape hashes."""

    def __init__(self, segments, gaz, capstats, opt, pretokenised=True):
        self.segs = []
        toks_by_seg = [gaz.tokenize(b, pretokenised) for b, _ in segments]
        modes = [segment_mode(toks_by_seg[0], True), segment_mode(toks_by_seg[1], False)]
        lower_seen, cap_seen = set(), set()
        for si, toks in enumerate(toks_by_seg):
            reliable = modes[si] in (0, 2)
            for t in toks:
                if t.has(G.LOWER) and (si == 1 or reliable):
                    lower_seen.add(t.hash)
                if reliable and t.has(G.CAP) and not t.has(G.SENTENCE_START):
                    cap_seen.add(t.hash)
        for si, (b, spans) in enumerate(segments):
            toks = toks_by_seg[si]
            feats, shapes = static_features(b, toks, modes[si], lower_seen, cap_seen, gaz, capstats, opt)
            gold = gold_tags(toks, spans) if spans is not None else None
            self.segs.append((b, toks, feats, shapes, gold))


# ------------------------------------------------------------------ model

_PREV_CACHE = {}


def _prev_ids(prev, prev2, mask):
    k = (prev, prev2, mask)
    v = _PREV_CACHE.get(k)
    if v is None:
        v = _PREV_CACHE[k] = (fhash(T_PREV, prev) & mask, fhash(T_PREV2, prev2 << 4 | prev) & mask)
    return v


class Tagger:
    """Greedy left-to-right averaged perceptron over hashed features."""

    def __init__(self, bits=BITS, docmem=DOCMEM):
        self.docmem = docmem
        self.bits = bits
        self.mask = (1 << bits) - 1
        self.W = np.zeros((1 << bits, NTAGS), dtype=np.float32)

    def _static_ids(self, doc):
        m = np.uint64(self.mask)
        return [[(np.array(f, dtype=np.uint64) & m).astype(np.int64) for f in feats]
                for (_, _, feats, _, _) in doc.segs]

    def _ids(self, sid, toks, shapes, i, prev, prev2, mem):
        a, b = _prev_ids(prev, prev2, self.mask)
        t = toks[i]
        c = fhash(T_PREVW, G.combine(t.hash, prev)) & self.mask
        d = fhash(T_PREVSHAPE, G.combine(shapes[i], prev)) & self.mask
        if not self.docmem:
            return np.concatenate((sid, np.array((a, b, c, d), dtype=np.int64)))
        e = fhash(T_DOCMEM, mem.get(t.hash, 0) << 3 | case_class(t)) & self.mask
        return np.concatenate((sid, np.array((a, b, c, d, e), dtype=np.int64)))

    @staticmethod
    def remember(mem, t, p):
        """What the story has called this word so far: 1-4 the type of its
        last name tag, 5 a capitalised word tagged O."""
        if p != O_TAG:
            mem[t.hash] = (p + 1) // 2
        elif t.flags & (G.CAP | G.ALLCAPS):
            mem[t.hash] = 5

    def train(self, docs, epochs=EPOCHS, seed=SEED):
        rng = np.random.RandomState(seed)
        W = self.W
        U = np.zeros_like(W)        # sum of step * update, for averaging
        step = 1
        cache = [self._static_ids(d) for d in docs]
        order = np.arange(len(docs))
        for ep in range(epochs):
            rng.shuffle(order)
            errors = total = 0
            for di in order:
                doc = docs[di]
                mem = {}
                for (b, toks, feats, shapes, gold), sids in zip(doc.segs, cache[di]):
                    prev = prev2 = O_TAG
                    for i in range(len(toks)):
                        ids = self._ids(sids[i], toks, shapes, i, prev, prev2, mem)
                        scores = W[ids].sum(0) + INVALID[prev]
                        p = int(scores.argmax())
                        g = gold[i]
                        if p != g:
                            # a feature hashed twice in one token is updated once
                            W[ids, g] += 1.0
                            W[ids, p] -= 1.0
                            U[ids, g] += step
                            U[ids, p] -= step
                            errors += 1
                        total += 1
                        step += 1
                        prev2, prev = prev, p
                        self.remember(mem, toks[i], p)
            print(f"  epoch {ep + 1}: token errors {errors}/{total}", file=sys.stderr)
        self.W = W - U / step

    def tag_doc(self, doc, W=None, candidates_only=False):
        """Tags of every segment's tokens. `candidates_only`: tokens that cannot
        start or continue a name (see is_candidate) are O without scoring."""
        W = self.W if W is None else W
        out = []
        self.last_scored = 0
        mem = {}
        for (b, toks, feats, shapes, _), sids in zip(doc.segs, self._static_ids(doc)):
            prev = prev2 = O_TAG
            tags = []
            for i in range(len(toks)):
                if candidates_only and not is_candidate(toks, i, prev):
                    p = O_TAG
                else:
                    self.last_scored += 1
                    ids = self._ids(sids[i], toks, shapes, i, prev, prev2, mem)
                    p = int((W[ids].sum(0) + INVALID[prev]).argmax())
                tags.append(p)
                prev2, prev = prev, p
                self.remember(mem, toks[i], p)
            out.append(tags)
        return out


INVALID = np.array([[0.0 if valid_after(p, k) else -1e30 for k in range(NTAGS)] for p in range(NTAGS)],
                   dtype=np.float32)


def is_candidate(toks, i, prev):
    """A token worth scoring: not lower case, or right after a name tag
    ("Bank of England", "van der Pas", "EU-wide"). Others are O unscored."""
    t = toks[i]
    if not t.has(G.LOWER):
        return True
    return prev != O_TAG


def spans(seg_bytes, toks, tags):
    """[(type, text)] of the tagged names."""
    out = []
    i = 0
    while i < len(tags):
        k = tags[i]
        if k == O_TAG:
            i += 1
            continue
        typ = tag_type(k)
        j = i + 1
        while j < len(tags) and tags[j] != O_TAG and not is_begin(tags[j]) and tag_type(tags[j]) == typ:
            j += 1
        out.append((typ, span_text(seg_bytes, toks, i, j)))
        i = j
    return out


def span_text(buf, toks, i, j):
    parts = []
    for k in range(i, j):
        t = toks[k]
        if k > i:
            parts.append("-" if t.has(G.HYPHEN_BEFORE) else " ")
        parts.append(buf[t.start:t.end].decode("utf-8", "replace").replace("\u2019", "'"))
        if t.has(G.POSSESSIVE) and k + 1 < j:
            parts.append("'s")
    return "".join(parts)


# ------------------------------------------------------------------ capitalisation statistics

CAPSTAT_MIN = 3   # occurrences mid-sentence before a word gets a bucket


def capstat_bucket(cap, lower):
    """1 never capitalised mid-sentence (under 2%), 2 rarely (<30%), 3 often (<90%), 4 nearly always."""
    n = cap + lower
    if n < CAPSTAT_MIN:
        return 0
    r = cap / n
    return 1 if r < 0.02 else 2 if r < 0.3 else 3 if r < 0.9 else 4


def count_case(texts, gaz):
    """token hash -> [capitalised, lower-case] counts over the body text of
    articles (headline-free bytes), mid-sentence only, where case is reliable."""
    counts = {}
    for buf in texts:
        toks = gaz.tokenize(buf)
        if segment_mode(toks, False) != 0:
            continue
        for t in toks:
            if t.flags & (G.SENTENCE_START | G.LINE_START | G.NUMBER) or t.has(G.ALLCAPS):
                continue
            c = counts.get(t.hash)
            if c is None:
                c = counts[t.hash] = [0, 0]
            if t.has(G.CAP):
                c[0] += 1
            elif t.has(G.LOWER):
                c[1] += 1
    return counts


def unlabelled_bodies(shared):
    """Bodies of the unlabelled corpora (BBC, Reuters-21578): first line dropped."""
    roots = [os.path.join(shared, "corpora", "bbc"), os.path.join(shared, "corpora", "reuters", "articles")]
    for root in roots:
        for dirpath, dirnames, files in os.walk(root):
            dirnames.sort()
            for f in sorted(files):
                if not f.endswith(".txt") or f.startswith("README"):
                    continue
                with open(os.path.join(dirpath, f), "rb") as fh:
                    data = fh.read().lstrip()
                nl = data.find(b"\n")
                yield data[nl + 1:] if nl >= 0 else b""


# ------------------------------------------------------------------ weights: quantisation and file

def quantised(W, kind):
    """The weights as the Swift port will see them: float32, float16, or int8
    codes through the 256-entry decode table of the weight file."""
    if kind == "none":
        return W
    if kind == "f16":
        return W.astype(np.float16).astype(np.float32)
    q, table = int8_codes(W)
    return table[q.astype(np.int16) + 128]


CODE_A = 1.0   # weights below about this share the smallest codes


def int8_codes(W):
    """Logarithmic int8 codes: q = sign(w) * round(c * ln(1 + |w| / A)), with c
    such that the largest |w| is 127; and the table decoding q + 128 to a
    weight. Perceptron weights span four orders of magnitude (bias and strong
    word features in the hundreds, most near 1): a linear int8 scale rounds
    the small ones to 0 and costs 0.038 mention F1; these codes cost 0.004
    (Benchmarks/entities/RESULTS.md)."""
    mx = float(np.abs(W).max()) or 1.0
    c = 127.0 / np.log1p(mx / CODE_A)
    q = (np.sign(W) * np.minimum(np.rint(c * np.log1p(np.abs(W) / CODE_A)), 127)).astype(np.int8)
    k = np.arange(-128, 128, dtype=np.float64)
    table = (np.sign(k) * CODE_A * np.expm1(np.abs(k) / c)).astype(np.float32)
    table[0] = 0.0     # code -128 is never written
    return q, table


def gazetteer_actor_names(gazdir):
    names = set()
    for line in open(os.path.join(gazdir, "actors.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            names.add(line.split("\t")[0])
    return names


MAGIC = b"GZAT"
VERSION = 1
HEADER = struct.Struct("<4sIIIIIIIQ")   # magic version bits ntags quant features capstats epochs feature_seed
FEATURE_DOCMEM = 1   # `features` bit: template 44 (story memory) is on
QUANT_INT8 = 1


def write_weights(path, W, capstats, epochs, docmem=DOCMEM):
    """The weight file (little-endian; see actor-tagger.md): header, capitalisation
    table (sorted hashes, then buckets), int8 weights [2^bits rows][9 tags]."""
    bits = int(np.log2(W.shape[0]))
    q, table = int8_codes(W)
    items = sorted(capstats.table.items())
    with open(path, "wb") as f:
        f.write(HEADER.pack(MAGIC, VERSION, bits, NTAGS, QUANT_INT8, FEATURE_DOCMEM if docmem else 0,
                            len(items), epochs, FEATURE_SEED))
        f.write(table.astype("<f4").tobytes())
        f.write(np.array([h for h, _ in items], dtype="<u8").tobytes())
        f.write(np.array([b for _, b in items], dtype=np.uint8).tobytes())
        f.write(b"\0" * (-(HEADER.size + 9 * len(items)) % 8))
        f.write(q.tobytes())


def read_weights(path):
    """(Tagger with int8 weights dequantised, CapStats) from a weight file; checks it whole."""
    data = open(path, "rb").read()
    if len(data) < HEADER.size:
        raise ValueError(f"{path}: too short for an actor tagger weight file")
    magic, version, bits, ntags, quant, features, n, epochs, seed = HEADER.unpack_from(data)
    if magic != MAGIC or version != VERSION or ntags != NTAGS or quant != QUANT_INT8 or seed != FEATURE_SEED:
        raise ValueError(f"{path}: not a version {VERSION} actor tagger weight file")
    table = np.frombuffer(data, dtype="<f4", count=256, offset=HEADER.size).astype(np.float32)
    off = HEADER.size + 1024
    hashes = np.frombuffer(data, dtype="<u8", count=n, offset=off)
    buckets = np.frombuffer(data, dtype=np.uint8, count=n, offset=off + 8 * n)
    off += 9 * n + (-(HEADER.size + 9 * n) % 8)
    rows = 1 << bits
    if len(data) != off + rows * ntags:
        raise ValueError(f"{path}: size {len(data)}, expected {off + rows * ntags}")
    q = np.frombuffer(data, dtype=np.int8, count=rows * ntags, offset=off).reshape(rows, ntags)
    m = Tagger(bits=bits, docmem=bool(features & FEATURE_DOCMEM))
    m.W = table[q.astype(np.int16) + 128]
    return m, CapStats({int(h): int(b) for h, b in zip(hashes, buckets)})
