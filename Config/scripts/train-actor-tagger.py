#!/usr/bin/env python3
"""Trains Gazette's actor tagger and writes its weight file.

  python3 Config/scripts/train-actor-tagger.py [--out Config/gazetteer/actor-tagger.bin]

Reads the CoNLL-2003 training split (../shared/corpora/conll2003-train/eng.train:
946 Reuters stories, every person, organisation, place and other name marked)
and the unlabelled text of ../shared/corpora/bbc and reuters (only to count how
often each word is capitalised mid-sentence; no text is kept). Trains a greedy
averaged perceptron over hashed features of Gazette's own tokens, then writes
the int8 weights and the capitalisation table. Deterministic: fixed seed, fixed
order. The features, tokens and file format are specified in
Config/scripts/actor-tagger.md; cross-validated figures come from
Benchmarks/entities/cv-tagger.py. Needs numpy.
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import actor_tagger as A  # noqa: E402
import gazette_tokens as G  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "Config", "gazetteer", "actor-tagger.bin"))
    ap.add_argument("--shared", default=SHARED, help="the shared corpora folder")
    ap.add_argument("--epochs", type=int, default=A.EPOCHS)
    ap.add_argument("--bits", type=int, default=A.BITS)
    ap.add_argument("--vectors", default=os.path.join(HERE, "actor-tagger-vectors.json"),
                    help="test vectors for the Swift port (tokens, feature hashes, tags of two made-up articles)")
    ap.add_argument("--hold-out", type=int, metavar="K",
                    help="leave out fold K (0-based) of --folds folds by story (cv-tagger.py's shuffle), for "
                         "held-out figures of the whole extractor; writes no test vectors")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--list", help="with --hold-out: write the held-out stories' file names here")
    a = ap.parse_args()
    conll = os.path.join(a.shared, "corpora", "conll2003-train", "eng.train")
    if not os.path.exists(conll):
        sys.exit(f"train-actor-tagger: {conll} not found (pass --shared DIR)")
    t0 = time.time()
    gaz = G.Gazetteer(os.path.join(REPO, "Config", "gazetteer"))
    capstats = A.CapStats.from_counts(A.count_case(A.unlabelled_bodies(a.shared), gaz))
    print(f"capitalisation table: {len(capstats.table)} words ({time.time() - t0:.0f} s)", file=sys.stderr)
    docs = [A.Doc(A.conll_segments(d), gaz, capstats, A.Options()) for d in A.read_conll(conll)]
    print(f"featurised {len(docs)} stories ({time.time() - t0:.0f} s)", file=sys.stderr)
    if a.hold_out is not None:
        held = held_out(len(docs), a.folds, a.hold_out, A.SEED)
        if a.list:
            with open(a.list, "w") as f:
                f.writelines(f"train-{i + 1}.txt\n" for i in sorted(held))
        docs = [d for i, d in enumerate(docs) if i not in held]
        print(f"training on {len(docs)} stories, fold {a.hold_out} of {a.folds} held out", file=sys.stderr)
    m = A.Tagger(bits=a.bits)
    m.train(docs, epochs=a.epochs, seed=A.SEED)
    A.write_weights(a.out, m.W, capstats, a.epochs)
    print(f"wrote {a.out}: {os.path.getsize(a.out)} bytes ({time.time() - t0:.0f} s)", file=sys.stderr)
    shipped, table = A.read_weights(a.out)
    if table.table != capstats.table:
        sys.exit("train-actor-tagger: the capitalisation table did not survive the round trip")
    if a.hold_out is not None:
        return
    with open(a.vectors, "w", encoding="utf-8") as f:
        json.dump(vectors(shipped, gaz, table), f, indent=1)
        f.write("\n")
    print(f"wrote {a.vectors}", file=sys.stderr)


def held_out(n, folds, k, seed):
    """Indices of the stories in fold k: the shuffle of Benchmarks/entities/cv-tagger.py."""
    import numpy as np
    perm = np.random.RandomState(seed).permutation(n)
    return set(int(i) for i in perm[k::folds])


# Made-up articles (the project's own words) that exercise headlines in
# capitals, possessives, hyphens, initials, dotted abbreviations and gazetteer phrases.
VECTOR_ARTICLES = [
    ("Northwind Shipping to leave Oslo after port talks fail",
     "Gazette reporter Anna Berg said on Monday that Northwind Shipping Co. would move its head office "
     "from Oslo to Rotterdam, after talks with the Nordic Ports Authority broke down. "
     "\"We had no choice,\" chief executive J. K. Lindqvist told the Financial Daily. "
     "The U.S.-based fund Granite Hill Partners owns a fifth of the company's shares."),
    ("RIVERSIDE UNITED BEAT HARBOUR CITY 2-1",
     "Riverside United's manager Tom O'Neill praised the fans at Hill Park on Saturday. "
     "Harbour City, who lost for the first time since March, meet Westbrook Rovers next week in the "
     "Northern League Cup."),
]


def vectors(model, gaz, capstats):
    out = {"spec": "Config/scripts/actor-tagger.md", "weights": "Config/gazetteer/actor-tagger.bin",
           "articles": []}
    for title, body in VECTOR_ARTICLES:
        segs = [(title.encode("utf-8"), None), (body.encode("utf-8"), None)]
        doc = A.Doc(segs, gaz, capstats, A.Options(), pretokenised=False)
        tags = model.tag_doc(doc)
        art = {"title": title, "body": body, "segments": []}
        for (buf, toks, feats, shapes, _), tg in zip(doc.segs, tags):
            art["segments"].append({
                "tokens": [{"text": buf[t.start:t.end].decode("utf-8"), "flags": t.flags, "after": t.after,
                            "wordClass": t.wc, "hash": f"{t.hash:016x}",
                            "static_features": [f"{h:016x}" for h in f], "tag": A.TAGS[k]}
                           for t, f, k in zip(toks, feats, tg)],
                "names": [[typ, text] for typ, text in A.spans(buf, toks, tg)],
            })
        out["articles"].append(art)
    return out


if __name__ == "__main__":
    main()
