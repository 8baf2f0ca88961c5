#!/usr/bin/env bash
# Daemon latency benchmark over Reuters-21578. Usage: bash Benchmarks/daemon/run.sh [tail]
# (`tail`: ten runs of one client and their p99s, Benchmarks/daemon/tail.py).
# Needs python3-xapian (installed by .ci/setup). Not part of the tests.
#
#   GAZETTED=path/to/gazetted (GAZETTE=path/to/gazette)  measure other builds
#   BASELINE=path/to/gazetted  `tail` also runs this daemon, on a copy of the
#                              index, its runs interleaved with the other's (A/B)
#   BASELINE_GAZETTE=path/to/gazette  the baseline's index is built by this build
#                              instead (when it reads another layout than this one writes)
#   KEEP_INDEX=1               reuse the index an earlier run built
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/setup
gazette=${GAZETTE:-.build/release/gazette}
gazetted=${GAZETTED:-.build/release/gazetted}
[ -n "${GAZETTE:-}" ] || swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
[ -n "${GAZETTED:-}" ] || swift build -c release --product gazetted >/dev/null
work=${BENCH_DIR:-/tmp/gazette-bench}
index=$work/reuters-index
sock=$work/run/gazetted.sock
mkdir -p "$work"
# A fresh index each run, so it is in the layout this build writes.
if [ -z "${KEEP_INDEX:-}" ] || [ ! -f "$index/iamglass" ]; then
    rm -rf "$index"
    "$gazette" index ../shared/corpora/reuters/articles --index "$index" --quiet
fi
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true' EXIT
. Benchmarks/lib/settle.sh
start() {  # start DAEMON INDEX SOCKET
    rm -f "$3"
    "$1" --index "$2" --socket "$3" --log-level warning &
    pids+=($!)
    for _ in $(seq 100); do [ -S "$3" ] && break; sleep 0.1; done
    settle "$!"
}
start "$gazetted" "$index" "$sock"
if [ "${1:-}" = tail ]; then
    if [ -n "${BASELINE:-}" ]; then
        # Each daemon holds its index's write lock: the baseline reads a copy.
        rm -rf "$index-baseline"
        if [ -n "${BASELINE_GAZETTE:-}" ]; then
            "$BASELINE_GAZETTE" index ../shared/corpora/reuters/articles --index "$index-baseline" --quiet
        else
            cp -r "$index" "$index-baseline"
        fi
        start "$BASELINE" "$index-baseline" "$work/run/baseline.sock"
        /usr/bin/python3 Benchmarks/daemon/tail.py "$index" "$sock" "$work/run/baseline.sock"
    else
        /usr/bin/python3 Benchmarks/daemon/tail.py "$index" "$sock"
    fi
else
    /usr/bin/python3 Benchmarks/daemon/bench.py "$index" "$sock" "${pids[0]}"
fi
