#!/usr/bin/env python3
"""Cost of the derived facets: `gazette search QUERY --limit 0` on the dated
Reuters articles, with no facet, `--facet date` and `--facet region`, one
fresh process per run (the whole command: open, count, print), interleaved,
CPU time (user + system) and wall time, medians; the load average is
printed with them. `--compare PATH` runs another gazette build (an older
one) on the same index, also interleaved, for a before/after.

Usage: python3 Benchmarks/timeplace/bench.py [--runs N] [--query Q] [--gazette PATH] [--compare PATH]
(run.sh builds the release binary and the index first)
"""
import argparse, os, resource, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit("%s failed: %s" % (" ".join(command), done.stderr.decode()))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--query", default="said")
    ap.add_argument("--index", default="/tmp/gazette-bench/timeplace/index")
    ap.add_argument("--gazette", default=os.path.join(ROOT, ".build/release/gazette"))
    ap.add_argument("--compare", help="another gazette build, run on the same index")
    args = ap.parse_args()
    builds = [("this build", args.gazette)] + ([("--compare build", args.compare)] if args.compare else [])
    cases = [("no facet", []), ("--facet date", ["--facet", "date"]), ("--facet region", ["--facet", "region"])]
    wall, cpu, loads = {}, {}, []
    for _ in range(args.runs):
        for build, binary in builds:
            for case, extra in cases:
                command = [binary, "search", args.query, "--index", args.index, "--limit", "0", "--format", "json"] + extra
                w, c = timed(command)
                wall.setdefault((build, case), []).append(w)
                cpu.setdefault((build, case), []).append(c)
        loads.append(os.getloadavg()[0])
    print("gazette search %r --limit 0 on %s: median of %d interleaved runs, load average %.1f to %.1f"
          % (args.query, args.index, args.runs, min(loads), max(loads)))
    for build, _ in builds:
        base = statistics.median(cpu[(build, "no facet")])
        for case, _ in cases:
            w, c = statistics.median(wall[(build, case)]), statistics.median(cpu[(build, case)])
            print("  %-16s %-15s CPU %6.1f ms (facet adds %6.1f ms)  wall %6.1f ms"
                  % (build, case, c * 1000, (c - base) * 1000, w * 1000))


if __name__ == "__main__":
    main()
