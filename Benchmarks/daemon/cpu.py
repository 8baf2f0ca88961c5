#!/usr/bin/env python3
"""The daemon's CPU time per search over the fixed queries, one or more
daemons in turn: each round sends every query of queries.txt once (one
client, as the load benchmark asks: limit 10, snippets on unless
SNIPPETS=0) to each daemon, and reads the CPU time all its threads used
(/proc/PID/task/*/schedstat), and the context switches they made (each
a thread that went to sleep or was put off the CPU: a hop between threads
costs one or two). CPU time hardly moves with the machine's
load, so two builds compare on a busy machine too; interleaving spreads
what load there is over both. Prints per daemon the median over ROUNDS
(default 15) of the CPU milliseconds and the context switches per search, and the ratio to the first.

Usage (daemons on copies of one index):
    python3 Benchmarks/daemon/cpu.py SOCKET:PID [SOCKET:PID ...]
"""
import json, os, socket, statistics, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "facets"))
from bench import cpu_ns  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def switches(pid):
    """Context switches (voluntary and not) of all the daemon's threads so far."""
    total = 0
    for task in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/status" % (pid, task)) as f:
                total += sum(int(line.split()[1]) for line in f if "ctxt_switches:" in line)
        except OSError:
            pass  # a thread that ended
    return total


def main():
    with open(os.path.join(HERE, "queries.txt")) as f:
        queries = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    rounds = int(os.environ.get("ROUNDS", "15"))
    snippets = os.environ.get("SNIPPETS", "1") != "0"
    daemons = []
    for spec in sys.argv[1:]:
        path, pid = spec.rsplit(":", 1)
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        daemons.append((spec, s, s.makefile("rb"), int(pid)))
    if not daemons:
        raise SystemExit(__doc__)
    n = 0

    def one_round(sock, lines):
        nonlocal n
        for query in queries:
            n += 1
            params = {"query": query, "limit": 10, "snippets": snippets}
            sock.sendall(json.dumps({"jsonrpc": "2.0", "id": n, "method": "search", "params": params}).encode() + b"\n")
            if b'"result"' not in lines.readline():
                raise SystemExit("a search failed: %r" % query)

    for _, sock, lines, _ in daemons:
        one_round(sock, lines)  # warm
    per = {spec: [] for spec, _, _, _ in daemons}
    hops = {spec: [] for spec, _, _, _ in daemons}
    for _ in range(rounds):
        for spec, sock, lines, pid in daemons:
            before, switched = cpu_ns(pid), switches(pid)
            one_round(sock, lines)
            per[spec].append((cpu_ns(pid) - before) / 1e6 / len(queries))
            hops[spec].append((switches(pid) - switched) / len(queries))
    first = statistics.median(per[daemons[0][0]])
    print("%d rounds of %d queries, snippets %s; daemon CPU ms per search (median of rounds, min-max), "
          "context switches per search" % (rounds, len(queries), "on" if snippets else "off"))
    for spec, values in per.items():
        m = statistics.median(values)
        print("  %-40s %.3f ms  (%.3f-%.3f)  ratio %.3f  %.1f switches"
              % (spec, m, min(values), max(values), m / first, statistics.median(hops[spec])))


if __name__ == "__main__":
    main()
