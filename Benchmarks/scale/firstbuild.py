#!/usr/bin/env python3
"""First-build cost, before and after, in turns (issue 20). Not run by the tests.

Builds the corpus of each --articles size (generated as bench.py does, into
--work) with every --binary NAME=PATH in turn, --rounds times, for each
--shards layout, and prints one JSON line per build: wall seconds, CPU
microseconds (user + system) per article, index size, peak RSS, the load
average before and after. Indexes go to --scratch and are deleted after each
build (a million-article index takes several GB).

Usage:
  python3 Benchmarks/scale/firstbuild.py --binary before=/work/bench/.build/release/gazette-full \\
      --binary after=.build/release/gazette-full --articles 19043 200000 --shards 1 4 --rounds 2
"""
import argparse, importlib.util, json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench", os.path.join(HERE, "bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", action="append", required=True, help="NAME=PATH of a gazette binary; several alternate")
    parser.add_argument("--articles", type=int, nargs="+", default=[19_043])
    parser.add_argument("--shards", type=int, nargs="+", default=[1])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--work", default="/tmp/gazette-scale", help="where the generated corpora are (made when missing)")
    parser.add_argument("--scratch", default="/tmp/gazette-firstbuild", help="where the indexes go (removed after each build)")
    options = parser.parse_args()
    binaries = []
    for item in options.binary:
        name, _, path = item.partition("=")
        if not path or not os.access(path, os.X_OK):
            parser.error("--binary wants NAME=PATH of an executable, not %r" % item)
        binaries.append((name, os.path.abspath(path)))
    for size in options.articles:
        corpus = os.path.join(options.work, "corpus-%d" % size)
        bench.make_corpus(corpus, size)
        for _ in range(options.rounds):
            for shards in options.shards:
                for name, path in binaries:
                    bench.GAZETTE = path
                    index = os.path.join(options.scratch, "%s-%d-%d" % (name, size, shards))
                    row = bench.build(corpus, index, shards, size)
                    shutil.rmtree(index, ignore_errors=True)
                    print(json.dumps(dict(binary=name, **row)), flush=True)


if __name__ == "__main__":
    main()
