#!/usr/bin/env python3
"""The daemon's tail: RUNS runs (default 10) of one client over the fixed
queries, each run beside the same queries in-process through python3-xapian
(same work) as the noise floor of the shared machine; per run p50, p99 and
the slowest queries. A query that is slow in every run has a cause in the
work; slow queries that move from run to run are the machine's scheduling.

Run from the project root:  bash Benchmarks/daemon/run.sh tail
"""
import collections, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import QUERIES, daemon_client, inprocess_worker, percentile  # noqa: E402


def main():
    index, sock_path = sys.argv[1], sys.argv[2]
    runs = int(os.environ.get("RUNS", "10"))
    rounds = int(os.environ.get("ROUNDS", "20"))
    daemon_client((sock_path, 1, False, 0))
    inprocess_worker((index, 1, 100000, 0))
    print("%d runs of %d queries x %d rounds, one client, no snippets" % (runs, len(QUERIES), rounds))
    print("%-4s %10s %10s %10s   %10s %10s" % ("run", "p50 ms", "p99 ms", "max ms", "xapian p50", "xapian p99"))
    slow = collections.Counter()
    p99s, floor = [], []
    for run in range(runs):
        lat = daemon_client((sock_path, rounds, False, 0))
        ref = inprocess_worker((index, rounds, 100000, 0))
        p50, p99 = percentile(lat, 50), percentile(lat, 99)
        p99s.append(p99)
        floor.append(percentile(ref, 99))
        for i, t in enumerate(lat):
            if t >= p99:
                slow[QUERIES[i % len(QUERIES)]] += 1
        print("%-4d %10.3f %10.3f %10.3f   %10.3f %10.3f" % (run + 1, p50 * 1e3, p99 * 1e3, max(lat) * 1e3,
                                                         percentile(ref, 50) * 1e3, percentile(ref, 99) * 1e3))
    print("p99 over the runs: median %.3f ms, worst %.3f ms; in-process p99 median %.3f ms"
          % (sorted(p99s)[len(p99s) // 2] * 1e3, max(p99s) * 1e3, sorted(floor)[len(floor) // 2] * 1e3))
    print("queries at or over their run's p99 (query: runs):")
    for q, n in slow.most_common(8):
        print("  %-32s %d" % (q, n))


if __name__ == "__main__":
    main()
