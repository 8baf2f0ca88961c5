#!/usr/bin/env python3
"""Indexing speed: Gazette against raw Xapian and SQLite FTS5, side by side.

Run from the project root:  bash Benchmarks/indexing/run.sh
Each measurement is a fresh index built by its own process; runs of the three
indexers are interleaved and repeated (ROUNDS, default 3) and the median is
reported, since the machine is shared and noisy. Peak memory is the process's
maximum resident set size. SCALES (default "1 2 4 8") builds Reuters copied
that many times (hard links, distinct ids) to show how time per document grows.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GAZETTE = os.environ.get("GAZETTE") or os.path.join(ROOT, ".build/release/gazette")
PEERS = os.path.join(ROOT, "Benchmarks/indexing/peers.py")
PYTHON = "/usr/bin/python3"  # Debian's, which has python3-xapian
WORK = os.environ.get("BENCH_DIR", "/tmp/gazette-bench")
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def measure(argv, out):
    """Runs argv once on a fresh `out`; returns (seconds, peak RSS in MB)."""
    return measure_usage(argv, out)[:2]


def measure_usage(argv, out):
    """Runs argv once on a fresh `out`; returns (wall seconds, peak RSS in MB, CPU seconds: user + system)."""
    if os.path.isdir(out):
        shutil.rmtree(out)
    elif os.path.exists(out):
        os.remove(out)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit("failed: %s\n%s" % (" ".join(argv), proc.stderr.read().decode()))
    return seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def size_mb(path):
    if os.path.isfile(path):
        return os.path.getsize(path) / 1e6
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6


def corpus_stats(path):
    files = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.lower().endswith(".txt")]
    return len(files), sum(os.path.getsize(f) for f in files) / 1e6


def compare(name, corpus):
    docs, mb = corpus_stats(corpus)
    runs = {"gazette": [], "xapian": [], "fts5": []}
    outs = {"gazette": os.path.join(WORK, "gz-index"), "xapian": os.path.join(WORK, "xapian-peer"),
            "fts5": os.path.join(WORK, "fts5-peer.sqlite")}
    argv = {
        "gazette": [GAZETTE, "index", corpus, "--index", outs["gazette"], "--quiet"],
        "xapian": [PYTHON, PEERS, "xapian", corpus, outs["xapian"]],
        "fts5": [PYTHON, PEERS, "fts5", corpus, outs["fts5"]],
    }
    for _ in range(ROUNDS):
        for key in ("xapian", "fts5", "gazette"):
            runs[key].append(measure(argv[key], outs[key]))
    print("\n%s: %d articles, %.1f MB of text, median of %d runs" % (name, docs, mb, ROUNDS))
    print("%-22s %9s %9s %9s %10s %10s" % ("", "seconds", "docs/s", "MB/s", "peak MB", "index MB"))
    medians = {}
    for key, label in (("gazette", "Gazette"), ("xapian", "raw Xapian (python)"), ("fts5", "SQLite FTS5 (porter)")):
        t = statistics.median(r[0] for r in runs[key])
        m = max(r[1] for r in runs[key])
        medians[key] = t
        print("%-22s %9.2f %9.0f %9.2f %10.0f %10.1f" % (label, t, docs / t, mb / t, m, size_mb(outs[key])))
    print("Gazette / raw Xapian = %.2f;  Gazette / FTS5 = %.2f"
          % (medians["gazette"] / medians["xapian"], medians["gazette"] / medians["fts5"]))
    # Incremental: the same command again over the unchanged corpus.
    again = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.check_call(argv["gazette"], stdout=subprocess.DEVNULL)
        again.append(time.perf_counter() - start)
    rerun = statistics.median(again)
    print("Gazette re-run over the unchanged corpus: %.2f s = %.1f%% of the first run"
          % (rerun, 100 * rerun / medians["gazette"]))


def scale(base):
    print("\nScale: Reuters copied k times (distinct ids), Gazette only, one run each")
    print("%-6s %9s %9s %12s %10s" % ("k", "articles", "seconds", "us/article", "peak MB"))
    for k in [int(x) for x in os.environ.get("SCALES", "1 2 4 8").split()]:
        corpus = os.path.join(WORK, "reuters-x%d" % k)
        if not os.path.isdir(corpus):
            os.makedirs(corpus)
            for i in range(k):
                subprocess.check_call(["cp", "-al", base, os.path.join(corpus, "copy%d" % i)])
        docs, _ = corpus_stats(corpus)
        seconds, peak = measure([GAZETTE, "index", corpus, "--index", os.path.join(WORK, "gz-scale"), "--quiet"],
                                os.path.join(WORK, "gz-scale"))
        print("%-6d %9d %9.2f %12.0f %10.0f" % (k, docs, seconds, seconds / docs * 1e6, peak))
    shutil.rmtree(os.path.join(WORK, "gz-scale"), ignore_errors=True)


def main():
    os.makedirs(WORK, exist_ok=True)
    print("machine: %d cores; %s" % (os.cpu_count(), subprocess.check_output(["uname", "-sr"]).decode().strip()))
    compare("Reuters-21578", os.path.join(SHARED, "corpora/reuters/articles"))
    compare("BBC", os.path.join(SHARED, "corpora/bbc"))
    scale(os.path.join(SHARED, "corpora/reuters/articles"))


if __name__ == "__main__":
    main()
