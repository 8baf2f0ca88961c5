#!/usr/bin/env python3
"""Indexing peers for the Gazette benchmark; each run is its own process so
its time and peak memory are measured alike.

  peers.py xapian CORPUS OUT   raw Xapian: TermGenerator, English stemmer,
                               positions, headline prefix, unique id term
  peers.py fts5 CORPUS OUT     SQLite FTS5, porter tokenizer

Both read every .txt file below CORPUS (headline: first line; body: the rest),
as Gazette does, and commit once at the end.
"""
import os
import sqlite3
import sys


def articles(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(".txt"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", "replace")
            title, _, body = text.strip().partition("\n")
            yield os.path.relpath(path, root), title.strip(), body.strip()


def xapian_peer(root, out):
    import xapian
    db = xapian.WritableDatabase(out, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    n = 0
    for uid, title, body in articles(root):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title, 1, "S")
        tg.increase_termpos()
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        doc.set_data(title + "\n" + body)
        term = "Q" + uid
        doc.add_boolean_term(term)
        db.replace_document(term, doc)
        n += 1
    db.commit()
    db.close()
    return n


def fts5_peer(root, out):
    if os.path.exists(out):
        os.remove(out)
    db = sqlite3.connect(out)
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, tokenize='porter')")
    n = 0
    with db:
        for uid, title, body in articles(root):
            db.execute("INSERT INTO articles(id, title, body) VALUES (?, ?, ?)", (uid, title, body))
            n += 1
    db.close()
    return n


if __name__ == "__main__":
    kind, root, out = sys.argv[1:4]
    count = {"xapian": xapian_peer, "fts5": fts5_peer}[kind](root, out)
    print(count)
