#!/usr/bin/env python3
"""What did-you-mean spelling data and wire-copy stories cost at index time,
and how well the stories find copies.

Run from the project root:  bash Benchmarks/newsroom/run.sh   (not part of the tests)

Cost: each corpus is indexed from scratch with the index features off, with
spelling only, stories only and both (copies of Config/ whose gazette.toml sets
[index] spelling and stories), the four interleaved and repeated ROUNDS times
(default 3); the median wall time, the median CPU time (user + system, less
disturbed by other work on a shared machine) and the index size are reported.

Copies: the index built with stories is read back (every article with the ids
of its story's other copies) and compared with the groups of articles whose
bodies are identical once whitespace is normalised: recall of those groups
and of their pairs, and the share of found pairs that have identical bodies
(a floor for precision: near copies are not identical). SAMPLE clusters whose
bodies differ are written to WORK/clusters-CORPUS.txt to be checked by hand.
"""
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GAZETTE = os.path.join(ROOT, ".build/release/gazette")
WORK = os.environ.get("BENCH_DIR", "/tmp/gazette-newsroom-bench")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
SAMPLE = int(os.environ.get("SAMPLE", "40"))
MODES = {"none": (False, False), "spelling": (True, False), "stories": (False, True), "both": (True, True)}
CORPORA = {"reuters": os.path.join(SHARED, "corpora/reuters/articles"), "bbc": os.path.join(SHARED, "corpora/bbc")}


def config(mode):
    spelling, stories = MODES[mode]
    folder = os.path.join(WORK, "config-" + mode)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    shutil.copytree(os.path.join(ROOT, "Config"), folder)
    path = os.path.join(folder, "gazette.toml")
    text = open(path).read()
    text = re.sub(r"(?m)^spelling = \w+", "spelling = %s" % str(spelling).lower(), text)
    text = re.sub(r"(?m)^stories = \w+", "stories = %s" % str(stories).lower(), text)
    open(path, "w").write(text)
    return folder


