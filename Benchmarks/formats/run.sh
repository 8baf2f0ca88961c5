#!/usr/bin/env bash
# Indexing speed of each format (web pages, feeds, mail, Usenet posts) next to .txt,
# on inputs generated from Reuters articles. Usage: bash Benchmarks/formats/run.sh
# (not part of the tests; ARTICLES, ROUNDS and BENCH_DIR change the defaults).
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/setup
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
/usr/bin/python3 Benchmarks/formats/bench.py
