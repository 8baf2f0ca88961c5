#!/usr/bin/env python3
"""Indexing time through gazetted with 0 and with 1,000 saved searches.

Each run starts gazetted on a fresh index, saves the searches (alert/add),
subscribes with alerts (so the daemon checks every commit), then sends the
first ARTICLES Reuters articles in `index` requests of BATCH articles each
(one commit per request, as the watcher commits a burst) and times them.
Runs interleave (none, 1000, none, 1000 ...) and the medians are compared.

The saved searches are made from the corpus itself: single words, pairs of
words, phrases of two neighbouring words, `country:` filters and words with
a country, all drawn from headlines with a fixed seed, so most of them match
some articles, as real alerts do.

Usage: python3 Benchmarks/alerts/bench.py [--articles N] [--batch N] [--rounds N] [--alerts N]
"""
import argparse, json, os, random, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared/corpora/reuters/articles.jsonl")
GAZETTED = os.path.join(ROOT, ".build/release/gazetted")
COUNTRIES = ["us", "japan", "uk", "west germany", "france", "canada", "brazil", "china", "iran", "saudi arabia",
             "australia", "netherlands", "switzerland", "italy", "belgium", "mexico", "argentina", "ussr"]


def articles(n):
    out = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            out.append({k: a[k] for k in ("id", "title", "body", "date") if a.get(k)})
            if len(out) == n:
                break
    return out


def saved_searches(corpus, n, seed=19):
    rng = random.Random(seed)
    words, pairs = [], []
    for a in corpus:
        tokens = [t.lower() for t in a.get("title", "").split() if t.isalpha() and len(t) > 3]
        words += tokens
        pairs += list(zip(tokens, tokens[1:]))
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            q = rng.choice(words)
        elif kind == 1:
            q = "%s AND %s" % (rng.choice(words), rng.choice(words))
        elif kind == 2:
            q = '"%s %s"' % rng.choice(pairs)
        elif kind == 3:
            q = 'country:"%s"' % rng.choice(COUNTRIES)
        else:
            q = '%s AND country:"%s"' % (rng.choice(words), rng.choice(COUNTRIES))
        out.append(("a%04d" % i, q))
    return out


class Client:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rb")
        self.n = 0

    def call(self, method, params):
        self.n += 1
        self.s.sendall(json.dumps({"jsonrpc": "2.0", "id": self.n, "method": method, "params": params}).encode() + b"\n")
        while True:
            reply = json.loads(self.f.readline())
            if reply.get("id") == self.n:
                if "error" in reply:
                    raise SystemExit("%s: %s" % (method, reply["error"]))
                return reply["result"]


def run(corpus, searches, batch):
    work = tempfile.mkdtemp(prefix="gazette-alerts-")
    sock = os.path.join(work, "run/gazetted.sock")
    daemon = subprocess.Popen([GAZETTED, "--index", os.path.join(work, "index"), "--socket", sock,
                               "--log-level", "warning"])
    try:
        for _ in range(300):
            if os.path.exists(sock):
                break
            time.sleep(0.05)
        c = Client(sock)
        for name, q in searches:
            c.call("alert/add", {"name": name, "query": q})
        alerts = []
        listener = Client(sock)
        listener.call("subscribe", {"alerts": True})

        def listen():
            for line in listener.f:
                note = json.loads(line)
                if note.get("method") == "alert/matched":
                    alerts.append(note["params"])
        threading.Thread(target=listen, daemon=True).start()
        start = time.perf_counter()
        for i in range(0, len(corpus), batch):
            c.call("index", {"articles": corpus[i:i + batch]})
        elapsed = time.perf_counter() - start
        time.sleep(0.5)  # let the last notifications arrive
        return elapsed, len(alerts)
    finally:
        daemon.terminate()
        daemon.wait()
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--alerts", type=int, default=1000)
    args = ap.parse_args()
    corpus = articles(args.articles)
    searches = saved_searches(corpus, args.alerts)
    times = {0: [], args.alerts: []}
    matched = 0
    for r in range(args.rounds):
        for n in (0, args.alerts):
            elapsed, count = run(corpus, searches[:n], args.batch)
            times[n].append(elapsed)
            if n:
                matched = count
            print("round %d, %4d saved searches: %.2f s, %d alerts" % (r + 1, n, elapsed, count), file=sys.stderr)
    base, with_alerts = statistics.median(times[0]), statistics.median(times[args.alerts])
    print("%d articles in batches of %d (one commit each), median of %d interleaved runs"
          % (len(corpus), args.batch, args.rounds))
    print("  no saved searches:    %.2f s (%.0f articles/s)" % (base, len(corpus) / base))
    print("  %d saved searches: %.2f s (%.0f articles/s), %d alerts sent"
          % (args.alerts, with_alerts, len(corpus) / with_alerts, matched))
    print("  added: %+.1f%%" % ((with_alerts / base - 1) * 100))


if __name__ == "__main__":
    main()
