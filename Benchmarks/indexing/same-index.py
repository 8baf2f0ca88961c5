#!/usr/bin/env python3
"""Two indexes built from the same files hold the same thing: every article
(found by its id term, since parallel builds number documents differently)
with its terms, their within-document frequencies and positions, its values
and its stored record; which articles are copies of one story (a story's key
is its first article's, and which copy a parallel build meets first varies);
the spelling table with its counts; the synonym table; the metadata (but the
time of the last commit and the synonym sources' paths). Run it beside a
speed comparison of first builds, so that a faster build is known to write
what the slower one wrote.

Usage (Debian's python3, which has python3-xapian):
    /usr/bin/python3 Benchmarks/indexing/same-index.py INDEX_A INDEX_B
Exits 1 and says what differs.
"""
import sys
import xapian

SKIPPED_METADATA = {b"gazette.last-commit", b"gazette.synonyms"}
STORY_PREFIX = b"XS"
STORY_SLOT = 51


def documents(db):
    """id term -> (terms with wdf and positions, values, data), without the
    story's key; and the stories, as sets of id terms."""
    out, stories = {}, {}
    for posting in db.postlist(b""):
        docid = posting.docid
        doc = db.get_document(docid)
        terms = tuple((t.term, t.wdf, tuple(db.positionlist(docid, t.term))) for t in db.termlist(docid))
        key = next(term for term, _, _ in terms if term.startswith(b"Q"))
        story = doc.get_value(STORY_SLOT)
        stories.setdefault(story, set()).add(key)
        terms = tuple(t for t in terms if not t[0].startswith(STORY_PREFIX))
        values = tuple((v.num, v.value) for v in doc.values() if v.num != STORY_SLOT)
        out[key] = (terms, values, doc.get_data())
    return out, {frozenset(members) for members in stories.values()}


def tables(db):
    spelling = [(s.term, s.termfreq) for s in db.spellings()]
    synonyms = [(k, tuple(db.synonyms(k))) for k in db.synonym_keys()]
    metadata = [(k, db.get_metadata(k)) for k in db.metadata_keys() if k not in SKIPPED_METADATA]
    return {"spelling": spelling, "synonyms": synonyms, "metadata": metadata}


def main(a_path, b_path):
    a, b = xapian.Database(a_path), xapian.Database(b_path)
    problems = []
    (da, sa), (db_, sb) = documents(a), documents(b)
    if sa != sb:
        problems.append("stories differ: %d groups of copies only in A, %d only in B" % (len(sa - sb), len(sb - sa)))
    if da.keys() != db_.keys():
        problems.append("articles differ: %d only in A, %d only in B" % (len(da.keys() - db_.keys()), len(db_.keys() - da.keys())))
    parts = ("terms", "values", "stored record")
    for key in sorted(da.keys() & db_.keys()):
        for name, x, y in zip(parts, da[key], db_[key]):
            if x != y:
                problems.append("%s: %s differ" % (key.decode(errors="replace"), name))
    ta, tb = tables(a), tables(b)
    for name in ta:
        if ta[name] != tb[name]:
            problems.append("%s table differs (%d entries in A, %d in B)" % (name, len(ta[name]), len(tb[name])))
    for line in problems[:20]:
        print(line)
    if problems:
        print("%d differences" % len(problems))
        return 1
    print("same: %d articles, %d spelling words, %d synonym keys" % (len(da), len(ta["spelling"]), len(ta["synonyms"])))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
