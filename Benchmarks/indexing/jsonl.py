#!/usr/bin/env python3
"""One big export against the same articles as files: the first build of
each, side by side (interleaved, median of ROUNDS), with the peak resident
memory and the CPU time of the indexing process. The export is Reuters'
JSON Lines file as it is, and the same records as one JSON array (written
under WORK, never into the repository).

Run from the project root:  python3 Benchmarks/indexing/jsonl.py
(after `swift build -c release --product gazette && swift build -c release --product gazette-full`; not part of the tests).
GAZETTE_BEFORE=PATH adds another build (say, main's) on the same inputs.
RUNS=files,jsonl,json chooses the inputs; LIMIT=N takes the export's first N
articles (written under WORK; then compare jsonl and json only).
GAZETTE=PATH measures another build (say, a debug one).
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import GAZETTE, SHARED, WORK, measure_usage  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "3"))
BEFORE = os.environ.get("GAZETTE_BEFORE")
RUNS = os.environ.get("RUNS", "files,jsonl,json").split(",")
LIMIT = int(os.environ.get("LIMIT", "0"))


def json_array(export, path):
    """The export's records as one JSON array, one element per line, as exporters write it."""
    if os.path.exists(path) and os.path.getmtime(path) >= os.path.getmtime(export):
        return path
    with open(export, encoding="utf-8") as lines, open(path + ".tmp", "w", encoding="utf-8") as out:
        out.write("[\n")
        first = True
        for line in lines:
            line = line.strip()
            if not line:
                continue
            out.write(("" if first else ",\n") + line)
            first = False
        out.write("\n]\n")
    os.replace(path + ".tmp", path)
    return path


def main():
    os.makedirs(WORK, exist_ok=True)
    files = os.path.join(SHARED, "corpora/reuters/articles")
    export = os.path.join(SHARED, "corpora/reuters/articles.jsonl")
    if LIMIT:
        part = os.path.join(WORK, "reuters-first-%d.jsonl" % LIMIT)
        with open(export, encoding="utf-8") as lines, open(part, "w", encoding="utf-8") as out:
            out.writelines(line for _, line in zip(range(LIMIT), lines))
        export = part
    inputs = {"files": files, "jsonl": export}
    if "json" in RUNS:
        # Under WORK, never beside the corpus: name.jsonl -> WORK/name.json
        inputs["json"] = json_array(export, os.path.join(WORK, os.path.basename(export)[:-1]))
    out = os.path.join(WORK, "gz-jsonl-index")
    runs = {}
    for name in RUNS:
        runs[name] = [GAZETTE, "index", inputs[name], "--index", out, "--quiet"]
        if BEFORE:
            runs["before: " + name] = [BEFORE, "index", inputs[name], "--index", out, "--quiet"]
    results = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, argv in runs.items():
            results[name].append(measure_usage(argv, out))
    print("Reuters-21578, %s articles: %s; median of %d interleaved runs; load average %s"
          % (LIMIT or "19,043", ", ".join(RUNS), ROUNDS, " ".join("%.2f" % x for x in os.getloadavg())))
    base = statistics.median(r[0] for r in results[RUNS[0]])
    for name, values in results.items():
        seconds = statistics.median(r[0] for r in values)
        cpu = statistics.median(r[2] for r in values)
        peak = max(r[1] for r in values)
        print("%-16s %8.2f s wall  %8.2f s CPU  %6.0f MB peak  wall / %s %.2f"
              % (name, seconds, cpu, peak, RUNS[0], seconds / base))


if __name__ == "__main__":
    main()
