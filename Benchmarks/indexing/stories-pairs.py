#!/usr/bin/env python3
"""What stories (wire copies found at index time) cost a first build: one
build with stories off and one with them on, in turns (the order alternating),
N pairs, reporting CPU time (user + system) of each and the medians. Runs of
one binary and configuration vary by up to 20 % on a shared VM, so read the
medians of many pairs, not one pair.

Usage (from the project root, after `swift build -c release`):
  python3 Benchmarks/indexing/stories-pairs.py [CORPUS] [PAIRS]
  (default: ../shared/corpora/reuters/articles, 8 pairs; GAZETTE=binary)
"""
import os, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAZETTE = os.environ.get("GAZETTE") or os.path.join(ROOT, ".build/release/gazette")


def config(work, stories):
    """A copy of Config/ with [index] stories set, spelling as configured."""
    folder = os.path.join(work, "config-" + ("stories" if stories else "none"))
    shutil.copytree(os.path.join(ROOT, "Config"), folder)
    path = os.path.join(folder, "gazette.toml")
    with open(path) as f:
        lines = f.read().split("\n")
    with open(path, "w") as f:
        f.write("\n".join(("stories = %s" % str(stories).lower()) if l.startswith("stories =") else l for l in lines))
    return folder


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpora", "reuters", "articles")
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    work = tempfile.mkdtemp(prefix="gazette-stories-")
    try:
        configs = {"none": config(work, False), "stories": config(work, True)}
        cpu = {"none": [], "stories": []}
        for i in range(pairs):
            for mode in (("none", "stories") if i % 2 == 0 else ("stories", "none")):
                index = os.path.join(work, "index-" + mode)
                shutil.rmtree(index, ignore_errors=True)
                process = subprocess.Popen([GAZETTE, "index", corpus, "--index", index, "--config", configs[mode], "-q"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                _, status, usage = os.wait4(process.pid, 0)
                if os.waitstatus_to_exitcode(status) != 0:
                    sys.exit("the %s build failed (exit %d)" % (mode, os.waitstatus_to_exitcode(status)))
                cpu[mode].append(usage.ru_utime + usage.ru_stime)
        none, stories = cpu["none"], cpu["stories"]
        print("CPU s, stories off:", " ".join("%.2f" % x for x in none))
        print("CPU s, stories on: ", " ".join("%.2f" % x for x in stories))
        print("median off %.2f s, on %.2f s: %+.1f %%; median of the pairs' ratios %+.1f %%; load %.1f" % (
            statistics.median(none), statistics.median(stories),
            (statistics.median(stories) / statistics.median(none) - 1) * 100,
            (statistics.median(b / a for a, b in zip(none, stories)) - 1) * 100, os.getloadavg()[0]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
