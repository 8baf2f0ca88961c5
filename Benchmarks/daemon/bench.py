#!/usr/bin/env python3
"""Search latency of gazetted over its socket, side by side with the same
queries run in-process through Debian's python3-xapian on the same index.

Run from the project root:  bash Benchmarks/daemon/run.sh
(it builds release binaries and indexes Reuters when needed, then calls this).
"""
import json, multiprocessing as mp, os, socket, statistics, subprocess, sys, time

import xapian

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUERIES = [l.strip() for l in open(os.path.join(ROOT, "Benchmarks/daemon/queries.txt"))
           if l.strip() and not l.startswith("#")]


def percentile(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def daemon_client(args):
    sock_path, rounds, snippets, seed = args
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock_path)
    # Buffered reads: an unbuffered readline() would recv one byte at a time.
    f = s.makefile("rb")
    latencies = []
    n = 0
    for r in range(rounds):
        for i in range(len(QUERIES)):
            q = QUERIES[(i + seed) % len(QUERIES)]
            n += 1
            line = json.dumps({"jsonrpc": "2.0", "id": n, "method": "search",
                               "params": {"query": q, "limit": 10, "snippets": snippets}}).encode() + b"\n"
            t = time.perf_counter()
            s.sendall(line)
            reply = f.readline()
            latencies.append(time.perf_counter() - t)
            if b'"error"' in reply[:200] and b'"result"' not in reply:
                raise SystemExit("daemon error for %r: %s" % (q, reply[:300]))
    s.close()
    return latencies


def run_daemon(sock_path, clients, rounds, snippets):
    # warm-up
    daemon_client((sock_path, 1, snippets, 0))
    start = time.perf_counter()
    with mp.Pool(clients) as pool:
        results = pool.map(daemon_client, [(sock_path, rounds, snippets, c) for c in range(clients)])
    elapsed = time.perf_counter() - start
    lat = [x for r in results for x in r]
    return lat, len(lat) / elapsed


def inprocess_worker(args):
    index, rounds, check_at_least, seed = args
    db = xapian.Database(index)
    qp = xapian.QueryParser()
    stem = xapian.Stem("english")
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(qp.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_AND)
    qp.set_database(db)
    qp.add_prefix("title", "S")
    qp.set_max_expansion(2000, xapian.Query.WILDCARD_LIMIT_MOST_FREQUENT)
    flags = qp.FLAG_BOOLEAN | qp.FLAG_PHRASE | qp.FLAG_LOVEHATE | qp.FLAG_WILDCARD | qp.FLAG_PURE_NOT
    enquire = xapian.Enquire(db)
    latencies = []
    for r in range(rounds):
        for i in range(len(QUERIES)):
            q = QUERIES[(i + seed) % len(QUERIES)]
            t = time.perf_counter()
            db.reopen()
            enquire.set_query(qp.parse_query(q, flags))
            mset = enquire.get_mset(0, 10, check_at_least)
            hits = [(m.docid, m.weight, m.document.get_data()) for m in mset]
            total = mset.get_matches_estimated()
            latencies.append(time.perf_counter() - t)
    return latencies


def run_inprocess(index, clients, rounds, check_at_least):
    inprocess_worker((index, 1, check_at_least, 0))
    start = time.perf_counter()
    with mp.Pool(clients) as pool:
        results = pool.map(inprocess_worker, [(index, rounds, check_at_least, c) for c in range(clients)])
    elapsed = time.perf_counter() - start
    lat = [x for r in results for x in r]
    return lat, len(lat) / elapsed


def rss(pid):
    fields = {}
    for line in open("/proc/%d/status" % pid):
        k, _, v = line.partition(":")
        fields[k] = v.strip()
    return fields.get("VmRSS"), fields.get("VmHWM")


def main():
    index, sock_path, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rounds = int(os.environ.get("ROUNDS", "20"))
    db = xapian.Database(index)
    print("corpus: %d articles in %s; %d queries x %d rounds per client" % (db.get_doccount(), index, len(QUERIES), rounds))
    print("%-46s %9s %9s %9s" % ("", "p50 ms", "p99 ms", "q/s"))
    rows = {}
    for clients in (1, 8):
        for name, fn in [
            ("gazetted, no snippets", lambda: run_daemon(sock_path, clients, rounds, False)),
            ("gazetted, snippets", lambda: run_daemon(sock_path, clients, rounds, True)),
            ("python3-xapian, exact totals (same work)", lambda: run_inprocess(index, clients, rounds, 100000)),
            ("python3-xapian, top 10 only", lambda: run_inprocess(index, clients, rounds, 0)),
        ]:
            lat, qps = fn()
            p50, p99 = percentile(lat, 50) * 1000, percentile(lat, 99) * 1000
            rows[(clients, name)] = (p50, p99, qps)
            print("%-46s %9.3f %9.3f %9.0f" % ("%d client%s: %s" % (clients, "s" if clients > 1 else "", name), p50, p99, qps))
    for clients in (1, 8):
        d = rows[(clients, "gazetted, no snippets")]
        same = rows[(clients, "python3-xapian, exact totals (same work)")]
        top = rows[(clients, "python3-xapian, top 10 only")]
        print("%d client%s: daemon p50 / in-process p50 = %.2f (same work), %.2f (top 10 only)"
              % (clients, "s" if clients > 1 else "", d[0] / same[0], d[0] / top[0]))
    now, peak = rss(pid)
    print("gazetted resident memory: %s now, %s peak" % (now, peak))


if __name__ == "__main__":
    main()
