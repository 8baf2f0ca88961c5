#!/usr/bin/env python3
"""Scale benchmark for sharded indexes (issue 20). Not run by the tests.

Generates a corpus from the shared corpora repeated under distinct ids (into
/tmp, never the repository), then measures with the release build (or the
binary $GAZETTE names):

  - build time, docs/s and peak RSS of `gazette index` (parallel build, as
    `gazette index` does by default) and the index size, for 1 shard (a
    plain index) and 4 local shards, at the small and the large size, and
    the per-article build time ratio between them;
  - query p50/p99 for a fixed query set on the 1-shard index, the 4 local
    shards, and the same 4 shards served by xapian-tcpsrv over loopback;
  - facet queries (--facet actor --facet country) on all three.

The machine is shared: every figure carries the load average when it was
taken, builds report their CPU time (user + system) beside the wall time,
and the query rounds interleave the three layouts. Results go to
WORK/results.json as they come; a run started again skips the builds it has.

Usage: python3 Benchmarks/scale/bench.py [--articles 1000000] [--small 19043] [--work /tmp/gazette-scale] [--rounds 5]
"""
import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, time, importlib.util

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAZETTE = os.environ.get("GAZETTE") or os.path.join(ROOT, ".build", "release", "gazette")
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
    if wanted < len(base):
        # An even sample of the shared corpora, so a small corpus holds what
        # the large ones hold (Reuters with some longer BBC and CoNLL stories,
        # 1,120 bytes an article): their first N articles are Reuters only
        # (970 bytes), and a cost per article compared across sizes would
        # compare texts of other lengths.
        base = [base[i * len(base) // wanted] for i in range(wanted)]
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


def corpus_folder(work, size):
    """Where the generated corpus of `size` articles goes (an even sample of the base set below its size)."""
    return os.path.join(work, "mix-%d" % size)


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def load():
    return round(os.getloadavg()[0], 1)


def timed(args, check=True):
    """Runs a command; its wall seconds, CPU seconds (user + system), peak RSS in MB and exit status.
    The peak is read from wait4's own usage, so an earlier, larger child does not mask it."""
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if not check else None)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if check and process.returncode != 0:
        sys.exit("failed (%d): %s" % (process.returncode, " ".join(args)))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def build(corpus, index, shards, articles):
    shutil.rmtree(index, ignore_errors=True)
    args = [GAZETTE, "index", corpus, "--index", index, "--config", CONFIG, "-q"]
    if shards > 1:
        args += ["--shards", str(shards)]
    load_before = load()
    seconds, cpu, rss, _ = timed(args)
    return {"shards": shards, "articles": articles, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "docs_per_s": round(articles / seconds), "us_per_article": round(seconds / articles * 1e6, 1),
            "cpu_us_per_article": round(cpu / articles * 1e6, 1),
            "size_mb": round(folder_bytes(index) / 1e6), "peak_rss_mb": round(rss),
            "load_before": load_before, "load_after": load()}


def search_args(index, query, facets):
    args = [GAZETTE, "search", query, "--index", index, "--config", CONFIG, "--format", "json", "--limit", "10"]
    for facet in facets:
        args += ["--facet", facet]
    return args


def percentiles(times):
    times = sorted(times)
    return round(statistics.median(times), 1), round(times[min(len(times) - 1, int(len(times) * 0.99))], 1)


def latencies(layouts, queries, facets, rounds):
    """Per-query wall and CPU time of `gazette search` (a fresh process: opening
    included), the layouts interleaved query by query so that load falls on all alike."""
    wall = {name: [] for name in layouts}
    cpu = {name: [] for name in layouts}
    loads, errors = [], {name: 0 for name in layouts}
    for _ in range(rounds):
        loads.append(load())
        for query in queries:
            for name, index in layouts.items():
                seconds, used, _, status = timed(search_args(index, query, facets), check=False)
                errors[name] += status > 1  # 1 is "nothing matched"
                wall[name].append(seconds * 1000)
                cpu[name].append(used * 1000)
    result = {}
    for name in layouts:
        p50, p99 = percentiles(wall[name])
        cpu50, _ = percentiles(cpu[name])
        result[name] = {"p50_ms": p50, "p99_ms": p99, "cpu_p50_ms": cpu50, "runs": len(wall[name]),
                        "errors": errors[name], "load": [min(loads), max(loads)]}
    return result


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


def save(results, path):
    with open(path + ".new", "w") as f:
        json.dump(results, f, indent=2)
    os.replace(path + ".new", path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=19_043)
    parser.add_argument("--work", default="/tmp/gazette-scale")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    if not os.access(GAZETTE, os.X_OK):
        sys.exit("no gazette binary at %s: swift build -c release, or set GAZETTE" % GAZETTE)
    os.makedirs(options.work, exist_ok=True)
    free = shutil.disk_usage(options.work).free
    if free < options.articles * 12_000:
        sys.exit("not enough room in %s: %d MB free, about %d MB needed" % (options.work, free >> 20, options.articles * 12_000 >> 20))

    saved = os.path.join(options.work, "results.json")
    results = {"builds": [], "queries": {}}
    if os.path.exists(saved):
        with open(saved) as f:
            results = json.load(f)
    results["machine"] = "%d cores, %d GB RAM" % (os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") >> 30)
    for size in (options.small, options.articles):
        corpus = corpus_folder(options.work, size)
        make_corpus(corpus, size)
        for shards in (1, 4):
            if any(r["articles"] == size and r["shards"] == shards for r in results["builds"]):
                continue
            row = build(corpus, os.path.join(options.work, "index-%d-%d" % (size, shards)), shards, size)
            results["builds"].append(row)
            save(results, saved)
            print(json.dumps(row), flush=True)
    for shards in (1, 4):
        small = next(r for r in results["builds"] if r["articles"] == options.small and r["shards"] == shards)
        large = next(r for r in results["builds"] if r["articles"] == options.articles and r["shards"] == shards)
        results["per_article_ratio_%d_shards" % shards] = {
            "wall": round(large["us_per_article"] / small["us_per_article"], 2),
            "cpu": round(large["cpu_us_per_article"] / small["cpu_us_per_article"], 2)}

    one = os.path.join(options.work, "index-%d-1" % options.articles)
    four = os.path.join(options.work, "index-%d-4" % options.articles)
    servers, stub = serve(four, 4)
    try:
        layouts = {"1 local index": one, "4 local shards": four, "4 remote shards (loopback)": stub}
        for kind, queries, facets in (("plain", QUERIES, []), ("facets", FACET_QUERIES, ["actor", "country"])):
            for name, row in latencies(layouts, queries, facets, options.rounds).items():
                results["queries"].setdefault(name, {})[kind] = row
                print(name, kind, json.dumps(row), flush=True)
            save(results, saved)
    finally:
        for server in servers:
            server.send_signal(signal.SIGKILL)
            server.wait()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
