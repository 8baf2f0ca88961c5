#!/usr/bin/env python3
"""First builds of one index at several sizes, with bounded scratch segments
of several sizes (issue 20: per-article build time from 19k to 1M articles).
Not run by the tests.

Each variant is a gazette binary and a segment size (GAZETTE_SEGMENT_ARTICLES;
"-" leaves the binary's default). Builds run in turns, variant by variant,
size by size (or --together: every variant of a size at once, so that all of
them meet the same load). Per build: CPU seconds (user + system) and CPU
microseconds per article, wall seconds, peak RSS, the load average, and the
merge at the end: wall and CPU seconds from the moment the compactor starts
(its output folder appears in the build's scratch folder) until the process
ends (compaction, spelling counted from the merged terms, files moved in).

With --trace SECONDS, every SECONDS the CPU time of each build is sampled
beside the articles its scratch databases hold (xapian-delve), and the row
gets the marginal CPU microseconds per article over the first and the last
fifth of the articles: a cost that grows with the size of the databases
being written shows as a last fifth dearer than the first, within one run.

Corpora come from Benchmarks/scale/bench.py's make_corpus (JSON Lines, the
shared corpora repeated under distinct ids) and are written under --work,
never into the repository.

Usage: python3 Benchmarks/scale/segments.py --sizes 19043,200000 \\
         --variant before=/path/to/old/gazette:- --variant after=.build/release/gazette:- \\
         [--variant small=.build/release/gazette:20000] [--rounds 1] [--together] [--trace 10] [--work /tmp/gazette-segments]
"""
import argparse, glob, json, os, shutil, subprocess, sys, time, importlib.util

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFIG = os.path.join(ROOT, "Config")
TICKS = os.sysconf("SC_CLK_TCK")


