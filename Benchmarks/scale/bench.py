#!/usr/bin/env python3
"""Scale benchmark for sharded indexes (issue 20). Not run by the tests.

Generates a corpus from the shared corpora repeated under distinct ids (into
/dev/shm or /tmp, never the repository), then measures with the release build:

  - build time, docs/s and peak RSS of `gazette index` (parallel build, as
    `gazette index` does by default) and the index size, for 1 shard (a
    plain index) and 4 local shards, at the small and the large size, and
    the per-article build time ratio between them;
  - query p50/p99 for a fixed query set on the 1-shard index, the 4 local
    shards, and the same 4 shards served by xapian-tcpsrv over loopback;
  - facet queries (--facet actor --facet country) on all three.

Usage: python3 Benchmarks/scale/bench.py [--articles 1000000] [--small 19043] [--work /dev/shm/gazette-scale]
"""
import argparse, json, os, resource, shutil, signal, socket, statistics, subprocess, sys, time, importlib.util

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAZETTE = os.path.join(ROOT, ".build", "release", "gazette")
CONFIG = os.path.join(ROOT, "Config")
QUERIES = ["oil", "said", "company", "\"interest rates\"", "bank AND rates", "profit OR loss", "country:us",
           "actor:\"European Union\"", "trade -japan", "share* AND price"]
FACET_QUERIES = ["said", "oil", "company", ""]
PER_FILE = 500


def corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", os.path.join(ROOT, "Benchmarks", "facets", "make-corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_corpus(folder, wanted):
    """JSON Lines files of PER_FILE articles each, so the parallel build has files to share out."""
    if os.path.realpath(folder).startswith(os.path.realpath(ROOT) + os.sep):
        sys.exit("write the corpus outside the repository")
    if os.path.isdir(folder):
        return
    os.makedirs(folder)
    base = corpus_module().base_articles()
    written, copy, out, in_file, files = 0, 0, None, PER_FILE, 0
    while written < wanted:
        for article in base:
            if written == wanted:
                break
            if in_file == PER_FILE:
                if out:
                    out.close()
                out = open(os.path.join(folder, "part-%05d.jsonl" % files), "w", encoding="utf-8")
                files, in_file = files + 1, 0
            out.write(json.dumps(dict(article, id="copy%d/%s" % (copy, article["id"])), ensure_ascii=False) + "\n")
            written, in_file = written + 1, in_file + 1
        copy += 1
    out.close()


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def timed(args):
    """Runs a command; wall seconds and the peak RSS (MB) of that child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def build(corpus, index, shards, articles):
    shutil.rmtree(index, ignore_errors=True)
    args = [GAZETTE, "index", corpus, "--index", index, "--config", CONFIG, "-q"]
    if shards > 1:
        args += ["--shards", str(shards)]
    seconds, rss = timed(args)
    return {"shards": shards, "articles": articles, "seconds": round(seconds, 1),
            "docs_per_s": round(articles / seconds), "us_per_article": round(seconds / articles * 1e6, 1),
            "size_mb": round(folder_bytes(index) / 1e6), "peak_rss_mb": round(rss)}


def latencies(index, queries, facets, rounds):
    """Per-query wall time of `gazette search` (a fresh process: opening included)."""
    times = []
    for _ in range(rounds):
        for query in queries:
            args = [GAZETTE, "search", query, "--index", index, "--config", CONFIG, "--format", "json", "--limit", "10"]
            for facet in facets:
                args += ["--facet", facet]
            started = time.monotonic()
            subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append((time.monotonic() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(index, shards):
    servers, lines = [], []
    for n in range(shards):
        port = free_port()
        servers.append(subprocess.Popen(["xapian-tcpsrv", "--port", str(port), "--interface", "127.0.0.1", "--quiet",
                                         os.path.join(index, "shard-%02d" % n)]))
        lines.append("remote 127.0.0.1:%d" % port)
    stub = index + ".remote"
    with open(stub, "w") as f:
        f.write("\n".join(lines) + "\n")
    time.sleep(1)
    return servers, stub


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=19_043)
    parser.add_argument("--work", default="/dev/shm/gazette-scale")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    free = shutil.disk_usage(options.work).free
    if free < options.articles * 12_000:
        sys.exit("not enough room in %s: %d MB free, about %d MB needed" % (options.work, free >> 20, options.articles * 12_000 >> 20))

    results = {"builds": [], "queries": {}}
    for size in (options.small, options.articles):
        corpus = os.path.join(options.work, "corpus-%d" % size)
        make_corpus(corpus, size)
        for shards in (1, 4):
            row = build(corpus, os.path.join(options.work, "index-%d-%d" % (size, shards)), shards, size)
            results["builds"].append(row)
            print(json.dumps(row), flush=True)
    for shards in (1, 4):
        small = next(r for r in results["builds"] if r["articles"] == options.small and r["shards"] == shards)
        large = next(r for r in results["builds"] if r["articles"] == options.articles and r["shards"] == shards)
        results["per_article_ratio_%d_shards" % shards] = round(large["us_per_article"] / small["us_per_article"], 2)

    one = os.path.join(options.work, "index-%d-1" % options.articles)
    four = os.path.join(options.work, "index-%d-4" % options.articles)
    servers, stub = serve(four, 4)
    try:
        for name, index in (("1 local index", one), ("4 local shards", four), ("4 remote shards (loopback)", stub)):
            results["queries"][name] = {"plain": latencies(index, QUERIES, [], options.rounds),
                                        "facets": latencies(index, FACET_QUERIES, ["actor", "country"], options.rounds)}
            print(name, json.dumps(results["queries"][name]), flush=True)
    finally:
        for server in servers:
            server.send_signal(signal.SIGKILL)
            server.wait()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
