#!/usr/bin/env python3
"""The daemon's tail: RUNS runs (default 10) of one client over the fixed
queries, each run beside the same queries in-process through python3-xapian
(same work) as the noise floor of the shared machine; per run p50, p99 and
the slowest queries. A query that is slow in every run has a cause in the
work; slow queries that move from run to run are the machine's scheduling.
With a second socket (a baseline build), each run asks both daemons in turn,
so that the machine's load falls on both alike.

Run from the project root:  bash Benchmarks/daemon/run.sh tail
    (BASELINE=path/to/gazetted for the A/B form)
"""
import collections, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import QUERIES, daemon_client, inprocess_worker, percentile  # noqa: E402


def main():
    index, sockets = sys.argv[1], sys.argv[2:]
    names = ["daemon"] if len(sockets) == 1 else ["daemon", "baseline"]
    runs = int(os.environ.get("RUNS", "10"))
    rounds = int(os.environ.get("ROUNDS", "20"))
    for sock_path in sockets:
        daemon_client((sock_path, 1, False, 0))
    inprocess_worker((index, 1, 100000, 0))
    print("%d runs of %d queries x %d rounds, one client, no snippets" % (runs, len(QUERIES), rounds))
    print("%-4s %-9s %10s %10s %10s   %10s %10s" % ("run", "daemon", "p50 ms", "p99 ms", "max ms",
                                                   "xapian p50", "xapian p99"))
    slow = {name: collections.Counter() for name in names}
    p99s = {name: [] for name in names}
    floor = []
    for run in range(runs):
        for name, sock_path in zip(names, sockets):
            lat = daemon_client((sock_path, rounds, False, 0))
            ref = inprocess_worker((index, rounds, 100000, 0))
            p50, p99 = percentile(lat, 50), percentile(lat, 99)
            p99s[name].append(p99)
            floor.append(percentile(ref, 99))
            for i, t in enumerate(lat):
                if t >= p99:
                    slow[name][QUERIES[i % len(QUERIES)]] += 1
            print("%-4d %-9s %10.3f %10.3f %10.3f   %10.3f %10.3f" % (
                run + 1, name, p50 * 1e3, p99 * 1e3, max(lat) * 1e3,
                percentile(ref, 50) * 1e3, percentile(ref, 99) * 1e3))
    for name in names:
        values = sorted(p99s[name])
        print("%s: p99 over the runs: median %.3f ms, worst %.3f ms; in-process p99 median %.3f ms"
              % (name, values[len(values) // 2] * 1e3, values[-1] * 1e3, sorted(floor)[len(floor) // 2] * 1e3))
        print("  queries at or over their run's p99 (query: runs):")
        for q, n in slow[name].most_common(8):
            print("    %-32s %d" % (q, n))


if __name__ == "__main__":
    main()
