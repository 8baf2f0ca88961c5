#!/usr/bin/env bash
# What `--facet date` and `--facet region` cost a search: the dated Reuters
# articles (../shared/corpora/reuters/articles.jsonl) indexed once into
# /tmp (never committed), then Benchmarks/timeplace/bench.py.
# Usage: bash Benchmarks/timeplace/run.sh [bench.py options]. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
work=${BENCH_DIR:-/tmp/gazette-bench}/timeplace
corpus=$(realpath ../shared/corpora/reuters/articles.jsonl)
if [ ! -d "$work/index" ]; then
    mkdir -p "$work"
    .build/release/gazette index "$corpus" --index "$work/index" --quiet
fi
exec /usr/bin/python3 Benchmarks/timeplace/bench.py --index "$work/index" "$@"
