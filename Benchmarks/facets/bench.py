#!/usr/bin/env python3
"""Facet latency of gazetted: each query with --facet actor --facet country
against the same query without facets, over the daemon's socket, in
interleaved rounds (one client), the daemon's median CPU time per request
(all its threads, from /proc: what a request costs whatever else the machine
runs), and the daemon's peak resident memory.

Usage (run.sh starts the daemon and calls this):
  bench.py SOCKET DAEMON_PID ROUNDS QUERY...
"""
import json, os, socket, statistics, sys, time


def percentile(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


class Client:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.file = self.sock.makefile("rb")
        self.n = 0

    def search(self, query, facets):
        self.n += 1
        params = {"query": query, "limit": 10, "snippets": False}
        if facets:
            params.update(facets=["actor", "country"], facet_limit=10)
        line = json.dumps({"jsonrpc": "2.0", "id": self.n, "method": "search", "params": params}).encode() + b"\n"
        start = time.perf_counter()
        self.sock.sendall(line)
        reply = self.file.readline()
        elapsed = time.perf_counter() - start
        answer = json.loads(reply)
        if "error" in answer:
            raise SystemExit("daemon error for %r: %s" % (query, answer["error"]))
        return elapsed, answer["result"]


def cpu_ns(pid):
    """CPU time the daemon's threads have used, in ns (schedstat: load-independent, unlike wall time)."""
    total = 0
    for task in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/schedstat" % (pid, task)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended
    return total


def peak_rss_mb(pid):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    sock_path, pid, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    queries = sys.argv[4:]
    client = Client(sock_path)
    print("%-22s %9s %10s %10s %10s %10s %8s %8s %10s %10s" % (
        "query", "matches", "p50 plain", "p99 plain", "p50 facets", "p99 facets", "ratio50", "ratio99",
        "cpu plain", "cpu facets"))
    for query in queries:
        # Warm up: pages in the page cache, columns built.
        for facets in (False, True):
            for _ in range(3):
                _, result = client.search(query, facets)
        total = result["total"]
        times = {False: [], True: []}
        cpu = {False: [], True: []}
        for r in range(rounds):
            for facets in ((False, True) if r % 2 == 0 else (True, False)):
                before = cpu_ns(pid)
                elapsed, _ = client.search(query, facets)
                cpu[facets].append((cpu_ns(pid) - before) / 1e6)
                times[facets].append(elapsed * 1000)
        p50 = {f: statistics.median(times[f]) for f in times}
        p99 = {f: percentile(times[f], 99) for f in times}
        c50 = {f: statistics.median(cpu[f]) for f in cpu}
        print("%-22s %9d %8.2f ms %7.2f ms %7.2f ms %7.2f ms %8.2f %8.2f %7.2f ms %7.2f ms" % (
            repr(query), total, p50[False], p99[False], p50[True], p99[True],
            p50[True] / p50[False], p99[True] / p99[False], c50[False], c50[True]))
    print("gazetted peak resident memory: %.0f MB" % peak_rss_mb(pid))


if __name__ == "__main__":
    main()
