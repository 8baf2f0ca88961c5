#!/usr/bin/env bash
# Tail latency of gazetted under load (issue 14, items 7-8). Not part of the tests.
#
#   bash Benchmarks/load/run.sh            # 1, 8 and 64 clients, 10 s each
#   SECONDS_PER_RUN=20 CLIENTS="1 8 64" bash Benchmarks/load/run.sh
#
# Indexes Reuters-21578 (../shared) with a release build, starts gazetted on
# it, and drives it with loadgen (C, one blocking thread per client, so the
# load generator leaves the two cores to the daemon): first idle, then while
# a re-index runs through the daemon (a fresh copy of the corpus each round,
# so every article is really written and committed), then a few expensive
# queries. Prints one JSON line per run with p50/p99 in ms, and the daemon's
# resident memory after each phase.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${BENCH_DIR:-/tmp/gazette-load}
seconds=${SECONDS_PER_RUN:-10}
clients=${CLIENTS:-"1 8 64"}
corpus=../shared/corpora/reuters/articles
queries=Benchmarks/daemon/queries.txt

# GAZETTE=path/to/gazette uses another build of the client (it only builds the
# first index and sends paths; gazetted does the indexing under load);
# GAZETTED=path/to/gazetted another build of the daemon (before/after runs:
# one BENCH_DIR each, or KEEP_INDEX=1 with the same index layout).
bin=.build/release
gazetted=${GAZETTED:-}
if [ -z "$gazetted" ]; then
    swift build -c release --product gazetted >/dev/null
    gazetted=$bin/gazetted
fi
gazette=${GAZETTE:-}
if [ -z "$gazette" ]; then
    swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
    gazette=$bin/gazette
fi
mkdir -p "$work"
cc -O2 -pthread -o "$work/loadgen" Benchmarks/load/loadgen.c

index=$work/index
sock=$work/run/gazetted.sock
rm -rf "$work"/reindex-* "$work/run"
# KEEP_INDEX=1 reuses an index an earlier run built.
if [ -z "${KEEP_INDEX:-}" ] || [ ! -f "$index/iamglass" ]; then
    rm -rf "$index"
    "$gazette" index "$corpus" --index "$index" --quiet
fi

"$gazetted" --index "$index" --socket "$sock" --log-level warning 2>"$work/gazetted.log" &
daemon=$!
indexer=
stop_indexing() {
    [ -n "$indexer" ] && kill "$indexer" 2>/dev/null
    [ -f "$work/client.pid" ] && kill "$(cat "$work/client.pid")" 2>/dev/null
    indexer=
    rm -f "$work/client.pid"
}
cleanup() {
    stop_indexing
    # SIGTERM lets an index request in progress finish and commit; a busy
    # machine can make that slow (the writer runs at nice 10), so give up after 10 s.
    kill "$daemon" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$daemon" 2>/dev/null
    wait 2>/dev/null || true
}
trap cleanup EXIT
# Ready when it accepts a request, not when the socket file appears.
for _ in $(seq 600); do
    "$gazette" status --socket "$sock" >/dev/null 2>&1 && break
    kill -0 "$daemon" 2>/dev/null || { cat "$work/gazetted.log"; exit 1; }
    sleep 0.1
done

. Benchmarks/lib/settle.sh
settle "$daemon"

rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$daemon/status"; }
phase() { echo "{\"phase\":\"$1\",\"daemon_rss_mb\":$(rss)}"; }

phase started
# Warm the caches once, so the first run does not pay for them.
"$work/loadgen" "$sock" "$queries" 4 2 >/dev/null
for n in $clients; do
    echo "{\"indexing\":false,\"result\":$("$work/loadgen" "$sock" "$queries" "$n" "$seconds")}"
done
phase idle

# Re-index copies of the corpus through the daemon for as long as the runs last.
reindex() {
    local round=0
    while true; do
        round=$((round + 1))
        rm -rf "$work/reindex-$round"
        cp -r "$corpus" "$work/reindex-$round"
        "$gazette" index "$work/reindex-$round" --socket "$sock" --quiet >/dev/null 2>&1 &
        echo $! >"$work/client.pid"
        wait $! || true
    done
}
reindex &
indexer=$!
sleep 2  # let the first copy reach the daemon's writer
for n in $clients; do
    echo "{\"indexing\":true,\"result\":$("$work/loadgen" "$sock" "$queries" "$n" "$seconds")}"
done
stop_indexing
phase indexing

# Expensive queries (wide wildcards, in batches): refused or cut off, and memory stays bounded.
printf '%s\n' 'a* OR s* OR c* OR t*' '*' 'a*' 's* AND NOT t*' >"$work/expensive.txt"
echo "{\"expensive\":true,\"result\":$("$work/loadgen" "$sock" "$work/expensive.txt" 8 "$seconds")}"
phase expensive
