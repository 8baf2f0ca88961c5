#!/usr/bin/env python3
"""Two daemons give the same answers: every query of queries.txt (and a few
that widen through synonyms or mix words and phrases) asked of both, with
snippets and without, and the whole results compared (totals, exactness,
ids in order, scores, snippets, highlights, copies), and then the reply
lines byte for byte (a change in how numbers or strings are written shows
there). Run it beside a speed comparison so that a faster build is known to
answer alike.

Usage (both daemons on copies of one index):
    python3 Benchmarks/daemon/same.py [--hits] SOCKET_A SOCKET_B
Exits 1 and names each query that differs. With --hits only totals and the
ids of the first ten hits are compared (for a change that ranks otherwise,
such as a country name's canonical term), and each difference is printed
with the ids one side has and the other lacks.
"""
import json, os, socket, sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRA = ["germany", "west germany", "Germany AND exports", 'oil OR "crude oil"', "opec", "ussr grain",
         "brazil coffee", '"interest rates" OR rates', "dying", "skies", "yen", "soviet union"]


def queries():
    with open(os.path.join(HERE, "queries.txt")) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")] + EXTRA


class Daemon:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.lines = self.sock.makefile("rb")
        self.n = 0
        self.raw = b""

    def search(self, params):
        self.n += 1
        line = {"jsonrpc": "2.0", "id": self.n, "method": "search", "params": params}
        self.sock.sendall(json.dumps(line).encode() + b"\n")
        self.raw = self.lines.readline()
        reply = json.loads(self.raw)
        return reply.get("result", reply.get("error"))


def hits(result):
    return {"total": result.get("total"), "ids": [hit.get("id") for hit in result.get("hits", [])]}


def main():
    args = sys.argv[1:]
    only_hits = args[:1] == ["--hits"]
    if only_hits:
        args = args[1:]
    a, b = Daemon(args[0]), Daemon(args[1])
    differ = 0
    asked = 0
    for query in queries():
        for extra in ({}, {"snippets": False}, {"collapse": False}):
            params = dict(query=query, limit=10, **extra)
            ra, rb = a.search(params), b.search(params)
            asked += 1
            if only_hits:
                ra, rb = hits(ra), hits(rb)
                if ra != rb:
                    differ += 1
                    only_a = [i for i in ra["ids"] if i not in rb["ids"]]
                    only_b = [i for i in rb["ids"] if i not in ra["ids"]]
                    print("differs: %r %s total %s / %s, top ten only in A %s, only in B %s"
                          % (query, extra, ra["total"], rb["total"], only_a, only_b))
                continue
            if ra == rb and a.raw != b.raw:
                differ += 1
                print("differs in its bytes only: %r %s\n  %s\n  %s" % (query, extra, a.raw[:300], b.raw[:300]))
            if ra != rb:
                differ += 1
                print("differs: %r %s" % (query, extra))
                for key in sorted(set(ra) | set(rb)):
                    if ra.get(key) != rb.get(key):
                        print("  %s: %s\n  %s  %s" % (key, json.dumps(ra.get(key))[:300], " " * len(key),
                                                        json.dumps(rb.get(key))[:300]))
    print("%d searches, %d differ" % (asked, differ))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
