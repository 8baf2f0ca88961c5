#!/usr/bin/env bash
# Daemon latency benchmark over Reuters-21578. Usage: bash Benchmarks/daemon/run.sh [tail]
# (`tail`: ten runs of one client and their p99s, Benchmarks/daemon/tail.py).
# Needs python3-xapian (installed by .ci/setup). Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/setup
swift build -c release --product gazette >/dev/null
swift build -c release --product gazetted >/dev/null
work=${BENCH_DIR:-/tmp/gazette-bench}
index=$work/reuters-index
sock=$work/run/gazetted.sock
mkdir -p "$work"
# A fresh index each run, so it is in the layout this build writes.
rm -rf "$index"
.build/release/gazette index ../shared/corpora/reuters/articles --index "$index" --quiet
.build/release/gazetted --index "$index" --socket "$sock" --log-level warning &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
if [ "${1:-}" = tail ]; then
    /usr/bin/python3 Benchmarks/daemon/tail.py "$index" "$sock"
else
    /usr/bin/python3 Benchmarks/daemon/bench.py "$index" "$sock" "$pid"
fi
