#!/usr/bin/env python3
"""One big JSON Lines export against the same articles as files: the first
build of each, side by side (interleaved, median of ROUNDS), with the peak
resident memory of the indexing process.

Run from the project root:  python3 Benchmarks/indexing/jsonl.py
(after `swift build -c release --product gazette`; not part of the tests).
GAZETTE_BEFORE=PATH adds another build (say, main's) on the same inputs.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import GAZETTE, SHARED, WORK, measure  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "3"))
BEFORE = os.environ.get("GAZETTE_BEFORE")


def main():
    files = os.path.join(SHARED, "corpora/reuters/articles")
    export = os.path.join(SHARED, "corpora/reuters/articles.jsonl")
    out = os.path.join(WORK, "gz-jsonl-index")
    runs = {
        "files": [GAZETTE, "index", files, "--index", out, "--quiet"],
        "jsonl": [GAZETTE, "index", export, "--index", out, "--quiet"],
    }
    if BEFORE:
        runs["before: files"] = [BEFORE, "index", files, "--index", out, "--quiet"]
        runs["before: jsonl"] = [BEFORE, "index", export, "--index", out, "--quiet"]
    results = {name: [] for name in runs}
    os.makedirs(WORK, exist_ok=True)
    for _ in range(ROUNDS):
        for name, argv in runs.items():
            results[name].append(measure(argv, out))
    print("Reuters-21578, 19,043 articles: files against one JSON Lines file; median of %d interleaved runs" % ROUNDS)
    base = statistics.median(r[0] for r in results["files"])
    for name, values in results.items():
        seconds = statistics.median(r[0] for r in values)
        peak = max(r[1] for r in values)
        print("%-16s %8.2f s  %6.0f MB peak  time / files %.2f" % (name, seconds, peak, seconds / base))


if __name__ == "__main__":
    main()
