#!/usr/bin/env python3
"""Writes a large corpus for the facet benchmark: the shared corpora
(Reuters-21578, BBC, CoNLL-2003 train) repeated under distinct ids, as JSON
Lines, one file per copy, until it holds ARTICLES articles.

Usage: python3 Benchmarks/facets/make-corpus.py OUT_DIR [ARTICLES]   (default 1,000,000)
Write it to /tmp or /dev/shm, never into the repository: it is the corpora's text.
"""
import json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPORA = os.path.join(ROOT, "..", "shared", "corpora")


def text_articles(folder, label):
    """Plain-text articles: the first non-empty line is the headline."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".txt") or name.upper() == "README.TXT":
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().strip().split("\n")
            yield {"id": label + "/" + os.path.relpath(path, folder), "title": lines[0].strip(),
                   "body": "\n".join(lines[1:]).strip()}


def base_articles():
    articles = []
    with open(os.path.join(CORPORA, "reuters", "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            articles.append({k: record[k] for k in ("id", "title", "body", "date") if record.get(k)})
    articles += text_articles(os.path.join(CORPORA, "bbc"), "bbc")
    articles += text_articles(os.path.join(CORPORA, "conll2003-train", "articles"), "conll")
    return articles


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    if os.path.realpath(out).startswith(os.path.realpath(ROOT) + os.sep):
        sys.exit("write the corpus outside the repository (/tmp or /dev/shm)")
    os.makedirs(out, exist_ok=True)
    base = base_articles()
    written, copy = 0, 0
    while written < wanted:
        with open(os.path.join(out, "copy-%03d.jsonl" % copy), "w", encoding="utf-8") as f:
            for article in base[:wanted - written]:
                record = dict(article, id="copy%d/%s" % (copy, article["id"]))
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
        copy += 1
    print("%d articles in %d files (%d per copy) in %s" % (written, copy, len(base), out))


if __name__ == "__main__":
    main()
