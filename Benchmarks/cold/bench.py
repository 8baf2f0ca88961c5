#!/usr/bin/env python3
"""One query, one process: the time a user waits for `gazette search` when
nothing is running (direct), with gazetted running (through its socket), and
for Recoll's `recollq` on its own index of the same folder.

Run from the project root:  bash Benchmarks/cold/run.sh
The commands are run in turn (interleaved), ROUNDS times each per query, so
that the shared machine's noise falls on all of them alike; each figure is the
median wall time of its process, from fork to exit, beside the median CPU time
the process used (user and system, from wait4: steadier than wall time on a
loaded machine). GAZETTE_BEFORE=PATH adds
the searches of another build (say, main's) for a before/after comparison.
"""
import os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAZETTE = os.path.join(ROOT, ".build/release/gazette")
# Another build to compare with (say, main's), run beside this one.
BEFORE = os.environ.get("GAZETTE_BEFORE")
# Its own index, when it reads another layout than this build writes (run.sh builds it).
BEFORE_INDEX = os.environ.get("GAZETTE_BEFORE_INDEX")
ROUNDS = int(os.environ.get("ROUNDS", "20"))
# Words, a phrase, a boolean, a wildcard and a filter on the gazetteer, each
# written for Gazette and for Recoll (whose syntax is close; ASCII quotes both).
QUERIES = [
    ("oil prices", "oil prices"),
    ('"interest rates"', '"interest rates"'),
    ("coffee AND brazil", "coffee brazil"),
    ("wheat NOT corn", "wheat -corn"),
    ("export*", "export*"),
    ("title:oil", "title:oil"),
]


def timed(argv):
    """Wall and CPU seconds of one run of argv."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    status = os.waitstatus_to_exitcode(status)
    if status not in (0, 1):
        raise SystemExit("failed (%d): %s" % (status, " ".join(argv)))
    return elapsed, usage.ru_utime + usage.ru_stime


def main():
    index, sock, recoll = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""
    commands = {
        "gazette --version": lambda q, r: [GAZETTE, "--version"],
        "gazette search (direct)": lambda q, r: [GAZETTE, "search", q, "--index", index],
        "gazette search (gazetted)": lambda q, r: [GAZETTE, "search", q, "--socket", sock],
        "gazette status (direct)": lambda q, r: [GAZETTE, "status", "--index", index],
        # A filter that needs the gazetteer, which a plain search does not load.
        "... AND country:japan (direct)": lambda q, r: [GAZETTE, "search", q + " AND country:japan", "--index", index],
        "... AND actor:opec (direct)": lambda q, r: [GAZETTE, "search", q + " AND actor:opec", "--index", index],
    }
    if BEFORE:
        before_index = BEFORE_INDEX or index
        commands["before: --version"] = lambda q, r: [BEFORE, "--version"]
        commands["before: search (direct)"] = lambda q, r: [BEFORE, "search", q, "--index", before_index]
        commands["before: search (gazetted)"] = lambda q, r: [BEFORE, "search", q, "--socket", sock]
        commands["before: ... AND country:japan"] = lambda q, r: [BEFORE, "search", q + " AND country:japan", "--index", before_index]
        commands["before: ... AND actor:opec"] = lambda q, r: [BEFORE, "search", q + " AND actor:opec", "--index", before_index]
    if recoll:
        commands["recollq -A (snippets)"] = lambda q, r: ["recollq", "-c", recoll, "-n", "10", "-A", r]
        commands["recollq"] = lambda q, r: ["recollq", "-c", recoll, "-n", "10", r]
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for q, r in QUERIES:  # warm the page cache
        for make in commands.values():
            timed(make(q, r))
    for _ in range(ROUNDS):
        for q, r in QUERIES:
            for name, make in commands.items():
                wall, used = timed(make(q, r))
                times[name].append(wall)
                cpu[name].append(used)
    print("%d queries x %d rounds, interleaved; median and 90th percentile wall time per process, median CPU time"
          % (len(QUERIES), ROUNDS))
    medians = {}
    for name, values in times.items():
        values.sort()
        medians[name] = statistics.median(values)
        print("%-32s %8.1f ms  p90 %6.1f ms  CPU %6.1f ms" % (name, medians[name] * 1e3, values[int(0.9 * (len(values) - 1))] * 1e3,
                                                         statistics.median(cpu[name]) * 1e3))
    if recoll:
        base = medians["recollq -A (snippets)"]
        names = ["gazette search (direct)", "gazette search (gazetted)"]
        for name in names:
            print("%-28s / recollq -A = %.2f, / recollq = %.2f" % (name, medians[name] / base,
                                                                 medians[name] / medians["recollq"]))


if __name__ == "__main__":
    main()
