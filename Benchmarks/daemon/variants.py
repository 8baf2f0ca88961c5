#!/usr/bin/env python3
"""What one search costs through gazetted's socket with collapsing and
snippets each on and off: per query, the median time of ROUNDS requests
(default 200) per variant, the variants interleaved round by round so that
the machine's load falls on all of them alike.

With DAEMON_PID set (gazetted's process id), also the daemon's CPU time per
request of each variant (all its threads, from /proc/PID/task/*/schedstat,
over ROUNDS requests in a row): unlike wall time, it hardly moves with the
machine's load, so builds compare on a busy machine too.

Usage (gazetted running on an index of Reuters):
    [DAEMON_PID=PID] python3 Benchmarks/daemon/variants.py SOCKET [QUERY ...]   (default: prices, oil, zanzibar)
"""
import json, os, socket, statistics, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "facets"))
from bench import cpu_ns  # noqa: E402  (the daemon's threads' CPU time, from /proc)

VARIANTS = [("default", {}), ("collapse off", {"collapse": False}), ("snippets off", {"snippets": False}),
            ("both off", {"collapse": False, "snippets": False})]


def main():
    sock_path, queries = sys.argv[1], sys.argv[2:] or ["prices", "oil", "zanzibar"]
    rounds = int(os.environ.get("ROUNDS", "200"))
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock_path)
    f = s.makefile("rb")
    n = 0

    def ask(query, extra):
        nonlocal n
        n += 1
        params = {"query": query, "limit": 10}
        params.update(extra)
        line = json.dumps({"jsonrpc": "2.0", "id": n, "method": "search", "params": params}).encode() + b"\n"
        t = time.perf_counter()
        s.sendall(line)
        reply = f.readline()
        elapsed = time.perf_counter() - t
        if b'"result"' not in reply:
            raise SystemExit("daemon error for %r: %s" % (query, reply[:300]))
        return elapsed, json.loads(reply)["result"]["total"]

    print("%-12s %9s" % ("query", "total") + "".join("%15s" % name for name, _ in VARIANTS) + "   (median ms)")
    for query in queries:
        times = {name: [] for name, _ in VARIANTS}
        total = None
        for _ in range(3):
            for name, extra in VARIANTS:
                ask(query, extra)
        for _ in range(rounds):
            for name, extra in VARIANTS:
                elapsed, found = ask(query, extra)
                times[name].append(elapsed)
                if name == "default":
                    total = found
        print("%-12s %9s" % (query, total) + "".join("%15.3f" % (statistics.median(times[name]) * 1e3)
                                                     for name, _ in VARIANTS))
    pid = int(os.environ.get("DAEMON_PID", "0"))
    if pid:
        print("%-22s" % "daemon CPU per request" + "".join("%15s" % name for name, _ in VARIANTS) + "   (ms)")
        for query in queries:
            cpu = []
            for name, extra in VARIANTS:
                before = cpu_ns(pid)
                for _ in range(rounds):
                    ask(query, extra)
                cpu.append((cpu_ns(pid) - before) / 1e9 / rounds)
            print("%-22s" % query + "".join("%15.3f" % (c * 1e3) for c in cpu))
    s.close()


if __name__ == "__main__":
    main()
