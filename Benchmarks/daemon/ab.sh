#!/usr/bin/env bash
# Two builds of gazetted side by side on copies of one index: first
# same.py (every query with and without snippets, reply bytes compared),
# then cpu.py (the daemon's CPU per search over the fixed queries, rounds
# in turns) RUNS times in alternating order. Not part of the tests.
#
#   bash Benchmarks/daemon/ab.sh BEFORE/gazetted AFTER/gazetted INDEX
#   RUNS=4 ROUNDS=15 SNIPPETS=0 ...   (cpu.py's settings pass through)
#
# INDEX is any Reuters index (e.g. one `gazette index` built); each daemon
# reads its own copy, as each holds its index's write lock.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$1
after=$2
index=$3
runs=${RUNS:-4}
work=$(mktemp -d /tmp/gazette-ab.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
. Benchmarks/lib/settle.sh
started=
start() {  # start NAME DAEMON: sets $started to SOCKET:PID
    cp -r "$index" "$work/$1-index"
    "$2" --index "$work/$1-index" --socket "$work/$1.sock" --log-level warning >"$work/$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do [ -S "$work/$1.sock" ] && break; sleep 0.1; done
    settle "$!"
    started="$work/$1.sock:$!"
}
start before "$before"
a=$started
start after "$after"
b=$started
echo "same answers (before, after):"
/usr/bin/python3 Benchmarks/daemon/same.py "${a%:*}" "${b%:*}"
for run in $(seq "$runs"); do
    echo "run $run, $(uptime | sed 's/.*load/load/')"
    if [ $((run % 2)) = 1 ]; then
        /usr/bin/python3 Benchmarks/daemon/cpu.py "$a" "$b"
    else
        /usr/bin/python3 Benchmarks/daemon/cpu.py "$b" "$a"
    fi
done