def size_mb(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6


def build(corpus, mode, out, attempts=3):
    """Wall time, CPU time and index size of one fresh build. A failed build is
    tried again (up to `attempts` times): on a shared machine another program
    may clear the build's scratch folders in /dev/shm."""
    for attempt in range(attempts):
        if os.path.isdir(out):
            shutil.rmtree(out)
        argv = [GAZETTE, "index", corpus, "--index", out, "--config", config(mode), "--quiet"]
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status == 0:
            return wall, usage.ru_utime + usage.ru_stime, size_mb(out)
        error = proc.stderr.read().decode()
        print("attempt %d failed: %s\n%s" % (attempt + 1, " ".join(argv), error), file=sys.stderr)
    raise SystemExit("failed %d times: %s" % (attempts, " ".join(argv)))


def cost(name, corpus):
    runs = {mode: [] for mode in MODES}
    loads = []
    for _ in range(ROUNDS):
        for mode in MODES:
            loads.append(os.getloadavg()[0])
            runs[mode].append(build(corpus, mode, os.path.join(WORK, "%s-%s" % (name, mode))))
    base = runs["none"]
    print("\n%s: median of %d interleaved runs; 1-minute load average before each run %.1f to %.1f" % (
        name, ROUNDS, min(loads), max(loads)))
    print("| features | wall s | CPU s | index MB | wall vs none | CPU vs none | size vs none |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    med = lambda rs, i: statistics.median(r[i] for r in rs)
    for mode, rs in runs.items():
        print("| %s | %.2f | %.2f | %.1f | %+.1f %% | %+.1f %% | %+.1f %% |" % (
            mode, med(rs, 0), med(rs, 1), med(rs, 2),
            100 * (med(rs, 0) / med(base, 0) - 1), 100 * (med(rs, 1) / med(base, 1) - 1),
            100 * (med(rs, 2) / med(base, 2) - 1)))


def stories(index):
    """Each article's id with the set of ids of its story."""
    found, offset = {}, 0
    while True:
        out = subprocess.run([GAZETTE, "search", "", "--index", index, "--format", "json", "--no-collapse",
                              "--no-snippets", "--limit", "10000", "--offset", str(offset)],
                             capture_output=True, text=True)
        hits = json.loads(out.stdout)["hits"] if out.stdout else []
        for hit in hits:
            found[hit["id"]] = frozenset([hit["id"]] + hit.get("copy_ids", []))
        if len(hits) < 10000:
            return found
        offset += 10000


def read_articles(name, corpus):
    """id -> (title, body) as Gazette names the files."""
    articles = {}
    label = os.path.basename(corpus.rstrip("/"))
    for folder, _, files in os.walk(corpus):
        for f in files:
            if not f.endswith(".txt"):
                continue
            path = os.path.join(folder, f)
            text = open(path, encoding="utf-8", errors="replace").read().replace("\r", "")
            lines = text.strip("\n").split("\n")
            title = lines[0].strip()
            body = "\n".join(lines[1:])
            articles[label + "/" + os.path.relpath(path, corpus)] = (title, body)
    return articles


def pairs(groups):
    return {(a, b) for g in groups for a in g for b in g if a < b}


def quality(name, corpus):
    articles = read_articles(name, corpus)
    by_body = {}
    for id, (_, body) in articles.items():
        by_body.setdefault(" ".join(body.split()), []).append(id)
    exact = [frozenset(g) for g in by_body.values() if len(g) > 1]
    found = stories(os.path.join(WORK, "%s-both" % name))
    clusters = {c for c in found.values() if len(c) > 1}
    exact_pairs, found_pairs = pairs(exact), pairs(clusters)
    whole = sum(1 for g in exact if len({found.get(i, frozenset([i])) for i in g}) == 1 and len(found.get(next(iter(g)), ())) >= len(g))
    print("\n%s copies: %d exact-body groups (%d pairs); %d stories with copies found (%d pairs)" % (
        name, len(exact), len(exact_pairs), len(clusters), len(found_pairs)))
    print("  exact-body groups found whole: %d of %d (%.1f %%)" % (whole, len(exact), 100.0 * whole / max(1, len(exact))))
    print("  exact-body pairs found: %.1f %%" % (100.0 * len(exact_pairs & found_pairs) / max(1, len(exact_pairs))))
    print("  found pairs with identical bodies: %.1f %% (the rest are near copies, checked by hand)" % (
        100.0 * len(exact_pairs & found_pairs) / max(1, len(found_pairs))))
    missed = [g for g in exact if len({found.get(i, frozenset([i])) for i in g}) != 1]
    near = [c for c in clusters if len({" ".join(articles[i][1].split()) for i in c}) > 1]
    random.seed(15)
    with open(os.path.join(WORK, "clusters-%s.txt" % name), "w") as out:
        out.write("%d found stories whose bodies differ; a sample of %d:\n" % (len(near), min(SAMPLE, len(near))))
        for c in random.sample(sorted(near, key=sorted), min(SAMPLE, len(near))):
            out.write("\n----\n")
            for i in sorted(c):
                title, body = articles[i]
                out.write("%s | %s | %d words\n    %s\n" % (i, title, len(body.split()), " ".join(body.split())[:300]))
        out.write("\n==== exact-body groups not found whole: %d\n" % len(missed))
        for g in missed:
            out.write("\n----\n")
            for i in sorted(g):
                title, body = articles[i]
                out.write("%s | %s | %d words\n    %s\n" % (i, title, len(body.split()), " ".join(body.split())[:200]))
    print("  %d found stories with differing bodies; sample in %s" % (len(near), os.path.join(WORK, "clusters-%s.txt" % name)))


def main():
    os.makedirs(WORK, exist_ok=True)
    for name, corpus in CORPORA.items():
        cost(name, corpus)
        quality(name, corpus)


if __name__ == "__main__":
    main()
