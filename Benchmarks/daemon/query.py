#!/usr/bin/env python3
"""One query asked of two daemons in turn, N times each (default 400),
without snippets: p50 and p99 of the round trips of each, and the daemons'
CPU time (from /proc) per query when their pids are given.

Usage: python3 Benchmarks/daemon/query.py SOCKET_A[:PID] SOCKET_B[:PID] QUERY [N]
(for example the tail's `inflation AND germany` on main's daemon and this one).
"""
import json, os, socket, sys, time


def cpu(pid):
    if not pid:
        return 0.0
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Daemon:
    def __init__(self, spec):
        path, _, self.pid = spec.partition(":")
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.lines = self.sock.makefile("rb")
        self.times = []
        self.cpu = 0.0

    def ask(self, query):
        line = {"jsonrpc": "2.0", "id": 1, "method": "search",
                "params": {"query": query, "limit": 10, "snippets": False}}
        before = cpu(self.pid)
        start = time.perf_counter()
        self.sock.sendall(json.dumps(line).encode() + b"\n")
        reply = json.loads(self.lines.readline())
        self.times.append(time.perf_counter() - start)
        self.cpu += cpu(self.pid) - before
        if "error" in reply:
            sys.exit("error: %s" % reply["error"])


def main():
    a, b = Daemon(sys.argv[1]), Daemon(sys.argv[2])
    query = sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    for _ in range(20):
        a.ask(query), b.ask(query)
    for d in (a, b):
        d.times, d.cpu = [], 0.0
    for _ in range(n):
        a.ask(query)
        b.ask(query)
    for name, d in (("A", a), ("B", b)):
        t = sorted(d.times)
        cpu_note = "  CPU %.3f ms/query" % (1000 * d.cpu / n) if d.pid else ""
        print("%s  p50 %.3f ms  p99 %.3f ms%s" % (name, 1000 * t[len(t) // 2], 1000 * t[int(len(t) * 0.99)], cpu_note))


if __name__ == "__main__":
    main()
