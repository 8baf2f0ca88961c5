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

Besides the wall time of the `index` requests it reports the daemon's CPU
time over them (user + system, all its threads, from /proc): what indexing
and alerting cost whatever else the shared machine runs. `--compare PATH`
adds a third run per round, another gazetted build (an older one) with the
same saved searches. The load average is printed with the figures.

Usage: python3 Benchmarks/alerts/bench.py [--articles N] [--batch N] [--rounds N] [--alerts N]
                                          [--gazetted PATH] [--compare PATH]
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


def cpu_seconds(pid):
    """User + system CPU time of a process, all its threads."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(gazetted, corpus, searches, batch):
    work = tempfile.mkdtemp(prefix="gazette-alerts-")
    sock = os.path.join(work, "run/gazetted.sock")
    daemon = subprocess.Popen([gazetted, "--index", os.path.join(work, "index"), "--socket", sock,
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
        start, cpu = time.perf_counter(), cpu_seconds(daemon.pid)
        for i in range(0, len(corpus), batch):
            c.call("index", {"articles": corpus[i:i + batch]})
        elapsed = time.perf_counter() - start
        time.sleep(0.5)  # let the last notifications arrive
        return elapsed, cpu_seconds(daemon.pid) - cpu, len(alerts)
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
    ap.add_argument("--gazetted", default=GAZETTED, help="the gazetted to measure")
    ap.add_argument("--compare", help="another gazetted (an older build), also run with the saved searches")
    args = ap.parse_args()
    corpus = articles(args.articles)
    searches = saved_searches(corpus, args.alerts)
    runs = [("no saved searches", args.gazetted, 0), ("%d saved searches" % args.alerts, args.gazetted, args.alerts)]
    if args.compare:
        runs.append(("%d, --compare build" % args.alerts, args.compare, args.alerts))
    wall, cpu, sent = {r[0]: [] for r in runs}, {r[0]: [] for r in runs}, {}
    loads = []
    for r in range(args.rounds):
        for label, gazetted, n in runs:
            elapsed, used, count = run(gazetted, corpus, searches[:n], args.batch)
            wall[label].append(elapsed)
            cpu[label].append(used)
            sent[label] = count
            loads.append(os.getloadavg()[0])
            print("round %d, %-24s %.2f s, CPU %.2f s, %d alerts, load %.1f"
                  % (r + 1, label + ":", elapsed, used, count, loads[-1]), file=sys.stderr)
    base_label = runs[0][0]
    base_wall, base_cpu = statistics.median(wall[base_label]), statistics.median(cpu[base_label])
    print("%d articles in batches of %d (one commit each), median of %d interleaved runs, load average %.1f to %.1f"
          % (len(corpus), args.batch, args.rounds, min(loads), max(loads)))
    for label, _, _ in runs:
        w, c = statistics.median(wall[label]), statistics.median(cpu[label])
        print("  %-24s wall %6.2f s (%+6.1f%%)  daemon CPU %6.2f s (%+6.1f%%)  %d alerts sent"
              % (label + ":", w, (w / base_wall - 1) * 100, c, (c / base_cpu - 1) * 100, sent[label]))


if __name__ == "__main__":
    main()