def bench_module():
    spec = importlib.util.spec_from_file_location("bench", os.path.join(ROOT, "Benchmarks", "scale", "bench.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds(pid):
    """User + system seconds of a running process (and its finished children), or None once it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / TICKS
    except (OSError, IndexError):
        return None


def scratch_articles(pid, index):
    """Articles in the scratch databases of the build with this process id (None while there are none)."""
    folders = glob.glob("/dev/shm/gazette-build-%d-*/*" % pid) + glob.glob(os.path.join(index, ".gazette-build-%d-*" % pid, "*"))
    counts = []
    for folder in folders:
        if os.path.basename(folder) == "merged":
            continue
        result = subprocess.run(["xapian-delve", folder], capture_output=True, text=True)
        lines = [line for line in result.stdout.splitlines() if line.startswith("number of documents = ")]
        if not lines:
            return None  # being written as it was read: the next sample counts it
        counts.append(int(lines[0].split("=")[1]))
    return sum(counts) if counts else None


def marginal(trace, articles):
    """CPU microseconds per article over the first and the last fifth of the articles, from (cpu, articles) samples."""
    def window(low, high):
        inside = [(c, a) for c, a in trace if low <= a <= high]
        if len(inside) < 2 or inside[-1][1] == inside[0][1]:
            return None
        return round((inside[-1][0] - inside[0][0]) / (inside[-1][1] - inside[0][1]) * 1e6)
    return window(0, articles // 5), window(articles - articles // 5, articles)


class Build:
    """One `gazette index` run, watched until it ends."""

    def __init__(self, name, binary, segment, corpus, index, articles):
        shutil.rmtree(index, ignore_errors=True)
        env = dict(os.environ)
        if segment != "-":
            env["GAZETTE_SEGMENT_ARTICLES"] = segment
        self.row = {"variant": name, "segment": segment, "articles": articles, "load_before": load()}
        self.index, self.articles = index, articles
        self.started = time.monotonic()
        self.process = subprocess.Popen([binary, "index", corpus, "--index", index, "--config", CONFIG, "-q"],
                                        stdout=subprocess.DEVNULL, env=env)
        self.merge_started = self.merge_cpu = None
        self.trace, self.sampled = [], time.monotonic()

    def sample(self, every):
        if every and self.merge_started is None and time.monotonic() - self.sampled >= every:
            self.sampled = time.monotonic()
            cpu, articles = cpu_seconds(self.process.pid), scratch_articles(self.process.pid, self.index)
            if cpu is not None and articles is not None:
                self.trace.append((cpu, articles))

    def poll(self):
        """Notes when the merge starts; the row once the build has ended, else None."""
        if self.merge_started is None and glob.glob(os.path.join(self.index, ".gazette-build-*", "merged")):
            self.merge_started = time.monotonic()
            self.merge_cpu = cpu_seconds(self.process.pid)
        _, status, usage = os.wait4(self.process.pid, os.WNOHANG)
        if _ == 0:
            return None
        seconds = time.monotonic() - self.started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("build failed: %s" % json.dumps(self.row))
        cpu = usage.ru_utime + usage.ru_stime
        self.row.update({"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                         "cpu_us_per_article": round(cpu / self.articles * 1e6), "peak_rss_mb": round(usage.ru_maxrss / 1024),
                         "size_mb": round(bench_module().folder_bytes(self.index) / 1e6), "load_after": load()})
        if self.trace:
            self.row["marginal_cpu_us_first_fifth"], self.row["marginal_cpu_us_last_fifth"] = marginal(self.trace, self.articles)
            self.row["trace"] = self.trace
        if self.merge_started is not None:
            self.row["merge_seconds"] = round(time.monotonic() - self.merge_started, 1)
            if self.merge_cpu is not None:
                self.row["merge_cpu_seconds"] = round(cpu - self.merge_cpu, 1)
        shutil.rmtree(self.index, ignore_errors=True)
        return self.row


def load():
    return round(os.getloadavg()[0], 1)


def run(builds, trace):
    """Watches `builds` (running at once) every 20 ms until all have ended; their rows."""
    rows, waiting = [], list(builds)
    while waiting:
        time.sleep(0.02)
        for build in list(waiting):
            build.sample(trace)
            row = build.poll()
            if row:
                rows.append(row)
                waiting.remove(build)
                print(json.dumps({k: v for k, v in row.items() if k != "trace"}), flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="19043,200000")
    parser.add_argument("--variant", action="append", required=True, help="NAME=BINARY:SEGMENT (SEGMENT - for the default)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--together", action="store_true", help="run every variant of a size at once")
    parser.add_argument("--trace", type=float, default=0, help="sample CPU time and articles written every SECONDS")
    parser.add_argument("--work", default="/tmp/gazette-segments")
    options = parser.parse_args()
    variants = []
    for text in options.variant:
        name, rest = text.split("=", 1)
        binary, segment = rest.rsplit(":", 1)
        if not os.access(binary, os.X_OK):
            sys.exit("no gazette binary at %s" % binary)
        variants.append((name, os.path.abspath(binary), segment))
    os.makedirs(options.work, exist_ok=True)
    bench = bench_module()
    rows = []
    for size in [int(s) for s in options.sizes.split(",")]:
        corpus = bench.corpus_folder(options.work, size)
        bench.make_corpus(corpus, size)
        for _ in range(options.rounds):
            builds = [(name, binary, segment, corpus, os.path.join(options.work, "index-%s-%d" % (name, size)), size)
                      for name, binary, segment in variants]
            if options.together:
                rows += run([Build(*b) for b in builds], options.trace)
            else:
                for b in builds:
                    rows += run([Build(*b)], options.trace)
    with open(os.path.join(options.work, "segments.json"), "a") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    print("\nvariant  segment  articles  CPU us/article (first/last fifth)  wall s  merge s (CPU s)  peak RSS MB  load")
    for row in rows:
        print("%-8s %8s %9d %8d (%s/%s) %7.1f %7s (%s) %12d  %s-%s" % (
            row["variant"], row["segment"], row["articles"], row["cpu_us_per_article"],
            row.get("marginal_cpu_us_first_fifth", "-"), row.get("marginal_cpu_us_last_fifth", "-"), row["seconds"],
            row.get("merge_seconds", "-"), row.get("merge_cpu_seconds", "-"), row["peak_rss_mb"],
            row["load_before"], row["load_after"]))


if __name__ == "__main__":
    main()
